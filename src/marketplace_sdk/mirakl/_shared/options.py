"""`MiraklChannelOptions`: the shop settings a Mirakl channel reads (orders and offers).

Examples:
    >>> MiraklChannelOptions().update_overlap
    datetime.timedelta(seconds=300)
"""

from __future__ import annotations

from datetime import timedelta

import attrs

from marketplace_sdk.mirakl._endpoints.orders import OR11_MAX_PAGE_SIZE
from marketplace_sdk.mirakl._shared.offers import MiraklOfferOptions
from marketplace_sdk.mirakl._shared.seller import DEFAULT_UPDATE_OVERLAP

__all__ = ["MiraklChannelOptions"]


def _not_negative(_: object, attribute: attrs.Attribute[timedelta], value: timedelta) -> None:
    if value < timedelta(0):
        raise ValueError(f"{attribute.name} must not be negative, not {value}")


def _page_size(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= OR11_MAX_PAGE_SIZE:
        raise ValueError(f"{attribute.name} must be between 1 and {OR11_MAX_PAGE_SIZE}")


@attrs.frozen(kw_only=True)
class MiraklChannelOptions:
    """How a Mirakl channel reads and writes one shop's orders (and, later, offers).

    Attributes:
        update_overlap: how far before a window's start `iter_orders` and
            `iter_cancellations` ask OR11 to begin (MIRAKL-Q02: an update indexed late is read
            again rather than missed; each order version comes once per call).
        seek_pagination: whether the operator offers seek pagination on OR11 (`page_token`);
            offset pages shift when an order leaves the filter during a scan (MIRAKL-Q03).
        order_page_size: orders per OR11 page (1 to 100).
        seen_versions: how many order versions one `iter_orders` or `iter_cancellations` call
            remembers to drop a version it reads twice (a window of the last ones read, so
            memory stays flat however many orders a poll brings). An offset scan reads a
            version twice only when it steps back over orders that moved up (MIRAKL-Q03, by as
            many orders as left the filter, plus the page), so every repeat is dropped as long
            as fewer than `seen_versions - order_page_size` orders leave the filter during the
            scan (step-backs on consecutive pages add up: each goes back from a page that was
            itself stepped back to); past that a version may come twice (the host upserts by
            id), never not at all. Versions read again through `update_overlap` in a later
            call are not dropped.
        currency: the operator's currency, for an order that names none (an order's own
            `currency_iso_code` always wins; without either the order is a `RecordError`).
        offers: how offers are pushed (`MiraklOfferOptions`: OF01 above how many offers,
            how long an import is waited for).

    Examples:
        >>> MiraklChannelOptions(seek_pagination=True, currency="EUR").order_page_size
        100
    """

    update_overlap: timedelta = attrs.field(default=DEFAULT_UPDATE_OVERLAP, validator=_not_negative)
    seek_pagination: bool = False
    order_page_size: int = attrs.field(default=OR11_MAX_PAGE_SIZE, validator=_page_size)
    seen_versions: int = attrs.field(default=2_000, validator=attrs.validators.ge(1))
    currency: str | None = None
    offers: MiraklOfferOptions = attrs.field(factory=MiraklOfferOptions)
