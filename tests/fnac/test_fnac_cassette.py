"""A whole FNAC flow recorded with vcrpy against the loopback sandbox, with every secret filtered.

Auth, offers listed, a stock push with its batch, orders, accept and confirm_to_send run over real
HTTP against `FnacSandbox.serve()`. The cassette must hold neither the seller's key nor any token
FNAC handed out (both travel inside the XML bodies). The committed cassette
`tests/cassettes/fnac_whole_flow.yaml` replays the flow with no server; set
`MARKETPLACE_SDK_RECORD=1` to record it again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.cassette_support import recorder

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import FnacClient, FnacCredentials, OfferUpdate, OrderState
from marketplace_sdk.fnac.sandbox import FnacSandbox

CASSETTE = Path(__file__).resolve().parent.parent / "cassettes" / "fnac_whole_flow.yaml"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BASE = "http://127.0.0.1:8766/api.php/"


@dataclass
class FlowResult:
    offers: int = 0
    applied: int = 0
    orders: int = 0
    shipped_state: str | None = None


def run_flow(base_url: str, credentials: FnacCredentials, clock: FakeClock) -> FlowResult:
    result = FlowResult()
    with FnacClient(credentials, base_url=base_url, clock=clock) as client:
        offers = list(client.offers_query())
        result.offers = len(offers)
        updates = [OfferUpdate(offer_reference=o.offer_seller_id or "", quantity=2) for o in offers]
        statuses = client.offers_update_and_wait(updates, poll_interval=10)
        result.applied = sum(1 for s in statuses for offer in s.offers if not offer.errors)
        orders = list(client.orders_query())
        result.orders = len(orders)
        created = next(o.order_id for o in orders if o.state == OrderState.CREATED and o.order_id)
        client.accept_order(created)
        clock.advance(60)
        shipped = client.confirm_to_send(
            created, tracking_number="6A00000000001", carrier="LAPOSTE"
        )
        result.shipped_state = str(shipped.state)
    return result


def sandbox_and_credentials(clock: FakeClock) -> tuple[FnacSandbox, FnacCredentials]:
    sandbox = FnacSandbox.seeded(offers=15, orders=8, days=90, clock=clock, seed=5)
    given = sandbox.credentials
    return sandbox, FnacCredentials(
        partner_id=given.partner_id, shop_id=given.shop_id, key=given.key
    )


def record(path: Path) -> tuple[FlowResult, FnacSandbox, FnacCredentials]:
    clock = FakeClock(START)
    sandbox, credentials = sandbox_and_credentials(clock)
    with sandbox.serve() as server, recorder("all").use_cassette(str(path)):
        result = run_flow(server.url.rstrip("/") + "/api.php/", credentials, clock)
    return result, sandbox, credentials


def test_a_recorded_cassette_holds_neither_the_key_nor_a_token(tmp_path: Path) -> None:
    path = tmp_path / "fnac.yaml"
    result, sandbox, credentials = record(path)
    text = path.read_text()
    assert result.shipped_state == "Shipped"
    assert credentials.key.get_secret_value() not in text
    tokens = list(sandbox.state.tokens)
    assert tokens
    for token in tokens:
        assert token not in text
    assert "[REDACTED]" in text


def test_the_committed_cassette_replays_the_whole_flow() -> None:
    if os.environ.get("MARKETPLACE_SDK_RECORD") == "1" or not CASSETTE.exists():
        CASSETTE.parent.mkdir(parents=True, exist_ok=True)
        record(CASSETTE)
    _, credentials = sandbox_and_credentials(FakeClock(START))
    with recorder("none").use_cassette(str(CASSETTE)) as cassette:
        replayed = run_flow(BASE, credentials, FakeClock(START))
        assert cassette.all_played
    assert replayed.offers == 15
    assert replayed.applied == 15
    assert replayed.orders == 8
    assert replayed.shipped_state == "Shipped"
