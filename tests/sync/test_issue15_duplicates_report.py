"""Issue 15, item 11: the duplicate-SKU report survives a run's serialization, structured."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._catalog import dedupe_by_sku
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.sync import (
    JobRun,
    JobSpec,
    MemoryCursorStore,
    MemorySink,
    RunReport,
    Runtime,
    ShopRef,
    SkuDuplicate,
    run_job,
)
from marketplace_sdk.sync._windows import Window


def test_issue15_item11_duplicate_skus_round_trip_through_the_runs_plain_data(
    clock: FakeClock,
) -> None:
    sandbox = EtsySandbox.seeded(listings=60, orders=0, clock=clock, seed=5, duplicate_skus=3)
    channel = make_channel(sandbox, clock)
    expected = dedupe_by_sku(channel.iter_products()).duplicates
    assert expected
    runtime = Runtime(
        channel_for=lambda shop: channel,
        cursors=MemoryCursorStore(),
        sink=MemorySink(),
        clock=clock,
    )
    spec = JobSpec("catalogue.import", "marketplace_sdk.sync:catalogue", timedelta(days=1))

    run = run_job(spec, ShopRef("etsy", str(sandbox.shop_id)), runtime)
    assert run.ok, run.error

    data = json.loads(json.dumps(run.to_dict()))  # what a Celery result carries
    entries = data["report"]["duplicates"]
    assert [(e["sku"], e["kept"], e["dropped"]) for e in entries] == [
        (d.sku, d.kept.marketplace_id, list(d.dropped_ids)) for d in expected
    ]
    back = JobRun.from_dict(data)
    assert back.report is not None
    assert back.report.duplicates == [SkuDuplicate.of(d) for d in expected]
    assert [str(d) for d in back.report.duplicates] == [d.describe() for d in expected]
    assert back.to_dict() == data


_ids = st.text("0123456789", min_size=1, max_size=6)
_duplicates = st.builds(
    SkuDuplicate,
    st.text(min_size=1, max_size=12),
    kept=_ids,
    dropped=st.lists(_ids, min_size=1, max_size=4).map(tuple),
)
_instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


@given(
    duplicates=st.lists(_duplicates, max_size=6),
    counts=st.tuples(*[st.integers(0, 10**6)] * 5),
    start=_instants,
    span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90)),
)
def test_issue15_item11_a_run_report_reads_back_what_it_wrote(
    duplicates: list[SkuDuplicate],
    counts: tuple[int, int, int, int, int],
    start: datetime,
    span: timedelta,
) -> None:
    records, batches, categories, skipped, quarantined = counts
    report = RunReport(
        job_id="catalogue.import",
        key="etsy/1/catalogue.import",
        windows=[Window(start, start + span)],
        records=records,
        batches=batches,
        categories=categories,
        skipped=skipped,
        duplicates=duplicates,
        quarantined=quarantined,
    )
    back = RunReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert back.to_dict() == report.to_dict()
    assert back.duplicates == duplicates
    assert back.windows == report.windows
