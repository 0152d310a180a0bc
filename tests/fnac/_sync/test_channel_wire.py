# Generated from tests/fnac/_async/test_channel_wire.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""An `<order>` or `<offer>` FNAC's schema refuses is that record's `RecordError`, and a date
that cannot be read is one too: the rest of the page goes on, nothing is read as empty.

The sandbox answers in full; an `AlteringTransport` makes one record odd in every answer that
carries it, as FNAC sending one odd record would. The answer itself must still be whole: a cut
answer is an error of the page, never a shorter one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from tests.answers import AlteringTransport, xml_record_altered
from tests.fnac._sync.support import credentials

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ErrorClass, RecordError
from marketplace_sdk.core._models import Order
from marketplace_sdk.fnac import FnacChannel, FnacClient, OffersQueryRequest
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=10, orders=0, clock=clock)


def client_through(
    sandbox: FnacSandbox, clock: FakeClock, transport: AlteringTransport
) -> FnacClient:
    return FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )


def odd_order(sandbox: FnacSandbox, order_id: str, old: str, new: str) -> AlteringTransport:
    alter = xml_record_altered("order", f">{order_id}<", old, new)
    return AlteringTransport(sandbox.transport(), "orders_query", alter)


def read_ids(orders: Iterator[Order], seen: list[str]) -> None:
    """Note each order's id as it comes, up to the error that ends the iteration."""
    for order in orders:
        seen.append(order.order_id)


def six_orders(sandbox: FnacSandbox, clock: FakeClock) -> list[str]:
    placed = []
    for n in range(6):
        clock.advance(60)
        placed.append(sandbox.place_order([f"SKU-{n + 1:05d}"]).order_id)
    return placed


def test_an_order_fnacs_schema_refuses_is_its_record_error_and_the_page_goes_on(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    since = clock.now()
    placed = six_orders(sandbox, clock)
    bad = placed[3]
    transport = odd_order(sandbox, bad, "<quantity>1</quantity>", "<quantity>one</quantity>")
    channel = FnacChannel(client_through(sandbox, clock, transport))
    window = (since, clock.now() + timedelta(seconds=1))
    whole = FnacChannel(
        client_through(
            sandbox,
            clock,
            AlteringTransport(sandbox.transport(), "orders_query", lambda body: body),
        )
    )
    as_sent = [order.order_id for order in whole.iter_orders(*window)]

    # by default the iterator raises on the record at fault, after the records before it
    seen: list[str] = []
    with pytest.raises(RecordError) as caught:
        read_ids(channel.iter_orders(*window), seen)
    assert seen == as_sent[: as_sent.index(bad)]
    error = caught.value
    assert (error.marketplace, error.kind, error.record_id) == ("fnac", "order", bad)
    assert error.error_class is ErrorClass.SYSTEM
    assert "<quantity>one</quantity>" in error.raw["xml"]  # the order as FNAC sent it
    assert error.raw["order_state"] == "Created"
    assert type(error.__cause__).__name__ == "ValidationError"
    assert "quantity" in error.message

    aside: list[RecordError] = []
    orders = [o for o in channel.iter_orders(*window, quarantine=aside.append)]
    assert [o.order_id for o in orders] == [o for o in as_sent if o != bad]
    assert [(e.kind, e.record_id) for e in aside] == [("order", bad)]

    for read in (
        lambda: channel.get_order(bad),
        lambda: channel.accept_order(bad),
    ):
        with pytest.raises(RecordError) as caught:
            read()
        assert (caught.value.kind, caught.value.record_id) == ("order", bad)
    assert (channel.get_order(placed[0])).order_id == placed[0]


@pytest.mark.parametrize(
    "garbled",
    ["not a date", "2026-13-45T10:00:00+01:00", "9999-12-31T23:59:59-14:00"],
)
def test_an_order_date_that_cannot_be_read_is_its_record_error_not_an_empty_date(
    sandbox: FnacSandbox, clock: FakeClock, garbled: str
) -> None:
    # Read as empty, the order would take another of its dates as its creation: no error, a
    # wrong date in the OMS.
    since = clock.now()
    placed = six_orders(sandbox, clock)
    bad = placed[1]
    order_date = re.compile(rf"(<order_id>{bad}</order_id><state>\w+</state><created_at>)[^<]*")

    def garble(body: bytes) -> bytes:
        return order_date.sub(lambda match: match.group(1) + garbled, body.decode()).encode()

    transport = AlteringTransport(sandbox.transport(), "orders_query", garble)
    channel = FnacChannel(client_through(sandbox, clock, transport))
    aside: list[RecordError] = []
    window = (since, clock.now() + timedelta(seconds=1))
    orders = [o for o in channel.iter_orders(*window, quarantine=aside.append)]
    assert sorted(o.order_id for o in orders) == sorted(o for o in placed if o != bad)
    assert [(e.kind, e.record_id) for e in aside] == [("order", bad)]
    assert "created_at" in aside[0].message
    assert garbled in aside[0].raw["xml"]
    with pytest.raises(RecordError):
        channel.get_order(bad)


def test_an_odd_cancelled_order_is_set_aside_as_a_cancellation(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    since = clock.now()
    placed = six_orders(sandbox, clock)
    for order_id in placed[:3]:
        sandbox.cancel_order(order_id)
    clock.advance(60)
    transport = odd_order(sandbox, placed[1], "<quantity>1</quantity>", "<quantity>-</quantity>")
    channel = FnacChannel(client_through(sandbox, clock, transport))
    aside: list[RecordError] = []
    cancellations = [c for c in channel.iter_cancellations(since, quarantine=aside.append)]
    assert sorted(c.order_id for c in cancellations) == sorted([placed[0], placed[2]])
    assert [(e.kind, e.record_id) for e in aside] == [("cancellation", placed[1])]


def test_an_odd_offer_is_set_aside_and_read_alone_raises_its_record_error(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    quantity = sandbox.state.offers["SKU-00004"].quantity
    alter = xml_record_altered(
        "offer", "SKU-00004", f"<quantity>{quantity}</quantity>", "<quantity>lots</quantity>"
    )
    transport = AlteringTransport(sandbox.transport(), "offers_query", alter)
    channel = FnacChannel(client_through(sandbox, clock, transport))

    aside: list[RecordError] = []
    products = [p for p in channel.iter_products(quarantine=aside.append)]
    assert sorted(p.sku for p in products) == [f"SKU-{n:05d}" for n in range(1, 11) if n != 4]
    assert [(e.kind, e.record_id) for e in aside] == [("product", "SKU-00004")]
    assert aside[0].raw["quantity"] == "lots"
    with pytest.raises(RecordError):
        [p for p in channel.iter_products()]
    with pytest.raises(RecordError) as caught:
        channel.get_product("SKU-00004")
    assert caught.value.record_id == "SKU-00004"
    assert (channel.get_product("SKU-00005")).sku == "SKU-00005"


def test_a_page_whose_only_offer_is_set_aside_does_not_end_the_listing(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    # One offer a page: the second page's only record is odd; the third page is still read.
    quantity = sandbox.state.offers["SKU-00002"].quantity
    alter = xml_record_altered(
        "offer", "SKU-00002", f"<quantity>{quantity}</quantity>", "<quantity>lots</quantity>"
    )
    client = client_through(
        sandbox, clock, AlteringTransport(sandbox.transport(), "offers_query", alter)
    )
    aside: list[RecordError] = []
    offers = [
        o.offer_seller_id
        for o in client.offers_query(OffersQueryRequest(results_count=1), quarantine=aside.append)
    ]
    assert sorted(offers) == [f"SKU-{n:05d}" for n in range(1, 11) if n != 2]
    assert [e.record_id for e in aside] == ["SKU-00002"]
