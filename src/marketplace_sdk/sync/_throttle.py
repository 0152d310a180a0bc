"""How fast a catalogue import may read: paced on requests, within a share of the day's budget.

A catalogue import is bound by the marketplace's request budget, not by how many SKUs a page
happens to hold, so the throttle paces requests:

- `daily_share`: the import spends at most this share of the day's request budget in any
  rolling day. The day's budget is the channel's own figure when it knows one (Etsy's client
  learns it from the server's `x-limit-per-day`; see `RequestBudget`), else the throttle's
  `requests_per_day`. With no budget known, no daily share applies.
- `requests_per_second`: the import's own request rate, for a marketplace that publishes none
  (FNAC's XML services); without it the import runs at whatever rate the channel's own limiter
  allows (Etsy's 10 a second).
- `skus` per `per`: an optional cap in products, for a host that wants one (the seeds' preset
  of 1,000 SKUs per 15 minutes, `capped`); the stricter cap applies.

The decisions are pure functions of the clock's reading and the import's own record of when
it sent its requests (`request_wait`, `sku_wait`): no clock reads, no I/O, so they are tested
with hypothesis over many timelines. The default of a marketplace comes from its description
(`MarketplaceDescription.catalogue_budget`, read by `CatalogueThrottle.for_marketplace`).

Examples:
    >>> throttle = CatalogueThrottle(daily_share=0.25)
    >>> daily_allowance(throttle, per_day=10_000)
    2500
    >>> request_wait(throttle, now=50.0, sent=[0.0] * 2_500, per_day=10_000)
    86350.0
    >>> seeds = CatalogueThrottle.seed_preset()
    >>> seeds.skus, import_duration(2_500, seeds)
    (1000, datetime.timedelta(seconds=1800))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Protocol, runtime_checkable

import attrs

from marketplace_sdk.core._registry import (
    CatalogueBudget,
    UnknownMarketplaceError,
    get_marketplace,
)

__all__ = [
    "DAY_SECONDS",
    "CatalogueThrottle",
    "RequestBudget",
    "daily_allowance",
    "daily_limit",
    "import_duration",
    "request_wait",
    "sku_wait",
]

#: The rolling day a daily budget counts over, in seconds.
DAY_SECONDS = 86_400.0

_QUARTER_HOUR = timedelta(minutes=15)


@runtime_checkable
class RequestBudget(Protocol):
    """A channel that knows its credential's daily request budget (the import reads it).

    Examples:
        >>> isinstance(object(), RequestBudget)
        False
    """

    @property
    def daily_request_limit(self) -> int | None:
        """Requests the credential may send per rolling day, as the server last said."""
        ...


def _share(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (isinstance(value, int | float) and 0 < value <= 1):
        raise ValueError(f"{attribute.name} must be a share in (0, 1], not {value!r}")


def _rate(_instance: object, attribute: attrs.Attribute[float | None], value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and value > 0):
        raise ValueError(f"{attribute.name} must be a positive number, not {value!r}")


@attrs.frozen
class CatalogueThrottle:
    """How fast a catalogue import may read (see the module).

    Attributes:
        skus: at most this many products per `per`, in consecutive periods from the import's
            start; `None` (the default) caps no products.
        per: the period of `skus`.
        daily_share: the most of the day's request budget the import spends in any rolling day.
        requests_per_second: the import's own request rate; `None`: the channel's limiter's.
        requests_per_day: the day's budget for a channel that does not know its own.

    Raises:
        ValueError: a value out of range, or only one of `skus` and `per`.

    Examples:
        >>> str(CatalogueThrottle())
        "requests at the channel's rate, at most 25% of the day's budget"
        >>> throttle = CatalogueThrottle(2_600, timedelta(minutes=15), requests_per_second=2)
        >>> str(throttle.capped(1_000, timedelta(minutes=15)))
        "requests at 2/s, at most 25% of the day's budget; at most 1000 SKUs per 0:15:00"
    """

    skus: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )
    per: timedelta | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.gt(timedelta(0)))
    )
    daily_share: float = attrs.field(default=0.25, validator=_share)
    requests_per_second: float | None = attrs.field(default=None, validator=_rate)
    requests_per_day: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )

    def __attrs_post_init__(self) -> None:
        if (self.skus is None) != (self.per is None):
            raise ValueError("skus and per go together: give both or neither")

    def __str__(self) -> str:
        budget = CatalogueBudget(self.skus, self.per, self.daily_share, self.requests_per_second)
        return str(budget)

    @classmethod
    def for_marketplace(cls, name: str) -> CatalogueThrottle:
        """The default for a marketplace, from its own API budget (its description's
        `catalogue_budget`; case and surrounding spaces in `name` are ignored).

        Raises:
            ValueError: no marketplace is registered under `name`.

        Examples:
            >>> CatalogueThrottle.for_marketplace("nowhere")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            ValueError: no catalogue throttle for 'nowhere'; known: ...
        """
        try:
            budget = get_marketplace(name).catalogue_budget
        except UnknownMarketplaceError as error:
            known = ", ".join(error.known)
            raise ValueError(f"no catalogue throttle for {name!r}; known: {known}") from None
        return cls(
            budget.skus,
            budget.per,
            daily_share=budget.daily_share,
            requests_per_second=budget.requests_per_second,
        )

    @classmethod
    def seed_preset(cls) -> CatalogueThrottle:
        """The seeds' figure: 1,000 SKUs every 15 minutes.

        Examples:
            >>> CatalogueThrottle.seed_preset().skus
            1000
        """
        return cls(1_000, _QUARTER_HOUR)

    def is_stricter_than(self, other: CatalogueThrottle) -> bool:
        """Whether this caps products at a lower rate (on a tie: a smaller burst); no cap is
        the loosest.

        Examples:
            >>> CatalogueThrottle(1, timedelta(seconds=1)).is_stricter_than(
            ...     CatalogueThrottle(60, timedelta(minutes=1)))
            True
        """
        if self.skus is None or self.per is None:
            return False
        if other.skus is None or other.per is None:
            return True
        unit = timedelta(microseconds=1)
        mine, theirs = self.skus * (other.per // unit), other.skus * (self.per // unit)
        return mine < theirs or (mine == theirs and self.skus < other.skus)

    def capped(self, skus: int, per: timedelta) -> CatalogueThrottle:
        """This throttle with the stricter of its product cap and a host's `skus` per `per`.

        Examples:
            >>> seeds = CatalogueThrottle.seed_preset()
            >>> seeds.capped(10_000, timedelta(minutes=15)) == seeds
            True
        """
        cap = attrs.evolve(self, skus=skus, per=per)
        return cap if cap.is_stricter_than(self) else self


def daily_limit(channel: object, throttle: CatalogueThrottle) -> int | None:
    """The day's request budget the throttle's share is of: the channel's, else the throttle's.

    Examples:
        >>> daily_limit(object(), CatalogueThrottle(requests_per_day=5_000))
        5000
    """
    if isinstance(channel, RequestBudget):
        known = channel.daily_request_limit
        if known is not None:
            return known
    return throttle.requests_per_day


def daily_allowance(throttle: CatalogueThrottle, per_day: int | None) -> int | None:
    """Requests the import may send in any rolling day (`None`: no daily budget is known).

    Never below one, so an import always moves.

    Examples:
        >>> daily_allowance(CatalogueThrottle(daily_share=0.1), per_day=10_000)
        1000
        >>> daily_allowance(CatalogueThrottle(), per_day=None) is None
        True
    """
    if per_day is None:
        return None
    return max(1, math.floor(per_day * throttle.daily_share + 1e-9))


def request_wait(
    throttle: CatalogueThrottle, *, now: float, sent: Sequence[float], per_day: int | None
) -> float:
    """Seconds the import must wait before its next request (pure).

    Args:
        throttle: the throttle.
        now: the clock's monotonic reading.
        sent: when the import's earlier requests went (monotonic, oldest first); the ones
            older than a day may be left out.
        per_day: the day's request budget (`daily_limit`), `None` when unknown.

    Examples:
        >>> request_wait(CatalogueThrottle(requests_per_second=2), now=10.25, sent=[10.0],
        ...              per_day=None)
        0.25
    """
    ready = now
    allowance = daily_allowance(throttle, per_day)
    if allowance is not None and len(sent) >= allowance:
        ready = max(ready, sent[-allowance] + DAY_SECONDS)
    if throttle.requests_per_second is not None and sent:
        ready = max(ready, sent[-1] + 1 / throttle.requests_per_second)
    return ready - now


def sku_wait(throttle: CatalogueThrottle, *, now: float, used: int, period_start: float) -> float:
    """Seconds before the next product may be read under the product cap (pure).

    `used` products were read in the period that began at `period_start`; when they reach
    the cap, the wait runs to the period's end (0 without a cap).

    Examples:
        >>> sku_wait(CatalogueThrottle(10, timedelta(seconds=60)), now=5.0, used=10,
        ...          period_start=0.0)
        55.0
    """
    if throttle.skus is None or throttle.per is None or used < throttle.skus:
        return 0.0
    return max(0.0, period_start + throttle.per.total_seconds() - now)


def import_duration(skus: int, throttle: CatalogueThrottle) -> timedelta:
    """How long the product cap makes an import of `skus` products wait: one whole period per
    cap spent before the last product (0 without a cap; the requests' own time comes on top).

    Examples:
        >>> seeds = CatalogueThrottle.seed_preset()
        >>> import_duration(1_000, seeds), import_duration(1_001, seeds)
        (datetime.timedelta(0), datetime.timedelta(seconds=900))
    """
    if skus <= 0 or throttle.skus is None or throttle.per is None:
        return timedelta(0)
    return throttle.per * ((skus - 1) // throttle.skus)
