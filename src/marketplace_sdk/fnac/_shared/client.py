"""The FNAC client's pure decisions, shared by `FnacClient` and `AsyncFnacClient`.

Everything here is free of I/O: the engine's configuration for a shop, the order updates that
accept or ship one order, splitting order ids into `orders_query` calls, and when to stop
polling an offers batch.

Examples:
    >>> [len(request.order_fnac_ids) for request in orders_by_ids(
    ...     f"{n:013d}" for n in range(120))]
    [50, 50, 20]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

import attrs

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._config import EngineConfig, Limiter
from marketplace_sdk.core._errors import DeadlineExceededError
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.fnac._auth import FnacCredentials, FnacTokenAuth
from marketplace_sdk.fnac._endpoints import chunked
from marketplace_sdk.fnac._errors import MARKETPLACE, decode_error
from marketplace_sdk.fnac._models import (
    BatchStatusResponse,
    FnacError,
    OffersUpdateResponse,
    OrdersQueryRequest,
    OrdersUpdateResponse,
    OrderUpdate,
    OrderUpdateResult,
    ResponseStatus,
)
from marketplace_sdk.fnac._models.orders import MAX_ORDER_IDS_PER_QUERY

__all__ = [
    "DEFAULT_BATCH_POLL_INTERVAL",
    "DEFAULT_BATCH_TIMEOUT",
    "NO_OUTCOME",
    "BatchPolling",
    "BatchState",
    "accept_update",
    "engine_config",
    "orders_by_ids",
    "outcome_of",
    "ship_update",
    "unbatched",
]

#: Seconds between two `batch_status` polls.
DEFAULT_BATCH_POLL_INTERVAL = 10.0
#: Seconds `wait_for_batch` waits for FNAC to process a batch before giving up.
DEFAULT_BATCH_TIMEOUT = 1800.0


def engine_config(
    credentials: FnacCredentials,
    base_url: str,
    clock: Clock | None = None,
    limiter: Limiter | None = None,
    retry: RetryPolicy | None = None,
) -> EngineConfig:
    """The engine's configuration for one shop: FNAC's token auth, error decoder and secrets.

    Examples:
        >>> config = engine_config(FnacCredentials(partner_id="P", shop_id="S", key="k"),
        ...                        "https://vendeur.fnac.com/api.php/")
        >>> config.marketplace, sorted(config.secret_params)
        ('fnac', ['key', 'token'])
    """
    clock = clock or SystemClock()
    return EngineConfig(
        marketplace=MARKETPLACE,
        base_url=base_url,
        auth=FnacTokenAuth(credentials, clock=clock),
        limiter=limiter,
        error_decoder=decode_error,
        retry=retry or RetryPolicy(),
        clock=clock,
        secret_params=frozenset({"key", "token"}),
    )


def accept_update(order_id: str, decisions: Mapping[int, bool] | None) -> OrderUpdate:
    """The update accepting the whole order (`decisions` None) or deciding line by line.

    Examples:
        >>> accept_update("1A2B3C4D5E6F7", None).action.value
        'accept_all_orders'
    """
    if decisions is None:
        return OrderUpdate.accept_all(order_id)
    return OrderUpdate.accept(order_id, decisions)


def ship_update(
    order_id: str,
    tracking_number: str | None,
    carrier: str | None,
    detail_ids: Iterable[int] | None,
) -> OrderUpdate:
    """The update marking the whole order (`detail_ids` None) or the given lines shipped.

    Examples:
        >>> ship_update("1A2B3C4D5E6F7", "6A42", "LAPOSTE", [1]).action.value
        'confirm_to_send'
    """
    if detail_ids is None:
        return OrderUpdate.confirm_all_to_send(order_id, tracking_number, carrier)
    return OrderUpdate.confirm_to_send(order_id, detail_ids, tracking_number, carrier)


def orders_by_ids(order_ids: Iterable[str]) -> list[OrdersQueryRequest]:
    """The `orders_query` requests for these ids: duplicates dropped, 50 ids per request.

    Examples:
        >>> ids = ["57BEAFDA828A8", "57BEAFDA828A9", "57BEAFDA828A8"]
        >>> [request.order_fnac_ids for request in orders_by_ids(ids)]
        [['57BEAFDA828A8', '57BEAFDA828A9']]
    """
    ids = list(dict.fromkeys(order_ids))
    return [
        OrdersQueryRequest(order_fnac_ids=chunk) for chunk in chunked(ids, MAX_ORDER_IDS_PER_QUERY)
    ]


def unbatched(answer: OffersUpdateResponse) -> BatchStatusResponse:
    """The outcome of an `offers_update` FNAC answered without opening a batch.

    Examples:
        >>> unbatched(OffersUpdateResponse(status="ERROR")).status.value
        'ERROR'
    """
    return BatchStatusResponse(status=answer.status, warnings=answer.warnings)


class BatchState(Protocol):
    """Where a polled batch stands: a `BatchStatusResponse`, or the channel's `BatchReport`.

    Examples:
        >>> isinstance(BatchStatusResponse().is_done, bool)
        True
    """

    @property
    def status(self) -> object:
        """The batch's status as FNAC sent it."""
        ...

    @property
    def is_done(self) -> bool:
        """Whether FNAC has finished processing the batch."""
        ...


@attrs.frozen
class BatchPolling:
    """When `wait_for_batch` stops polling an offers batch: done, or out of time.

    Attributes:
        batch_id: the batch polled.
        poll_interval: seconds slept between two polls.
        timeout: seconds allowed in all.
        deadline: the clock's monotonic time past which no poll is made.

    Examples:
        >>> polling = BatchPolling.start("B1", now=0.0, poll_interval=60, timeout=300)
        >>> polling.settled(BatchStatusResponse(status="RUNNING"), now=120.0)
        False
        >>> polling.settled(BatchStatusResponse(status="OK"), now=180.0)
        True
    """

    batch_id: str
    poll_interval: float
    timeout: float
    deadline: float

    @classmethod
    def start(
        cls, batch_id: str, *, now: float, poll_interval: float, timeout: float
    ) -> BatchPolling:
        """The polling of `batch_id` starting at monotonic time `now`."""
        return cls(batch_id, poll_interval, timeout, now + timeout)

    def settled(self, status: BatchState, *, now: float) -> bool:
        """True once FNAC has processed the batch; False to sleep `poll_interval` and poll again.

        Raises:
            DeadlineExceededError: the batch is still running and the next poll would come
                after the deadline.
        """
        if status.is_done:
            return True
        if now + self.poll_interval > self.deadline:
            raise DeadlineExceededError(
                f"offers batch {self.batch_id} still {status.status} after {self.timeout:.0f}s",
                marketplace=MARKETPLACE,
            )
        return False


#: The code of the outcome the client puts for an order FNAC's answer does not report on.
NO_OUTCOME = "no_outcome"


def outcome_of(order_id: str, answer: OrdersUpdateResponse) -> OrderUpdateResult:
    """The outcome FNAC's `orders_update` answer gives for `order_id`.

    An answer that does not report on the order is not read as success: its outcome carries
    the `NO_OUTCOME` error, with the answer's status ("200 with ERROR" and nothing else is a
    failure; an OK answer without the order leaves its outcome unknown).

    Examples:
        >>> outcome_of("57BEAFDA828A8", OrdersUpdateResponse(status="ERROR")).errors[0].code
        'no_outcome'
    """
    for result in answer.orders:
        if (result.order_id or "").strip().upper() == order_id.strip().upper():
            return result
    if len(answer.orders) == 1 and not answer.orders[0].order_id:
        return answer.orders[0]
    status = answer.status if answer.status != ResponseStatus.WARNING else ResponseStatus.OK
    return OrderUpdateResult(
        order_id=order_id,
        status=status,
        errors=[
            FnacError(
                code=NO_OUTCOME,
                message=f"FNAC answered {answer.status} with no outcome for order {order_id}",
            )
        ],
    )
