"""Etsy receipts checked and dumped as their wire models would, without building them.

`dump(Model, data)` is `Model.model_validate(data).model_dump(mode="json")` for a receipt or
one of its parts, when every value is plainly what validation keeps: an `int` where the schema
has an integer (no bool, no float, no digit string, nothing past 64 bits), a `str` where a
string goes, money of integer amount and a divisor of at least 1, a receipt status read as
`ReceiptStatusValue` reads it, unknown fields of JSON's own types but floats. Otherwise it is
`None`, and validation decides. Every field of the schema is in the dump (its default where
the record leaves it out), unknown fields after the known ones, in the order received. A
record holding the schema's fields alone, in its order, each kept as received, is its own dump:
it is taken over, not copied (as `Record.raw` takes payloads over).

Validating a receipt builds about sixteen pydantic models, and dumping it again costs nearly
as much as decoding its JSON: this is the receipt path's first step without them
(`marketplace_sdk.etsy._mapping.fast`).

Examples:
    >>> dump(EtsyMoney, {"amount": 5, "currency_code": "EUR"})
    {'amount': 5, 'divisor': 100, 'currency_code': 'EUR'}
    >>> dump(ShopReceipt, {"receipt_id": 1, "is_paid": "yes"}) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter
from types import MappingProxyType

from pydantic import BaseModel

from marketplace_sdk.etsy._models.common import EtsyMoney, ReceiptStatus
from marketplace_sdk.etsy._models.inventory import PropertyValue
from marketplace_sdk.etsy._models.receipt import (
    ShopReceipt,
    ShopReceiptShipment,
    ShopReceiptTransaction,
    ShopRefund,
    TransactionVariation,
)

__all__ = ["SCHEMAS", "dump", "dump_receipt"]


class _Doubt(Exception):
    """A value this path is not sure validation keeps as it is: the validating path decides."""


#: Integers pydantic and JSON agree on without a second thought.
_BIG = 2**63

#: What a field holds, by the kinds below.
Kind = str | tuple[str, type[BaseModel]]

#: Per wire model, its fields in declaration order: (name, kind, default; `_REQUIRED` when
#: required). `tests/etsy/test_fast_orders.py` holds each to the model's own fields.
_REQUIRED = object()
SCHEMAS: Mapping[type[BaseModel], tuple[tuple[str, Kind, object], ...]] = MappingProxyType(
    {
        EtsyMoney: (
            ("amount", "int", _REQUIRED),
            ("divisor", "divisor", 100),
            ("currency_code", "str", _REQUIRED),
        ),
        TransactionVariation: (
            ("property_id", "int?", None),
            ("value_id", "int?", None),
            ("formatted_name", "str", ""),
            ("formatted_value", "str", ""),
        ),
        PropertyValue: (
            ("property_id", "int", _REQUIRED),
            ("property_name", "str?", None),
            ("scale_id", "int?", None),
            ("scale_name", "str?", None),
            ("value_ids", "ints", ()),
            ("values", "strs", ()),
        ),
        ShopReceiptTransaction: (
            ("transaction_id", "int", _REQUIRED),
            ("receipt_id", "int?", None),
            ("listing_id", "int?", None),
            ("product_id", "int?", None),
            ("sku", "str?", None),
            ("title", "str?", None),
            ("quantity", "int", 0),
            ("price", ("model?", EtsyMoney), None),
            ("shipping_cost", ("model?", EtsyMoney), None),
            ("is_digital", "bool?", None),
            ("listing_image_id", "int?", None),
            ("transaction_type", "str?", None),
            ("variations", ("models", TransactionVariation), ()),
            ("product_data", ("models", PropertyValue), ()),
            ("created_timestamp", "int?", None),
            ("paid_timestamp", "int?", None),
            ("shipped_timestamp", "int?", None),
            ("expected_ship_date", "int?", None),
            ("shipping_profile_id", "int?", None),
        ),
        ShopReceiptShipment: (
            ("receipt_shipping_id", "int?", None),
            ("shipment_notification_timestamp", "int?", None),
            ("carrier_name", "str", ""),
            ("tracking_code", "str", ""),
        ),
        ShopRefund: (
            ("amount", ("model?", EtsyMoney), None),
            ("created_timestamp", "int?", None),
            ("reason", "str?", None),
            ("note_from_issuer", "str?", None),
            ("status", "str?", None),
        ),
        ShopReceipt: (
            ("receipt_id", "int", _REQUIRED),
            ("receipt_type", "int?", None),
            ("seller_user_id", "int?", None),
            ("buyer_user_id", "int?", None),
            ("status", "status?", None),
            ("is_paid", "bool?", None),
            ("is_shipped", "bool?", None),
            ("is_gift", "bool?", None),
            *(
                (name, "str?", None)
                for name in (
                    "payment_method",
                    "name",
                    "first_line",
                    "second_line",
                    "city",
                    "state",
                    "zip",
                    "formatted_address",
                    "country_iso",
                    "buyer_email",
                    "seller_email",
                    "payment_email",
                    "message_from_buyer",
                    "message_from_seller",
                    "gift_message",
                )
            ),
            ("created_timestamp", "int?", None),
            ("updated_timestamp", "int?", None),
            *(
                (name, ("model?", EtsyMoney), None)
                for name in (
                    "grandtotal",
                    "subtotal",
                    "total_price",
                    "total_shipping_cost",
                    "total_tax_cost",
                    "total_vat_cost",
                    "discount_amt",
                    "gift_wrap_price",
                )
            ),
            ("shipments", ("models", ShopReceiptShipment), ()),
            ("transactions", ("models", ShopReceiptTransaction), ()),
            ("refunds", ("models", ShopRefund), ()),
        ),
    }
)


def _int(value: object) -> bool:
    return type(value) is int and -_BIG < value < _BIG


def _plain(value: object, depth: int = 0) -> bool:
    # An unknown field's value that `model_dump(mode="json")` gives back equal: no float (JSON
    # mode writes infinities as null), nothing but JSON's own types, nested no deeper than
    # `_DEEPEST` (a page is read by orjson, which reads nesting pydantic_core refuses).
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return _int(value)
    if depth >= _DEEPEST:
        return False
    if kind is list:
        assert isinstance(value, list)
        return all(_plain(item, depth + 1) for item in value)
    if kind is dict:
        assert isinstance(value, dict)
        return all(_plain(item, depth + 1) for item in value.values())
    return False


#: Containers nested in an unknown field's value, at most: with the receipt's own depth in
#: its page, well within the nesting pydantic_core reads (`core._json.MAX_DEPTH`).
_DEEPEST = 100


#: Statuses as read before (a few: Etsy's, as it spells them); bounded against odd input.
_statuses: dict[str, str] = {}
_SEEN_MAX = 512


def _status_value(value: object) -> object:
    # A status as the dump of `ReceiptStatusValue` holds it: a listed one in lower case.
    if type(value) is not str:
        raise _Doubt
    assert isinstance(value, str)
    read = _statuses.get(value)
    if read is None:
        status = ReceiptStatus.parse(value)
        read = status.value if isinstance(status, ReceiptStatus) else status
        if len(_statuses) < _SEEN_MAX:
            _statuses[value] = read
    return read


#: Per shape of record (its field names in order), its unknown fields in order; bounded.
_extra_names: dict[tuple[frozenset[str], tuple[str, ...]], tuple[str, ...]] = {}


def _extras(data: dict[str, object], dumped: dict[str, object], known: frozenset[str]) -> None:
    # Unknown fields after the known ones, in the order received, as pydantic keeps them.
    shape = (known, tuple(data))
    names = _extra_names.get(shape)
    if names is None:
        names = tuple(name for name in data if name not in known)
        if len(_extra_names) < _SEEN_MAX:
            _extra_names[shape] = names
    for name in names:
        value = data[name]
        if type(value) not in _SCALARS and not _plain(value):
            raise _Doubt
        dumped[name] = value


_SCALARS = frozenset({str, bool, type(None)})


_MISSING = object()

#: Kinds whose values the dump holds as received (a list of integers or strings that checks
#: is its own dump too, taken over as the record holding it is).
_AS_IS = frozenset({"int", "int?", "str", "str?", "bool?", "divisor", "ints", "strs"})

#: The check of a value read into `v`, by kind (Python source, one statement).
_CHECKS = {
    "int": "if type(v) is not int or not -BIG < v < BIG: raise Doubt",
    "int?": "if v is not None and (type(v) is not int or not -BIG < v < BIG): raise Doubt",
    "str": "if type(v) is not str: raise Doubt",
    "str?": "if v is not None and type(v) is not str: raise Doubt",
    "bool?": "if v is not None and type(v) is not bool: raise Doubt",
    "divisor": "if type(v) is not int or not 1 <= v < BIG: raise Doubt",
    "status?": "v = None if v is None else status(v)",
    "ints": (
        "if v is MISSING: v = []\n"
        "    elif type(v) is not list or not all(type(i) is int and -BIG < i < BIG for i in v):"
        " raise Doubt"
    ),
    "strs": (
        "if v is MISSING: v = []\n"
        "    elif type(v) is not list or not all(type(i) is str for i in v): raise Doubt"
    ),
}


def _kept_as_is(model: type[BaseModel]) -> bool:
    # Whether a record of `model` holding its schema's fields alone, in order, is its own dump.
    return all(type(kind) is str and kind in _AS_IS for _, kind, _ in SCHEMAS[model])


def _compile(
    model: type[BaseModel], dumpers: dict[type[BaseModel], Callable[[object], object]]
) -> Callable[[object], object]:
    """`model.model_validate(data).model_dump(mode="json")`, or `_Doubt`; in `dumpers[model]`.

    One function per wire model, its checks written out field by field (a loop over the
    schema, dispatching on each field's kind, took twice the time of decoding the JSON). A
    model whose records are rebuilt rather than kept (a receipt, a transaction, a refund) is
    dumped by `_typed` first, this function taking the records its table has no room for.
    """
    fields = SCHEMAS[model]
    known = frozenset(name for name, _, _ in fields)
    nested = {
        f"d_{index}": kind[1] for index, (_, kind, _) in enumerate(fields) if type(kind) is tuple
    }
    as_is = _kept_as_is(model)
    body = ["def dump(data):", "    if type(data) is not dict: raise Doubt"]
    if as_is:
        # A record holding the schema's fields alone, in its order (nearly every one): each
        # read by subscript and checked, then taken over as its own dump (as `Record.raw`
        # takes payloads over).
        body.append("    if tuple(data) == KEYS:")
        for name, kind, _ in fields:
            assert isinstance(kind, str)
            body.append(f"        v = data[{name!r}]")
            body.append("        " + _CHECKS[kind].replace("\n    ", "\n        "))
        body.append("        return data")
    body.append("    get = data.get")
    for index, (name, kind, default) in enumerate(fields):
        if default is _REQUIRED or default == ():
            body.append(f"    v = get({name!r}, MISSING)")
        else:
            body.append(f"    v = get({name!r}, {default!r})")
        if type(kind) is tuple:
            if kind[0] == "model?":
                body.append(f"    v = None if v is None else d_{index}(v)")
            else:
                body.append("    if v is MISSING: v = []")
                body.append("    elif type(v) is not list: raise Doubt")
                if _kept_as_is(kind[1]):
                    # Records that are their own dumps (nearly always): the list is its own
                    # dump too, taken over; rebuilt from the first record that is not.
                    body.append("    else:")
                    body.append("        for i in v:")
                    body.append(f"            if d_{index}(i) is not i:")
                    body.append(f"                v = [d_{index}(i) for i in v]")
                    body.append("                break")
                else:
                    body.append(f"    elif v: v = [d_{index}(i) for i in v]")
        else:
            assert isinstance(kind, str)
            body.append(f"    {_CHECKS[kind]}")
        body.append(f"    f_{index} = v")
    items = ", ".join(f"{name!r}: f_{index}" for index, (name, _, _) in enumerate(fields))
    body.append(f"    dumped = {{{items}}}")
    body.append("    if not KNOWN.issuperset(data): extras(data, dumped, KNOWN)")
    body.append("    return dumped")
    scope: dict[str, object] = {
        "Doubt": _Doubt,
        "BIG": _BIG,
        "MISSING": _MISSING,
        "KNOWN": known,
        "KEYS": tuple(name for name, _, _ in fields),
        "status": _status_value,
        "extras": _extras,
    }
    for name, inner in nested.items():
        if inner not in dumpers:
            _compile(inner, dumpers)
        scope[name] = dumpers[inner]
    # The source is written here from SCHEMAS alone, never from input.
    exec("\n".join(body), scope)
    general: Callable[[object], object] = scope["dump"]  # type: ignore[assignment]
    dumpers[model] = general if as_is else _typed(model, dumpers, general)
    return dumpers[model]


class _LeftOut:
    """A required field the record leaves out, in `_typed`'s merged record."""


class _NoList:
    """A list field the record leaves out (its dump holds a new empty list)."""


#: The types each kind of field may hold in a record `_typed` dumps.
_TYPES: dict[str, frozenset[type]] = {
    "int": frozenset({int}),
    "int?": frozenset({int, type(None)}),
    "str": frozenset({str}),
    "str?": frozenset({str, type(None)}),
    "bool?": frozenset({bool, type(None)}),
    "divisor": frozenset({int}),
    "status?": frozenset({str, type(None)}),
    "ints": frozenset({list, _NoList}),
    "strs": frozenset({list, _NoList}),
    "model?": frozenset({dict, type(None)}),
    "models": frozenset({list, _NoList}),
}

#: The types an unknown field may hold (a list or a dict checked by `_plain`).
_EXTRA_TYPES = frozenset({str, bool, type(None), int, list, dict})

#: Kinds of record a model's `_typed` dump has a function for, at most (odd input beyond:
#: the general function of `_compile`).
_PLANS_MAX = 64


def _typed(
    model: type[BaseModel],
    dumpers: dict[type[BaseModel], Callable[[object], object]],
    general: Callable[[object], object],
) -> Callable[[object], object]:
    """`general`, faster: the dump of a model whose records are rebuilt, by their value types.

    The record is merged over the schema's defaults (`{**defaults, **data}`, in C: the
    schema's fields in its order, each at its default where left out, then the unknown
    fields in the order received, which is the dump's order) and its values' types read in
    one pass. Each sequence of types (a few from one API) has its function, written the first
    time it is seen: what the types settle (an `int` where an integer goes, a `str` where a
    string goes) is not looked at again, the integers' range is checked by one `min` and
    `max`, and only the values to dump otherwise (a status, money, transactions, a list or
    dict among the unknown fields) are read one by one. Checking each field in turn spent
    most of a receipt's time in the interpreter; this is a third faster.
    """
    fields = SCHEMAS[model]
    defaults: dict[str, object] = {
        name: _LeftOut() if default is _REQUIRED else _NoList() if default == () else default
        for name, _, default in fields
    }
    plans: dict[tuple[type, ...], Callable[[dict[str, object], tuple[object, ...]], object]] = {}

    def dump(data: object) -> object:
        if type(data) is not dict:
            raise _Doubt
        merged = {**defaults, **data}
        values = tuple(merged.values())
        types = tuple(map(type, values))
        plan = plans.get(types)
        if plan is None:
            if len(plans) >= _PLANS_MAX:
                return general(data)
            plan = plans[types] = _plan(fields, types, dumpers)
        return plan(merged, values)

    return dump


def _plan(
    fields: tuple[tuple[str, Kind, object], ...],
    types: tuple[type, ...],
    dumpers: dict[type[BaseModel], Callable[[object], object]],
) -> Callable[[dict[str, object], tuple[object, ...]], object]:
    # The function that finishes the dump of a merged record whose values are of `types`.
    # Written from the schema and the types alone, never from input values or names.
    body = ["def plan(merged, values):"]
    scope: dict[str, object] = {"Doubt": _Doubt, "BIG": _BIG, "status": _status_value}
    scope["plain"] = _plain
    integers = []
    for index, kind_of in enumerate(types):
        if index >= len(fields):  # an unknown field
            if kind_of not in _EXTRA_TYPES:
                body.append("    raise Doubt")  # a float: JSON mode would not give it back
                break
            if kind_of is int:
                integers.append(index)
            elif kind_of is list or kind_of is dict:
                body.append(f"    if not plain(values[{index}]): raise Doubt")
            continue
        name, kind, _ = fields[index]
        kind_name = kind if type(kind) is str else kind[0]
        if kind_of not in _TYPES[kind_name]:
            body.append("    raise Doubt")  # validation would coerce, or refuse
            break
        if kind_of is _NoList:
            body.append(f"    merged[{name!r}] = []")
        elif kind_of is int:
            integers.append(index)
            if kind == "divisor":
                body.append(f"    if values[{index}] < 1: raise Doubt")
        elif kind_of is str and kind == "status?":
            body.append(f"    merged[{name!r}] = status(values[{index}])")
        elif kind_of is list and kind in ("ints", "strs"):
            check = "type(i) is int and -BIG < i < BIG" if kind == "ints" else "type(i) is str"
            body.append(f"    if not all({check} for i in values[{index}]): raise Doubt")
        elif type(kind) is tuple and kind_of is not type(None):
            scope[f"d_{index}"] = dumpers[kind[1]]
            body.append(f"    v = values[{index}]")
            if kind[0] == "model?":
                body.append(f"    d = d_{index}(v)")
                body.append(f"    if d is not v: merged[{name!r}] = d")
            elif _kept_as_is(kind[1]):
                # Records that are their own dumps (nearly always): the list is its own
                # dump too, taken over; rebuilt from the first record that is not.
                body.append("    for i in v:")
                body.append(f"        if d_{index}(i) is not i:")
                body.append(f"            merged[{name!r}] = [d_{index}(i) for i in v]")
                body.append("            break")
            else:
                body.append(f"    if v: merged[{name!r}] = [d_{index}(i) for i in v]")
    if len(integers) == 1:
        body.append(f"    if not -BIG < values[{integers[0]}] < BIG: raise Doubt")
    elif integers:
        scope["integers"] = itemgetter(*integers)
        body.append("    v = integers(values)")
        body.append("    if not (-BIG < min(v) and max(v) < BIG): raise Doubt")
    body.append("    return merged")
    exec("\n".join(body), scope)
    made: Callable[[dict[str, object], tuple[object, ...]], object] = scope["plan"]  # type: ignore[assignment]
    return made


_DUMPERS: dict[type[BaseModel], Callable[[object], object]] = {}
_compile(ShopReceipt, _DUMPERS)
_dump_receipt = _DUMPERS[ShopReceipt]


def dump_receipt(data: object) -> dict[str, object] | None:
    """`dump(ShopReceipt, data)`.

    Examples:
        >>> dump_receipt({"receipt_id": 4})["status"] is None
        True
    """
    try:
        return _dump_receipt(data)  # type: ignore[return-value]
    except _Doubt:
        return None


def dump(model: type[BaseModel], data: object) -> dict[str, object] | None:
    """What `model.model_validate(data).model_dump(mode="json")` gives, when plainly so.

    `None` when a value is not plainly what validation keeps (the model may coerce or refuse
    it). `model` is `ShopReceipt` or one of the models it holds.

    Examples:
        >>> dump(EtsyMoney, {"amount": 5, "currency_code": "EUR"})
        {'amount': 5, 'divisor': 100, 'currency_code': 'EUR'}
        >>> dump(EtsyMoney, {"amount": "5", "currency_code": "EUR"}) is None
        True
    """
    try:
        return _DUMPERS[model](data)  # type: ignore[return-value]
    except _Doubt:
        return None
