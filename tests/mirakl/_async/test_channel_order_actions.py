"""Accepting (OR21) and shipping (OR23, OR24) Mirakl orders through the channel's order side,
against the sandbox over loopback, lost answers and Mirakl's refusals included."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from tests.mirakl._async.orders_harness import SIDES, Served, order_side, served

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, UnsupportedOperation
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.mirakl._async.orders import AsyncMiraklOrders
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.testing import Fault

ACCEPT = "/api/orders/{}/accept"
TRACK = "/api/orders/{}/tracking"
SHIP = "/api/orders/{}/ship"


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock)


@pytest.fixture
def server(sandbox: MiraklSandbox) -> Iterator[Served]:
    with served(sandbox) as running:
        yield running


@pytest.fixture(params=SIDES)
async def host(
    request: pytest.FixtureRequest, server: Served, clock: FakeClock
) -> AsyncIterator[AsyncMiraklOrders]:
    async with order_side(request.param, server, clock) as side:
        yield side


def _decisions(server: Served, order_id: str) -> list[list[dict[str, object]]]:
    return [
        json.loads(r.content)["order_lines"]
        for r in server.requests
        if r.method == "PUT" and r.url.path == ACCEPT.format(order_id)
    ]


def _outcomes(results: object) -> dict[str, str]:
    return {r.key: r.outcome.value for r in results}  # type: ignore[attr-defined]


def shipment(clock: FakeClock, carrier: str = "Colissimo", number: str | None = "6A99") -> Shipment:
    return Shipment(carrier=carrier, tracking_number=number, shipped_at=clock.now())


# Acceptance (OR21) -------------------------------------------------------------------------


async def test_accepting_an_order_decides_every_line_in_one_call(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox
) -> None:
    results = await host.accept_order("8580226801-A")
    assert _outcomes(results) == {"8580226801-A-1": "ok", "8580226801-A-2": "ok"}
    assert _decisions(server, "8580226801-A") == [
        [{"id": "8580226801-A-1", "accepted": True}, {"id": "8580226801-A-2", "accepted": True}]
    ]
    assert sandbox.orders["8580226801-A"].state == "WAITING_DEBIT"


async def test_accepting_some_lines_refuses_the_others_in_the_same_call(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox
) -> None:
    results = await host.accept_order("8580226801-A", ["8580226801-A-2"])
    assert _outcomes(results) == {"8580226801-A-1": "ok", "8580226801-A-2": "ok"}
    assert _decisions(server, "8580226801-A") == [
        [{"id": "8580226801-A-1", "accepted": False}, {"id": "8580226801-A-2", "accepted": True}]
    ]
    lines = {line.line_id: line.state for line in sandbox.orders["8580226801-A"].lines}
    assert lines == {"8580226801-A-1": "REFUSED", "8580226801-A-2": "WAITING_DEBIT"}


async def test_refusing_every_line_refuses_the_order_by_the_seller(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    results = await host.accept_order("8580226802-A", [])
    assert _outcomes(results) == {"8580226802-A-1": "ok"}
    assert sandbox.orders["8580226802-A"].state == "REFUSED"
    cancellations = [c async for c in host.iter_cancellations(clock.now() - timedelta(hours=1))]
    refused = next(c for c in cancellations if c.order_id == "8580226802-A")
    assert refused.marketplace_status == "REFUSED"
    assert refused.cancelled_by is not None
    assert refused.cancelled_by.value == "seller"


async def test_an_order_already_accepted_is_not_sent_again(
    host: AsyncMiraklOrders, server: Served
) -> None:
    await host.accept_order("8580226801-A")
    again = await host.accept_order("8580226801-A")
    assert _outcomes(again) == {"8580226801-A-1": "ok", "8580226801-A-2": "ok"}
    assert len(_decisions(server, "8580226801-A")) == 1
    refuse_now = await host.accept_order("8580226801-A", ["8580226801-A-1"])
    assert _outcomes(refuse_now) == {"8580226801-A-1": "ok", "8580226801-A-2": "rejected"}
    assert len(_decisions(server, "8580226801-A")) == 1


async def test_an_unknown_line_is_rejected_and_the_order_still_decided(
    host: AsyncMiraklOrders, server: Served
) -> None:
    results = await host.accept_order("8580226802-A", ["8580226802-A-1", "NOPE"])
    assert _outcomes(results) == {"8580226802-A-1": "ok", "NOPE": "rejected"}
    assert [r.key for r in results] == ["8580226802-A-1", "NOPE"]
    assert results[1].reason is not None
    assert results[1].reason.code == "unknown_line"


async def test_an_order_still_in_staging_is_retried_later_without_a_call(
    host: AsyncMiraklOrders, server: Served, clock: FakeClock
) -> None:
    results = await host.accept_order("8580226800-A")
    assert _outcomes(results) == {"8580226800-A-1": "retry_later"}
    assert _decisions(server, "8580226800-A") == []


@pytest.mark.parametrize("side", SIDES)
async def test_partial_acceptance_disabled_rejects_the_decided_lines_with_mirakls_code(
    clock: FakeClock, side: str
) -> None:
    # MIRAKL-Q09: some operators refuse mixed decisions.
    sandbox = MiraklSandbox(clock=clock, partial_acceptance=False)
    with served(sandbox) as server:
        async with order_side(side, server, clock) as host:
            results = await host.accept_order("8580226801-A", ["8580226801-A-1"])
    assert _outcomes(results) == {"8580226801-A-1": "rejected", "8580226801-A-2": "rejected"}
    assert {r.reason.code for r in results if r.reason} == {"ORDER_PARTIAL_ACCEPTANCE_DISABLED"}
    assert sandbox.orders["8580226801-A"].state == "WAITING_ACCEPTANCE"


async def test_a_lost_answer_to_or21_is_read_again_and_never_sent_twice(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox
) -> None:
    sandbox.faults.add(Fault.timeout_after_apply(), operation="OR21")
    results = await host.accept_order("8580226801-A")
    assert _outcomes(results) == {"8580226801-A-1": "ok", "8580226801-A-2": "ok"}
    assert len(_decisions(server, "8580226801-A")) == 1
    assert sandbox.orders["8580226801-A"].state == "WAITING_DEBIT"


async def test_an_or21_that_never_reached_mirakl_is_sent_again_after_reading(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox
) -> None:
    sandbox.faults.add(Fault.error(503), operation="OR21")
    results = await host.accept_order("8580226801-A")
    assert _outcomes(results) == {"8580226801-A-1": "ok", "8580226801-A-2": "ok"}
    # The first OR21 got a 503 without reaching the shop; the second, sent after reading
    # the order still waiting, is the one the shop applied.
    assert [fired[1] for fired in sandbox.faults.fired] == [ACCEPT.format("8580226801-A")]
    assert len(_decisions(server, "8580226801-A")) == 1
    reads = [r for r in server.requests if r.url.path == "/api/orders"]
    assert len(reads) == 2  # the read before, and the read after the lost answer
    assert sandbox.orders["8580226801-A"].state == "WAITING_DEBIT"


async def test_two_lost_answers_leave_the_lines_unknown(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox
) -> None:
    sandbox.faults.add(Fault.error(502), operation="OR21", count=2)
    results = await host.accept_order("8580226801-A")
    assert {r.outcome for r in results} == {Outcome.UNKNOWN}


async def test_a_429_on_or21_waits_its_retry_after(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.rate_limited(retry_after=42), operation="OR21")
    results = await host.accept_order("8580226801-A")
    assert all(r.is_ok for r in results)
    assert 42 in clock.sleeps


async def test_or21_held_back_by_429s_is_retried_later_with_retry_after(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, server: Served
) -> None:
    sandbox.faults.add(Fault.rate_limited(retry_after=42), operation="OR21", count=20)
    results = await host.accept_order("8580226801-A")
    assert {r.outcome for r in results} == {Outcome.RETRY_LATER}
    assert {r.retry_after for r in results} == {42}
    assert sandbox.orders["8580226801-A"].state == "WAITING_ACCEPTANCE"


async def test_orders_a_window_read_awaiting_acceptance_are_decided_without_a_read(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    now = clock.now()
    waiting = [
        order.order_id
        async for order in host.iter_orders(now - timedelta(days=3), now, ["WAITING_ACCEPTANCE"])
    ]
    assert sorted(waiting) == ["8580226801-A", "8580226802-A", "8580226803-A"]
    for order_id in waiting:
        assert all(r.is_ok for r in await host.accept_order(order_id))
    assert len(server.operations("GET", "/api/orders")) == 1  # the window alone
    assert {sandbox.orders[i].state for i in waiting} == {"WAITING_DEBIT"}
    again = await host.accept_order("8580226801-A")  # read afresh: decided, nothing sent
    assert all(r.is_ok for r in again)
    assert len(_decisions(server, "8580226801-A")) == 1


async def test_an_order_read_waiting_but_refused_since_is_read_after_mirakl_refuses(
    host: AsyncMiraklOrders, server: Served, clock: FakeClock
) -> None:
    now = clock.now()
    _ = [o async for o in host.iter_orders(now - timedelta(days=3), now, ["WAITING_ACCEPTANCE"])]
    clock.advance(4 * 86_400)  # the operator refuses them, unanswered (MIRAKL-Q09)
    results = await host.accept_order("8580226802-A")
    assert _outcomes(results) == {"8580226802-A-1": "rejected"}
    assert results[0].reason is not None
    assert results[0].reason.code == "line_refused"
    assert len(_decisions(server, "8580226802-A")) == 1  # refused by Mirakl, without effect


async def test_accepting_an_unknown_order_is_not_found(host: AsyncMiraklOrders) -> None:
    with pytest.raises(NotFoundError):
        await host.accept_order("0000000000-A")


async def test_an_order_the_operator_refused_meanwhile_reports_its_lines(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    # MIRAKL-Q09: the operator refuses an order unanswered in time, here just before OR21.
    def refuse(request: httpx.Request) -> None:
        if request.url.path == ACCEPT.format("8580226801-A"):
            clock.advance(4 * 86_400)

    server.before.append(refuse)
    results = await host.accept_order("8580226801-A")
    assert _outcomes(results) == {"8580226801-A-1": "rejected", "8580226801-A-2": "rejected"}
    assert {r.reason.code for r in results if r.reason} == {"line_refused"}


# Shipping (OR23, then OR24) ----------------------------------------------------------------


async def test_ready_to_ship_sends_tracking_then_ships(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    result = await host.ready_to_ship("8580226806-A", shipment(clock))
    assert result.is_ok
    writes = server.operations("PUT")
    assert writes == [f"PUT {TRACK.format('8580226806-A')}", f"PUT {SHIP.format('8580226806-A')}"]
    tracking = json.loads(next(r for r in server.requests if r.method == "PUT").content)
    assert tracking == {"carrier_code": "COLISSIMO", "tracking_number": "6A99"}
    order = sandbox.orders["8580226806-A"]
    assert order.state == "SHIPPED"
    assert order.carrier["tracking_number"] == "6A99"
    canonical = await host.get_order("8580226806-A")
    assert canonical.marketplace_status == "SHIPPED"
    assert [(s.carrier, s.tracking_number) for s in canonical.shipments] == [("Colissimo", "6A99")]


async def test_a_carrier_the_operator_does_not_list_goes_by_name(
    host: AsyncMiraklOrders, server: Served, clock: FakeClock
) -> None:
    sent = Shipment(
        carrier="Coursier Lyon",
        tracking_number="CL-1",
        tracking_url="https://coursier.example/CL-1",
        shipped_at=clock.now(),
    )
    assert (await host.ready_to_ship("8580226806-A", sent)).is_ok
    tracking = json.loads(next(r for r in server.requests if r.method == "PUT").content)
    assert tracking == {
        "carrier_name": "Coursier Lyon",
        "carrier_url": "https://coursier.example/CL-1",
        "tracking_number": "CL-1",
    }


async def test_an_order_already_shipped_is_ok_and_never_shipped_twice(
    host: AsyncMiraklOrders, server: Served, clock: FakeClock
) -> None:
    assert (await host.ready_to_ship("8580226806-A", shipment(clock))).is_ok
    assert (await host.ready_to_ship("8580226806-A", shipment(clock))).is_ok
    assert (await host.ready_to_ship("8580226808-A", shipment(clock))).is_ok
    assert server.count("PUT", SHIP.format("8580226806-A")) == 1
    assert server.count("PUT", SHIP.format("8580226808-A")) == 0


@pytest.mark.parametrize(
    ("order_id", "outcome", "words"),
    [
        ("8580226801-A", Outcome.REJECTED, "accept the order"),
        ("8580226804-A", Outcome.RETRY_LATER, "WAITING_DEBIT"),
        ("8580226800-A", Outcome.RETRY_LATER, "STAGING"),
        ("8580226812-A", Outcome.REJECTED, "CANCELED"),
    ],
)
async def test_an_order_not_to_ship_yet_is_answered_from_its_state(
    host: AsyncMiraklOrders,
    server: Served,
    clock: FakeClock,
    order_id: str,
    outcome: Outcome,
    words: str,
) -> None:
    result = await host.ready_to_ship(order_id, shipment(clock))
    assert result.outcome is outcome
    assert result.reason is not None
    assert words in result.reason.message
    assert server.operations("PUT") == []


async def test_or24s_bare_400_names_the_state_the_order_moved_to(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    # MIRAKL-Q11: the order left SHIPPING between the read and OR24 (the operator cancelled it).
    def cancel(request: httpx.Request) -> None:
        if request.url.path == SHIP.format("8580226806-A"):
            sandbox.orders["8580226806-A"].state = "CANCELED"

    server.before.append(cancel)
    result = await host.ready_to_ship("8580226806-A", shipment(clock))
    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert "CANCELED" in result.reason.message
    assert server.count("PUT", SHIP.format("8580226806-A")) == 1
    assert server.operations()[-1] == "GET /api/orders"  # the client read the state back


async def test_tracking_refused_for_an_order_cancelled_meanwhile_ships_nothing(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    def cancel(request: httpx.Request) -> None:
        if request.url.path == TRACK.format("8580226806-A"):
            sandbox.orders["8580226806-A"].state = "CANCELED"

    server.before.append(cancel)
    result = await host.ready_to_ship("8580226806-A", shipment(clock))
    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert "CANCELED" in result.reason.message
    assert server.count("PUT", SHIP.format("8580226806-A")) == 0


async def test_a_tracked_shipping_method_without_tracking_is_rejected_with_mirakls_words(
    host: AsyncMiraklOrders, clock: FakeClock
) -> None:
    # MIRAKL-Q11: "Tracking details are mandatory for this shipping method".
    result = await host.ready_to_ship("8580226807-A", shipment(clock, number=None))
    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert "mandatory" in result.reason.message


async def test_a_lost_answer_to_or24_is_read_again_and_never_sent_twice(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.timeout_after_apply(), operation="OR24")
    assert (await host.ready_to_ship("8580226806-A", shipment(clock))).is_ok
    assert server.count("PUT", SHIP.format("8580226806-A")) == 1
    assert sandbox.orders["8580226806-A"].state == "SHIPPED"


async def test_an_or24_mirakl_never_got_is_sent_again_after_reading(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.error(500), operation="OR24")
    assert (await host.ready_to_ship("8580226806-A", shipment(clock))).is_ok
    assert [fired[1] for fired in sandbox.faults.fired] == [SHIP.format("8580226806-A")]
    assert server.count("PUT", SHIP.format("8580226806-A")) == 1
    assert sandbox.orders["8580226806-A"].state == "SHIPPED"


async def test_two_lost_or24_answers_are_unknown(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.error(502), operation="OR24", count=2)
    result = await host.ready_to_ship("8580226806-A", shipment(clock))
    assert result.outcome is Outcome.UNKNOWN


async def test_tracking_mirakl_already_holds_is_not_sent_again(
    host: AsyncMiraklOrders, server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.orders["8580226806-A"].carrier = {
        "carrier_code": "COLISSIMO",
        "carrier_name": "Colissimo",
        "carrier_url": None,
        "tracking_number": "6A99",
    }
    assert (await host.ready_to_ship("8580226806-A", shipment(clock))).is_ok
    assert server.operations("PUT") == [f"PUT {SHIP.format('8580226806-A')}"]


async def test_a_shipment_of_some_lines_is_refused_before_anything_is_sent(
    host: AsyncMiraklOrders, server: Served, clock: FakeClock
) -> None:
    some = Shipment(carrier="UPS", shipped_at=clock.now(), line_ids=("8580226806-A-1",))
    with pytest.raises(UnsupportedOperation):
        await host.ready_to_ship("8580226806-A", some)
    assert server.operations("PUT") == []


async def test_sh21_is_read_once_for_many_shipments(
    host: AsyncMiraklOrders, server: Served, clock: FakeClock
) -> None:
    await host.ready_to_ship("8580226806-A", shipment(clock))
    await host.ready_to_ship("8580226807-A", shipment(clock, "UPS", "1Z1"))
    assert len(server.operations("GET", "/api/shipping/carriers")) == 1


async def test_shipping_20_orders_waits_for_no_once_a_minute_slot(clock: FakeClock) -> None:
    # Each order is read by id before it ships: OR11's synchronous use ("at each order page
    # display"), its own bucket, never held to the poll's once a minute.
    sandbox = MiraklSandbox(
        clock=clock, shop=ShopSeed.generated(clock.now(), offers=20, orders=400, seed=1)
    )
    ids = sorted(o.order_id for o in sandbox.orders.values() if o.state == "SHIPPING")[:20]
    assert len(ids) == 20
    with served(sandbox) as server:
        async with order_side("channel", server, clock) as host:
            started = clock.monotonic()
            results = [await host.ready_to_ship(order_id, shipment(clock)) for order_id in ids]
            assert clock.monotonic() - started < 60
    assert [r.outcome for r in results] == [Outcome.OK] * 20
    assert sandbox.throttled == []
    by_id = [r for r in server.requests if r.url.path == "/api/orders"]
    assert len(by_id) == 20
    assert all("order_ids" in r.url.params for r in by_id)
    assert [sandbox.orders[order_id].state for order_id in ids] == ["SHIPPED"] * 20
