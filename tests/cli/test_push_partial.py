"""A push failing midway (refused credentials) shows what its earlier batches applied."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
import typer
from tests.cli.support import Cli

from marketplace_sdk.cli import _push_cmds as push_cmds
from marketplace_sdk.core._errors import AuthenticationError
from marketplace_sdk.core._models import StockUpdate
from marketplace_sdk.core._results import ItemResult


class _RefusedOnSecondBatch:
    """A channel whose credentials are refused after its first stock batch."""

    def __init__(self) -> None:
        self.calls = 0

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        self.calls += 1
        if self.calls > 1:
            raise AuthenticationError("invalid token", status=401, marketplace="fnac")
        return [ItemResult.ok(update.sku) for update in updates]


@pytest.fixture
def refusing_channel(monkeypatch: pytest.MonkeyPatch) -> _RefusedOnSecondBatch:
    channel = _RefusedOnSecondBatch()

    def channel_for(ctx: typer.Context, marketplace: str, profile: str | None) -> object:
        return channel

    monkeypatch.setattr(push_cmds, "channel_for", channel_for)
    return channel


def test_a_push_failing_midway_shows_the_applied_batches(
    cli: Cli, refusing_channel: _RefusedOnSecondBatch
) -> None:
    result = cli.run("fnac", "stock", "push", "A-1=1", "B-2=2", "C-3=3", "--batch-size", "2")

    assert result.exit_code == 3, result.output
    assert "A-1" in result.stdout
    assert "B-2" in result.stdout
    assert "C-3" not in result.stdout
    assert "2 ok" in result.output
    assert "1 not sent" in result.output
    assert "refused the credentials" in result.output


def test_a_push_failing_midway_prints_the_applied_results_as_json(
    cli: Cli, refusing_channel: _RefusedOnSecondBatch
) -> None:
    result = cli.run(
        "fnac", "stock", "push", "A-1=1", "B-2=2", "C-3=3", "--batch-size", "1", "--json"
    )

    assert result.exit_code == 3, result.output
    applied = json.loads(result.stdout)
    assert [item["key"] for item in applied["results"]] == ["A-1"]
    assert applied["summary"]["ok"] == 1
    assert applied["not_sent"] == 2
    assert applied["complete"] is False


class _UnsureChannel:
    """A channel whose answer for one SKU was lost: that write may have been applied."""

    def __init__(self, fail_from: int | None = None) -> None:
        self.calls = 0
        self.fail_from = fail_from

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        self.calls += 1
        if self.fail_from is not None and self.calls >= self.fail_from:
            raise AuthenticationError("invalid token", status=401, marketplace="fnac")
        return [
            ItemResult.unknown(update.sku, message="answer lost: it may have been applied")
            if update.sku.startswith("U")
            else ItemResult.ok(update.sku)
            for update in updates
        ]


def _use(monkeypatch: pytest.MonkeyPatch, channel: _UnsureChannel) -> None:
    monkeypatch.setattr(push_cmds, "channel_for", lambda ctx, marketplace, profile: channel)


def test_a_push_counts_and_shows_the_unknown_outcomes(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, _UnsureChannel())
    result = cli.run("fnac", "stock", "push", "A-1=1", "U-2=2", "U-3=3")
    assert result.exit_code == 1, result.output
    assert "1 ok, 0 rejected, 0 to retry, 2 of unknown outcome" in result.output

    as_json = cli.run("fnac", "stock", "push", "A-1=1", "U-2=2", "--json")
    assert json.loads(as_json.stdout)["summary"] == {
        "ok": 1,
        "rejected": 0,
        "retry_later": 0,
        "unknown": 1,
    }


def test_a_push_failing_midway_counts_the_unknown_outcomes_it_applied(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, _UnsureChannel(fail_from=2))
    result = cli.run("fnac", "stock", "push", "U-1=1", "B-2=2", "C-3=3", "--batch-size", "2")
    assert result.exit_code == 3, result.output
    assert "1 ok, 0 rejected, 0 to retry, 1 of unknown outcome; 1 not sent" in result.output
