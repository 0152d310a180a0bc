"""The catalogue import at connect: categories with their attributes, then every product, throttled.

`import_catalogue` runs in two phases. First the category tree: every category, and for each
leaf its attributes (`CategoryWithAttributes`), in batches to the host's categories sink. Then
every product, read lazily from the channel and handed to the products sink in batches.

The throttle paces requests, not products (`marketplace_sdk.sync._throttle`): the import
counts the requests the channel sends for it (`metered`) and, before reading on, waits
(`clock.sleep`) only when one more request would spend more than the throttle's share of the
day's request budget (learned by the channel from the server where it can say) or outrun the
throttle's own request rate. Otherwise it runs at the rate the channel's own limiter allows.
A host's product cap (`CatalogueThrottle.capped`: at most `skus` products per `per`) waits out
the period when it is spent. Before any wait the products read so far are handed over.

Duplicate SKUs: exactly one product per SKU reaches the host, chosen by
`marketplace_sdk.core._catalog.dedupe_by_sku`'s rule, and every duplicate is reported
(`RunReport.duplicates`). The import streams, so when a product that the rule prefers arrives
after one already delivered for its SKU, it is delivered too and the host's upsert by SKU keeps
it; a product the rule drops is never delivered (`RunReport.skipped` counts them). The job keeps
one product per SKU in memory to apply the rule, as `dedupe_by_sku` itself does.

Checkpoints (the cursor's `extra`): the phase, the number of categories delivered (in id
order) and the number of products read from the channel's product stream up to the last
delivered batch. An interrupted import resumes there: categories already delivered are not
delivered again, and the products before the checkpoint are read again (to rebuild the
duplicate rule's memory) but not delivered; their requests are paced like the others, and
they do not count against a product cap. A finished import stores its finishing time as the
cursor's watermark; calling `import_catalogue` again starts a new import from the beginning.

A product the SDK cannot convert goes to the `quarantine` sink, when given, as a
`QuarantinedRecord`, acknowledged before the checkpoint that passes it, and the import goes on;
the next import reads it again (after a fix, it is delivered). Without a `quarantine` sink it
raises `RecordError`, after the checkpoint of what was delivered before it.

Rate-limit answers while fetching category attributes (Mirakl allows PM11 once an hour) are
waited out on the clock up to `max_wait`; a longer wait is raised after the checkpoint, so the
scheduler parks the job and the next run resumes.

Examples:
    >>> from datetime import timedelta
    >>> throttle = CatalogueThrottle.seed_preset()
    >>> throttle.skus, import_duration(10_000, throttle)
    (1000, datetime.timedelta(seconds=8100))
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from functools import partial
from typing import Generic, Protocol, TypeVar

import attrs

from marketplace_sdk.core._catalog import DuplicateSku, product_rank
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import RateLimitedError
from marketplace_sdk.core._metering import RequestMeter, metered
from marketplace_sdk.core._models import Category, CategoryAttribute, Product
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.sync._cursors import CursorKey, CursorState, CursorStore
from marketplace_sdk.sync._duplicates import SkuDuplicate
from marketplace_sdk.sync._jobs import QuarantineSink, RunReport, SetAside, ShopSource
from marketplace_sdk.sync._throttle import (
    DAY_SECONDS,
    CatalogueThrottle,
    daily_limit,
    import_duration,
    request_wait,
    sku_wait,
)

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


class CategoryWithAttributes(Category):
    """A category and, for a leaf, the attributes its products carry.

    Examples:
        >>> node = CategoryWithAttributes(id="7", name="Mugs", is_leaf=True,
        ...     attributes=(CategoryAttribute(id="200", name="Color"),))
        >>> [attribute.name for attribute in node.attributes], isinstance(node, Category)
        (['Color'], True)
    """

    attributes: tuple[CategoryAttribute, ...] = ()


class CatalogueSource(ShopSource, Protocol):
    """The part of `Channel` the catalogue import uses.

    Examples:
        >>> CatalogueSource.__name__
        'CatalogueSource'
    """

    def iter_categories(self) -> Iterator[Category]:
        """Every category."""
        ...

    def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """One category's attributes."""
        ...

    def iter_products(self, *, quarantine: Quarantine | None = None) -> Iterator[Product]:
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
class _Pacer:
    """Holds the import's requests to the throttle: notes when each went, waits when told.

    The decisions are `request_wait`'s; this only keeps the record (the last day's send
    times) and reads the clock and the channel's daily budget.
    """

    throttle: CatalogueThrottle
    clock: Clock
    channel: object
    meter: RequestMeter
    sent: deque[float] = attrs.Factory(deque)
    counted: int = 0
    clear: bool = False

    def note(self) -> None:
        """Stamp the requests sent since the last look (at most late, never early)."""
        new = self.meter.requests - self.counted
        if new <= 0:
            return
        now = self.clock.monotonic()
        self.sent.extend([now] * new)
        self.counted = self.meter.requests
        self.clear = False
        while self.sent and self.sent[0] <= now - DAY_SECONDS:
            self.sent.popleft()

    def wait(self, before: Callable[[], None] | None = None) -> None:
        """Wait until one more request is allowed; `before` runs first when a wait is due."""
        self.note()
        if self.clear:  # nothing was sent since the last "go": the answer stands
            return
        per_day = daily_limit(self.channel, self.throttle)
        now = self.clock.monotonic()
        wait = request_wait(self.throttle, now=now, sent=self.sent, per_day=per_day)
        if wait > 0:
            if before is not None:
                before()
            level = logging.INFO if wait >= 60 else logging.DEBUG  # a day's share, not a rate
            logger.log(level, "catalogue import: %d requests; waiting %.1fs", self.counted, wait)
            self.clock.sleep(wait)
        self.clear = True


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
    pacer: _Pacer,
) -> None:
    pacer.wait()
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
                pacer.wait(before=batches.flush)
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
    aside: SetAside,
    pacer: _Pacer,
) -> None:
    resume_at = int(run.state.extra.get("products", 0))
    position = resume_at

    def taken(count: int) -> None:
        if count:
            run.report.records += count
            run.report.batches += 1
        aside.flush()  # the products set aside are acknowledged before the checkpoint too
        if position != run.state.extra.get("products"):
            run.checkpoint(products=position)

    batches: _Batches[Product] = _Batches(sink, batch_size, taken)
    used, period_start = 0, clock.monotonic()
    products = iter(source.iter_products(quarantine=aside.callback))
    index = 0
    try:
        while True:
            # The next product may take a request: wait here if the throttle says so.
            pacer.wait(before=batches.flush)
            product = next(products, None)
            if product is None:
                break
            index += 1
            if index <= resume_at:
                run.choose(product)  # read again only to rebuild the rule's memory
                continue
            if throttle.skus is not None and used >= throttle.skus:
                batches.flush()  # hand over what was read before waiting out the period
                now = clock.monotonic()
                clock.sleep(sku_wait(throttle, now=now, used=used, period_start=period_start))
                used, period_start = 0, clock.monotonic()
            used += 1
            position = index
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
    quarantine: QuarantineSink | None = None,
) -> RunReport:
    """Import (or resume importing) the shop's categories and products (see the module).

    Args:
        channel: the shop's channel.
        categories_sink: takes batches of `CategoryWithAttributes`.
        products_sink: takes batches of products, one per SKU by the duplicate rule.
        store: the cursor store holding the checkpoint (key `marketplace/shop/job_id`).
        clock: where the job waits (a `FakeClock` in tests) and reads the finishing time.
        throttle: the request pacing and any product cap; default
            `CatalogueThrottle.for_marketplace(marketplace)`.
        job_id: the cursor's job name.
        batch_size: the most records per sink call.
        max_wait: the longest rate-limit wait taken in-process while reading categories.
        quarantine: where products the SDK cannot convert go (`QuarantinedRecord`s);
            without it such a product raises `RecordError`.

    Returns:
        The report: `categories` and `records` (products) delivered by this run, `skipped`
        products the duplicate rule dropped, `duplicates` (one `SkuDuplicate` per duplicated
        SKU over the whole import: the SKU, the id kept, the ids left out; `str()` is the
        sentence), `quarantined` products set aside.

    Raises:
        ValueError: `batch_size` below 1.

    Examples:
        report = import_catalogue(channel, categories_sink=oms.upsert_categories,
                                  products_sink=oms.upsert_products,
                                  store=SQLiteCursorStore("cursors.db"), clock=SystemClock(),
                                  throttle=CatalogueThrottle(daily_share=0.1))
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
    with metered() as meter:
        pacer = _Pacer(throttle, clock, channel, meter)
        if run.state.extra["phase"] == "categories":
            _import_categories(channel, categories_sink, run, clock, batch_size, max_wait, pacer)
            run.checkpoint(phase="products")
        aside = SetAside(quarantine, run.report, batch_size)
        _import_products(channel, products_sink, run, clock, throttle, batch_size, aside, pacer)
    duplicates = run.duplicates()
    run.report.duplicates = [SkuDuplicate.of(duplicate) for duplicate in duplicates]
    run.state = run.state.advance(clock.now())
    run.checkpoint(phase="done", duplicates=len(duplicates))
    logger.info(
        "%s: %d categories, %d products, %d duplicated SKUs, %d requests in %.0fs (%s)",
        key,
        run.report.categories,
        run.report.records,
        len(duplicates),
        meter.requests,
        clock.monotonic() - started,
        throttle,
    )
    return run.report
