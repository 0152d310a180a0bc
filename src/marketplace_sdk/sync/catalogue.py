"""The catalogue import at connect: categories with their attributes, then every product, throttled.

`import_catalogue` runs in two phases. First the category tree: every category, and for each
leaf its attributes (`CategoryWithAttributes`), in batches to the host's categories sink. Then
every product, read lazily from the channel and handed to the products sink in batches, at
most `throttle.skus` products per `throttle.per`: when the budget of the current period is
spent, the job waits (`clock.sleep`) until the period ends, so the marketplace pages are read
at that pace too.

Duplicate SKUs: exactly one product per SKU reaches the host, chosen by
`marketplace_sdk.core.catalog.dedupe_by_sku`'s rule, and every duplicate is reported
(`RunReport.duplicates`). The import streams, so when a product that the rule prefers arrives
after one already delivered for its SKU, it is delivered too and the host's upsert by SKU keeps
it; a product the rule drops is never delivered (`RunReport.skipped` counts them). The job keeps
one product per SKU in memory to apply the rule, as `dedupe_by_sku` itself does.

Checkpoints (the cursor's `extra`): the phase, the number of categories delivered (in id
order) and the number of products read from the channel's product stream up to the last
delivered batch. An interrupted import resumes there: categories already delivered are not
delivered again, and the products before the checkpoint are read again (to rebuild the
duplicate rule's memory) but neither delivered nor throttled (the channel's own rate limiter
still holds the marketplace's limits). A finished import stores its finishing time as the
cursor's watermark; calling `import_catalogue` again starts a new import from the beginning.

Rate-limit answers while fetching category attributes (Mirakl allows PM11 once an hour) are
waited out on the clock up to `max_wait`; a longer wait is raised after the checkpoint, so the
scheduler parks the job and the next run resumes.

Examples:
    >>> from datetime import timedelta
    >>> throttle = CatalogueThrottle.seed_preset()
    >>> str(throttle), import_duration(10_000, throttle)
    ('1000 SKUs per 0:15:00', datetime.timedelta(seconds=8100))
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from functools import partial
from typing import Generic, Protocol, TypeVar

import attrs

from marketplace_sdk.core.catalog import DuplicateSku, product_rank
from marketplace_sdk.core.clock import Clock
from marketplace_sdk.core.errors import RateLimitedError
from marketplace_sdk.core.models import Category, CategoryAttribute, Product
from marketplace_sdk.sync.cursors import CursorKey, CursorState, CursorStore
from marketplace_sdk.sync.jobs import RunReport

__all__ = [
    "CatalogueSource",
    "CatalogueThrottle",
    "CategoriesSink",
    "CategoryWithAttributes",
    "ProductsSink",
    "import_catalogue",
    "import_duration",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Where categories go; each is a `CategoryWithAttributes` (a `Category`). Upsert by `id`.
CategoriesSink = Callable[[Sequence[Category]], None]
#: Where products go; upsert by `sku`.
ProductsSink = Callable[[Sequence[Product]], None]


#: Etsy: 10,000 requests per rolling day per app, 100 listings per getListingsByShop page
#: (one request with images and inventory). The import takes a quarter of the day's budget,
#: leaving the rest to order polling and stock pushes: 2,500 pages a day, i.e. 26 whole pages
#: (2,600 SKUs) per 15 minutes. The 10 requests per second never bind at that pace. The budget
#: is the app's, shared by every shop it serves: a host importing several shops at once caps
#: each (`capped`) so their sum stays within it.
_ETSY_PER_DAY, _ETSY_PAGE, _ETSY_SHARE = 10_000, 100, 4
_QUARTER_HOUR = timedelta(minutes=15)
_ETSY_PAGES = _ETSY_PER_DAY // _ETSY_SHARE * _QUARTER_HOUR // timedelta(days=1)
#: FNAC: offers_query serves 100 offers a page (`results_count`'s default in FNAC's XSD) and
#: FNAC publishes no call budget for its XML services; the default reads one page a second.
#: Mirakl's limits (`marketplace_sdk.mirakl.limits`: H11, PM11, VL11 once an hour) bind the
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


class CategoryWithAttributes(Category):
    """A category and, for a leaf, the attributes its products carry.

    Examples:
        >>> node = CategoryWithAttributes(id="7", name="Mugs", is_leaf=True,
        ...     attributes=(CategoryAttribute(id="200", name="Color"),))
        >>> [attribute.name for attribute in node.attributes], isinstance(node, Category)
        (['Color'], True)
    """

    attributes: tuple[CategoryAttribute, ...] = ()


class CatalogueSource(Protocol):
    """The part of `Channel` the catalogue import uses.

    Examples:
        >>> CatalogueSource.__name__
        'CatalogueSource'
    """

    @property
    def marketplace(self) -> str:
        """The marketplace's short name."""
        ...

    @property
    def shop_id(self) -> str:
        """The shop's id on the marketplace."""
        ...

    def iter_categories(self) -> Iterator[Category]:
        """Every category."""
        ...

    def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """One category's attributes."""
        ...

    def iter_products(self) -> Iterator[Product]:
        """Every product, duplicates as the marketplace has them."""
        ...


def _leaves(categories: Sequence[Category]) -> set[str]:
    parents = {category.parent_id for category in categories if category.parent_id}
    return {
        category.id
        for category in categories
        if category.is_leaf or (category.is_leaf is None and category.id not in parents)
    }


def _patiently(call: Callable[[], T], clock: Clock, max_wait: timedelta) -> T:
    while True:
        try:
            return call()
        except RateLimitedError as error:
            wait = error.retry_after
            if wait is None or wait > max_wait.total_seconds():
                raise
            logger.info("rate limited; waiting %.0fs on the clock", wait)
            clock.sleep(wait)


@attrs.define
class _Run:
    """One import's state: the cursor, the report, and the duplicate rule's memory."""

    store: CursorStore
    key: CursorKey
    state: CursorState
    report: RunReport
    kept: dict[str, Product] = attrs.Factory(dict)
    dropped: dict[str, list[Product]] = attrs.Factory(dict)

    def checkpoint(self, **extra: object) -> None:
        self.state = attrs.evolve(self.state, extra={**self.state.extra, **extra})
        self.store.save(self.key, self.state)

    def choose(self, product: Product) -> bool:
        """Apply the rule to `product`; True when it must be delivered."""
        known = self.kept.get(product.sku)
        if known is None:
            self.kept[product.sku] = product
            return True
        if product_rank(product) < product_rank(known):
            self.kept[product.sku] = product
            self.dropped.setdefault(product.sku, []).append(known)
            return True
        self.dropped.setdefault(product.sku, []).append(product)
        return False

    def duplicates(self) -> list[DuplicateSku]:
        return [
            DuplicateSku(sku, kept=self.kept[sku], dropped=tuple(sorted(lost, key=product_rank)))
            for sku, lost in sorted(self.dropped.items())
        ]


@attrs.define
class _Batches(Generic[T]):
    """Collects records for a sink; after each sink call reports how many it took.

    Once the sink has raised, nothing more is sent (the same batch is not retried here).
    """

    sink: Callable[[Sequence[T]], None]
    size: int
    taken: Callable[[int], None]
    items: list[T] = attrs.Factory(list)
    broken: bool = False

    def add(self, item: T) -> None:
        self.items.append(item)
        if len(self.items) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.broken:
            return
        batch, self.items = self.items, []
        if batch:
            try:
                self.sink(batch)
            except BaseException:
                self.broken = True
                raise
        self.taken(len(batch))


def _import_categories(
    source: CatalogueSource,
    sink: CategoriesSink,
    run: _Run,
    clock: Clock,
    batch_size: int,
    max_wait: timedelta,
) -> None:
    categories = sorted(
        _patiently(lambda: list(source.iter_categories()), clock, max_wait),
        key=lambda category: category.id,
    )
    leaves = _leaves(categories)
    done = int(run.state.extra.get("categories", 0))

    def taken(count: int) -> None:
        if count:
            run.report.categories += count
            run.report.batches += 1
            run.checkpoint(categories=int(run.state.extra.get("categories", 0)) + count)

    batches: _Batches[Category] = _Batches(sink, batch_size, taken)
    try:
        for category in categories[done:]:
            attributes: Sequence[CategoryAttribute] = ()
            if category.id in leaves:
                fetch = partial(source.get_category_attributes, category.id)
                attributes = _patiently(fetch, clock, max_wait)
            node = CategoryWithAttributes.model_validate(
                {**category.model_dump(), "attributes": tuple(attributes)}
            )
            batches.add(node.model_copy(update={"raw": category.raw}))
    finally:  # what was read before a failure is delivered and checkpointed
        batches.flush()


def _import_products(
    source: CatalogueSource,
    sink: ProductsSink,
    run: _Run,
    clock: Clock,
    throttle: CatalogueThrottle,
    batch_size: int,
) -> None:
    resume_at = int(run.state.extra.get("products", 0))
    position = resume_at

    def taken(count: int) -> None:
        if count:
            run.report.records += count
            run.report.batches += 1
        if position != run.state.extra.get("products"):
            run.checkpoint(products=position)

    batches: _Batches[Product] = _Batches(sink, batch_size, taken)
    period = throttle.per.total_seconds()
    used, period_start = 0, clock.monotonic()
    try:
        for index, product in enumerate(source.iter_products()):
            if index < resume_at:
                run.choose(product)  # read again only to rebuild the rule's memory
                continue
            if used >= throttle.skus:
                batches.flush()  # hand over what was read before waiting out the period
                clock.sleep(period_start + period - clock.monotonic())
                used, period_start = 0, clock.monotonic()
            used += 1
            position = index + 1
            if run.choose(product):
                batches.add(product)
            else:
                run.report.skipped += 1
    finally:
        batches.flush()


def import_catalogue(
    channel: CatalogueSource,
    *,
    categories_sink: CategoriesSink,
    products_sink: ProductsSink,
    store: CursorStore,
    clock: Clock,
    throttle: CatalogueThrottle | None = None,
    job_id: str = "catalogue.import",
    batch_size: int = 100,
    max_wait: timedelta = timedelta(minutes=15),
) -> RunReport:
    """Import (or resume importing) the shop's categories and products (see the module).

    Args:
        channel: the shop's channel.
        categories_sink: takes batches of `CategoryWithAttributes`.
        products_sink: takes batches of products, one per SKU by the duplicate rule.
        store: the cursor store holding the checkpoint (key `marketplace/shop/job_id`).
        clock: where the job waits (a `FakeClock` in tests) and reads the finishing time.
        throttle: SKUs per period; default `CatalogueThrottle.for_marketplace(marketplace)`.
        job_id: the cursor's job name.
        batch_size: the most records per sink call.
        max_wait: the longest rate-limit wait taken in-process while reading categories.

    Returns:
        The report: `categories` and `records` (products) delivered by this run, `skipped`
        products the duplicate rule dropped, `duplicates` (one sentence per duplicated SKU
        over the whole import).

    Raises:
        ValueError: `batch_size` below 1.

    Examples:
        report = import_catalogue(channel, categories_sink=oms.upsert_categories,
                                  products_sink=oms.upsert_products,
                                  store=SQLiteCursorStore("cursors.db"), clock=SystemClock(),
                                  throttle=CatalogueThrottle.for_marketplace("etsy")
                                  .capped(500, timedelta(minutes=15)))
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    throttle = throttle or CatalogueThrottle.for_marketplace(channel.marketplace)
    key = CursorKey(channel.marketplace, channel.shop_id, job_id)
    state = store.load(key)
    if state.extra.get("phase") in (None, "done"):
        state = attrs.evolve(state, extra={"phase": "categories", "categories": 0, "products": 0})
    run = _Run(store, key, state, RunReport(job_id=job_id, key=str(key)))
    started = clock.monotonic()
    if run.state.extra["phase"] == "categories":
        _import_categories(channel, categories_sink, run, clock, batch_size, max_wait)
        run.checkpoint(phase="products")
    _import_products(channel, products_sink, run, clock, throttle, batch_size)
    duplicates = run.duplicates()
    run.report.duplicates = [duplicate.describe() for duplicate in duplicates]
    run.state = run.state.advance(clock.now())
    run.checkpoint(phase="done", duplicates=len(duplicates))
    logger.info(
        "%s: %d categories, %d products, %d duplicated SKUs in %.0fs (%s; at least %s waiting)",
        key,
        run.report.categories,
        run.report.records,
        len(duplicates),
        clock.monotonic() - started,
        throttle,
        import_duration(run.report.records + run.report.skipped, throttle),
    )
    return run.report
