"""The throttled catalogue import against both sandboxes, and the throttle's pure rules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.etsy._sync.harness import make_channel
from tests.fnac._sync.support import fnac_channel as sync_channel

from marketplace_sdk.core._catalog import dedupe_by_sku
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import QuotaExhaustedError
from marketplace_sdk.core._metering import metered
from marketplace_sdk.core._models import Category, CategoryAttribute, Product
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacChannel
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync._catalogue import (
    CatalogueThrottle,
    CategoryWithAttributes,
    import_catalogue,
    import_duration,
)
from marketplace_sdk.sync._cursors import CursorKey, MemoryCursorStore

QUARTER = timedelta(minutes=15)


class Oms:
    """The host: upserts categories by id and products by SKU; may fail after some batches."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.categories: dict[str, Category] = {}
        self.products: dict[str, Product] = {}
        self.category_batches = 0
        self.product_batches = 0
        self.attempts = 0
        self.fail_after = fail_after

    def take_categories(self, batch: Sequence[Category]) -> None:
        self.category_batches += 1
        self.categories.update((category.id, category) for category in batch)

    def take_products(self, batch: Sequence[Product]) -> None:
        self.attempts += 1
        if self.fail_after is not None and self.product_batches >= self.fail_after:
            raise ConnectionError("the OMS database went away")
        self.product_batches += 1
        self.products.update((product.sku, product) for product in batch)


@pytest.fixture
def etsy(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=250, orders=0, clock=clock, seed=5, duplicate_skus=5)


def test_etsy_import_is_deduplicated_reported_and_honours_the_throttle(
    etsy: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(etsy, clock)
    expected = dedupe_by_sku(channel.iter_products())
    assert expected.duplicates  # the seeded shop has duplicate SKUs
    read = len(expected.products) + sum(len(d.dropped) for d in expected.duplicates)
    throttle = CatalogueThrottle(50, QUARTER)
    oms = Oms()
    start = clock.monotonic()

    report = import_catalogue(
        channel,
        categories_sink=oms.take_categories,
        products_sink=oms.take_products,
        store=MemoryCursorStore(),
        clock=clock,
        throttle=throttle,
        batch_size=40,
    )

    elapsed = timedelta(seconds=clock.monotonic() - start)
    assert import_duration(read, throttle) == QUARTER * 4  # 230 read at 50 per period
    assert import_duration(read, throttle) <= elapsed < import_duration(read, throttle) + QUARTER
    assert sorted(oms.products.values(), key=lambda p: p.sku) == list(expected.products)
    assert [str(d) for d in report.duplicates] == [d.describe() for d in expected.duplicates]
    assert report.skipped + report.records >= len(expected.products)
    assert report.categories == len(oms.categories) > 0
    leaves = [c for c in oms.categories.values() if c.is_leaf]
    assert leaves
    assert all(isinstance(c, CategoryWithAttributes) and c.attributes for c in leaves)


def test_the_host_cap_applies_when_stricter_than_the_marketplace_default(
    etsy: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(etsy, clock)
    default = CatalogueThrottle.for_marketplace(channel.marketplace)
    uncapped = Oms()
    import_catalogue(
        channel,
        categories_sink=uncapped.take_categories,
        products_sink=uncapped.take_products,
        store=MemoryCursorStore(),
        clock=clock,
        throttle=default,
    )
    assert clock.sleeps == []  # a few requests, far inside a quarter of Etsy's day

    capped = default.capped(100, QUARTER)
    assert capped == CatalogueThrottle(100, QUARTER)
    start = clock.monotonic()
    oms = Oms()
    import_catalogue(
        channel,
        categories_sink=oms.take_categories,
        products_sink=oms.take_products,
        store=MemoryCursorStore(),
        clock=clock,
        throttle=capped,
    )
    assert clock.monotonic() - start >= 2 * QUARTER.total_seconds()
    assert oms.products == uncapped.products


def test_an_interrupted_import_resumes_from_its_checkpoint(
    etsy: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(etsy, clock)
    store = MemoryCursorStore()
    oms = Oms(fail_after=2)
    run = {
        "categories_sink": oms.take_categories,
        "products_sink": oms.take_products,
        "store": store,
        "clock": clock,
        "batch_size": 30,
    }
    with pytest.raises(ConnectionError):
        import_catalogue(channel, **run)  # type: ignore[arg-type]
    assert oms.attempts == 3  # the failed batch is not resent within the run
    key = CursorKey("etsy", channel.shop_id, "catalogue.import")
    checkpoint = store.load(key).extra
    assert checkpoint["phase"] == "products"
    assert 60 <= int(checkpoint["products"]) < 90

    oms.fail_after = None
    resumed = import_catalogue(channel, **run)  # type: ignore[arg-type]
    finished_at = clock.now()

    assert resumed.categories == 0  # delivered by the first run already
    assert oms.category_batches == 1
    expected = dedupe_by_sku(channel.iter_products())
    assert sorted(oms.products.values(), key=lambda p: p.sku) == list(expected.products)
    assert [str(d) for d in resumed.duplicates] == [d.describe() for d in expected.duplicates]
    assert resumed.records < len(expected.products)
    finished = store.load(key)
    assert finished.extra["phase"] == "done"
    assert finished.watermark == finished_at

    again = import_catalogue(channel, **run)  # type: ignore[arg-type]
    assert again.categories == len(oms.categories)  # a finished import starts over


@pytest.fixture
def fnac_clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


def test_fnac_import_reads_offers_at_the_default_pace(fnac_clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=250, orders=0, clock=fnac_clock)
    oms = Oms()
    with metered() as meter:
        report = import_catalogue(
            sync_channel(sandbox, fnac_clock),
            categories_sink=oms.take_categories,
            products_sink=oms.take_products,
            store=MemoryCursorStore(),
            clock=fnac_clock,
        )
    assert sorted(oms.products) == sorted(sandbox.state.offers)
    assert (report.records, report.skipped, report.duplicates) == (250, 0, [])
    # FNAC's default, one request a second (FNAC publishes no rate): the import waits a
    # second before each read after the first (a page and the login it needs go together).
    assert meter.by_marketplace["fnac"] >= 3
    assert fnac_clock.sleeps == [1.0] * len(fnac_clock.sleeps)
    assert 3 <= len(fnac_clock.sleeps) < meter.requests
    leaves = [c for c in oms.categories.values() if isinstance(c, CategoryWithAttributes)]
    assert {c.id for c in leaves if c.attributes} == {
        c.id for c in oms.categories.values() if c.is_leaf
    }


class HourlyAttributes:
    """The FNAC channel with category attributes limited to one call an hour, as Mirakl's PM11."""

    def __init__(self, channel: FnacChannel, clock: FakeClock) -> None:
        self.channel, self.clock = channel, clock
        self.marketplace, self.shop_id = channel.marketplace, channel.shop_id
        self.next_call: datetime | None = None

    def iter_categories(self) -> Iterator[Category]:
        return self.channel.iter_categories()

    def iter_products(self, *, quarantine: Quarantine | None = None) -> Iterator[Product]:
        return self.channel.iter_products(quarantine=quarantine)

    def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        now = self.clock.now()
        if self.next_call is not None and now < self.next_call:
            wait = (self.next_call - now).total_seconds()
            raise QuotaExhaustedError("PM11 once an hour", retry_after=wait)
        self.next_call = now + timedelta(hours=1)
        return self.channel.get_category_attributes(category_id)


def test_a_long_rate_limit_parks_the_import_and_the_next_run_resumes(
    fnac_clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=30, orders=0, clock=fnac_clock)
    channel = HourlyAttributes(sync_channel(sandbox, fnac_clock), fnac_clock)
    store, oms = MemoryCursorStore(), Oms()
    run = {
        "categories_sink": oms.take_categories,
        "products_sink": oms.take_products,
        "store": store,
        "clock": fnac_clock,
        "batch_size": 2,
    }
    with pytest.raises(QuotaExhaustedError):  # the second leaf must wait an hour
        import_catalogue(channel, **run)  # type: ignore[arg-type]
    first = len(oms.categories)
    assert 0 < first < 4  # delivered up to the leaf that must wait, and checkpointed
    assert oms.products == {}

    sandbox.advance(3600)
    report = import_catalogue(channel, **run)  # type: ignore[arg-type]
    assert len(oms.categories) == 4
    assert report.categories == 4 - first
    assert sorted(oms.products) == sorted(sandbox.state.offers)


def test_a_rate_limit_within_max_wait_is_waited_out_on_the_clock(fnac_clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=30, orders=0, clock=fnac_clock)
    channel = HourlyAttributes(sync_channel(sandbox, fnac_clock), fnac_clock)
    oms = Oms()
    start = fnac_clock.monotonic()
    import_catalogue(
        channel,
        categories_sink=oms.take_categories,
        products_sink=oms.take_products,
        store=MemoryCursorStore(),
        clock=fnac_clock,
        max_wait=timedelta(hours=2),
    )
    assert len(oms.categories) == 4
    assert sorted(oms.products) == sorted(sandbox.state.offers)
    assert max(fnac_clock.sleeps) >= 3599.0  # the hour, less the second already paced
    assert fnac_clock.monotonic() - start >= 3600


def test_throttle_presets_and_refusals() -> None:
    assert CatalogueThrottle.seed_preset() == CatalogueThrottle(1_000, QUARTER)
    assert CatalogueThrottle.for_marketplace(" Etsy ") == CatalogueThrottle(daily_share=0.25)
    assert CatalogueThrottle.for_marketplace("fnac") == CatalogueThrottle(requests_per_second=1)
    with pytest.raises(ValueError, match="known: etsy, fnac, mirakl"):
        CatalogueThrottle.for_marketplace("amazon")
    with pytest.raises(ValueError, match="skus"):
        CatalogueThrottle(0, QUARTER)
    with pytest.raises(ValueError, match="per"):
        CatalogueThrottle(10, timedelta(0))
    with pytest.raises(ValueError, match="together"):
        CatalogueThrottle(10)
    with pytest.raises(ValueError, match="daily_share"):
        CatalogueThrottle(daily_share=0)
    with pytest.raises(ValueError, match="requests_per_second"):
        CatalogueThrottle(requests_per_second=float("inf"))
    assert import_duration(0, CatalogueThrottle.seed_preset()) == timedelta(0)


throttles = st.builds(
    CatalogueThrottle,
    skus=st.integers(min_value=1, max_value=10_000),
    per=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=1)),
)


@given(throttles, throttles)
def test_capped_is_one_of_the_two_and_never_looser(
    own: CatalogueThrottle, cap: CatalogueThrottle
) -> None:
    effective = own.capped(cap.skus, cap.per)
    assert effective in (own, cap)
    assert not own.is_stricter_than(effective)
    assert not cap.is_stricter_than(effective)


@given(throttles, st.integers(min_value=1, max_value=1_000_000))
def test_import_duration_is_the_whole_periods_before_the_last_sku(
    throttle: CatalogueThrottle, skus: int
) -> None:
    periods = import_duration(skus, throttle) / throttle.per
    assert periods == int(periods)
    assert throttle.skus * periods < skus <= throttle.skus * (periods + 1)
    assert import_duration(skus + 1, throttle) >= import_duration(skus, throttle)


@given(throttles, throttles, st.integers(min_value=1, max_value=100_000))
def test_a_stricter_throttle_never_imports_faster_over_many_skus(
    own: CatalogueThrottle, cap: CatalogueThrottle, skus: int
) -> None:
    effective = own.capped(cap.skus, cap.per)
    many = skus * max(own.skus, cap.skus)
    # Over enough SKUs the lower rate dominates any difference in burst size.
    slack = max(own.per, cap.per)
    assert import_duration(many, effective) + slack >= import_duration(many, own)
    assert import_duration(many, effective) + slack >= import_duration(many, cap)
