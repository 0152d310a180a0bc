"""A whole Etsy flow recorded with vcrpy against the loopback sandbox, with every secret filtered.

The flow (PKCE connect, catalogue, stock push, receipts, shipment) runs over real HTTP against
`EtsySandbox.serve()`, vcrpy records it, and the cassette must hold none of the keys, tokens,
codes or verifiers the flow used. The committed cassette `tests/cassettes/etsy_whole_flow.yaml`
replays the same flow with no server at all; set `MARKETPLACE_SDK_RECORD=1` to record it again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from tests.cassette_support import recorder

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy import (
    EtsyClient,
    InventoryUpdate,
    MemoryTokenStore,
    ReceiptShipmentRequest,
    ReceiptStatus,
    start_authorization,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox

CASSETTE = Path(__file__).resolve().parent.parent / "cassettes" / "etsy_whole_flow.yaml"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BASE = "http://127.0.0.1:8765"  # the base URL the replay uses; ports are not matched


def _plain(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


@dataclass
class FlowResult:
    listings: int = 0
    receipts: int = 0
    shipped: int | None = None
    secrets: list[str] = field(default_factory=list)


def run_flow(base_url: str, sandbox: EtsySandbox | None, clock: FakeClock) -> FlowResult:
    """The flow; with `sandbox` None it runs from the cassette alone."""
    result = FlowResult()
    keystring = sandbox.keystring if sandbox else "sandbox-keystring"
    secret = sandbox.api_key.get_secret_value().split(":", 1)[1] if sandbox else "x"
    store = MemoryTokenStore()
    with EtsyClient(keystring, secret, store, base_url=base_url, clock=clock) as client:
        flow = start_authorization(keystring, "http://localhost:8765/callback", state="fixed")
        redirect = (
            sandbox.approve_consent(flow.url)
            if sandbox
            else "http://localhost:8765/callback?code=recorded&state=fixed"
        )
        pair = client.connect(flow, redirect)
        result.secrets += [
            secret,
            pair.access_token.get_secret_value(),
            pair.refresh_token.get_secret_value(),
            _plain(flow.verifier),
        ]
        if sandbox:
            result.secrets.append(redirect.split("code=", 1)[1].split("&", 1)[0])
        shop_id = client.get_me().shop_id
        listings = []
        for listing in client.iter_listings(shop_id):
            listings.append(listing)
        result.listings = len(listings)
        first = listings[0]
        update = InventoryUpdate.from_inventory(client.get_listing_inventory(first.listing_id))
        update.products[0].offerings[0].quantity = 3
        client.update_listing_inventory(first.listing_id, update)
        until = clock.now()
        receipts = list(client.iter_receipts_by_created(shop_id, until - timedelta(days=90), until))
        result.receipts = len(receipts)
        paid = next(r for r in receipts if r.status == ReceiptStatus.PAID and not r.is_shipped)
        shipment = ReceiptShipmentRequest(tracking_code="1Z999AA10123456784", carrier_name="ups")
        shipped = client.create_receipt_shipment(shop_id, paid.receipt_id, shipment)
        result.shipped = shipped.receipt_id
    return result


@pytest.fixture
def sandbox() -> Iterator[EtsySandbox]:
    box = EtsySandbox.seeded(listings=30, orders=25, days=90, clock=FakeClock(START), seed=11)
    yield box
    box.close()


def record(path: Path, sandbox: EtsySandbox) -> FlowResult:
    clock = sandbox.clock
    assert isinstance(clock, FakeClock)
    with sandbox.serve() as server, recorder("all").use_cassette(str(path)):
        return run_flow(server.url, sandbox, clock)


def test_a_recorded_cassette_holds_none_of_the_secrets_used(
    sandbox: EtsySandbox, tmp_path: Path
) -> None:
    path = tmp_path / "flow.yaml"
    result = record(path, sandbox)
    text = path.read_text()
    assert result.shipped is not None
    assert len(result.secrets) >= 5
    for secret in result.secrets:
        assert secret not in text
    assert "[REDACTED]" in text
    interactions = text.count("- request:")
    assert interactions >= 6


def test_the_committed_cassette_replays_the_whole_flow(sandbox: EtsySandbox) -> None:
    if os.environ.get("MARKETPLACE_SDK_RECORD") == "1" or not CASSETTE.exists():
        CASSETTE.parent.mkdir(parents=True, exist_ok=True)
        record(CASSETTE, sandbox)
    replayed = None
    with recorder("none").use_cassette(str(CASSETTE)) as cassette:
        replayed = run_flow(BASE, None, FakeClock(START))
        assert cassette.all_played
    assert replayed.listings > 0
    assert replayed.receipts == 25
    assert replayed.shipped is not None
    body = json.dumps([str(r) for r in cassette.requests])
    assert "sandbox-shared-secret" not in body
