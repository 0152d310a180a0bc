"""Receipts in the sandbox: windows and flags, statuses as live Etsy spells them, shipments."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox, OrderLine, RateLimits
from marketplace_sdk.etsy.sandbox._receipts import receipt_filter
from marketplace_sdk.etsy.sandbox._state import Receipt


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=10_000))


class FreshToken(httpx.Auth):
    """A new token for every request: these tests move the clock by days."""

    def __init__(self, sandbox: EtsySandbox) -> None:
        self.sandbox = sandbox

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["authorization"] = f"Bearer {self.sandbox.connect().access_token}"
        yield request


@pytest.fixture
def client(sandbox: EtsySandbox) -> Iterator[httpx.Client]:
    headers = {"x-api-key": sandbox.api_key.get_secret_value()}
    with httpx.Client(
        transport=sandbox.transport(),
        base_url=ETSY_API_URL,
        headers=headers,
        auth=FreshToken(sandbox),
    ) as client:
        yield client


def receipts(sandbox: EtsySandbox, client: httpx.Client, **params: Any) -> list[int]:
    response = client.get(f"/v3/application/shops/{sandbox.shop_id}/receipts", params=params)
    assert response.status_code == 200, response.text
    return [receipt["receipt_id"] for receipt in response.json()["results"]]


def now_ts(clock: FakeClock) -> int:
    return int(clock.now().timestamp())


def test_created_and_last_modified_windows(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    sandbox.behaviours.disable("ETSY-Q13")  # the spec's reading: a cancellation is a change
    listing = sandbox.add_listing("MUG", quantity=50)
    old = sandbox.place_order(listing)
    start = now_ts(clock)
    clock.advance(3600)
    new = sandbox.place_order(listing)
    middle = now_ts(clock)
    assert receipts(sandbox, client, min_created=start + 1) == [new]
    assert receipts(sandbox, client, max_created=start) == [old]
    clock.advance(6 * 86400)
    sandbox.cancel_order(old)
    # A cancellation of an old order is found by its last-modified time, not its creation.
    assert receipts(sandbox, client, min_last_modified=middle + 1) == [old]
    assert receipts(sandbox, client, min_last_modified=middle + 1, min_created=middle) == []
    assert receipts(sandbox, client, max_last_modified=middle) == [new]


def test_flags_filter_receipts(sandbox: EtsySandbox, client: httpx.Client) -> None:
    listing = sandbox.add_listing("MUG", quantity=50)
    paid = sandbox.place_order(listing)
    unpaid = sandbox.place_order(listing, paid=False)
    shipped = sandbox.place_order(listing)
    delivered = sandbox.place_order(listing)
    canceled = sandbox.place_order(listing)
    for receipt_id in (shipped, delivered):
        client.post(
            f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/tracking",
            json={"tracking_code": f"T{receipt_id}", "carrier_name": "usps"},
        )
    sandbox.mark_delivered(delivered)
    sandbox.cancel_order(canceled)
    assert set(receipts(sandbox, client, was_paid="false")) == {unpaid}
    assert set(receipts(sandbox, client, was_shipped="true")) == {shipped, delivered}
    assert set(receipts(sandbox, client, was_delivered="true")) == {delivered}
    assert set(receipts(sandbox, client, was_canceled="true")) == {canceled}
    assert set(receipts(sandbox, client, was_shipped="false", was_canceled="false")) == {
        paid,
        unpaid,
    }


def test_sorting_and_paging(sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock) -> None:
    listing = sandbox.add_listing("MUG", quantity=50)
    made = []
    for _ in range(5):
        made.append(sandbox.place_order(listing))
        clock.advance(60)
    assert receipts(sandbox, client) == made[::-1]
    assert receipts(sandbox, client, sort_order="asc", limit=2, offset=1) == made[1:3]
    assert receipts(sandbox, client, sort_on="receipt_id", sort_order="up") == sorted(made)


def test_statuses_are_capitalised_as_on_live_receipts(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = sandbox.add_listing("MUG", price="20.00", quantity=50)
    shop = f"/v3/application/shops/{sandbox.shop_id}"
    paid = sandbox.place_order(listing)
    canceled = sandbox.place_order(listing)
    refunded = sandbox.place_order(listing)
    partial = sandbox.place_order(listing)
    sandbox.cancel_order(canceled)
    sandbox.refund_order(refunded)
    sandbox.refund_order(partial, Decimal("5.00"))
    status = {rid: client.get(f"{shop}/receipts/{rid}").json()["status"] for rid in
              (paid, canceled, refunded, partial)}  # fmt: skip
    assert status == {
        paid: "Paid",
        canceled: "Canceled",
        refunded: "Fully Refunded",
        partial: "Partially Refunded",
    }


def test_a_forced_unknown_status_reaches_the_client(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG"))
    sandbox.set_receipt_status(receipt_id, "Awaiting Pickup")
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"
    assert client.get(path).json()["status"] == "Awaiting Pickup"


def test_shipment_marks_the_receipt_shipped_and_emails_the_buyer_each_time(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = sandbox.add_listing("MUG", quantity=5)
    receipt_id = sandbox.place_order(OrderLine(listing, quantity=2))
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/tracking"
    shipment = {"tracking_code": "1Z999AA10123456784", "carrier_name": "UPS", "send_bcc": True}
    body = client.post(path, json=shipment).json()
    assert body["is_shipped"] is True
    assert body["status"] == "Completed"
    assert body["shipments"][0]["tracking_code"] == "1Z999AA10123456784"
    assert body["shipments"][0]["carrier_name"] == "UPS"
    assert all(line["shipped_timestamp"] for line in body["transactions"])
    assert sandbox.receipt(receipt_id).buyer_emails == 1
    # A blind retry sends a second e-mail: the client must check before re-sending.
    client.post(path, json=shipment)
    assert sandbox.receipt(receipt_id).buyer_emails == 2


def test_shipment_needs_a_known_carrier_and_an_open_receipt(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    sandbox.behaviours.disable("ETSY-Q27")  # the spec's reading: an unknown carrier is refused
    listing = sandbox.add_listing("MUG", quantity=5)
    receipt_id = sandbox.place_order(listing)
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/tracking"
    unknown = client.post(path, json={"tracking_code": "X1", "carrier_name": "Pigeon Post"})
    assert unknown.status_code == 400
    assert client.post(path, json={"tracking_code": "X1", "carrier_name": "other"}).is_success
    other = sandbox.place_order(listing)
    sandbox.cancel_order(other)
    canceled = client.post(
        f"/v3/application/shops/{sandbox.shop_id}/receipts/{other}/tracking",
        json={"tracking_code": "X2", "carrier_name": "UPS"},
    )
    assert canceled.status_code == 409


def test_update_receipt_marks_paid_and_shipped(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    sandbox.behaviours.disable("ETSY-Q29")  # the spec's reading: was_shipped marks shipped
    listing = sandbox.add_listing("MUG", quantity=5)
    receipt_id = sandbox.place_order(listing, paid=False)
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"
    assert client.get(path).json()["status"] == "Open"
    clock.advance(10)
    paid = client.put(path, data={"was_paid": "true"}).json()
    assert (paid["status"], paid["is_paid"]) == ("Paid", True)
    assert paid["update_timestamp"] == now_ts(clock) - 10  # ETSY-Q16: payment is no change
    shipped = client.put(path, data={"was_shipped": "true"}).json()
    assert shipped["update_timestamp"] == now_ts(clock)
    assert (shipped["status"], shipped["is_shipped"], shipped["shipments"]) == (
        "Completed",
        True,
        [],
    )


def test_orders_take_stock_and_cancellations_return_it(sandbox: EtsySandbox) -> None:
    listing = sandbox.add_listing("MUG", quantity=3)
    receipt_id = sandbox.place_order(OrderLine(listing, quantity=3))
    assert sandbox.listing(listing).quantity == 0
    assert sandbox.listing(listing).state == "sold_out"
    sandbox.cancel_order(receipt_id)
    assert sandbox.listing(listing).quantity == 3
    assert sandbox.listing(listing).state == "active"


def test_a_shipped_order_cannot_be_canceled_and_delivery_needs_a_shipment(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = sandbox.add_listing("MUG", quantity=3)
    receipt_id = sandbox.place_order(listing)
    with pytest.raises(ValueError, match="not shipped"):
        sandbox.mark_delivered(receipt_id)
    client.post(
        f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/tracking",
        json={"tracking_code": "X", "carrier_name": "UPS"},
    )
    with pytest.raises(ValueError, match="shipped"):
        sandbox.cancel_order(receipt_id)


def test_transactions_carry_the_variation_bought(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing_id = sandbox.add_listing("TEE", quantity=5)
    inventory = {
        "products": [
            {
                "sku": f"TEE-{color}",
                "property_values": [{"property_id": 200, "value_ids": [vid], "values": [color]}],
                "offerings": [
                    {"price": 15, "quantity": 5, "is_enabled": True, "readiness_state_id": None}
                ],
            }
            for color, vid in (("Red", 1215), ("Blue", 1216))
        ],
        "quantity_on_property": [200],
        "sku_on_property": [200],
    }
    assert client.put(f"/v3/application/listings/{listing_id}/inventory", json=inventory).is_success
    receipt_id = sandbox.place_order(OrderLine(listing_id, sku="TEE-Blue"))
    lines = client.get(
        f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/transactions"
    ).json()["results"]
    assert lines[0]["sku"] == "TEE-Blue"
    assert lines[0]["variations"] == [
        {
            "property_id": 200,
            "value_id": 1216,
            "formatted_name": "Primary color",
            "formatted_value": "Blue",
        }
    ]
    assert lines[0]["price"] == {"amount": 1500, "divisor": 100, "currency_code": "USD"}


_T0 = 1_767_225_600


@settings(max_examples=60, deadline=None)
@given(
    ages=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.booleans(), st.booleans()),
        max_size=8,
    ),
    window=st.tuples(
        st.one_of(st.none(), st.integers(_T0, _T0 + 20_000)),
        st.one_of(st.none(), st.integers(_T0, _T0 + 20_000)),
        st.one_of(st.none(), st.integers(_T0, _T0 + 20_000)),
        st.one_of(st.none(), st.integers(_T0, _T0 + 20_000)),
    ),
    was_shipped=st.one_of(st.none(), st.booleans()),
)
def test_receipt_filter_keeps_exactly_the_receipts_in_every_window(
    ages: list[tuple[int, int, bool, bool]],
    window: tuple[int | None, int | None, int | None, int | None],
    was_shipped: bool | None,
) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime.fromtimestamp(_T0, UTC)
    receipts = []
    for index, (created, modified_after, shipped, paid) in enumerate(ages):
        created_at = start + timedelta(seconds=created)
        receipt = Receipt(
            index + 1, 1, 1, 2, "b@example.com", "B", "US", "Paid",
            created_at, created_at + timedelta(seconds=modified_after), "USD",
        )  # fmt: skip
        receipt.is_shipped, receipt.is_paid = shipped, paid
        receipts.append(receipt)
    names = ("min_created", "max_created", "min_last_modified", "max_last_modified")
    params: dict[str, Any] = {n: v for n, v in zip(names, window, strict=True) if v is not None}
    if was_shipped is not None:
        params["was_shipped"] = str(was_shipped).lower()
    keep = receipt_filter(httpx.Request("GET", "http://sandbox/receipts", params=params))
    low_c, high_c, low_m, high_m = window

    def expected(receipt: Receipt) -> bool:
        created = int(receipt.created.timestamp())
        modified = int(receipt.updated.timestamp())
        return (
            (low_c is None or created >= low_c)
            and (high_c is None or created <= high_c)
            and (low_m is None or modified >= low_m)
            and (high_m is None or modified <= high_m)
            and (was_shipped is None or receipt.is_shipped == was_shipped)
        )

    assert [r.receipt_id for r in receipts if keep(r)] == [
        r.receipt_id for r in receipts if expected(r)
    ]


# -- catalogued behaviours (QUIRKS ids) ----------------------------------------------------------


def test_etsy_q13_a_cancellation_is_not_in_a_last_modified_window(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    listing = sandbox.add_listing("MUG", quantity=50)
    cancelled, refunded = sandbox.place_order(listing), sandbox.place_order(listing)
    clock.advance(3600)
    start = now_ts(clock)
    clock.advance(60)
    sandbox.cancel_order(cancelled)
    sandbox.refund_order(refunded, Decimal("2.00"))
    assert receipts(sandbox, client, min_last_modified=start) == []
    assert receipts(sandbox, client, min_last_modified=start, was_canceled="true") == []
    # Still listed by creation time, with its canceled flag.
    assert receipts(sandbox, client, max_created=start, was_canceled="true") == [cancelled]

    sandbox.behaviours.disable("ETSY-Q13").disable("ETSY-Q17")
    clock.advance(60)
    other = sandbox.place_order(listing)
    sandbox.cancel_order(other)
    assert receipts(sandbox, client, min_last_modified=start + 61, was_canceled="true") == [other]


def test_etsy_q14_lists_without_the_filter_include_canceled_receipts(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = sandbox.add_listing("MUG", quantity=50)
    kept, canceled = sandbox.place_order(listing), sandbox.place_order(listing)
    sandbox.cancel_order(canceled)
    assert set(receipts(sandbox, client)) == {kept, canceled}
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{canceled}"
    assert client.get(path).json()["status"] == "Canceled"  # read by id: 200, not 404

    sandbox.behaviours.disable("ETSY-Q14")  # the default before 2023-05-31: canceled hidden
    assert receipts(sandbox, client) == [kept]
    assert receipts(sandbox, client, was_canceled="true") == [canceled]


def test_etsy_q15_statuses_are_capitalised_and_lower_case_when_switched_off(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG"))
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"
    assert client.get(path).json()["status"] == "Paid"
    sandbox.behaviours.disable("ETSY-Q15")
    assert client.get(path).json()["status"] == "paid"


def test_etsy_q16_flags_are_buckets_and_a_late_payment_moves_no_timestamp(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    listing = sandbox.add_listing("MUG", quantity=50)
    late = sandbox.place_order(listing, paid=False)
    paid = sandbox.place_order(listing)
    assert receipts(sandbox, client, was_paid="false") == [late]
    assert receipts(sandbox, client, was_paid="true") == [paid]
    clock.advance(3600)
    start = now_ts(clock)
    sandbox.pay_order(late)
    assert receipts(sandbox, client, min_last_modified=start) == []
    assert set(receipts(sandbox, client, was_paid="true")) == {late, paid}

    sandbox.behaviours.disable("ETSY-Q16")
    other = sandbox.place_order(listing, paid=False)
    clock.advance(60)
    sandbox.pay_order(other)
    assert receipts(sandbox, client, min_last_modified=start + 1) == [other]


def test_etsy_q17_refunds_are_listed_and_leave_totals_and_timestamp_alone(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    listing = sandbox.add_listing("MUG", price="20.00", quantity=50)
    receipt_id = sandbox.place_order(listing)
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"
    before = client.get(path).json()
    clock.advance(3600)
    sandbox.refund_order(receipt_id, Decimal("5.00"), reason="Damaged")
    clock.advance(60)
    sandbox.refund_order(receipt_id)
    after = client.get(path).json()

    assert after["status"] == "Fully Refunded"
    for field in ("grandtotal", "subtotal", "total_price", "updated_timestamp"):
        assert after[field] == before[field]
    assert [(r["amount"]["amount"], r["reason"], r["status"]) for r in after["refunds"]] == [
        (500, "Damaged", "SUCCESS"),
        (before["grandtotal"]["amount"] - 500, "Seller refund", "SUCCESS"),
    ]
    assert after["refunds"][0]["created_timestamp"] == before["updated_timestamp"] + 3600

    sandbox.behaviours.disable("ETSY-Q17")
    other = sandbox.place_order(listing)
    clock.advance(60)
    sandbox.refund_order(other, Decimal("1.00"))
    body = client.get(f"/v3/application/shops/{sandbox.shop_id}/receipts/{other}").json()
    assert body["updated_timestamp"] == now_ts(clock)


def test_etsy_q31_a_withheld_address_comes_back_empty(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG"), address_withheld=True)
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"
    body = client.get(path).json()
    fields = ("first_line", "city", "zip", "country_iso", "formatted_address")
    assert [body[name] for name in fields] == [""] * len(fields)
    assert body["name"]
    sandbox.behaviours.disable("ETSY-Q31")
    assert client.get(path).json()["city"] == "Sandbox City"


def test_etsy_q17_the_payment_ledger_shows_each_refund_and_its_receipt(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    listing = sandbox.add_listing("MUG", price="20.00", quantity=50)
    receipt_id = sandbox.place_order(listing)
    clock.advance(3600)
    start = now_ts(clock)
    sandbox.refund_order(receipt_id, Decimal("5.00"))
    shop = f"/v3/application/shops/{sandbox.shop_id}"
    entries = client.get(
        f"{shop}/payment-account/ledger-entries",
        params={"min_created": start, "max_created": now_ts(clock)},
    ).json()["results"]
    assert [(e["ledger_type"], e["amount"]) for e in entries] == [("REFUND", -500)]
    payments = client.get(
        f"{shop}/payment-account/ledger-entries/payments",
        params={"ledger_entry_ids": str(entries[0]["entry_id"])},
    ).json()["results"]
    assert [p["receipt_id"] for p in payments] == [receipt_id]
    assert payments[0]["adjusted_gross"]["amount"] == payments[0]["amount_gross"]["amount"] - 500
