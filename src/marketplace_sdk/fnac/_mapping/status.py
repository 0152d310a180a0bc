"""FNAC order states (the web services' words) to the FNAC seed's status names, and back.

The FNAC seed's status table speaks of "To be Shipped", "Shipped", "Received" and "Cancelled";
FNAC's `orders_query` answers one of ten order states. The decisions:

* `Created` (the buyer ordered, the order awaits the seller's acceptance), `Accepted` (accepted,
  FNAC is debiting the buyer: not paid, not ready to ship, FNAC-Q09) and `ToShip` (debited, to
  be shipped) are all "To be Shipped": the OMS holds the order, and its stock, as New or Partial
  until it ships; `Order.paid` tells the debited ones. Only `Created` still needs
  `accept_order`; `awaits_acceptance` tells it apart.
* `Shipped` is "Shipped" and `Received` is "Received".
* `Cancelled` (buyer or FNAC), `Refused` (the seller refused every line) and `Refunded` (every
  line refunded) are "Cancelled": the order will not be fulfilled. A refund after shipping
  reaches the OMS as a cancellation of an order it already moved on, which the transition rules
  report as a conflict for a person rather than applying it.
* `NotReceived` (the buyer claims the parcel never came) and `Error` (FNAC's own failure) have
  no row in the seed's table: they stay unmapped (`None`), the order keeps FNAC's word, and the
  status rules answer an explicit unknown status for a person to look at.

Examples:
    >>> seed_status("Created"), seed_status("Refunded"), seed_status("NotReceived")
    ('To be Shipped', 'Cancelled', None)
    >>> sorted(state.value for state in fnac_states(["Cancelled"]))
    ['Cancelled', 'Refunded', 'Refused']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from marketplace_sdk.core._status import StatusFilterError, normalize_status
from marketplace_sdk.fnac._models import OrderState

__all__ = [
    "FILTER_STATUSES",
    "FNAC_STATE_TO_SEED",
    "awaits_acceptance",
    "fnac_states",
    "seed_status",
]

#: Each FNAC order state and the seed status it maps to (`None`: no row, a person decides).
FNAC_STATE_TO_SEED: Mapping[OrderState, str | None] = MappingProxyType(
    {
        OrderState.CREATED: "To be Shipped",
        OrderState.ACCEPTED: "To be Shipped",
        OrderState.TO_SHIP: "To be Shipped",
        OrderState.SHIPPED: "Shipped",
        OrderState.RECEIVED: "Received",
        OrderState.CANCELLED: "Cancelled",
        OrderState.REFUSED: "Cancelled",
        OrderState.REFUNDED: "Cancelled",
        OrderState.NOT_RECEIVED: None,
        OrderState.ERROR: None,
    }
)

_BY_KEY = {normalize_status(state.value): state for state in OrderState}

#: What an order status filter accepts: the seed's words, then FNAC's own order states.
FILTER_STATUSES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [seed for seed in FNAC_STATE_TO_SEED.values() if seed is not None]
        + [state.value for state in OrderState]
    )
)


def _state_of(value: str) -> OrderState | None:
    return _BY_KEY.get(normalize_status(value))


def seed_status(state: str | None) -> str | None:
    """The seed status for a FNAC order state; `None` for NotReceived, Error or an unknown one.

    Examples:
        >>> seed_status("ToShip")
        'To be Shipped'
    """
    if state is None:
        return None
    known = _state_of(state)
    return None if known is None else FNAC_STATE_TO_SEED[known]


def awaits_acceptance(state: str | None) -> bool:
    """Whether an order in this FNAC state still needs the seller's acceptance (`Created`).

    Examples:
        >>> awaits_acceptance("Created"), awaits_acceptance("Accepted")
        (True, False)
    """
    return state is not None and _state_of(state) is OrderState.CREATED


def fnac_states(statuses: Iterable[str]) -> frozenset[OrderState]:
    """The FNAC states to query for a status filter given in the seed's words.

    FNAC's own state names are accepted as well (to ask for `NotReceived` or `Error` orders);
    matching ignores case, spaces, hyphens and underscores.

    Raises:
        StatusFilterError: a status is neither a seed status nor a FNAC state (a `ValueError`
            too); its message lists both.

    Examples:
        >>> sorted(state.value for state in fnac_states(["to be shipped", "Error"]))
        ['Accepted', 'Created', 'Error', 'ToShip']
    """
    wanted: set[OrderState] = set()
    unknown: list[str] = []
    for status in statuses:
        key = normalize_status(status)
        matched = {
            state
            for state, seed in FNAC_STATE_TO_SEED.items()
            if seed is not None and normalize_status(seed) == key
        }
        if key in {"canceled"}:
            matched |= fnac_states(["Cancelled"])
        own = _state_of(status)
        if own is not None and not matched:
            matched = {own}
        if not matched:
            unknown.append(status)
        wanted |= matched
    if unknown:
        raise StatusFilterError(unknown, FILTER_STATUSES, marketplace="fnac")
    return frozenset(wanted)
