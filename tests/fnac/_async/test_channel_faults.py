"""The FNAC channel under faults: 5xx answers, timeouts after the write applied, expired tokens,
answers cut short, records the mapping cannot convert."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from tests.answers import AlteringTransport, CuttingTransport
from tests.fnac._async.support import credentials

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ErrorClass, RecordError, ResponseParseError
from marketplace_sdk.core._models import PriceUpdate, Shipment, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.fnac import AsyncFnacChannel, AsyncFnacClient
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.testing import Fault


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=10, orders=0, clock=clock)


async def to_ship(sandbox: FnacSandbox, channel: AsyncFnacChannel, sku: str) -> str:
    order_id = sandbox.place_order([sku]).order_id
    accepted = await channel.accept_order(order_id)
    assert all(result.is_ok for result in accepted)
    sandbox.advance(3600)
    assert sandbox.order(order_id).state == "ToShip"
    return order_id


def shipment(clock: FakeClock) -> Shipment:
    return Shipment(carrier="UPS", tracking_number="1Z999", shipped_at=clock.now())


async def test_a_timeout_after_confirm_to_send_applied_is_not_sent_again(
    channel: AsyncFnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    order_id = await to_ship(sandbox, channel, "SKU-00001")
    sandbox.faults.add(Fault.timeout_after_apply(), operation="orders_update")
    result = await channel.ready_to_ship(order_id, shipment(clock))
    assert result.is_ok
    assert sandbox.order(order_id).state == "Shipped"
    assert sandbox.order(order_id).lines[0].tracking_number == "1Z999"
    assert sandbox.faults.pending() == 0
    # the acceptance and the one shipment FNAC applied: the channel read, it did not resend
    assert sandbox.calls.count("orders_update") == 2


async def test_a_5xx_on_confirm_to_send_is_read_then_sent_once(
    channel: AsyncFnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    order_id = await to_ship(sandbox, channel, "SKU-00002")
    sandbox.faults.add(Fault.error(503, b"Service Unavailable"), operation="orders_update")
    result = await channel.ready_to_ship(order_id, shipment(clock))
    assert result.is_ok
    assert sandbox.order(order_id).state == "Shipped"


async def test_a_timeout_after_accept_applied_reads_the_order_instead_of_resending(
    channel: AsyncFnacChannel, sandbox: FnacSandbox
) -> None:
    order_id = sandbox.place_order(["SKU-00003"]).order_id
    sandbox.faults.add(Fault.timeout_after_apply(), operation="orders_update")
    results = await channel.accept_order(order_id)
    assert [r.outcome for r in results] == [Outcome.OK]
    assert sandbox.order(order_id).state == "Accepted"


async def test_a_5xx_on_accept_is_read_then_sent_once(
    channel: AsyncFnacChannel, sandbox: FnacSandbox
) -> None:
    order_id = sandbox.place_order(["SKU-00006"]).order_id
    sandbox.faults.add(Fault.error(503, b"Service Unavailable"), operation="orders_update")
    results = await channel.accept_order(order_id)
    assert [r.outcome for r in results] == [Outcome.OK]
    assert sandbox.order(order_id).state == "Accepted"


async def test_reads_survive_a_5xx(channel: AsyncFnacChannel, sandbox: FnacSandbox) -> None:
    sandbox.faults.add(Fault.error(502, b"Bad Gateway"), operation="offers_query")
    products = [product async for product in channel.iter_products()]
    assert len(products) == 10


async def test_an_expired_token_is_renewed_during_a_push(
    channel: AsyncFnacChannel, sandbox: FnacSandbox
) -> None:
    product = await channel.get_product("SKU-00004")
    assert product.sku == "SKU-00004"
    sandbox.expire_tokens()
    results = await channel.push_stock([StockUpdate(sku="SKU-00004", quantity=3)])
    assert [r.is_ok for r in results] == [True]
    assert sandbox.calls.count("auth") == 2
    assert sandbox.state.offers["SKU-00004"].quantity == 3


async def test_a_5xx_on_offers_update_makes_its_skus_retry_later(
    channel: AsyncFnacChannel, sandbox: FnacSandbox
) -> None:
    sandbox.faults.add(Fault.error(503, b"Service Unavailable"), operation="offers_update")
    results = await channel.push_stock([StockUpdate(sku="SKU-00005", quantity=2)])
    assert [r.outcome for r in results] == [Outcome.RETRY_LATER]


def cutting_channel(
    sandbox: FnacSandbox, clock: FakeClock, service: str, *, times: int | None = 1
) -> tuple[AsyncFnacChannel, CuttingTransport]:
    """A channel whose answers to `service` are cut in half (`times` times; None: always)."""
    transport = CuttingTransport(sandbox.transport(), service, times=times)
    client = AsyncFnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )
    return AsyncFnacChannel(client), transport


async def test_an_orders_page_cut_in_half_is_asked_again_not_taken_as_complete(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = {sandbox.place_order([f"SKU-{n % 10 + 1:05d}"]).order_id for n in range(20)}
    channel, cutter = cutting_channel(sandbox, clock, "orders_query")
    window = (clock.now() - timedelta(days=1), clock.now() + timedelta(seconds=1))
    orders = [order async for order in channel.iter_orders(*window)]
    assert cutter.cut == 1
    assert {order.order_id for order in orders} == placed
    assert sandbox.calls.count("orders_query") == 2


async def test_an_orders_page_cut_every_time_is_an_error_never_a_shorter_page(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    for n in range(20):
        sandbox.place_order([f"SKU-{n % 10 + 1:05d}"])
    channel, _ = cutting_channel(sandbox, clock, "orders_query", times=None)
    window = (clock.now() - timedelta(days=1), clock.now() + timedelta(seconds=1))
    seen: list[str] = []

    async def read_into(seen: list[str]) -> None:
        async for order in channel.iter_orders(*window):
            seen.append(order.order_id)

    with pytest.raises(ResponseParseError) as caught:
        await read_into(seen)
    assert seen == []
    assert caught.value.error_class is ErrorClass.TRANSIENT


async def test_an_offers_page_cut_in_half_is_asked_again(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel, cutter = cutting_channel(sandbox, clock, "offers_query")
    products = [product async for product in channel.iter_products()]
    assert cutter.cut == 1
    assert sorted(product.sku for product in products) == sorted(sandbox.state.offers)


_DATES = re.compile(r"<(created_at|debited_at|received_at|refused_at)>[^<]*</\1>")


def undated(order_id: str) -> Callable[[bytes], bytes]:
    """What FNAC would send if one order lost its dates: the others are untouched."""

    def alter(body: bytes) -> bytes:
        def strip(block: re.Match[str]) -> str:
            text = block.group(0)
            return _DATES.sub("", text) if f">{order_id}<" in text else text

        return re.sub(r"<order>.*?</order>", strip, body.decode(), flags=re.S).encode()

    return alter


def altered_channel(
    sandbox: FnacSandbox, clock: FakeClock, alter: Callable[[bytes], bytes]
) -> tuple[AsyncFnacChannel, AlteringTransport]:
    transport = AlteringTransport(sandbox.transport(), "orders_query", alter)
    client = AsyncFnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )
    return AsyncFnacChannel(client), transport


async def test_an_order_the_mapping_cannot_convert_is_a_typed_error_by_default(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = [sandbox.place_order([f"SKU-{n + 1:05d}"]).order_id for n in range(6)]
    bad = placed[2]
    channel, _ = altered_channel(sandbox, clock, undated(bad))
    window = (clock.now() - timedelta(days=1), clock.now() + timedelta(seconds=1))
    with pytest.raises(RecordError) as caught:
        [order async for order in channel.iter_orders(*window)]
    error = caught.value
    assert (error.marketplace, error.kind, error.record_id) == ("fnac", "order", bad)
    assert isinstance(error.__cause__, ValueError)
    assert bad in str(error.raw)  # the order as FNAC sent it
    with pytest.raises(RecordError):
        await channel.get_order(bad)


async def test_given_a_quarantine_the_other_orders_of_the_page_are_read(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = [sandbox.place_order([f"SKU-{n + 1:05d}"]).order_id for n in range(6)]
    bad = placed[2]
    channel, _ = altered_channel(sandbox, clock, undated(bad))
    window = (clock.now() - timedelta(days=1), clock.now() + timedelta(seconds=1))
    aside: list[RecordError] = []
    orders = [o async for o in channel.iter_orders(*window, quarantine=aside.append)]
    assert sorted(order.order_id for order in orders) == sorted(set(placed) - {bad})
    assert [error.record_id for error in aside] == [bad]


async def test_an_offer_the_mapping_cannot_convert_is_set_aside_or_raised(
    channel: AsyncFnacChannel, sandbox: FnacSandbox
) -> None:
    sandbox.state.offers["SKU-00004"].quantity = -3
    aside: list[RecordError] = []
    products = [p async for p in channel.iter_products(quarantine=aside.append)]
    assert "SKU-00004" not in {product.sku for product in products}
    assert len(products) == len(sandbox.state.offers) - 1
    assert [(error.kind, error.record_id) for error in aside] == [("product", "SKU-00004")]
    with pytest.raises(RecordError, match="SKU-00004"):
        [product async for product in channel.iter_products()]
    with pytest.raises(RecordError):
        await channel.get_product("SKU-00004")


# --- a push of several chunks, batches in flight ---------------------------------------------


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    """Chunks of 3 offers, so a 10-offer push makes 4 `offers_update` calls."""
    monkeypatch.setattr(endpoints, "MAX_OFFERS_PER_UPDATE", 3)
    return 3


#: Attempts the engine makes of an idempotent call (a `batch_status` poll) before giving up.
ATTEMPTS = RetryPolicy().max_attempts


def pipelined(sandbox: FnacSandbox, clock: FakeClock) -> AsyncFnacChannel:
    client = AsyncFnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    return AsyncFnacChannel(client, poll_interval=5, batches_in_flight=2)


def stock_and_price(skus: list[str]) -> tuple[list[StockUpdate], list[PriceUpdate]]:
    price = Money(amount="17.50", currency="EUR")
    return (
        [StockUpdate(sku=sku, quantity=40 + n) for n, sku in enumerate(skus)],
        [PriceUpdate(sku=sku, price=price) for sku in skus],
    )


async def test_chunks_go_out_while_earlier_batches_are_processed(
    sandbox: FnacSandbox, clock: FakeClock, small_chunks: int
) -> None:
    skus = sorted(sandbox.state.offers)
    sandbox.calls.clear()
    stock, prices = await pipelined(sandbox, clock).push_stock_and_prices(*stock_and_price(skus))
    assert all(result.is_ok for result in [*stock, *prices])
    operations = [call.operation for call in sandbox.calls.calls if call.operation != "auth"]
    # the second chunk is sent before the first batch is polled: two batches in flight
    assert operations[:3] == ["offers_update", "offers_update", "batch_status"]
    assert operations.count("offers_update") == 4
    assert [sandbox.state.offers[sku].quantity for sku in skus] == list(range(40, 50))


async def test_a_chunk_refused_while_the_next_is_in_flight_loses_nothing(
    sandbox: FnacSandbox, clock: FakeClock, small_chunks: int
) -> None:
    skus = sorted(sandbox.state.offers)
    stock_updates, price_updates = stock_and_price(skus)
    channel = pipelined(sandbox, clock)
    await channel.push_stock([StockUpdate(sku=skus[0], quantity=1)])  # the token, before faults
    before = {sku: sandbox.state.offers[sku].quantity for sku in skus}
    sandbox.faults.add(Fault.error(503, b"Service Unavailable"), operation="offers_update")
    sandbox.calls.clear()

    stock, prices = await channel.push_stock_and_prices(stock_updates, price_updates)

    refused = {result.key for result in stock if result.outcome is Outcome.RETRY_LATER}
    assert refused == set(skus[:3])  # the first chunk, refused before FNAC saw it
    assert {r.key for r in prices if r.outcome is Outcome.RETRY_LATER} == refused
    assert all(r.is_ok for r in [*stock, *prices] if r.key not in refused)
    assert all(sandbox.state.offers[sku].quantity == before[sku] for sku in refused)
    assert sandbox.calls.count("offers_update") == 3  # the others went out, once each


async def test_a_lost_answer_is_found_by_its_batch_and_never_sent_twice(
    sandbox: FnacSandbox, clock: FakeClock, small_chunks: int
) -> None:
    skus = sorted(sandbox.state.offers)
    channel = pipelined(sandbox, clock)
    await channel.push_stock([StockUpdate(sku=skus[0], quantity=1)])
    sandbox.faults.add(Fault.timeout_after_apply(), operation="offers_update")
    sandbox.calls.clear()

    stock, prices = await channel.push_stock_and_prices(*stock_and_price(skus))

    assert all(result.is_ok for result in [*stock, *prices])
    assert sandbox.calls.count("offers_update") == 4  # the lost one was not sent again
    assert sandbox.calls.count("batch_query") == 1
    assert [sandbox.state.offers[sku].quantity for sku in skus] == list(range(40, 50))


async def test_a_batch_lost_while_the_next_is_in_flight_leaves_only_its_offers_to_retry(
    sandbox: FnacSandbox, clock: FakeClock, small_chunks: int
) -> None:
    skus = sorted(sandbox.state.offers)
    channel = pipelined(sandbox, clock)
    await channel.push_stock([StockUpdate(sku=skus[0], quantity=1)])
    # the first batch's status cannot be read at all: every attempt fails
    sandbox.faults.add(Fault.error(502), operation="batch_status", count=ATTEMPTS)
    sandbox.calls.clear()

    stock, prices = await channel.push_stock_and_prices(*stock_and_price(skus))

    waiting = {result.key for result in stock if not result.is_ok}
    assert waiting == set(skus[:3])
    assert all(result.outcome is Outcome.RETRY_LATER for result in stock if result.key in waiting)
    assert {result.key for result in prices if not result.is_ok} == waiting
    assert sandbox.calls.count("offers_update") == 4


async def test_a_refused_call_is_never_matched_to_an_earlier_batch_of_the_same_size(
    sandbox: FnacSandbox, clock: FakeClock, small_chunks: int
) -> None:
    skus = sorted(sandbox.state.offers)[:3]
    sandbox.behaviours.disable("FNAC-Q01")  # batches applied at once: no time passes
    sandbox.behaviours.disable("FNAC-Q03.details-read-once")  # its report names the offers
    channel = pipelined(sandbox, clock)
    first = await channel.push_stock([StockUpdate(sku=sku, quantity=5) for sku in skus])
    assert all(result.is_ok for result in first)
    sandbox.faults.add(Fault.error(503, b"Service Unavailable"), operation="offers_update")

    again = await channel.push_stock([StockUpdate(sku=sku, quantity=3) for sku in skus])

    # batch_query lists the earlier batch of three offers, created in the same second: it is
    # the channel's own, never taken for the lost one
    assert sandbox.calls.count("batch_query") == 1
    assert [result.outcome for result in again] == [Outcome.RETRY_LATER] * 3
    assert [sandbox.state.offers[sku].quantity for sku in skus] == [5, 5, 5]


async def test_a_call_refused_for_one_element_rejects_the_update_that_set_it(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    skus = sorted(sandbox.state.offers)[:3]
    channel = pipelined(sandbox, clock)
    refusal = (
        b'<offers_update_response status="ERROR"><error code="ERR_146" severity="ERROR">'
        b"XML Schema Validation failed: Element 'price': [facet] The value is not accepted. "
        b"line: 4</error></offers_update_response>"
    )
    await channel.push_stock([StockUpdate(sku=skus[0], quantity=1)])  # the token, before faults
    sandbox.faults.add(Fault.error(200, refusal), operation="offers_update")

    stock, prices = await channel.push_stock_and_prices(*stock_and_price(skus))

    # line 4 of the document is the second offer: its price is FNAC's refusal, its stock and
    # the other offers are retry later (nothing of the call was applied)
    assert [(r.key, r.outcome) for r in prices] == [
        (skus[0], Outcome.RETRY_LATER),
        (skus[1], Outcome.REJECTED),
        (skus[2], Outcome.RETRY_LATER),
    ]
    assert [r.outcome for r in stock] == [Outcome.RETRY_LATER] * 3
    assert prices[1].reason is not None
    assert prices[1].reason.code == "ERR_146"
