"""How fast a catalogue import may read products: the throttle and its pure arithmetic.

The default throttle of a marketplace comes from its own published budget, which its
description states (`MarketplaceDescription.catalogue_budget`, read by
`CatalogueThrottle.for_marketplace`); the seeds' 1,000 SKUs per 15 minutes is a preset; a host
caps a shop with `capped`, and the stricter throttle applies.

Examples:
    >>> seeds = CatalogueThrottle.seed_preset()
    >>> str(seeds), import_duration(2_500, seeds)
    ('1000 SKUs per 0:15:00', datetime.timedelta(seconds=1800))
"""

from __future__ import annotations

from datetime import timedelta

import attrs

from marketplace_sdk.core._registry import UnknownMarketplaceError, get_marketplace

__all__ = ["CatalogueThrottle", "import_duration"]

_QUARTER_HOUR = timedelta(minutes=15)


@attrs.frozen
class CatalogueThrottle:
    """At most `skus` products read per `per`, in consecutive periods from the import's start.

    Examples:
        >>> throttle = CatalogueThrottle(2_600, timedelta(minutes=15))
        >>> str(throttle), str(throttle.capped(1_000, timedelta(minutes=15)))
        ('2600 SKUs per 0:15:00', '1000 SKUs per 0:15:00')
    """

    skus: int = attrs.field(validator=attrs.validators.ge(1))
    per: timedelta = attrs.field(validator=attrs.validators.gt(timedelta(0)))

    def __str__(self) -> str:
        return f"{self.skus} SKUs per {self.per}"

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
        return cls(budget.skus, budget.per)

    @classmethod
    def seed_preset(cls) -> CatalogueThrottle:
        """The seeds' figure: 1,000 SKUs every 15 minutes.

        Examples:
            >>> CatalogueThrottle.seed_preset().skus
            1000
        """
        return cls(1_000, _QUARTER_HOUR)

    def is_stricter_than(self, other: CatalogueThrottle) -> bool:
        """Whether this allows a lower rate (on a tie: a smaller burst).

        Examples:
            >>> CatalogueThrottle(1, timedelta(seconds=1)).is_stricter_than(
            ...     CatalogueThrottle(60, timedelta(minutes=1)))
            True
        """
        unit = timedelta(microseconds=1)
        mine, theirs = self.skus * (other.per // unit), other.skus * (self.per // unit)
        return mine < theirs or (mine == theirs and self.skus < other.skus)

    def capped(self, skus: int, per: timedelta) -> CatalogueThrottle:
        """The stricter of this throttle and a host's cap of `skus` per `per`.

        Examples:
            >>> seeds = CatalogueThrottle.seed_preset()
            >>> seeds.capped(10_000, timedelta(minutes=15)) == seeds
            True
        """
        cap = CatalogueThrottle(skus, per)
        return cap if cap.is_stricter_than(self) else self


def import_duration(skus: int, throttle: CatalogueThrottle) -> timedelta:
    """How long the throttle makes an import of `skus` products wait: one whole period per
    budget spent before the last product (the marketplace calls' own time comes on top).

    Examples:
        >>> seeds = CatalogueThrottle.seed_preset()
        >>> import_duration(1_000, seeds), import_duration(1_001, seeds)
        (datetime.timedelta(0), datetime.timedelta(seconds=900))
    """
    if skus <= 0:
        return timedelta(0)
    return throttle.per * ((skus - 1) // throttle.skus)
