"""OR11 orders checked and dumped as their wire models would, without building them.

`dump_order(data)` is `Order.model_validate(data).model_dump(mode="json")` for an OR11 order
as decoded from JSON, when every value is plainly what validation keeps: a `str` where the
schema has text, an `int` where it has an integer (no bool, no float, no digit string, nothing
past 64 bits), a `bool` where a flag goes, a JSON number where it has a `Decimal` (dumped as
pydantic dumps the Decimal it reads: `str(Decimal(repr(number)))`, so `10.0` stays `"10.0"`),
a timestamp in the one form Mirakl writes (`2026-01-05T10:00:00Z`, with up to six digits of
fraction), dumped as pydantic dumps it, and unknown fields of JSON's own types (finite floats,
integers within 64 bits). A float of 2**63 or more is a doubt too: a JSON decoder may give an
integer too large for it as a float. Otherwise it is `None`, and validation decides. Every
field of the schema is in the dump (its default where the order leaves it out), unknown fields
after the known ones in the order received, each taken over as decoded (not copied).

Validating an order builds a model per line, customer, address, refund, cancellation and tax,
and dumping it again for `Order.raw` costs as much again: this is the OR11 path's first step
without them (`marketplace_sdk.mirakl._mapping.fast`).

Examples:
    >>> dump_order({"order_id": "O-A", "order_state": "SHIPPING", "price": 10.0})["price"]
    '10.0'
    >>> dump_order({"order_id": "O-A", "order_state": "SHIPPING", "price": "ten"}) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from types import MappingProxyType

from pydantic import BaseModel

from marketplace_sdk.mirakl._models.orders import (
    Address,
    Cancelation,
    Customer,
    Order,
    OrderLine,
    Refund,
    TaxAmount,
)

__all__ = ["SCHEMAS", "dump", "dump_order"]


class _Doubt(Exception):
    """A value this path is not sure validation keeps as it is: the validating path decides."""


#: Integers pydantic and JSON agree on without a second thought.
_BIG = 2**63
#: The same bound as a float (exactly: a power of two), compared with floats without
#: converting a Python integer on every comparison.
_FBIG = float(_BIG)

#: What a field holds, by the kinds of `_CHECKS`, or a nested model.
Kind = str | tuple[str, type[BaseModel]]

_REQUIRED = object()
_TEXT = ("str?", None)
_MONEY = ("dec?", None)
_WHEN = ("date?", None)
_TAXES = (("models", TaxAmount), ())

#: Per wire model, its fields in declaration order: (name, kind, default; `_REQUIRED` when
#: required, `()` for a list made by a default factory). `tests/mirakl/test_mirakl_order_plain.py`
#: holds each to the model's own fields.
SCHEMAS: Mapping[type[BaseModel], tuple[tuple[str, Kind, object], ...]] = MappingProxyType(
    {
        TaxAmount: (("code", *_TEXT), ("amount", *_MONEY), ("rate", *_MONEY)),
        Refund: (
            ("id", "str", _REQUIRED),
            ("amount", *_MONEY),
            ("shipping_amount", *_MONEY),
            ("quantity", "int?", None),
            ("reason_code", "code?", None),
            ("state", *_TEXT),
            ("refund_state", *_TEXT),
            ("order_refund_id", *_TEXT),
            ("created_date", *_WHEN),
            ("transaction_date", *_WHEN),
            ("taxes", *_TAXES),
            ("shipping_taxes", *_TAXES),
        ),
        Cancelation: (
            ("id", "str", _REQUIRED),
            ("amount", *_MONEY),
            ("shipping_amount", *_MONEY),
            ("quantity", "int?", None),
            ("reason_code", "code?", None),
            ("created_date", *_WHEN),
            ("taxes", *_TAXES),
            ("shipping_taxes", *_TAXES),
        ),
        Address: tuple(
            (name, *_TEXT)
            for name in (
                "city",
                "country",
                "country_iso_code",
                "company",
                "company_2",
                "civility",
                "firstname",
                "lastname",
                "street_1",
                "street_2",
                "zip_code",
                "state",
                "phone",
                "phone_secondary",
                "additional_info",
            )
        ),
        Customer: (
            ("customer_id", *_TEXT),
            ("civility", *_TEXT),
            ("firstname", *_TEXT),
            ("lastname", *_TEXT),
            ("locale", *_TEXT),
            ("shipping_address", ("model?", Address), None),
            ("billing_address", ("model?", Address), None),
        ),
        OrderLine: (
            ("order_line_id", "str", _REQUIRED),
            ("order_line_state", "str", _REQUIRED),
            ("offer_sku", *_TEXT),
            ("offer_id", "int?", None),
            ("product_sku", *_TEXT),
            ("product_shop_sku", *_TEXT),
            ("product_title", *_TEXT),
            ("order_line_index", "int?", None),
            ("quantity", "int", 0),
            *((name, *_MONEY) for name in ("price", "price_unit", "origin_unit_price")),
            *((name, *_MONEY) for name in ("shipping_price", "total_price", "commission_fee")),
            ("total_commission", *_MONEY),
            ("can_refund", "bool?", None),
            ("order_line_state_reason_code", *_TEXT),
            ("order_line_state_reason_label", *_TEXT),
            *(
                (name, *_WHEN)
                for name in (
                    "created_date",
                    "last_updated_date",
                    "shipped_date",
                    "received_date",
                    "debited_date",
                )
            ),
            ("taxes", *_TAXES),
            ("shipping_taxes", *_TAXES),
            ("refunds", ("models", Refund), ()),
            ("cancelations", ("models", Cancelation), ()),
        ),
        Order: (
            ("order_id", "str", _REQUIRED),
            ("order_state", "str", _REQUIRED),
            ("commercial_id", *_TEXT),
            *(
                (name, *_WHEN)
                for name in (
                    "created_date",
                    "last_updated_date",
                    "acceptance_decision_date",
                    "customer_debited_date",
                    "shipping_deadline",
                )
            ),
            ("currency_iso_code", *_TEXT),
            *((name, *_MONEY) for name in ("price", "shipping_price", "total_price")),
            ("total_commission", *_MONEY),
            *((name, "bool?", None) for name in ("can_cancel", "can_shop_ship")),
            *((name, "bool?", None) for name in ("fully_refunded", "has_incident")),
            *(
                (name, *_TEXT)
                for name in (
                    "order_state_reason_code",
                    "order_state_reason_label",
                    "order_tax_mode",
                    "payment_workflow",
                    "shipping_type_code",
                    "shipping_carrier_code",
                    "shipping_company",
                    "shipping_tracking",
                    "shipping_tracking_url",
                    "customer_notification_email",
                )
            ),
            ("customer", ("model?", Customer), None),
            ("order_lines", ("models", OrderLine), ()),
        ),
    }
)


#: Nesting kept as received in an unknown field, at most: well within what pydantic's JSON
#: decoder reads (`core._json.MAX_DEPTH`), so a page orjson reads and it refuses is never
#: taken for one it reads.
_DEPTH = 32


def _plain(value: object, depth: int = 0) -> bool:
    # An unknown field's value that `model_dump(mode="json")` gives back equal: JSON's own
    # types, a float only when finite (JSON mode writes the others as null), not too deep.
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return -_BIG < value < _BIG  # type: ignore[operator]
    if kind is float:
        return -_FBIG < value < _FBIG  # type: ignore[operator]
    if depth >= _DEPTH:
        return False
    if kind is list:
        for item in value:  # type: ignore[attr-defined]  # noqa: SIM110 (no generator: hot)
            if not _plain(item, depth + 1):
                return False
        return True
    if kind is dict:
        for item in value.values():  # type: ignore[attr-defined]  # noqa: SIM110 (as above)
            if not _plain(item, depth + 1):
                return False
        return True
    return False


#: Amounts read before, as dumped (an offer's price and a shipping fee come on many orders);
#: never zero, whose sign an equal key would lose; bounded: emptied when full.
_floats: dict[float, str] = {}
_FLOATS_MAX = 1024


def _keep_float(number: float, dumped: str) -> None:
    if len(_floats) >= _FLOATS_MAX:
        _floats.clear()
    _floats[number] = dumped


def _number(value: object) -> str:
    # The dump of the Decimal pydantic reads from a JSON number: `Decimal(str(number))`,
    # written back by `str`. A float's shortest repr without an exponent is that text already
    # (the compiled check takes the floats itself).
    kind = type(value)
    if kind is float:
        if not -_FBIG < value < _FBIG:  # type: ignore[operator]
            raise _Doubt
        text = repr(value)
        return str(Decimal(text)) if "e" in text else text
    if kind is int and -_BIG < value < _BIG:  # type: ignore[operator]
        return str(value)
    raise _Doubt


#: A timestamp's separators in the one form Mirakl writes (UTC, `Z`, MIRAKL-Q14): at 4, 7, 10,
#: 13 and 16, then a `.` before up to six digits of fraction, or the `Z` at 19.
_SEPARATORS = "--T::"
_parse_stamp = datetime.fromisoformat

#: Timestamps read before, as dumped (the same stamp comes on an order and on its lines);
#: bounded: emptied when full.
_stamps: dict[str, str] = {}
_STAMPS_MAX = 1024


def _stamp(value: object) -> str:
    # The dump of the UTC datetime pydantic reads: the seconds, then the microseconds in six
    # digits when there are any, then `Z`. Only the form Mirakl writes is read here:
    # `fromisoformat` reads others (week dates, any separator) that pydantic may not.
    if type(value) is not str:
        raise _Doubt
    dumped = _stamps.get(value)
    if dumped is not None:
        return dumped
    size = len(value)
    if value[4:17:3] != _SEPARATORS or value[-1] != "Z":
        raise _Doubt
    if size == 20:
        dumped = value
    elif 22 <= size <= 27 and value[19] == ".":
        fraction = value[20:-1]
        if not fraction.isdigit() or not fraction.isascii():
            raise _Doubt
        dumped = f"{value[:20]}{fraction:0<6}Z" if fraction.strip("0") else f"{value[:19]}Z"
    else:
        raise _Doubt
    try:
        when = _parse_stamp(value)
    except ValueError:
        raise _Doubt from None
    if when.tzinfo is not UTC:
        raise _Doubt
    if len(_stamps) >= _STAMPS_MAX:
        _stamps.clear()
    _stamps[value] = dumped
    return dumped


def _code(value: object) -> str:
    # `Code`: a code Mirakl writes as a whole number reads as its text.
    if type(value) is int and -_BIG < value < _BIG:
        return str(value)
    raise _Doubt


_MISSING = object()

#: The check of a value read into `v`, by kind (Python source, one statement each).
_CHECKS = {
    "str": "if type(v) is not str: raise Doubt",
    "str?": "if v is not None and type(v) is not str: raise Doubt",
    "int": "if type(v) is not int or not -BIG < v < BIG: raise Doubt",
    "int?": "if v is not None and (type(v) is not int or not -BIG < v < BIG): raise Doubt",
    "bool?": "if v is not None and type(v) is not bool: raise Doubt",
    "dec?": (
        "if v is not None:\n"
        "        if type(v) is float and -FBIG < v < FBIG:\n"
        "            w = FLOATS.get(v) if v else None\n"
        "            if w is None:\n"
        "                w = repr(v)\n"
        "                if 'e' in w: w = str(Decimal(w))\n"
        "                if v: keep_float(v, w)\n"
        "            v = w\n"
        "        else: v = number(v)"
    ),
    "date?": "if v is not None: v = (type(v) is str and STAMPS.get(v)) or stamp(v)",
    "code?": "if v is not None and type(v) is not str: v = code(v)",
}


#: The models whose records are dumped by a function written for their shape (their field
#: names, in order): records with many fields, some of them left out, and unknown ones.
_SHAPED = frozenset({Order, OrderLine, Customer, Address})


def _check(kind: Kind, index: int) -> list[str]:
    # The statements checking (and converting) a value read into `v`, by its field's kind.
    if type(kind) is tuple:
        if kind[0] == "model?":
            return [f"    if v is not None: v = d_{index}(v)"]
        # A list left out is the default's new list; an empty one is taken over.
        return [
            "    if v is MISSING: v = []",
            "    elif type(v) is not list: raise Doubt",
            f"    elif v: v = [d_{index}(i) for i in v]",
        ]
    assert isinstance(kind, str)
    return [f"    {_CHECKS[kind]}"]


def _compile(
    model: type[BaseModel],
    dumpers: dict[type[BaseModel], Callable[[object], object]],
    shape: tuple[str, ...] | None = None,
) -> Callable[[object], object]:
    """`model.model_validate(data).model_dump(mode="json")`, or `_Doubt`; in `dumpers[model]`.

    One function per wire model, its checks written out field by field (a loop over the
    schema, dispatching on each field's kind, costs about twice as much). With `shape` (a
    record's field names, in order), the function is for records of exactly that shape: each
    field read by subscript or known absent (its default, unchecked), the unknown fields read
    by their place (an order line spent a third of its time in `get` and in sorting out its
    unknown fields). The general function hands each record of a model in `_SHAPED` to the
    function of its shape, written the first time the shape is seen (a few shapes at most,
    from one API; bounded against odd input).
    """
    fields = SCHEMAS[model]
    known = frozenset(name for name, _, _ in fields)
    extra_names = tuple(name for name in shape or () if name not in known)
    scope: dict[str, object] = {
        "Doubt": _Doubt,
        "BIG": _BIG,
        "FBIG": _FBIG,
        "FLOATS": _floats,
        "keep_float": _keep_float,
        "MISSING": _MISSING,
        "KNOWN": known,
        "EXTRAS": extra_names,
        "SCALARS": _SCALARS,
        "number": _number,
        "stamp": _stamp,
        "STAMPS": _stamps,
        "code": _code,
        "plain": _plain,
        "Decimal": Decimal,
        "extras": _extras,
    }
    for index, (_, kind, _) in enumerate(fields):
        if type(kind) is tuple:
            if kind[1] not in dumpers:
                _compile(kind[1], dumpers)
            scope[f"d_{index}"] = dumpers[kind[1]]
    body = ["def dump(data):"]
    if shape is None:
        body.append("    if type(data) is not dict: raise Doubt")
        if model in _SHAPED:
            shaped: dict[tuple[str, ...], Callable[[object], object]] = {}
            scope["SHAPED"] = shaped
            scope["SHAPES_MAX"] = _SHAPES_MAX
            scope["compile_shape"] = lambda keys: _compile(model, dumpers, keys)
            body.append("    keys = tuple(data)")
            body.append("    shaped = SHAPED.get(keys)")
            body.append("    if shaped is None and len(SHAPED) < SHAPES_MAX:")
            body.append("        shaped = SHAPED[keys] = compile_shape(keys)")
            body.append("    if shaped is not None: return shaped(data)")
        body.append("    get = data.get")
    for index, (name, kind, default) in enumerate(fields):
        if shape is not None and name not in shape:
            if default is _REQUIRED:
                body.append("    raise Doubt")  # a required field left out: validation refuses
                break
            body.append(f"    f_{index} = {'[]' if default == () else repr(default)}")
            continue
        if shape is not None:
            body.append(f"    v = data[{name!r}]")
        elif default is _REQUIRED or default == ():
            body.append(f"    v = get({name!r}, MISSING)")
        else:
            body.append(f"    v = get({name!r}, {default!r})")
        body.extend(_check(kind, index))
        body.append(f"    f_{index} = v")
    items = ", ".join(f"{name!r}: f_{index}" for index, (name, _, _) in enumerate(fields))
    if shape is None:
        body.append(f"    dumped = {{{items}}}")
        body.append("    if not KNOWN.issuperset(data): extras(data, dumped, KNOWN)")
        body.append("    return dumped")
    else:
        # Unknown fields after the known ones, in the order received, as pydantic keeps them:
        # each read and checked by its place in `EXTRAS`, all in the one dict display.
        for index in range(len(extra_names)):
            body.append(f"    v = data[EXTRAS[{index}]]")
            body.append("    t = type(v)")
            body.append("    if t is int:")
            body.append("        if not -BIG < v < BIG: raise Doubt")
            body.append("    elif t not in SCALARS and not (t is list and not v) and not plain(v):")
            body.append("        raise Doubt")
            body.append(f"    x_{index} = v")
        items += "".join(f", EXTRAS[{index}]: x_{index}" for index in range(len(extra_names)))
        body.append(f"    return {{{items}}}")
    # The source is written from SCHEMAS alone, never from input (a shape's field names are
    # compared with the schema's, and unknown ones read from `EXTRAS`, never written).
    exec("\n".join(body), scope)
    made: Callable[[object], object] = scope["dump"]  # type: ignore[assignment]
    if shape is None:
        dumpers[model] = made
    return made


_SCALARS = frozenset({str, bool, type(None)})


#: Per shape of record (its field names in order), its unknown fields in order; bounded.
_extra_names: dict[tuple[frozenset[str], tuple[str, ...]], tuple[str, ...]] = {}
_SHAPES_MAX = 256


def _extras(data: dict[str, object], dumped: dict[str, object], known: frozenset[str]) -> None:
    # Unknown fields after the known ones, in the order received, as pydantic keeps them,
    # each taken over as decoded.
    shape = (known, tuple(data))
    names = _extra_names.get(shape)
    if names is None:
        names = tuple(name for name in data if name not in known)
        if len(_extra_names) < _SHAPES_MAX:
            _extra_names[shape] = names
    for name in names:
        value = data[name]
        kind = type(value)
        if kind is str or value is None or kind is bool or (kind is list and not value):
            pass
        elif kind is int:
            if not -_BIG < value < _BIG:  # type: ignore[operator]
                raise _Doubt
        elif not _plain(value):
            raise _Doubt
        dumped[name] = value


_DUMPERS: dict[type[BaseModel], Callable[[object], object]] = {}
_compile(Order, _DUMPERS)
_dump_order = _DUMPERS[Order]


def dump_order(data: object) -> dict[str, object] | None:
    """`dump(Order, data)`: an OR11 order as its wire model dumps it, or `None` in doubt.

    Examples:
        >>> dump_order({"order_id": "O-A", "order_state": "SHIPPED"})["order_lines"]
        []
    """
    try:
        return _dump_order(data)  # type: ignore[return-value]
    except _Doubt:
        return None


def dump(model: type[BaseModel], data: object) -> dict[str, object] | None:
    """What `model.model_validate(data).model_dump(mode="json")` gives, when plainly so.

    `None` when a value is not plainly what validation keeps (the model may coerce or refuse
    it). `model` is the OR11 `Order` or one of the models it holds.

    Examples:
        >>> dump(TaxAmount, {"code": "TVA", "amount": 1.5})
        {'code': 'TVA', 'amount': '1.5', 'rate': None}
        >>> dump(TaxAmount, {"amount": True}) is None
        True
    """
    try:
        return _DUMPERS[model](data)  # type: ignore[return-value]
    except _Doubt:
        return None
