"""The fast receipt path (`etsy._mapping.fast`) gives what the validating path gives.

For every receipt (recorded samples, the sandbox's seeded receipts, generated valid receipts,
and the fuzz suite's mutations of recorded ones) `receipt_order` returns the same `Order` as
`receipt_to_order(ShopReceipt.model_validate(data))`, field for field and `raw` included (its
JSON text too, so in the same key order), or raises the same `RecordError`.
"""

from __future__ import annotations

import gc
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic_core import from_json
from tests.fuzz.mutations import json_payloads
from tests.fuzz.parse_paths import _ETSY, _RECEIPT_PAGES, _RECEIPTS

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy._endpoints.receipts import get_shop_receipt_documents, get_shop_receipts
from marketplace_sdk.etsy._mapping import receipt_to_order
from marketplace_sdk.etsy._mapping.fast import (
    _order,
    dumped_receipt_order,
    receipt_order,
    validated_order,
)
from marketplace_sdk.etsy._models import ReceiptStatus, ShopReceipt, plain
from marketplace_sdk.etsy._models.common import EtsyMoney
from marketplace_sdk.etsy._models.plain import SCHEMAS, dump, dump_receipt


def _seen(order: Order) -> tuple[Any, ...]:
    """What a caller sees of an order: its fields, and every part's fields and raw payload."""
    parts = [*order.lines, *order.shipments, *order.refunds]
    return (
        order.model_dump(),
        order.model_fields_set,
        json.dumps(order.raw),
        [
            (type(part), part.model_dump(), part.model_fields_set, json.dumps(part.raw))
            for part in parts
        ],
        [type(part.__dict__[name]) for part in (order, *parts) for name in part.__dict__],
    )


def _outcome(read: Any, data: object, delivered: bool = False) -> tuple[Any, ...]:
    try:
        order = read(data, delivered)
    except RecordError as error:
        return ("refused", error.record_id, error.kind, str(error), repr(error.raw)[:200])
    return ("order", _seen(order))


def _fast(data: object, delivered: bool) -> Order:
    return receipt_order(data, delivered=delivered)


def _validated(data: object, delivered: bool) -> Order:
    return validated_order(data, delivered=delivered)


def _fast_only(data: object) -> Order:
    raw = dump_receipt(data)
    assert raw is not None
    return _order(raw, False)


def _same(data: object, delivered: bool = False) -> None:
    assert _outcome(_fast, data, delivered) == _outcome(_validated, data, delivered)


@pytest.mark.parametrize("model", list(SCHEMAS))
def test_each_schema_is_its_wire_model_fields(model: type[BaseModel]) -> None:
    names = [name for name, _, _ in SCHEMAS[model]]
    assert names == list(model.model_fields)
    for name, _, default in SCHEMAS[model]:
        field = model.model_fields[name]
        if field.is_required():
            assert default not in (None, (), "", 0, 100)
        elif field.default_factory is not None:
            assert default == ()
            assert field.default_factory() == []
        else:
            assert default == field.default


def _sandbox_receipts() -> list[dict[str, Any]]:
    from benchmarks.order_parsing import etsy_page

    return list(from_json(etsy_page(100).content)["results"])


def test_every_recorded_and_seeded_receipt_maps_alike_and_fast() -> None:
    receipts = [*json.loads(json.dumps(_ETSY["receipts"])), *_sandbox_receipts()]
    assert len(receipts) > 100
    fast = 0
    for data in receipts:
        for delivered in (False, True):
            _same(data, delivered)
            _dump_validates_alike(data, delivered)
        try:
            _fast_only(data)
        except Exception:  # the validating path decides: counted below
            continue
        fast += 1
    # Every seeded receipt, and the recorded ones the SDK maps, take the fast path.
    assert fast >= len(receipts) - 2


_STATUSES = st.one_of(
    st.sampled_from([member.value for member in ReceiptStatus]),
    st.sampled_from(["Paid", "Completed", " Canceled ", "FULLY REFUNDED", "On Hold", "", " "]),
    st.none(),
)
_CURRENCIES = st.sampled_from(["USD", "EUR", "gbp", "JPY"])
_TEXT = st.one_of(st.none(), st.text(max_size=8))
_TIME = st.one_of(st.none(), st.integers(0, 4_102_444_800))
_EXTRA = st.dictionaries(
    st.sampled_from(["create_timestamp", "gift_sender", "x_new", "file_data"]),
    st.one_of(
        st.none(),
        st.integers(-5, 5),
        st.text(max_size=4),
        st.lists(st.integers(-(2**62), 2**62), max_size=2),
    ),
    max_size=2,
)


def _money(amount: int, divisor: int, currency: str) -> dict[str, Any]:
    return {"amount": amount, "divisor": divisor, "currency_code": currency}


@st.composite
def receipts(draw: st.DrawFn) -> dict[str, Any]:
    """A receipt Etsy could send: its amounts adding up, fields left out or added now and then."""
    currency = draw(_CURRENCIES)
    divisor = draw(st.sampled_from([100, 1, 1000]))
    transactions = []
    items = 0
    for index in range(draw(st.integers(0, 3))):
        quantity = draw(st.integers(0, 4))
        price = draw(st.integers(0, 10_000))
        items += quantity * price
        line: dict[str, Any] = {
            "transaction_id": 100 + index,
            "quantity": quantity,
            "price": _money(price, divisor, currency),
            "sku": draw(st.one_of(st.none(), st.sampled_from(["MUG", " MUG-2 ", "", "  "]))),
            "title": draw(_TEXT),
            "variations": draw(
                st.lists(st.fixed_dictionaries({"property_id": st.integers(1, 9)}), max_size=1)
            ),
            **draw(_EXTRA),
        }
        if draw(st.booleans()):
            del line["variations"]
        transactions.append(line)
    shipping, tax, vat, discount = (draw(st.integers(0, 900)) for _ in range(4))
    total = items + shipping + tax + vat - discount
    receipt: dict[str, Any] = {
        "receipt_id": draw(st.integers(1, 10**12)),
        "status": draw(_STATUSES),
        "is_paid": draw(st.one_of(st.none(), st.booleans())),
        "is_shipped": draw(st.one_of(st.none(), st.booleans())),
        "name": draw(_TEXT),
        "buyer_email": draw(_TEXT),
        "first_line": draw(_TEXT),
        "city": draw(_TEXT),
        "country_iso": draw(st.sampled_from([None, "", "FR", "usa", "DE"])),
        "created_timestamp": draw(_TIME),
        "updated_timestamp": draw(st.integers(0, 4_102_444_800)),
        "grandtotal": _money(total, divisor, currency),
        "total_price": _money(items, divisor, currency) if draw(st.booleans()) else None,
        "total_shipping_cost": _money(shipping, divisor, currency),
        "total_tax_cost": _money(tax, divisor, currency),
        "total_vat_cost": _money(vat, divisor, currency),
        "discount_amt": _money(discount, divisor, currency),
        "transactions": transactions,
        "shipments": [
            {
                "receipt_shipping_id": draw(st.one_of(st.none(), st.integers(1, 99))),
                "shipment_notification_timestamp": draw(_TIME),
                "carrier_name": draw(st.sampled_from(["usps", " ", "Royal Mail"])),
                "tracking_code": draw(st.sampled_from(["9400", ""])),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "refunds": [
            {
                "amount": _money(draw(st.integers(1, 500)), divisor, currency),
                "created_timestamp": draw(_TIME),
                "reason": draw(_TEXT),
                "status": draw(st.sampled_from([None, "SUCCESS", " "])),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        **draw(_EXTRA),
    }
    for name in draw(st.lists(st.sampled_from(sorted(receipt)), max_size=3)):
        if name != "receipt_id":
            receipt.pop(name, None)
    return receipt


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(receipts(), st.booleans())
def test_a_generated_receipt_maps_alike(data: dict[str, Any], delivered: bool) -> None:
    _same(data, delivered)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(receipts())
def test_a_receipt_whose_totals_add_up_takes_the_fast_path(data: dict[str, Any]) -> None:
    try:
        expected = ShopReceipt.model_validate(data)
    except ValueError:
        return
    dumped = dump(ShopReceipt, data)
    if dumped is None:  # a doubt (a huge integer among the extras): the validating path reads it
        return
    assert dumped == expected.model_dump(mode="json")
    try:
        order = validated_order(data)
    except RecordError:
        return  # a field left out: amounts that no longer add up, no timestamp
    assert _seen(_fast_only(data)) == _seen(order)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    receipts(),
    st.integers(0, 900),
    st.sampled_from([1, 10, 100]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_a_receipt_read_by_any_totals_reading_maps_alike(
    data: dict[str, Any],
    wrap: int,
    wrap_divisor: int,
    with_vat: bool,
    with_wrap: bool,
    delivered: bool,
) -> None:
    # Gift wrap and VAT counted in grandtotal or not, a zero of another scale now and then.
    grandtotal, vat = data.get("grandtotal"), data.get("total_vat_cost")
    if not isinstance(grandtotal, dict):
        return
    currency = grandtotal["currency_code"]
    data["gift_wrap_price"] = _money(wrap, wrap_divisor, currency)
    amount = Decimal(grandtotal["amount"]) / grandtotal["divisor"]
    if with_wrap:
        amount += Decimal(wrap) / wrap_divisor
    if not with_vat and isinstance(vat, dict):
        amount -= Decimal(vat["amount"]) / vat["divisor"]
    scaled = amount * grandtotal["divisor"]
    if scaled == scaled.to_integral_value():
        data["grandtotal"] = _money(int(scaled), grandtotal["divisor"], currency)
    _same(data, delivered)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_payloads(_RECEIPTS), st.booleans())
def test_a_mutated_receipt_gives_the_same_order_or_error(body: bytes, delivered: bool) -> None:
    try:
        data = from_json(body)
    except ValueError:
        return  # not JSON: the page's own reading refuses it before any receipt is read
    _same(data, delivered)
    _dump_validates_alike(data, delivered)


def _dump_validates_alike(data: object, delivered: bool) -> None:
    # A page's document holds a receipt's dump in place of the receipt as decoded: validating
    # the dump gives the same order, or the same error, as validating the receipt.
    raw = dump_receipt(data)
    if raw is not None:
        assert _outcome(_validated, raw, delivered) == _outcome(_validated, data, delivered)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(receipts(), st.booleans())
def test_a_receipts_dump_validates_as_the_receipt_does(
    data: dict[str, Any], delivered: bool
) -> None:
    _dump_validates_alike(data, delivered)
    page = get_shop_receipt_documents(0).parse(
        httpx.Response(200, json={"count": 1, "results": [data]})
    )
    document = page.items[0] if page.items else None
    if document is not None and document.raw is not None:
        assert document.data is document.raw
        assert _outcome(lambda d, _: dumped_receipt_order(d.data, d.raw), document) == (
            _outcome(_validated, data, False)
        )


def test_a_value_validation_would_coerce_is_left_to_it() -> None:
    assert dump(EtsyMoney, {"amount": "5", "currency_code": "EUR"}) is None
    assert dump(EtsyMoney, {"amount": 5, "divisor": 0, "currency_code": "EUR"}) is None
    assert dump(EtsyMoney, {"amount": 5, "currency_code": "EUR", "rate": 1.5}) is None
    assert dump(ShopReceipt, {"receipt_id": 1, "is_paid": 1}) is None
    money = {"amount": 5, "divisor": 100, "currency_code": "EUR"}
    assert dump(EtsyMoney, money) is money  # its own dump: taken over as received


def _general_dump(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The receipt dump as it runs once its table of plans is full (no plan written)."""
    monkeypatch.setattr(plain, "_PLANS_MAX", 0)
    return plain._compile(ShopReceipt, {})


def test_a_receipt_of_any_kind_dumps_alike_by_its_plan_or_once_the_plans_are_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each receipt dumped by the function its value types are written for, then by the
    # general one (the table of those functions full): the same dump, or the same doubt.
    odd = [
        {"receipt_id": 1},
        {"x": [1, "a"], "receipt_id": 2, "status": "Paid", "shipments": []},
        {"receipt_id": 3, "transactions": [{"listing_id": 1}]},
        {"receipt_id": 4, "is_paid": 1},
        {"receipt_id": 5, "x": 1.5},
        {"receipt_id": 6, "x": [1.5], "y": {"z": [2**64]}},
        {"receipt_id": 7, "x": [[1, "a", None, True]], "y": {"z": {}}, "status": "Open"},
        {"receipt_id": 2**63},
        {"receipt_id": 8, "grandtotal": {"amount": 1, "divisor": 0, "currency_code": "X"}},
        {"receipt_id": 9, "transactions": [{"transaction_id": 1, "quantity": True}]},
        {"receipt_id": 10, "transactions": [{"transaction_id": -(2**63)}]},
        {"receipt_id": 11, "transactions": [{"transaction_id": 1, "x": 2**63 - 1}], "y": 0},
        {"receipt_id": 12, "transactions": "none", "shipments": [1]},
        {"receipt_id": 13, "refunds": [{"amount": None}], "status": 3},
        {"status": "Paid"},
    ]
    receipts = [*_sandbox_receipts(), *odd]
    typed = [json.dumps(dump_receipt(data)) for data in receipts]
    general = _general_dump(monkeypatch)
    for data, dumped in zip(receipts, typed, strict=True):
        try:
            expected: Any = general(data)
        except plain._Doubt:
            expected = None
        assert dumped == json.dumps(expected)


def _page_outcome(body: bytes, documents: bool) -> tuple[Any, ...]:
    response = httpx.Response(200, content=body)
    try:
        if documents:
            page: Any = get_shop_receipt_documents(0).parse(response)
            read = [
                _outcome(lambda d, _: dumped_receipt_order(d.data, d.raw), item)
                for item in page.items
            ]
        else:
            page = get_shop_receipts(0).parse(response)
            read = [_outcome(lambda r, _: receipt_to_order(r), item) for item in page.items]
    except Exception as error:  # the page's own error: the same on both paths
        return ("page refused", type(error), str(error))
    refused = [(r.position, r.error.record_id, str(r.error)) for r in page.refused]
    return (page.total, refused, read)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_payloads(_RECEIPT_PAGES))
def test_a_page_read_as_documents_holds_what_reading_receipts_gives(body: bytes) -> None:
    assert _page_outcome(body, documents=True) == _page_outcome(body, documents=False)


def test_mapping_a_page_leaves_no_cycle_for_the_collector() -> None:
    from benchmarks.order_parsing import etsy_page

    body = etsy_page(100).content
    gc.collect()
    gc.disable()
    try:
        page = get_shop_receipt_documents(0).parse(httpx.Response(200, content=body))
        orders = [dumped_receipt_order(d.data, d.raw) for d in page.items]
        assert len(orders) == 100
        del page, orders
        assert gc.collect() == 0  # everything went with its last reference
    finally:
        gc.enable()


def _page_of(*receipts: bytes, envelope: bytes = b"") -> bytes:
    return b'{"count": %d, "results": [%s]%s}' % (len(receipts), b", ".join(receipts), envelope)


def _with(receipt: dict[str, Any], name: str, value: bytes) -> bytes:
    # The receipt's JSON with `name` set to `value`, written as is (JSON that `json.dumps`
    # could not write: nesting past the recursion limit, NaN).
    body = json.dumps({key: item for key, item in receipt.items() if key != name}).encode()
    return body[:-1] + b', "%s": %s}' % (name.encode(), value)


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"1" + b"]" * depth


def test_a_page_orjson_reads_otherwise_than_pydantic_core_is_read_alike() -> None:
    # A page is decoded by orjson first: wherever it reads otherwise than pydantic_core (an
    # integer past 64 bits, nesting pydantic_core refuses, NaN), the page reads as it did.
    first, second = (json.dumps(r).encode() for r in _sandbox_receipts()[:2])
    receipt = _sandbox_receipts()[2]
    pages = [_page_of(first, second)]
    for name in ("gift_sender", "receipt_type", "receipt_id", "transactions"):
        for value in (b"%d" % 2**64, b"%d" % -(2**63 + 1), b"%d" % 10**30, b"NaN", b"1e400"):
            pages.append(_page_of(first, _with(receipt, name, value), second))
    for depth in (90, 99, 100, 101, 150, 190, 196, 197, 198, 199, 200, 201, 250, 1000, 1100):
        pages.append(_page_of(first, _with(receipt, "x_new", _nested(depth)), second))
        pages.append(_page_of(first, second, envelope=b', "meta": ' + _nested(depth)))
    pages += [
        _page_of(first, envelope=b', "count": %d' % 2**64),
        _page_of(first, envelope=b', "count": 1.0'),
        _page_of(first, envelope=b', "next": null'),
        _page_of(first, envelope=b', "results": []'),
    ]
    for body in pages:
        assert _page_outcome(body, documents=True) == _page_outcome(body, documents=False)
    fine = get_shop_receipt_documents(0).parse(httpx.Response(200, content=pages[2]))
    assert [d.raw is not None for d in fine.items] == [True, False, True]
