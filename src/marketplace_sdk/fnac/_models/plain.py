"""FNAC orders read from their `<order>` element without running pydantic's validation again.

`plain_order(node)` is `Order.from_xml(node)`, the same wire model (field for field, the fields
set included), in a fraction of the time: validating an order builds one model per line and
per address, and runs a validator per field of each. Here each leaf text is read as its field's
validation reads it (the same `leaf_texts`, the same `read_datetime`, enum values looked up by
value, unknown states kept as their text) and the models are built without validation
(`core._unchecked`). Whatever this reading is not sure of (a number written in a way
validation may read otherwise, a date `read_datetime` refuses) gives `None`, and the order
is validated as it always was, refused with the same error when it always was.

An order whose shape (the markup of its serialization: element names, nesting, which are
written empty) was seen before is read from its serialization's text tokens at the indices
that shape's first order gave, without walking its elements (see "Orders read by their shape"
below); each reader keeps the values of the texts it read (`_Memo`).

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> node = parse_xml("<order><order_id>1A2B3C4D5E6F7</order_id><state>Created</state>"
    ...     "<order_detail><order_detail_id>1</order_detail_id><price>9.90</price>"
    ...     "</order_detail></order>")
    >>> order = plain_order(node)
    >>> order == Order.model_validate(order.model_dump()), order.order_details[0].price
    (True, Decimal('9.90'))
    >>> plain_order(parse_xml("<order><nb_messages>1.0</nb_messages></order>")) is None
    True
"""

from __future__ import annotations

import contextlib
import operator
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from lxml import etree
from pydantic import BaseModel

from marketplace_sdk.core._unchecked import MISSING, complete, unchecked
from marketplace_sdk.fnac._models.common import (
    Address,
    OrderDetailState,
    OrderState,
    ProductState,
)
from marketplace_sdk.fnac._models.orders import Order, OrderDetail
from marketplace_sdk.fnac._xml import (
    NAMESPACE,
    local_name,
    read_datetime,
    repair_double_encoding,
)

__all__ = ["RowReader", "RowSelect", "field_picker", "order_shape", "plain_order", "text_cleaner"]

M = TypeVar("M", bound=BaseModel)


class _Doubt(Exception):
    """A value this reading is not sure of: validation decides."""


# Integers and decimals in the one spelling whose reading is plain: digits, no sign, no
# leading zero, no exponent, no separator (anything else, validation reads).
_INT = re.compile(r"0|[1-9][0-9]{0,17}").fullmatch
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,12})?").fullmatch


def _digits(text: str) -> bool:
    # `_INT(text)`, by str methods (a third of the time of the regular expression): ASCII
    # digits, no leading zero, at most 18 of them.
    return (
        text.isdigit() and text.isascii() and len(text) <= 18 and (text[0] != "0" or len(text) == 1)
    )


def _int(text: str) -> int | None:
    if not text:
        return None
    if not _digits(text):
        raise _Doubt
    return int(text)


def _decimal(text: str) -> Decimal | None:
    # `_DECIMAL(text)`, by str methods: `_digits`, then 1 to 12 ASCII digits after a point.
    if not text:
        return None
    whole, point, fraction = text.partition(".")
    if not _digits(whole) or (
        point and not (0 < len(fraction) <= 12 and fraction.isdigit() and fraction.isascii())
    ):
        raise _Doubt
    return Decimal(text)


def _choice(members: type[StrEnum]) -> Callable[[str], object]:
    by_value: dict[str, object] = {member.value: member for member in members}

    def read(text: str) -> object:
        # `X | str | None` left to right, after empty reads as `None`: a member's value is
        # the member, any other text is kept as it is.
        if not text:
            return None
        found = by_value.get(text)
        if found is not None:
            return found
        if not text.isascii():
            raise _Doubt  # whitespace beyond ASCII would read as empty: validation decides
        return text

    return read


def _date(text: str) -> object:
    try:
        return read_datetime(text)
    except Exception:  # refused by the field's validator: validation refuses it the same way
        raise _Doubt from None


def _text(text: str) -> str:
    return text


_Readers = dict[str, Callable[[str], object]]


def _readers(model: type[BaseModel], special: _Readers) -> _Readers:
    # Every field read from a leaf text: `special` ones converted, the others (`str | None`)
    # kept as the text. A field that is not a leaf's (a list, an address) is not here.
    readers = {name: special.get(name, _text) for name in model.model_fields}
    for name in ("order_details", "shipping_address", "billing_address", "raw"):
        readers.pop(name, None)
    return readers


_ORDER_STATE = _choice(OrderState)
_DETAIL_STATE = _choice(OrderDetailState)
_PRODUCT_STATE = _choice(ProductState)

_ORDER = _readers(
    Order,
    {
        "state": _ORDER_STATE,
        "created_at": _date,
        "fees": _decimal,
        "vat_rate": _decimal,
        "nb_messages": _int,
    },
)
_DETAIL = _readers(
    OrderDetail,
    {
        "order_detail_id": _int,
        "state": _DETAIL_STATE,
        "price": _decimal,
        "fees": _decimal,
        "product_state": _PRODUCT_STATE,
        "quantity": _int,
        "debited_at": _date,
        "created_at": _date,
        "received_at": _date,
        "refused_at": _date,
        "shipping_price": _decimal,
        "promotion_type": _int,
    },
)
_ADDRESS = _readers(Address, {"fnac_shop_ref": _int})

_ADDRESSES = ("shipping_address", "billing_address")


class _Memo(dict[str, object]):
    """A field reader's values by text: each text read once (`read`), then looked up.

    An order page repeats the same texts field after field (states, quantities, dates a line
    shares with its order, prices of the same offer): a lookup in C is a fraction of the time
    of the reading's own checks. A text the reading doubts is never kept (it raises each
    time), and at most `_MEMO_KEPT` texts are (a full memo starts again), so a stream of
    endless distinct values cannot grow it. Every value kept is immutable (a number, a
    date, an enum member, a text).
    """

    __slots__ = ("read",)

    def __init__(self, read: Callable[[str], object]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, text: str) -> object:
        value = self.read(text)  # a doubt raises here, and is not kept
        if len(self) >= _MEMO_KEPT:
            self.clear()  # the values of the pages read lately are kept, not the first ones
        self[text] = value
        return value


_MEMO_KEPT = 4096


#: Per tag (in FNAC's namespace or none) of a record's child: its local name and the memo of
#: its field's reader (`None` for text kept as it is; `_NESTED` for a nested record). Any other
#: tag is looked up by its local name (`_by_name`), as `leaf_texts` names it.
_NESTED = _Memo(_text)
_Entry = tuple[str, _Memo | None]
_Tags = dict[object, _Entry]
_MEMOS: dict[Callable[[str], object], _Memo] = {}


def _memo(read: Callable[[str], object]) -> _Memo | None:
    # One memo per reader, shared by the fields it reads (every date field, say).
    if read is _text:
        return None
    return _MEMOS.setdefault(read, _Memo(read))


def _tags(readers: _Readers, nested: tuple[str, ...] = ()) -> tuple[_Tags, _Tags]:
    by_name: _Tags = {name: (name, _memo(read)) for name, read in readers.items()}
    by_name.update({name: (name, _NESTED) for name in nested})
    by_tag: _Tags = dict(by_name)
    by_tag.update({f"{{{NAMESPACE}}}{name}": entry for name, entry in by_name.items()})
    return by_tag, by_name


def _maker(model: type[M]) -> Callable[[dict[str, object]], M]:
    # `unchecked(model, fields)` for a model whose every field has a plain default (the
    # lines and the address of an order): the defaults worked out once, the instances given
    # the same fields sharing their set of names, as `unchecked` shares them.
    defaults = complete(model, {})
    if MISSING in defaults.values():
        raise TypeError(f"{model.__name__} has a required field or a default factory")
    shared: dict[tuple[str, ...], set[str]] = {}
    new = object.__new__
    set_dict, set_fields, set_extra, set_private = _SETTERS

    def make(fields: dict[str, object]) -> M:
        names = tuple(fields)
        given = shared.get(names)
        if given is None:
            given = set(names)
            if len(shared) < _MEMO_KEPT:
                shared[names] = given
        instance: M = new(model)
        set_dict(instance, {**defaults, **fields})
        set_fields(instance, given)
        set_extra(instance, None)
        set_private(instance, None)
        return instance

    return make


_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
_SETTERS = tuple(vars(BaseModel)[slot].__set__ for slot in _SLOTS)
_set_dict, _set_fields, _set_extra, _set_private = _SETTERS
_new = object.__new__
_new_detail = _maker(OrderDetail)
_new_address = _maker(Address)

_ORDER_TAGS = _tags(_ORDER, ("order_detail", *_ADDRESSES))
_DETAIL_TAGS = _tags(_DETAIL)
_ADDRESS_TAGS = _tags(_ADDRESS)


def _record(
    node: etree._Element,
    tags: tuple[_Tags, _Tags],
    details: list[OrderDetail] | None = None,
    addresses: dict[str, Address] | None = None,
    ascii_only: bool = False,
) -> dict[str, object]:
    # The fields validation would be given from `leaf_texts(node)` (the first leaf of each
    # name, stripped, repaired when not ASCII), each read as validation reads it; for an order,
    # its `<order_detail>`s and the first of each address read in the same pass. `ascii_only`:
    # the element's serialization is ASCII, so is every text in it (none needs repairing).
    fields: dict[str, object] = {}
    by_tag, by_name = tags
    for item in node:
        entry = by_tag.get(item.tag)
        if entry is None:
            entry = by_name.get(local_name(item))  # another namespace, an unknown element
            if entry is None:
                continue
        name, memo = entry
        if memo is _NESTED:
            assert details is not None
            assert addresses is not None
            if name == "order_detail":
                read = _record(item, _DETAIL_TAGS, ascii_only=ascii_only)
                details.append(_new_detail(read))
            elif name not in addresses:
                read = _record(item, _ADDRESS_TAGS, ascii_only=ascii_only)
                addresses[name] = _new_address(read)
            continue
        if name in fields or len(item):
            continue
        text = item.text
        if text:
            text = text.strip()
            if not ascii_only and not text.isascii():
                text = repair_double_encoding(text)
        else:
            text = ""
        fields[name] = text if memo is None else memo[text]
    return fields


def _order(node: etree._Element, raw: str) -> Order:
    # `raw` is the order's serialization. It writes every character other than `<`, `>`,
    # `&` and CR as itself: when it is ASCII, so is every text of the order.
    details: list[OrderDetail] = []
    addresses: dict[str, Address] = {}
    fields = _record(node, _ORDER_TAGS, details, addresses, raw.isascii())
    # As `Order.from_xml` gives them: the lists and addresses after the leaves, then `raw`.
    fields["order_details"] = details
    for name in _ADDRESSES:
        fields[name] = addresses.get(name)
    fields["raw"] = raw
    return unchecked(Order, fields)


# --- Orders read by their shape ---------------------------------------------------------------
#
# Walking an order's elements costs a proxy object and a tag string per element, about as much
# as lxml's parsing of the whole order. The order's serialization (its `raw`, made anyway) holds
# the same tree as text: split at every `<` and `>` it alternates text and markup (the
# serializer escapes both characters in text and in attribute values), markup at odd indices.
# The markup alone is the order's shape: the names, nesting, attributes and namespaces of its
# elements, and which are written empty (`<x/>`). Orders of one shape have every leaf's text at
# the same index, so the first order of a shape is walked once (`_compile`), the indices of its
# fields kept, and every later order whose markup is the same, token for token, is read from
# those indices in a few calls in C. A shape the walk does not read plainly (an unknown or
# nested element, an attribute, a namespace prefix) is kept as `None`, and its orders are read
# element by element (`_order`). The first order of each shape is read both ways, and the shape
# kept only when the two readings are the same.

_Getter = Callable[[Sequence[Any]], tuple[Any, ...]]
#: `memo[text]`, called by `map` for each memo and text (a miss reads the text, `__missing__`).
_read_memo: Callable[[_Memo, str], object] = dict.__getitem__


def _getter(indices: list[int]) -> _Getter:
    # The tokens at `indices`, as a tuple (an itemgetter of one index gives the item alone).
    if not indices:
        return lambda tokens: ()
    if len(indices) == 1:
        index = indices[0]
        return lambda tokens: (tokens[index],)
    return operator.itemgetter(*indices)


class _Part:
    """How one record (the order's leaves, a line, an address) is read from an order's tokens.

    `base` is the record's `__dict__` before its texts: every field's default (in declaration
    order, as `unchecked` writes it), the leaves written empty (`<x/>`) already read. The
    texts read as they are (`plain`) and those read by each memo (`converted`) are each
    taken by one getter; `given` is the set of fields the record's instances report as set.
    """

    __slots__ = ("base", "converted", "given", "model", "plain", "slots", "tags")

    def __init__(
        self,
        model: type[BaseModel],
        tags: tuple[_Tags, _Tags],
        slots: dict[str, int],
        empties: list[str],
        others: tuple[str, ...] = (),
    ) -> None:
        by_name = tags[1]
        self.model = model
        self.slots = slots
        self.tags = by_name
        self.base = complete(model, {})
        for name in empties:
            memo = by_name[name][1]
            self.base[name] = "" if memo is None else memo[""]
        self.given = {*slots, *empties, *others}
        plain = {name: index for name, index in slots.items() if by_name[name][1] is None}
        self.plain = (tuple(plain), _getter(list(plain.values()))) if plain else None
        converted = {name: index for name, index in slots.items() if name not in plain}
        self.converted = None
        if converted:
            memos = tuple(memo for name in converted if (memo := by_name[name][1]) is not None)
            self.converted = (tuple(converted), _getter(list(converted.values())), memos)

    def read(self, tokens: list[str], clean: Callable[[str], str]) -> dict[str, object]:
        """The record's `__dict__`: `base` with its texts read from `tokens`."""
        fields = self.base.copy()
        if self.plain is not None:
            names, get = self.plain
            fields.update(zip(names, map(clean, get(tokens)), strict=True))
        if self.converted is not None:
            names, get, memos = self.converted
            texts = map(clean, get(tokens))
            fields.update(zip(names, map(_read_memo, memos, texts), strict=True))
        return fields

    def make(self, fields: dict[str, object]) -> Any:
        """The record built from its `__dict__`, unvalidated, as `unchecked` builds it."""
        instance = _new(self.model)
        _set_dict(instance, fields)
        _set_fields(instance, self.given)
        _set_extra(instance, None)
        _set_private(instance, None)
        return instance


class _Shape:
    """The parts of an order of one shape: its leaves, its lines, its first addresses.

    `plan` is free for another reader of this shape's orders (the canonical mapping) to keep
    what it works out from the shape, once, with it.
    """

    __slots__ = ("addresses", "details", "order", "plan")

    def __init__(
        self, order: _Part, details: list[_Part], addresses: list[tuple[str, _Part]]
    ) -> None:
        self.order = order
        self.details = tuple(details)
        self.addresses = tuple(addresses)
        self.plan: object = None


_Row = tuple[object, ...]
#: Reads an order's row from its tokens (`text_cleaner(raw)` given); selects a record's values.
RowReader = Callable[[list[str], Callable[[str], str]], _Row]
RowSelect = Callable[[_Row], tuple[Any, ...]]


def field_picker(wanted: list[tuple[_Part, tuple[str, ...]]]) -> tuple[RowReader, list[RowSelect]]:
    """How to read the values of some fields of some records of a shape, without their models.

    `wanted` names, for each record (a part of a `_Shape`), the fields wanted of it. The
    reader gives the order's row from its tokens: every text wanted, every converted text of
    the records (a doubt of any raises, as `_from_shape` raises it), each read as
    `_from_shape` reads it, in a few calls in C; each select gives one record's wanted
    values, as a tuple, from the row. The texts read as they are and not wanted are not read.
    """
    plain: list[int] = []
    converted: list[int] = []
    memos: list[_Memo] = []
    defaults: list[object] = []
    places: list[list[tuple[str, int]]] = []  # per record: ("plain"|"converted"|"default", i)
    for part, names in wanted:
        by_name, slots = part.tags, part.slots
        converted_at = {}
        for name, index in slots.items():
            memo = by_name[name][1]
            if memo is not None:
                converted_at[name] = len(converted)
                converted.append(index)
                memos.append(memo)
        place = []
        for name in names:
            if name in converted_at:
                place.append(("converted", converted_at[name]))
            elif name in slots:
                place.append(("plain", len(plain)))
                plain.append(slots[name])
            else:  # absent or written empty: the value `read` gives it, the same every time
                place.append(("default", len(defaults)))
                defaults.append(part.base[name])
        places.append(place)
    offsets = {"plain": 0, "converted": len(plain), "default": len(plain) + len(converted)}
    selects: list[RowSelect] = [
        _getter([offsets[kind] + i for kind, i in place]) for place in places
    ]
    get_plain, get_converted = _getter(plain), _getter(converted)
    readers, constants = tuple(memos), tuple(defaults)

    def read(tokens: list[str], clean: Callable[[str], str]) -> _Row:
        return (
            *map(clean, get_plain(tokens)),
            *map(_read_memo, readers, map(clean, get_converted(tokens))),
            *constants,
        )

    return read, selects


#: Shapes seen, by their markup joined; `None` for a shape read element by element. Bounded:
#: once full, each new shape takes the place of the one seen first.
_SHAPES: dict[str, _Shape | None] = {}
_SHAPES_KEPT = 256


def _compile(tokens: list[str]) -> _Shape | None:
    """The parts of an order from its tokens, or `None` when its shape is not read plainly.

    As `_record` reads the element: the first leaf of each known name in each record, the
    lines in order, the first of each address; any other element, or an attribute, a
    namespace prefix, an element inside a field's, and the shape is not read plainly.
    """
    tags = tokens[1::2]
    if len(tags) < 2 or tags[-1] != "/order" or tags[0].partition(" ")[0] != "order":
        return None
    order_slots: dict[str, int] = {}
    order_empties: list[str] = []
    details: list[_Part] = []
    addresses: dict[str, _Part] = {}
    group: str | None = None  # the record element open inside the order
    slots: dict[str, int] = {}
    empties: list[str] = []
    last = len(tags) - 1
    k = 1
    while k < last:
        tag = tags[k]
        if group is None:
            known = _ORDER_TAGS
        else:
            known = _DETAIL_TAGS if group == "order_detail" else _ADDRESS_TAGS
        if tag.startswith("/"):  # the open record closes
            if group is None or tag[1:] != group:
                return None
            if group == "order_detail":
                details.append(_Part(OrderDetail, known, slots, empties))
            elif group not in addresses:  # the first of each address is read
                addresses[group] = _Part(Address, known, slots, empties)
            group = None
            k += 1
            continue
        empty = tag.endswith("/")
        name = tag[:-1] if empty else tag
        entry = known[1].get(name)
        if entry is None:
            return None  # an unknown name, an attribute, a namespace prefix
        if entry[1] is _NESTED:
            if group is not None or empty:
                return None
            group, slots, empties = name, {}, []
            k += 1
            continue
        record_slots, record_empties = (
            (order_slots, order_empties) if group is None else (slots, empties)
        )
        seen = name in record_slots or name in record_empties
        if empty:
            if not seen:
                record_empties.append(name)
            k += 1
            continue
        if tags[k + 1] != "/" + name:
            return None  # an element inside a field's
        if not seen:
            record_slots[name] = 2 * k + 2  # the text between the open and close tags
        k += 2
    if group is not None:
        return None
    order = _Part(Order, _ORDER_TAGS, order_slots, order_empties, _ORDER_OTHERS)
    return _Shape(order, details, list(addresses.items()))


#: The fields `_order` gives an order besides its leaves.
_ORDER_OTHERS = ("order_details", "shipping_address", "billing_address", "raw")


# What the serializer writes for `<`, `>`, `&` and CR in text, and what it would write for
# any other character (a character reference); a bare `&` (an entity left unresolved) is a
# doubt.
_ESCAPES = re.compile(r"&(?:(lt)|(gt)|(amp)|(quot)|(apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));|&")
_ESCAPED = {1: "<", 2: ">", 3: "&", 4: '"', 5: "'"}


def _unescaped(match: re.Match[str]) -> str:
    index = match.lastindex
    if index is None:
        raise _Doubt
    if index <= 5:
        return _ESCAPED[index]
    code = int(match[index], 10 if index == 6 else 16)
    if code > 0x10FFFF:
        raise _Doubt
    return chr(code)


def _cleaned(text: str) -> str:
    # A text token as `.text` reads it (the serializer's escapes undone), then as `_record`
    # reads a text: stripped, repaired when not ASCII.
    if "&" in text:
        text = _ESCAPES.sub(_unescaped, text)
    text = text.strip()
    if not text.isascii():
        text = repair_double_encoding(text)
    return text


def _shape(node: etree._Element, raw: str, tokens: list[str]) -> _Shape | None:
    """The order's shape, compiled and checked when first seen; `None` when not read plainly."""
    key = "<".join(tokens[1::2])
    shape = _SHAPES.get(key, _UNSEEN)
    if shape is _UNSEEN:
        # A doubt here (a value either reading is not sure of) leaves the shape unseen.
        shape = _compile(tokens)
        if shape is not None and not _same(_from_shape(shape, tokens, raw), _order(node, raw)):
            shape = None
        if len(_SHAPES) >= _SHAPES_KEPT:
            with contextlib.suppress(LookupError, RuntimeError):  # another thread's doing
                del _SHAPES[next(iter(_SHAPES))]  # the shape seen first goes
        _SHAPES[key] = shape
    assert shape is None or isinstance(shape, _Shape)
    return shape


def _shaped(node: etree._Element, raw: str) -> Order | None:
    """The order read by its shape from `raw`, or `None` when its shape is not read plainly."""
    tokens = raw.replace(">", "<").split("<")
    shape = _shape(node, raw, tokens)
    if shape is None:
        return None
    return _from_shape(shape, tokens, raw)


_UNSEEN: object = object()


def text_cleaner(raw: str) -> Callable[[str], str]:
    """How each text token of the order serialized as `raw` reads as its element's text does:
    stripped, and, unless `raw` is ASCII without an escape, unescaped and repaired too.

    Examples:
        >>> text_cleaner("<order><order_id> 1A </order_id></order>")(" 1A ")
        '1A'
        >>> text_cleaner("<order><state>a&amp;b</state></order>")("a&amp;b")
        'a&b'
    """
    return str.strip if raw.isascii() and "&" not in raw else _cleaned


def _from_shape(shape: _Shape, tokens: list[str], raw: str) -> Order:
    clean = text_cleaner(raw)
    fields = shape.order.read(tokens, clean)
    fields["order_details"] = [part.make(part.read(tokens, clean)) for part in shape.details]
    addresses = {name: part.make(part.read(tokens, clean)) for name, part in shape.addresses}
    for name in _ADDRESSES:
        fields[name] = addresses.get(name)
    fields["raw"] = raw
    order: Order = shape.order.make(fields)
    return order


def _same(one: Order, other: Order) -> bool:
    # Field for field, with the same types and fields set, lines and addresses included.
    def parts(order: Order) -> list[object]:
        records = [order, *order.order_details, order.shipping_address, order.billing_address]
        return [
            None
            if record is None
            else (
                type(record),
                {key: (type(value), value) for key, value in record.__dict__.items()},
                record.model_fields_set,
            )
            for record in records
        ]

    return parts(one) == parts(other)


def order_shape(node: etree._Element) -> tuple[_Shape, list[str], str] | None:
    """The `<order>`'s shape, its text and markup tokens and its serialization, when its shape
    is read plainly (as `plain_order` reads it by its shape); else `None`.

    The records of the shape (`_Shape.order`, `.details`, `.addresses`) give `field_picker`
    the values of their fields from the tokens, read as `plain_order` reads them; a value it
    is not sure of raises, and the order is then `plain_order`'s to read.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> shape, tokens, raw = order_shape(parse_xml("<order><order_id>1A</order_id></order>"))
        >>> read, [select] = field_picker([(shape.order, ("order_id", "state"))])
        >>> select(read(tokens, text_cleaner(raw)))
        ('1A', None)
    """
    raw = etree.tostring(node, encoding="unicode")
    tokens = raw.replace(">", "<").split("<")
    try:
        shape = _shape(node, raw, tokens)
    except _Doubt:
        return None
    return None if shape is None else (shape, tokens, raw)


def plain_order(node: etree._Element) -> Order | None:
    """`Order.from_xml(node)` without validation, or `None` when validation must decide.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> plain_order(parse_xml("<order><state>Lost</state></order>")).state
        'Lost'
    """
    try:
        raw = etree.tostring(node, encoding="unicode")
        try:
            order = _shaped(node, raw)
        except _Doubt:  # the element by element reading decides
            order = None
        return order if order is not None else _order(node, raw)
    except _Doubt:
        return None
