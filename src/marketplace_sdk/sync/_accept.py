"""Order acceptance (FNAC): accept an order only when the OMS has every line in stock.

FNAC's buyer pays, and the order waits (`Created`, lines `ToAccept`) until the seller accepts
or refuses its lines. The FNAC seed's table says what the OMS does with a "To be Shipped"
order: New "when all items in the order are in stock", Partial "if any item is out of stock",
the order waiting "until the item becomes available". So `accept_orders`:

- reads each order first (read before write): an order the marketplace already moved on
  (accepted, cancelled, shipped) is reported *not applicable* and never accepted twice;
- compares every line with the OMS's available quantity (`stock`: SKU to quantity; several
  lines of one SKU add up, and, with `AcceptPolicy.reserve`, what this run already accepted
  is counted as taken);
- accepts the whole order when every line is in stock (OMS status New), and otherwise leaves
  it untouched on the marketplace for the OMS, which holds it as Partial with the lines short;
- with `AcceptPolicy(auto=False)` sends nothing at all: every order is left to the OMS.

Nothing is refused on the marketplace: refusing lines is a seller's decision the OMS makes.
On a channel whose orders need no acceptance (`capabilities.order_acceptance_required` false,
Etsy) every order is not applicable and no acceptance is sent. The job speaks only to the
`Channel` protocol.

Examples:
    >>> policy = AcceptPolicy(auto=False)
    >>> policy.auto, policy.reserve
    (False, True)
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from enum import StrEnum
from typing import Protocol

import attrs

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._errors import ErrorClass, MarketplaceError, RecordError
from marketplace_sdk.core._models import Order
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.core._status import OmsStatus, normalize_status
from marketplace_sdk.sync._jobs import OrderSource
from marketplace_sdk.sync._windows import Window

__all__ = [
    "AcceptDecision",
    "AcceptPolicy",
    "AcceptReport",
    "AcceptSource",
    "OrderAcceptance",
    "ShortLine",
    "StockLookup",
    "accept_orders",
]

logger = logging.getLogger(__name__)

#: The OMS's available quantity of a SKU (what it can still promise).
StockLookup = Callable[[str], int]


class AcceptSource(OrderSource, Protocol):
    """The part of `Channel` order acceptance uses.

    Examples:
        >>> AcceptSource.__name__
        'AcceptSource'
    """

    @property
    def capabilities(self) -> Capabilities:
        """What the marketplace supports (`order_acceptance_required`)."""
        ...

    def get_order(self, order_id: str) -> Order:
        """One order, read fresh."""
        ...

    def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        """Accept an order's lines; one result per line."""
        ...


class AcceptDecision(StrEnum):
    """What `accept_orders` did with one order.

    Examples:
        >>> AcceptDecision("partial") is AcceptDecision.PARTIAL
        True
    """

    ACCEPTED = "accepted"
    """Every line was in stock: the order was accepted on the marketplace (OMS: New)."""
    PARTIAL = "partial"
    """A line is short: the order was left untouched for the OMS (OMS: Partial)."""
    LEFT_TO_OMS = "left_to_oms"
    """Automatic acceptance is off: nothing was sent; the OMS decides (New or Partial)."""
    NOT_APPLICABLE = "not_applicable"
    """Nothing to accept: already accepted, cancelled or shipped, or no acceptance needed."""
    FAILED = "failed"
    """Reading or accepting failed, or the marketplace refused a line; see the note."""


@attrs.frozen
class ShortLine:
    """A line the OMS cannot fill: the quantity its SKU needs and what is available.

    Examples:
        >>> ShortLine("2", "MUG-1", wanted=3, available=1).missing
        2
    """

    line_id: str
    sku: str | None
    wanted: int
    available: int

    @property
    def missing(self) -> int:
        """How many units are lacking."""
        return max(self.wanted - self.available, 0)


@attrs.frozen
class OrderAcceptance:
    """The outcome for one order.

    Attributes:
        order_id: the marketplace's order id.
        decision: what was done.
        oms_status: the status the OMS should hold the order in, when the run decided it
            (New, Partial), or the one the marketplace's status alone gives (Canceled, ...).
        short: the lines out of stock (for Partial).
        results: the marketplace's per-line results, when an acceptance was sent.
        note: a sentence for a person.

    Examples:
        >>> OrderAcceptance("1", AcceptDecision.PARTIAL).is_partial
        True
    """

    order_id: str
    decision: AcceptDecision
    oms_status: OmsStatus | None = None
    short: tuple[ShortLine, ...] = ()
    results: tuple[ItemResult, ...] = ()
    note: str = ""

    @property
    def is_partial(self) -> bool:
        """Whether the order waits for stock in the OMS."""
        return self.decision is AcceptDecision.PARTIAL


def _normalized_states(states: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_status(state) for state in states)


@attrs.frozen
class AcceptPolicy:
    """How `accept_orders` decides.

    Attributes:
        auto: accept automatically when every line is in stock; `False` leaves every order
            to the OMS (nothing is sent).
        reserve: count the quantities accepted earlier in the same run as taken, so two
            orders do not both get the last unit before the OMS has booked the first.
        awaiting_line_states: the line states (the marketplace's words, matched ignoring case,
            spaces, hyphens and underscores) that mean the line awaits the seller's decision:
            FNAC's `ToAccept`.
        restock_statuses: the order statuses (matched the same way) after which the
            marketplace may have set the stock of the order's offers to 0: Mirakl's `REFUSED`
            (an operator zeroes it on refusal, MIRAKL-Q09). Such an order's SKUs are listed in
            `AcceptReport.restock`, for the OMS's stock to be pushed again.

    Examples:
        >>> AcceptPolicy().awaits("to_accept")
        True
        >>> AcceptPolicy(restock_statuses={"REFUSED"}).restocks("refused")
        True
    """

    auto: bool = True
    reserve: bool = True
    awaiting_line_states: frozenset[str] = attrs.field(
        default=frozenset({"ToAccept"}), converter=_normalized_states
    )
    restock_statuses: frozenset[str] = attrs.field(
        default=frozenset(), converter=_normalized_states
    )

    def awaits(self, line_state: str | None) -> bool:
        """Whether a line in `line_state` still awaits acceptance."""
        return line_state is not None and normalize_status(line_state) in self.awaiting_line_states

    def restocks(self, status: str | None) -> bool:
        """Whether an order in `status` may have left its offers' stock at 0."""
        return status is not None and normalize_status(status) in self.restock_statuses


@attrs.define
class AcceptReport:
    """Every order's outcome, in the order processed.

    Examples:
        >>> report = AcceptReport([OrderAcceptance("9", AcceptDecision.ACCEPTED)])
        >>> report.accepted, report.get("9").decision.value
        (['9'], 'accepted')
    """

    orders: list[OrderAcceptance] = attrs.Factory(list)
    #: SKUs of orders in a `restock_statuses` status (refused, say): their stock to push again.
    restock: list[str] = attrs.Factory(list)
    #: The marketplace's results for the stock pushed again (the acceptance job fills them).
    restocked: list[ItemResult] = attrs.Factory(list)

    def _ids(self, decision: AcceptDecision) -> list[str]:
        return [item.order_id for item in self.orders if item.decision is decision]

    @property
    def accepted(self) -> list[str]:
        """Orders accepted by this run."""
        return self._ids(AcceptDecision.ACCEPTED)

    @property
    def partial(self) -> list[str]:
        """Orders left untouched because a line is short (OMS: Partial)."""
        return self._ids(AcceptDecision.PARTIAL)

    @property
    def left_to_oms(self) -> list[str]:
        """Orders not sent because automatic acceptance is off."""
        return self._ids(AcceptDecision.LEFT_TO_OMS)

    @property
    def not_applicable(self) -> list[str]:
        """Orders with nothing to accept."""
        return self._ids(AcceptDecision.NOT_APPLICABLE)

    @property
    def failed(self) -> list[str]:
        """Orders whose read or acceptance failed."""
        return self._ids(AcceptDecision.FAILED)

    def get(self, order_id: str) -> OrderAcceptance:
        """The outcome of `order_id`.

        Raises:
            KeyError: the run did not process it.
        """
        for item in self.orders:
            if item.order_id == order_id:
                return item
        raise KeyError(order_id)


def _short_lines(
    order: Order, stock: StockLookup, taken: Counter[str], policy: AcceptPolicy
) -> tuple[ShortLine, ...]:
    wanted: Counter[str] = Counter()
    for line in order.lines:
        if line.sku is not None:
            wanted[line.sku] += line.quantity
    available = {sku: stock(sku) - (taken[sku] if policy.reserve else 0) for sku in wanted}
    short: list[ShortLine] = []
    for line in order.lines:
        if line.sku is None:
            short.append(ShortLine(line.line_id, None, line.quantity, 0))
        elif available[line.sku] < wanted[line.sku]:
            short.append(
                ShortLine(line.line_id, line.sku, wanted[line.sku], max(available[line.sku], 0))
            )
    return tuple(short)


def _decide(
    source: AcceptSource,
    order: Order,
    stock: StockLookup,
    taken: Counter[str],
    policy: AcceptPolicy,
) -> OrderAcceptance:
    order_id = order.order_id
    if not any(policy.awaits(line.marketplace_status) for line in order.lines):
        return OrderAcceptance(
            order_id,
            AcceptDecision.NOT_APPLICABLE,
            order.oms_status,
            note=f"the marketplace shows it {order.marketplace_status}; nothing to accept",
        )
    short = _short_lines(order, stock, taken, policy)
    if short:
        skus = ", ".join(sorted({line.sku or f"line {line.line_id}" for line in short}))
        return OrderAcceptance(
            order_id, AcceptDecision.PARTIAL, OmsStatus.PARTIAL, short, note=f"short: {skus}"
        )
    if not policy.auto:
        return OrderAcceptance(
            order_id, AcceptDecision.LEFT_TO_OMS, OmsStatus.NEW, note="automatic acceptance off"
        )
    try:
        results = tuple(source.accept_order(order_id))
    except MarketplaceError as error:
        if error.error_class is ErrorClass.CONFIGURATION:
            raise  # refused credentials are not about this order: stop the run
        return OrderAcceptance(order_id, AcceptDecision.FAILED, note=str(error))
    refused = [result for result in results if not result.is_ok]
    if refused:
        reasons = "; ".join(f"line {r.key}: {r.reason}" for r in refused)
        return OrderAcceptance(order_id, AcceptDecision.FAILED, None, (), results, reasons)
    for line in order.lines:
        if line.sku is not None:
            taken[line.sku] += line.quantity
    return OrderAcceptance(
        order_id, AcceptDecision.ACCEPTED, OmsStatus.NEW, (), results, "every line in stock"
    )


def _candidates(
    source: AcceptSource, orders: Iterable[Order | str] | Window, retry: Iterable[str]
) -> Iterator[Order | str | RecordError]:
    if isinstance(orders, Window):
        # Orders listed now are fresh: they are decided on as read, not read a second time.
        # One that cannot be converted comes as its error, in its place, and fails alone.
        unreadable: list[RecordError] = []
        for order in source.iter_orders(orders.start, orders.end, quarantine=unreadable.append):
            yield from unreadable
            unreadable.clear()
            yield order
        yield from unreadable
    else:
        for item in orders:
            yield item.order_id if isinstance(item, Order) else item
    yield from retry


def _id_of(item: Order | str | RecordError) -> str | None:
    if isinstance(item, RecordError):
        return item.record_id
    return item.order_id if isinstance(item, Order) else item


def accept_orders(
    source: AcceptSource,
    orders: Iterable[Order | str] | Window,
    *,
    stock: StockLookup,
    policy: AcceptPolicy | None = None,
    retry: Iterable[str] = (),
) -> AcceptReport:
    """Accept the orders whose every line the OMS has in stock; leave the others to the OMS.

    Args:
        source: the channel.
        orders: the orders to consider: order ids or `Order`s (each read again before a
            decision, since the host's copy may be stale), or a `Window` of update times whose
            orders the channel lists. An order id given twice is processed once.
        stock: the OMS's available quantity per SKU.
        policy: automatic acceptance or not, and how stock is counted.
        retry: ids of orders whose acceptance failed in an earlier run (read again and decided
            with the others, in the same stock count).

    Returns:
        One `OrderAcceptance` per order. A failure to read, convert or accept one order is
        reported for that order (`FAILED`) and the run goes on with the others (an order
        whose id cannot be read either is logged and left out).

    Examples:
        report = accept_orders(fnac_channel, Window(last_run, now), stock=oms.available)
        for order_id in report.partial: oms.hold_as_partial(order_id, report.get(order_id).short)
    """
    policy = policy or AcceptPolicy()
    report = AcceptReport()
    if not source.capabilities.order_acceptance_required:
        for item in _candidates(source, orders, retry):
            order_id = _id_of(item)
            if order_id is None:
                continue
            report.orders.append(
                OrderAcceptance(
                    order_id,
                    AcceptDecision.NOT_APPLICABLE,
                    note=f"{source.marketplace} orders need no acceptance",
                )
            )
        return report
    taken: Counter[str] = Counter()
    seen: set[str] = set()
    for item in _candidates(source, orders, retry):
        order_id = _id_of(item)
        if order_id is None:
            logger.warning("%s/%s: %s", source.marketplace, source.shop_id, item)
            continue
        if order_id in seen:
            continue
        seen.add(order_id)
        if isinstance(item, RecordError):
            report.orders.append(OrderAcceptance(order_id, AcceptDecision.FAILED, note=str(item)))
            continue
        if isinstance(item, Order):
            order = item
        else:
            try:
                order = source.get_order(order_id)
            except MarketplaceError as error:
                if error.error_class is ErrorClass.CONFIGURATION:
                    raise
                report.orders.append(
                    OrderAcceptance(order_id, AcceptDecision.FAILED, note=str(error))
                )
                continue
        outcome = _decide(source, order, stock, taken, policy)
        if outcome.decision is AcceptDecision.NOT_APPLICABLE and policy.restocks(
            order.marketplace_status
        ):
            report.restock.extend(
                line.sku
                for line in order.lines
                if line.sku is not None and line.sku not in report.restock
            )
        logger.info(
            "%s/%s order %s: %s", source.marketplace, source.shop_id, order_id, outcome.decision
        )
        report.orders.append(outcome)
    return report
