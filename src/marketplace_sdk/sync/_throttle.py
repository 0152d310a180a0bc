"""How fast a catalogue import may read products: the throttle and its pure arithmetic.

The default throttle of a marketplace comes from its own published budget
(`CatalogueThrottle.for_marketplace`); the seeds' 1,000 SKUs per 15 minutes is a preset; a host
caps a shop with `capped`, and the stricter throttle applies.

Examples:
    >>> seeds = CatalogueThrottle.seed_preset()
    >>> str(seeds), import_duration(2_500, seeds)
    ('1000 SKUs per 0:15:00', datetime.timedelta(seconds=1800))
"""

from __future__ import annotations

from datetime import timedelta

import attrs

from marketplace_sdk.etsy._shared.client import DEFAULT_RATES

__all__ = ["CatalogueThrottle", "import_duration"]


#: Etsy: 10,000 requests per rolling day per app, 100 listings per getListingsByShop page
#: (one request with images and inventory). The import takes a quarter of the day's budget,
#: leaving the rest to order polling and stock pushes: 2,500 pages a day, i.e. 26 whole pages
#: (2,600 SKUs) per 15 minutes. The 10 requests per second never bind at that pace. The budget
#: is the app's, shared by every shop it serves: a host importing several shops at once caps
#: each (`capped`) so their sum stays within it.
_ETSY_PER_DAY = next(rate.limit for rate in DEFAULT_RATES if rate.interval == 86_400)
_ETSY_PAGE, _ETSY_SHARE = 100, 4
_QUARTER_HOUR = timedelta(minutes=15)
_ETSY_PAGES = _ETSY_PER_DAY // _ETSY_SHARE * _QUARTER_HOUR // timedelta(days=1)
#: FNAC: offers_query serves 100 offers a page (`results_count`'s default in FNAC's XSD) and
#: FNAC publishes no call budget for its XML services; the default reads one page a second.
#: Mirakl's limits (`marketplace_sdk.mirakl._limits`: H11, PM11, VL11 once an hour) bind the
#: category phase, which waits them out, not the offers.
_FNAC_PAGE = 100


@attrs.frozen
class CatalogueThrottle:
    """At most `skus` products read per `per`, in consecutive periods from the import's start.

    Examples:
        >>> etsy = CatalogueThrottle.for_marketplace("etsy")
        >>> str(etsy), str(etsy.capped(1_000, timedelta(minutes=15)))
        ('2600 SKUs per 0:15:00', '1000 SKUs per 0:15:00')
    """

    skus: int = attrs.field(validator=attrs.validators.ge(1))
    per: timedelta = attrs.field(validator=attrs.validators.gt(timedelta(0)))

    def __str__(self) -> str:
        return f"{self.skus} SKUs per {self.per}"

    @classmethod
    def for_marketplace(cls, name: str) -> CatalogueThrottle:
        """The default for a marketplace, from its own API budget (see the module constants).

        Raises:
            ValueError: a marketplace the SDK has no figure for.

        Examples:
            >>> CatalogueThrottle.for_marketplace("FNAC")
            CatalogueThrottle(skus=100, per=datetime.timedelta(seconds=1))
        """
        presets = {
            "etsy": cls(_ETSY_PAGES * _ETSY_PAGE, _QUARTER_HOUR),
            "fnac": cls(_FNAC_PAGE, timedelta(seconds=1)),
        }
        try:
            return presets[name.strip().lower()]
        except KeyError:
            raise ValueError(f"no catalogue throttle for {name!r}; known: etsy, fnac") from None

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
