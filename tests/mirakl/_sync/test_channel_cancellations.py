# Generated from tests/mirakl/_async/test_channel_cancellations.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Cancellations, refusals and refunds of Mirakl orders (MIRAKL-Q09, Q10, Q12), as the
channel's `iter_cancellations` and `iter_orders` report them, against the sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from tests.mirakl._sync.orders_harness import SIDES, Served, order_side, served

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Cancellation, CancelledBy
from marketplace_sdk.mirakl import CancelationRequest, RefundRequest
from marketplace_sdk.mirakl._sync.orders import MiraklOrders
from marketplace_sdk.mirakl.sandbox import MiraklSandbox


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock)


@pytest.fixture
def server(sandbox: MiraklSandbox) -> Iterator[Served]:
    with served(sandbox) as running:
        yield running


@pytest.fixture(params=SIDES)
def host(
    request: pytest.FixtureRequest, server: Served, clock: FakeClock
) -> Iterator[MiraklOrders]:
    with order_side(request.param, server, clock) as side:
        yield side


def _cancellations(host: MiraklOrders, clock: FakeClock, days: float) -> dict[str, Cancellation]:
    found = [c for c in host.iter_cancellations(clock.now() - timedelta(days=days))]
    by_id = {c.order_id: c for c in found}
    assert len(by_id) == len(found)  # each order once
    return by_id


def test_cancelled_and_refused_orders_are_whole_order_cancellations(
    host: MiraklOrders, clock: FakeClock
) -> None:
    found = _cancellations(host, clock, 10)
    assert set(found) == {"8580226812-A", "8580226813-A"}
    cancelled, refused = found["8580226812-A"], found["8580226813-A"]
    assert (cancelled.marketplace_status, cancelled.line_ids) == ("CANCELED", ())
    assert (refused.marketplace_status, refused.cancelled_by) == ("REFUSED", CancelledBy.SELLER)
    assert refused.reason == "Seeded"
    assert isinstance(refused.raw, dict)
    assert refused.raw["order_id"] == "8580226813-A"


def test_an_order_the_operator_refused_unanswered_is_cancelled_by_the_marketplace(
    host: MiraklOrders, clock: FakeClock, sandbox: MiraklSandbox
) -> None:
    # MIRAKL-Q09: orders not decided within three days are refused by the operator.
    clock.advance(4 * 86_400)
    found = _cancellations(host, clock, 4)
    refused = {i for i, c in found.items() if c.cancelled_by == CancelledBy.MARKETPLACE}
    assert refused == {"8580226800-A", "8580226801-A", "8580226802-A", "8580226803-A"}
    assert all(found[i].marketplace_status == "REFUSED" for i in refused)
    for order_id in refused:
        due = sandbox.orders[order_id].updated
        assert found[order_id].cancelled_at == due  # when it fell due, not when it was read


def test_an_unpaid_order_cancelled_by_the_operator_is_reported(
    host: MiraklOrders, clock: FakeClock
) -> None:
    # MIRAKL-Q10: unpaid accepted orders are cancelled after 72 hours.
    clock.advance(73 * 3_600)
    found = _cancellations(host, clock, 1)
    assert found["8580226805-A"].marketplace_status == "CANCELED"
    assert found["8580226805-A"].line_ids == ()


def test_a_line_cancelled_for_a_quantity_is_a_cancellation_of_that_line(
    host: MiraklOrders, clock: FakeClock
) -> None:
    clock.advance(60)
    created = host._seller.cancel_lines(
        [
            CancelationRequest(
                order_line_id="8580226807-A-1",
                amount="7.90",
                shipping_amount=0,
                quantity=1,
                reason_code="34",
            )
        ]
    )
    assert len(created.cancelations) == 1
    found = _cancellations(host, clock, 1)
    line = found["8580226807-A"]
    assert (line.line_ids, line.marketplace_status) == (("8580226807-A-1",), "SHIPPING")
    order = host.get_order("8580226807-A")
    assert order.lines[0].quantity == 5  # six ordered, one cancelled
    assert order.totals.items is not None
    assert order.totals.items.amount == Decimal("39.50")
    assert order.totals.total.amount == Decimal("44.40")


def test_a_whole_refund_cancels_the_line_and_a_partial_one_is_money_only(
    host: MiraklOrders, clock: FakeClock
) -> None:
    # MIRAKL-Q12: refunds are per line; reconcile the money from the order's refunds.
    clock.advance(60)
    host._seller.refund_lines(
        [
            RefundRequest(
                order_line_id="8580226808-A-1", amount="29.50", shipping_amount=0, reason_code="15"
            ),
            RefundRequest(
                order_line_id="8580226810-A-1", amount="10", shipping_amount=0, reason_code="15"
            ),
        ]
    )
    found = _cancellations(host, clock, 1)
    assert found["8580226808-A"].line_ids == ("8580226808-A-1",)
    assert found["8580226808-A"].marketplace_status == "SHIPPED"
    assert "8580226810-A" not in found
    now = clock.now()
    window = host.iter_orders(now - timedelta(minutes=2), now + timedelta(seconds=1))
    orders = {o.order_id: o for o in window}
    partial = orders["8580226810-A"]
    assert [(str(r.amount), r.line_ids, r.reason) for r in partial.refunds] == [
        ("10.0 EUR", ("8580226810-A-1",), "15")
    ]
    assert partial.totals.total.amount == Decimal("109.70")  # what the buyer paid, unchanged
    assert partial.refunded().amount == Decimal("10.0")


def test_an_order_that_cannot_be_read_is_set_aside_as_a_cancellation(
    host: MiraklOrders, clock: FakeClock, sandbox: MiraklSandbox
) -> None:
    sandbox.orders["8580226812-A"].lines[0].offer_id = "x"  # type: ignore[assignment]
    aside: list[RecordError] = []
    found = [
        c
        for c in host.iter_cancellations(clock.now() - timedelta(days=10), quarantine=aside.append)
    ]
    assert [c.order_id for c in found] == ["8580226813-A"]
    assert [(e.kind, e.record_id) for e in aside] == [("cancellation", "8580226812-A")]


def test_without_a_quarantine_the_bad_order_raises_as_a_cancellation(
    host: MiraklOrders, clock: FakeClock, sandbox: MiraklSandbox
) -> None:
    sandbox.orders["8580226812-A"].lines[0].offer_id = "x"  # type: ignore[assignment]
    with pytest.raises(RecordError) as raised:
        _ = [c for c in host.iter_cancellations(clock.now() - timedelta(days=10))]
    assert (raised.value.kind, raised.value.record_id) == ("cancellation", "8580226812-A")
