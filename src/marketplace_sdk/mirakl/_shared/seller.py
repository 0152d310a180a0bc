"""What the sync and async Mirakl seller clients share: engine settings, the OF02 poll plan, the
OR11 update window with its de-duplication, and OR21 decisions. Nothing here sends a request.

Examples:
    >>> from datetime import UTC, datetime
    >>> update_window_start(datetime(2026, 1, 1, 12, tzinfo=UTC)).isoformat()
    '2026-01-01T11:55:00+00:00'
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from marketplace_sdk.core._clock import Clock, ensure_utc
from marketplace_sdk.core._errors import (
    DeadlineExceededError,
    InvalidRequestError,
    MarketplaceError,
    RateLimitedError,
    TransportError,
    UnsupportedOperation,
)
from marketplace_sdk.core._results import ItemResult, Outcome, Reason
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.mirakl._errors import (
    MiraklOrderStateError,
    classify_seller_error,
    decode_seller_error,
)
from marketplace_sdk.mirakl._limits import mmp_buckets
from marketplace_sdk.mirakl._models import (
    LineDecision,
    Offer,
    OfferImport,
    OfferUpdate,
    Order,
    OrderState,
)
from marketplace_sdk.mirakl._shared.client import LIMITER_MARGIN, ClientBase, MiraklApi

__all__ = [
    "DEFAULT_OFFER_IMPORT_TIMEOUT",
    "DEFAULT_UPDATE_OVERLAP",
    "MMP_API",
    "MMP_LIMITER_MARGIN",
    "MMP_RETRY_DEADLINE",
    "OF02_POLL_INTERVAL",
    "OfferChange",
    "OrderDeduplicator",
    "SellerClientBase",
    "decisions_for",
    "update_window_start",
]

#: Seconds between OF02 polls: Mirakl's maximum usage for OF02 is once per minute.
OF02_POLL_INTERVAL = 60.0
#: How long `wait_for_offer_import` waits by default.
DEFAULT_OFFER_IMPORT_TIMEOUT = 2 * 3_600.0
#: How far before the last poll an OR11 update window starts (MIRAKL-Q02: late updates).
DEFAULT_UPDATE_OVERLAP = timedelta(minutes=5)


#: Seconds a seller call may take, its retries included: a retried OR11 poll, OF02 or OF24 waits
#: for its operation's next once-a-minute slot, so the engine's usual 120 s allowed two attempts
#: where five are meant (the chaos suite's OR11 polls gave up at 20 % faults).
MMP_RETRY_DEADLINE = 330.0

#: Seconds a seller operation's slot is held past its window: the rule every Mirakl client
#: follows (`LIMITER_MARGIN`), for the seller API's once-a-minute OF02, OF24 and OR11 polls.
MMP_LIMITER_MARGIN = LIMITER_MARGIN

#: The marketplace (MMP) seller API: its per-operation call frequencies held with a margin, its
#: typed order errors, and retries that leave room for five attempts of a once-a-minute call.
MMP_API = MiraklApi(
    buckets=mmp_buckets,
    error_decoder=decode_seller_error,
    classify=classify_seller_error,
    retry=RetryPolicy(deadline=MMP_RETRY_DEADLINE),
    margin=MMP_LIMITER_MARGIN,
)


def update_window_start(since: datetime, overlap: timedelta = DEFAULT_UPDATE_OVERLAP) -> datetime:
    """The `start_update_date` of an OR11 poll after one that ran at `since`, moved back by
    `overlap` so late updates are read again (and de-duplicated) rather than missed.

    Raises:
        ValueError: `since` is naive, or `overlap` negative.

    Examples:
        >>> from datetime import UTC
        >>> update_window_start(datetime(2026, 1, 1, tzinfo=UTC), timedelta(0)).isoformat()
        '2026-01-01T00:00:00+00:00'
    """
    if overlap < timedelta(0):
        raise ValueError(f"overlap must not be negative, not {overlap}")
    return ensure_utc(since) - overlap


class OrderDeduplicator:
    """Remembers which order versions were already handed out (MIRAKL-Q02).

    A version is `(order_id, last_updated_date)`: the same order updated again is new; the same
    version read again through an overlapping window is not. Memory is bounded: past `capacity`
    versions the oldest are forgotten (a window overlap is minutes, not a shop's history).

    Examples:
        >>> seen = OrderDeduplicator()
        >>> order = Order(order_id="O-A", order_state="SHIPPING")
        >>> seen.is_new(order), seen.is_new(order)
        (True, False)
    """

    def __init__(self, capacity: int = 100_000) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._seen: OrderedDict[tuple[str, str | None], None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def is_new(self, order: Order) -> bool:
        """Whether this version of the order was not seen yet (it is remembered from now on).

        Examples:
            >>> seen = OrderDeduplicator(capacity=1)
            >>> [seen.is_new(Order(order_id=i, order_state="SHIPPED")) for i in "AAB"]
            [True, False, True]
        """
        return self.is_new_version(order.dedupe_key)

    def is_new_version(self, key: tuple[str, str | None]) -> bool:
        """`is_new` of the order whose `dedupe_key` is `key` (read without its model).

        Examples:
            >>> seen = OrderDeduplicator()
            >>> seen.is_new_version(("O-A", None)), seen.is_new_version(("O-A", None))
            (True, False)
        """
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True


def decisions_for(
    order: Order, *, accept: bool = True, refuse: Sequence[str] = ()
) -> list[LineDecision]:
    """An OR21 decision for every line of `order` (MIRAKL-Q09): `accept` for all but the line
    ids in `refuse`.

    Raises:
        ValueError: the order has no line, or `refuse` names a line the order does not have.

    Examples:
        >>> from marketplace_sdk.mirakl._models import OrderLine
        >>> order = Order(order_id="O-A", order_state="WAITING_ACCEPTANCE", order_lines=[
        ...     OrderLine(order_line_id="O-A-1", order_line_state="WAITING_ACCEPTANCE"),
        ...     OrderLine(order_line_id="O-A-2", order_line_state="WAITING_ACCEPTANCE")])
        >>> [(d.id, d.accepted) for d in decisions_for(order, refuse=["O-A-2"])]
        [('O-A-1', True), ('O-A-2', False)]
    """
    ids = [line.order_line_id for line in order.order_lines]
    if not ids:
        raise ValueError(f"order {order.order_id} has no line to decide")
    unknown = sorted(set(refuse) - set(ids))
    if unknown:
        raise ValueError(f"order {order.order_id} has no line {unknown}")
    return [LineDecision(id=line, accepted=accept and line not in refuse) for line in ids]


def _optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@attrs.frozen
class OfferChange:
    """A new stock and/or price for one offer, applied over the offer's current fields.

    Examples:
        >>> OfferChange(quantity=4).price is None
        True
    """

    quantity: int | None = None
    price: Decimal | None = attrs.field(default=None, converter=_optional_decimal)


@attrs.define
class OfferImportPoll:
    """When to poll OF02 again, and when to give up.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> poll = OfferImportPoll(7, FakeClock(), interval=60, deadline=100)
        >>> poll.next_wait(OfferImport(import_id=7, status="RUNNING"))
        60
    """

    import_id: int
    clock: Clock
    interval: float
    deadline: float
    marketplace: str = "mirakl"

    def next_wait(self, status: OfferImport) -> float | None:
        """`None` when `status` is final, else the seconds to wait before the next poll.

        Raises:
            DeadlineExceededError: the next poll would come after the deadline.
        """
        if status.is_final:
            return None
        if self.clock.monotonic() + self.interval > self.deadline:
            raise DeadlineExceededError(
                f"offer import {self.import_id} is still {status.status} after the wait",
                marketplace=self.marketplace,
            )
        return self.interval


class SellerClientBase(ClientBase):
    """The parts of both seller clients that do not send anything.

    Examples:
        >>> from marketplace_sdk.mirakl._shared.client import engine_config
        >>> config = engine_config("k", base_url="https://a.mirakl.net", api=MMP_API)
        >>> config.limiter.buckets["OF24"]
        (Rate(limit=1, interval=60.0),)
        >>> SellerClientBase(config, shop_id=None).shop_id is None
        True
    """

    def _offer_poll(self, import_id: int, timeout: float, interval: float) -> OfferImportPoll:
        if interval < OF02_POLL_INTERVAL:
            raise ValueError(f"OF02 may be called once per minute at most, not every {interval}s")
        deadline = self.clock.monotonic() + timeout
        return OfferImportPoll(import_id, self.clock, interval, deadline, self._config.marketplace)

    @staticmethod
    def _updates(
        changes: Mapping[str, OfferChange], current: Mapping[str, Offer]
    ) -> tuple[list[OfferUpdate], list[ItemResult]]:
        updates, refused = [], []
        for sku, change in changes.items():
            offer = current.get(sku)
            if offer is None:
                refused.append(
                    ItemResult.rejected(
                        sku, code="OFFER_NOT_FOUND", message="no offer has this SKU"
                    )
                )
                continue
            try:
                updates.append(
                    OfferUpdate.from_offer(offer, quantity=change.quantity, price=change.price)
                )
            except UnsupportedOperation as error:
                refused.append(ItemResult.rejected(sku, code="UNSUPPORTED", message=error.message))
            except ValueError as error:
                refused.append(ItemResult.rejected(sku, code="INVALID", message=str(error)))
        return updates, refused

    @staticmethod
    def _unsent_or_unknown(skus: Sequence[str], error: MarketplaceError) -> list[ItemResult]:
        # A 429 or the limiter's refusal: Mirakl applied nothing. A lost answer: perhaps it did.
        if isinstance(error, RateLimitedError):
            return [
                ItemResult.retry_later(sku, message=str(error), retry_after=error.retry_after)
                for sku in skus
            ]
        if isinstance(error, TransportError) and not error.sent:
            return [ItemResult.retry_later(sku, message=str(error)) for sku in skus]
        message = f"the import's answer was lost ({error}); check OF02 before sending again"
        return [ItemResult.unknown(sku, message=message) for sku in skus]

    @staticmethod
    def _still_running(
        skus: Sequence[str], import_id: int, error: MarketplaceError
    ) -> list[ItemResult]:
        return [
            ItemResult(
                key=sku,
                outcome=Outcome.RETRY_LATER,
                reason=Reason(code="IMPORT_RUNNING", message=str(error)),
                marketplace_id=str(import_id),
            )
            for sku in skus
        ]

    @staticmethod
    def _not_shipping(
        order_id: str, order: Order | None, error: InvalidRequestError
    ) -> MiraklOrderStateError | None:
        # MIRAKL-Q11: OR24's bare 400 means "not in SHIPPING"; say which state it is in.
        if order is not None and order.order_state == OrderState.SHIPPING:
            return None
        state = "gone" if order is None else str(order.order_state)
        refused = MiraklOrderStateError(
            f"order {order_id} is {state}: OR24 ships only an order in SHIPPING",
            status=error.status,
            code="ORDER_INVALID_STATE",
            method=error.method,
            url=error.url,
            body=error.body,
            body_excerpt=error.body_excerpt,
            marketplace=error.marketplace,
        )
        refused.state = state
        return refused
