# Generated from tests/etsy/_async/test_issue15_messages.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Issue 15, item 9: an Etsy stock above the offering ceiling is refused naming SKU and bound."""

from __future__ import annotations

import pytest
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import ProductDraft, StockUpdate, Variant
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy.sandbox import EtsySandbox


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=5, orders=0, clock=clock, seed=3)


def _draft(**changes: object) -> ProductDraft:
    fields: dict[str, object] = {
        "sku": "MUG-1000",
        "title": "Big stock mug",
        "price": Money(amount="12.00", currency="USD"),
        "stock": 1000,
        "category_id": "2",
    }
    return ProductDraft.model_validate(fields | changes)


def test_issue15_item9_a_listing_above_the_ceiling_names_the_sku_and_bound_before_sending(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.calls.clear()

    result = channel.list_product(_draft())

    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    message = result.reason.message
    assert "'MUG-1000'" in message
    assert "999" in message
    assert "1000" in message
    assert "offerings[0]" not in message
    assert len(sandbox.calls) == 0  # refused before any draft exists on Etsy


def test_issue15_item9_a_variant_above_the_ceiling_is_named(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.calls.clear()
    variants = (
        Variant(sku="TEE-S", attributes={"Size": "S"}, stock=2),
        Variant(sku="TEE-L", attributes={"Size": "L"}, stock=1500),
    )

    result = channel.list_product(_draft(sku="TEE", stock=0, variants=variants))

    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert "'TEE-L'" in result.reason.message
    assert "999" in result.reason.message
    assert len(sandbox.calls) == 0


def test_issue15_item9_a_stock_push_above_the_ceiling_names_the_sku_and_bound(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sku = "MUG-PUSH"
    sandbox.add_listing(sku, quantity=4)

    [result] = (channel.push_stock([StockUpdate(sku=sku, quantity=1000)])).items

    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert repr(sku) in result.reason.message
    assert "999" in result.reason.message
