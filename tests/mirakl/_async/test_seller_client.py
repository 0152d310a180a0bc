"""The Mirakl seller client over the in-process transport, against a small stub of the MMP API
(`tests/mirakl/mmp_stub.py`): offers, offer imports, order polling, acceptance, shipping,
typed errors and per-operation limits."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from tests.mirakl.mmp_stub import MmpStub

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import (
    InvalidRequestError,
    NotFoundError,
    QuotaExhaustedError,
    ResponseParseError,
)
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.mirakl import (
    AsyncMiraklSellerClient,
    MiraklAcceptanceError,
    MiraklOrderStateError,
    OfferChange,
    OfferUpdate,
    OrderDeduplicator,
    Tracking,
    decisions_for,
)
from marketplace_sdk.mirakl._shared.seller import MMP_LIMITER_MARGIN
from marketplace_sdk.testing import Fault

BASE_URL = "https://acme-dev.mirakl.net"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def stub(clock: FakeClock) -> MmpStub:
    return MmpStub(clock, offers=5)


@pytest.fixture
async def client(stub: MmpStub, clock: FakeClock) -> AsyncIterator[AsyncMiraklSellerClient]:
    async with AsyncMiraklSellerClient(
        "shop-key", base_url=BASE_URL, transport=stub.transport(), clock=clock
    ) as mirakl:
        yield mirakl


async def test_offers_are_listed_across_pages(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    skus = [offer.shop_sku async for offer in client.list_offers(page_size=2)]
    assert skus == [f"SKU-{n}" for n in range(5)]
    offsets = [request.url.params["offset"] for request in stub.requests]
    assert offsets == ["0", "2", "4"]


async def test_push_offer_changes_keeps_every_field_and_reports_each_sku(
    client: AsyncMiraklSellerClient, stub: MmpStub, clock: FakeClock
) -> None:
    stub.refuse_skus = {"SKU-2"}
    started = clock.monotonic()
    results = await client.push_offer_changes(
        {
            "SKU-1": OfferChange(quantity=0),
            "SKU-2": OfferChange(price="-1"),
            "SKU-3": OfferChange(quantity=9, price="19.90"),
            "NOPE": OfferChange(quantity=1),
        }
    )
    outcomes = {result.key: result.outcome for result in results}
    assert outcomes == {
        "SKU-1": Outcome.OK,
        "SKU-2": Outcome.REJECTED,
        "SKU-3": Outcome.OK,
        "NOPE": Outcome.REJECTED,
    }
    assert [result.key for result in results] == ["SKU-1", "SKU-2", "SKU-3", "NOPE"]
    sent = [r for r in stub.requests if r.method == "POST"]
    assert len(sent) == 1  # one OF24 call, NOPE never sent
    offers = {offer["shop_sku"]: offer for offer in json.loads(sent[0].content)["offers"]}
    assert set(offers) == {"SKU-1", "SKU-3"}  # SKU-2 refused before sending (price -1)
    assert offers["SKU-1"]["quantity"] == 0
    assert offers["SKU-1"]["leadtime_to_ship"] == 3  # kept, not reset (MIRAKL-Q06)
    assert offers["SKU-1"]["discount"] == {"price": 10}
    assert offers["SKU-3"]["price"] == 19.9
    assert stub.offers["SKU-3"]["quantity"] == 9
    assert clock.monotonic() - started >= 60  # OF02 polled once a minute


async def test_a_complete_import_with_refused_lines_is_not_all_ok(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    stub.refuse_skus = {"SKU-2"}
    results = await client.push_offer_changes(
        {"SKU-1": OfferChange(quantity=4), "SKU-2": OfferChange(quantity=5)}
    )
    assert [result.outcome for result in results] == [Outcome.OK, Outcome.REJECTED]
    reason = results[1].reason
    assert reason is not None
    assert reason.message == "Price must be positive"


async def test_orders_page_by_offset_until_the_total(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    for n in range(5):
        stub.add_order(f"O{n}-A", "SHIPPING", T0 + timedelta(minutes=n))
    ids = [order.order_id async for order in client.list_orders(page_size=2)]
    assert ids == [f"O{n}-A" for n in range(5)]


async def test_orders_page_by_seek_token(client: AsyncMiraklSellerClient, stub: MmpStub) -> None:
    for n in range(5):
        stub.add_order(f"O{n}-A", "SHIPPING", T0 + timedelta(minutes=n))
    ids = [order.order_id async for order in client.list_orders(page_size=2, seek=True)]
    assert ids == [f"O{n}-A" for n in range(5)]
    tokens = [request.url.params.get("page_token") for request in stub.requests]
    assert tokens == [None, "2", "4"]


async def test_only_the_first_page_of_a_poll_waits_for_the_minute(
    client: AsyncMiraklSellerClient, stub: MmpStub, clock: FakeClock
) -> None:
    for n in range(4):
        stub.add_order(f"O{n}-A", "SHIPPING", T0)
    started = clock.monotonic()
    assert len([o async for o in client.list_orders(page_size=1)]) == 4
    assert clock.monotonic() - started < 1  # four pages, one OR11 slot
    assert len([o async for o in client.list_orders(page_size=4)]) == 4
    # The second poll: the next minute, and the margin for the first one's transit.
    assert clock.monotonic() - started == pytest.approx(60 + MMP_LIMITER_MARGIN, abs=0.1)


async def test_updated_orders_overlap_and_each_version_comes_once(
    client: AsyncMiraklSellerClient, stub: MmpStub, clock: FakeClock
) -> None:
    stub.add_order("A-A", "WAITING_ACCEPTANCE", T0)
    stub.add_order("B-A", "SHIPPING", T0 + timedelta(minutes=1))
    seen = OrderDeduplicator()
    first = [o.order_id async for o in client.list_updated_orders(T0, seen=seen)]
    assert first == ["A-A", "B-A"]
    assert stub.requests[-1].url.params["start_update_date"] == "2025-12-31T23:55:00Z"
    stub.add_order("B-A", "SHIPPED", T0 + timedelta(minutes=3))  # updated again
    clock.advance(60)
    again = [
        o.order_id async for o in client.list_updated_orders(T0 + timedelta(minutes=1), seen=seen)
    ]
    assert again == ["B-A"]  # A-A read again through the overlap, dropped


async def test_accept_every_line_then_track_then_ship(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    stub.add_order("O-A", "WAITING_ACCEPTANCE", T0, lines=2)
    order = await client.get_order("O-A")
    assert order is not None
    await client.accept_order(order.order_id, decisions_for(order))
    await client.ship_with_tracking("O-A", Tracking(carrier_code="UPS", tracking_number="1Z9"))
    operations = [(r.method, r.url.path.rsplit("/", 1)[-1]) for r in stub.requests[1:]]
    assert operations == [("PUT", "accept"), ("PUT", "tracking"), ("PUT", "ship")]
    assert stub.orders[0]["order_state"] == "SHIPPED"


async def test_or21_error_codes_are_typed(client: AsyncMiraklSellerClient, stub: MmpStub) -> None:
    stub.add_order("O-A", "WAITING_ACCEPTANCE", T0, lines=2)
    order = await client.get_order("O-A")
    assert order is not None
    partial = decisions_for(order)[:1]
    with pytest.raises(MiraklAcceptanceError) as missing:
        await client.accept_order("O-A", partial)
    assert missing.value.code == "ORDER_LINE_ACCEPTANCE_DECISION_MISSING"
    assert len([r for r in stub.requests if r.method == "PUT"]) == 1  # a write: not retried
    stub.add_order("S-A", "SHIPPED", T0)
    shipped = await client.get_order("S-A")
    assert shipped is not None
    with pytest.raises(MiraklOrderStateError) as state:
        await client.accept_order("S-A", decisions_for(shipped))
    assert state.value.code == "ORDER_INVALID_STATE"
    with pytest.raises(NotFoundError):
        await client.accept_order("GONE-A", partial)


async def test_ship_outside_shipping_says_the_order_state(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    stub.add_order("O-A", "WAITING_ACCEPTANCE", T0)
    with pytest.raises(MiraklOrderStateError) as caught:
        await client.ship_order("O-A")
    assert caught.value.status == 400
    assert "WAITING_ACCEPTANCE" in caught.value.message
    assert isinstance(caught.value.__cause__, InvalidRequestError)  # Mirakl's bare 400
    assert [r.method for r in stub.requests] == ["PUT", "GET"]  # re-read once, not resent


async def test_429_waits_for_retry_after(
    client: AsyncMiraklSellerClient, stub: MmpStub, clock: FakeClock
) -> None:
    stub.throttle_next["/api/offers"] = 30
    started = clock.monotonic()
    offer = await client.get_offer("SKU-1")
    assert offer is not None
    assert offer.quantity == 1
    assert clock.monotonic() - started == pytest.approx(30, abs=0.1)
    assert len(stub.requests) == 2


async def test_a_second_of24_in_the_same_minute_is_held_back(
    stub: MmpStub, clock: FakeClock
) -> None:
    async with AsyncMiraklSellerClient(
        "shop-key", base_url=BASE_URL, transport=stub.transport(), clock=clock, max_wait=10
    ) as client:
        offer = await client.get_offer("SKU-1")
        assert offer is not None
        await client.update_offers([OfferUpdate.from_offer(offer, quantity=2)])
        with pytest.raises(QuotaExhaustedError) as caught:
            await client.update_offers([OfferUpdate.from_offer(offer, quantity=3)])
    assert caught.value.retry_after == pytest.approx(60 + MMP_LIMITER_MARGIN, abs=0.1)
    assert len([r for r in stub.requests if r.method == "POST"]) == 1


async def test_a_lost_of24_answer_is_unknown_and_not_resent(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    stub.faults.add(Fault.timeout_after_apply(), operation="OF24")
    results = await client.push_offer_changes({"SKU-1": OfferChange(quantity=8)})
    assert [result.outcome for result in results] == [Outcome.UNKNOWN]
    assert len([r for r in stub.requests if r.method == "POST"]) == 1
    assert stub.offers["SKU-1"]["quantity"] == 8  # it was applied: hence "unknown", not "retry"


async def test_an_import_outliving_the_wait_is_retry_later_with_its_id(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    results = await client.push_offer_changes({"SKU-1": OfferChange(quantity=8)}, timeout=30)
    assert [result.outcome for result in results] == [Outcome.RETRY_LATER]
    assert results[0].marketplace_id == "2000"


async def test_an_offer_file_gives_each_sku_a_result_tied_by_line(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    stub.refuse_skus = {"SKU-0"}  # first data line: the report names line 2, not the SKU
    data = b"sku;product-id;product-id-type;price;quantity;state\n"
    data += b"SKU-0;P0;SKU;5;1;11\nSKU-1;P1;SKU;6;2;11\n"
    results = await client.push_offer_file(data, filename="offers.csv")
    assert [(r.key, r.outcome) for r in results] == [
        ("SKU-0", Outcome.REJECTED),
        ("SKU-1", Outcome.OK),
    ]


async def test_a_page_without_its_list_is_an_error_not_the_end(
    client: AsyncMiraklSellerClient, stub: MmpStub
) -> None:
    stub.faults.add(Fault.malformed(b'{"total_count": 3}'), operation="OF21", count=5)
    with pytest.raises(ResponseParseError):
        [offer async for offer in client.list_offers()]
