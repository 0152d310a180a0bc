"""Issue 15, item 9: an unsupported operation is a client error, which retry logic leaves alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from marketplace_sdk import ErrorClass, MarketplaceError, UnsupportedOperation
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.sync import JobSpec, MemoryCursorStore, MemorySink, Runtime, ShopRef, run_job
from marketplace_sdk.sync._runtime import JobContext


def delete_everything(ctx: JobContext) -> None:
    raise UnsupportedOperation("FNAC has no product deletion", marketplace="fnac")


def test_issue15_item9_unsupported_operation_is_a_client_error_not_a_system_one() -> None:
    error = UnsupportedOperation("FNAC has no product deletion", marketplace="fnac")
    assert error.error_class is ErrorClass.CLIENT
    assert error.error_class.value == "client"
    assert isinstance(error, MarketplaceError)
    assert "error_class='client'" in repr(error)


def test_issue15_item9_a_job_asking_the_unsupported_reports_client_not_system() -> None:
    runtime = Runtime(
        channel_for=lambda shop: object(),
        cursors=MemoryCursorStore(),
        sink=MemorySink(),
        clock=FakeClock(datetime(2026, 3, 1, tzinfo=UTC)),
    )
    spec = JobSpec(
        "products.delete", f"{__name__}:delete_everything", interval=timedelta(minutes=5)
    )
    run = run_job(spec, ShopRef("fnac", "S1"), runtime)
    assert not run.ok
    assert run.to_dict()["error_class"] == "client"
