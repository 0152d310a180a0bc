"""FNAC orders read from their `<order>` element without running pydantic's validation again.

`plain_order(node)` is `Order.from_xml(node)`, the same wire model (field for field, the fields
set included), in a fraction of the time: validating an order builds one model per line and
per address, and runs a validator per field of each. Here each leaf text is read as its field's
validation reads it (the same `leaf_texts`, the same `read_datetime`, enum values looked up by
value, unknown states kept as their text) and the models are built without validation
(`core._unchecked`). Whatever this reading is not sure of (a number written in a way
validation may read otherwise, a date `read_datetime` refuses) gives `None`, and the order
is validated as it always was, refused with the same error when it always was.

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

import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

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

__all__ = ["plain_order"]

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
    time), and at most `_MEMO_KEPT` texts are, so a page of endless distinct values cannot
    grow it. Every value kept is immutable (a number, a date, an enum member, a text).
    """

    __slots__ = ("read",)

    def __init__(self, read: Callable[[str], object]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, text: str) -> object:
        value = self.read(text)  # a doubt raises here, and is not kept
        if len(self) < _MEMO_KEPT:
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


def _order(node: etree._Element) -> Order:
    details: list[OrderDetail] = []
    addresses: dict[str, Address] = {}
    # The serialization writes every character other than `<`, `>`, `&` and CR as itself:
    # when it is ASCII, so is every text of the order.
    raw = etree.tostring(node, encoding="unicode")
    fields = _record(node, _ORDER_TAGS, details, addresses, raw.isascii())
    # As `Order.from_xml` gives them: the lists and addresses after the leaves, then `raw`.
    fields["order_details"] = details
    for name in _ADDRESSES:
        fields[name] = addresses.get(name)
    fields["raw"] = raw
    return unchecked(Order, fields)


def plain_order(node: etree._Element) -> Order | None:
    """`Order.from_xml(node)` without validation, or `None` when validation must decide.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> plain_order(parse_xml("<order><state>Lost</state></order>")).state
        'Lost'
    """
    try:
        return _order(node)
    except _Doubt:
        return None
