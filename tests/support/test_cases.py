"""Support cases: a session against both loopback sandboxes, recorded scrubbed, then replayed.

The session refreshes an Etsy OAuth token, reads listings and orders (with buyer data) through
the sync `EtsyChannel`, and authenticates and reads orders on FNAC through the async channel.
The cassette must hold none of the keys, tokens, shop ids, buyer names, e-mails or street lines
the session used; replaying it with no server must give the same canonical orders.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._frames import MissingExtraError
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy import EtsyChannel, EtsyClient, MemoryTokenStore, TokenPair
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import AsyncFnacChannel, AsyncFnacClient, FnacCredentials
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.support import CaseError, UnmatchedRequestError, record_case, replay_case
from marketplace_sdk.testing import LoopbackServer

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DEAD = "http://127.0.0.1:9"  # nothing listens here: a replay must not need a server
WINDOW = timedelta(days=90)


@dataclass
class Shops:
    etsy: EtsySandbox
    fnac: FnacSandbox
    clock: FakeClock


@dataclass
class Seen:
    etsy_orders: list[Order] = field(default_factory=list)
    fnac_orders: list[Order] = field(default_factory=list)
    listings: int = 0
    tokens: list[str] = field(default_factory=list)


@pytest.fixture
def shops() -> Iterator[Shops]:
    clock = FakeClock(START)
    etsy = EtsySandbox.seeded(listings=12, orders=8, days=60, clock=clock, seed=3)
    fnac = FnacSandbox.seeded(offers=6, orders=6, days=60, clock=clock, seed=4)
    yield Shops(etsy, fnac, clock)
    etsy.close()


def etsy_secret(etsy: EtsySandbox) -> str:
    return etsy.api_key.get_secret_value().split(":", 1)[1]


def session(
    etsy_url: str,
    fnac_url: str,
    *,
    keystring: str,
    shared_secret: str,
    tokens: TokenPair,
    fnac: FnacCredentials,
    shop_id: int,
    clock: FakeClock,
) -> Seen:
    """What a support engineer runs: the same code records and replays."""
    seen = Seen()
    store = MemoryTokenStore(tokens)  # expired: the first call refreshes it
    with EtsyClient(keystring, shared_secret, store, base_url=etsy_url, clock=clock) as client:
        channel = EtsyChannel(client, shop_id, clock=clock)
        seen.listings = sum(1 for _ in channel.iter_products())
        now = clock.now()
        seen.etsy_orders = list(channel.iter_orders(now - WINDOW, now))
    pair = store.load()
    assert pair is not None
    seen.tokens = [pair.access_token.get_secret_value(), pair.refresh_token.get_secret_value()]

    async def fnac_orders() -> list[Order]:
        async with AsyncFnacClient(fnac, base_url=fnac_url, clock=clock) as client:
            channel = AsyncFnacChannel(client)
            return [order async for order in channel.iter_orders(now - WINDOW, now)]

    seen.fnac_orders = asyncio.run(fnac_orders())
    return seen


def expired_tokens(etsy: EtsySandbox, clock: FakeClock) -> TokenPair:
    given = etsy.connect()
    return TokenPair(
        access_token=given.access_token,
        refresh_token=given.refresh_token,
        expires_at=clock.now() - timedelta(seconds=1),
    )


def fnac_credentials(fnac: FnacSandbox) -> FnacCredentials:
    given = fnac.credentials
    return FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key)


def record(path: Path, shops: Shops) -> tuple[Seen, TokenPair, FnacCredentials]:
    tokens = expired_tokens(shops.etsy, shops.clock)
    credentials = fnac_credentials(shops.fnac)
    with (
        shops.etsy.serve() as etsy_server,
        shops.fnac.serve() as fnac_server,
        record_case(path) as case,
    ):
        seen = session(
            etsy_server.url,
            fnac_server.url.rstrip("/") + "/api.php/",
            keystring=shops.etsy.keystring,
            shared_secret=etsy_secret(shops.etsy),
            tokens=tokens,
            fnac=credentials,
            shop_id=shops.etsy.shop_id,
            clock=shops.clock,
        )
    assert case.interactions >= 5
    return seen, tokens, credentials


def personal_values(orders: list[Order]) -> set[str]:
    values: set[str] = set()
    for order in orders:
        for person in (order.buyer, order.shipping_address):
            if person is None:
                continue
            for name in ("name", "email", "line1", "line2", "phone"):
                value = getattr(person, name, None)
                if value:
                    values.add(value)
    return values


def without_personal_data(order: Order) -> dict[str, object]:
    return order.model_dump(exclude={"buyer", "shipping_address"})


def test_a_recorded_case_holds_none_of_the_secrets_or_buyer_data_used(
    shops: Shops, tmp_path: Path
) -> None:
    path = tmp_path / "case.yaml"
    seen, tokens, credentials = record(path, shops)
    text = path.read_text()
    assert seen.listings > 0
    assert seen.etsy_orders
    assert seen.fnac_orders
    secrets = {
        etsy_secret(shops.etsy),
        tokens.access_token.get_secret_value(),
        tokens.refresh_token.get_secret_value(),
        *seen.tokens,
        credentials.key.get_secret_value(),
        credentials.partner_id,
        credentials.shop_id,
        *shops.fnac.state.tokens,
    }
    assert seen.tokens[1] != tokens.refresh_token.get_secret_value()  # it was refreshed
    people = personal_values(seen.etsy_orders) | personal_values(seen.fnac_orders)
    assert len(people) >= 4
    for value in secrets | people:
        assert value not in text, value
    assert "/v3/public/oauth/token" in text
    assert "grant_type=refresh_token" in text
    assert "<auth" in text
    assert "[REDACTED]" in text
    assert "person1@example.invalid" in text


def test_recording_at_info_logs_no_token_answer_unscrubbed(
    shops: Shops, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """vcrpy logs each recorded exchange at INFO, whole: the SDK redacts its records too."""
    caplog.set_level(logging.INFO)
    seen, tokens, credentials = record(tmp_path / "case.yaml", shops)
    secrets = {
        etsy_secret(shops.etsy),
        tokens.access_token.get_secret_value(),
        tokens.refresh_token.get_secret_value(),
        *seen.tokens,
        credentials.key.get_secret_value(),
        credentials.partner_id,
        *shops.fnac.state.tokens,
    }
    vcr_lines = [r.getMessage() for r in caplog.records if r.name.startswith("vcr")]
    assert any("/v3/public/oauth/token" in line for line in vcr_lines), "vcrpy did log it"
    logged = "\n".join(caplog.text.splitlines() + vcr_lines)
    leaked = sorted(secret for secret in secrets if secret in logged)
    assert not leaked


def test_replay_gives_the_same_canonical_orders_with_no_server(
    shops: Shops, tmp_path: Path
) -> None:
    path = tmp_path / "case.yaml"
    seen, tokens, _ = record(path, shops)
    clock = FakeClock(START)
    with replay_case(path) as case:
        again = session(
            DEAD,
            DEAD + "/api.php/",
            keystring="any-keystring",
            shared_secret="any-secret",
            tokens=tokens,
            fnac=FnacCredentials(partner_id="P", shop_id="S", key="any-key"),
            shop_id=shops.etsy.shop_id,
            clock=clock,
        )
    assert case.all_played
    assert again.listings == seen.listings
    assert [o.order_id for o in again.etsy_orders] == [o.order_id for o in seen.etsy_orders]
    assert [without_personal_data(o) for o in again.etsy_orders] == [
        without_personal_data(o) for o in seen.etsy_orders
    ]
    assert [without_personal_data(o) for o in again.fnac_orders] == [
        without_personal_data(o) for o in seen.fnac_orders
    ]
    replayed_people = personal_values(again.etsy_orders) | personal_values(again.fnac_orders)
    assert replayed_people.isdisjoint(personal_values(seen.etsy_orders + seen.fnac_orders))
    buyers = {o.buyer.email for o in again.etsy_orders if o.buyer and o.buyer.email}
    assert all(email.endswith("@example.invalid") for email in buyers)


def replay_gets(path: Path, *paths: str) -> list[int]:
    """Replay `path` for a client that GETs each of `paths` in turn."""
    with replay_case(path), httpx.Client(base_url=DEAD) as client:
        return [client.get(each).status_code for each in paths]


def test_a_request_the_case_does_not_hold_is_a_clear_error(shops: Shops, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    shop = f"/v3/application/shops/{shops.etsy.shop_id}"
    with shops.etsy.serve() as server, record_case(path):
        httpx.get(f"{server.url}{shop}")
    assert replay_gets(path, shop) == [403]  # no x-api-key: Etsy's answer, as recorded
    with pytest.raises(UnmatchedRequestError) as caught:
        replay_gets(path, shop, "/v3/application/users/me")
    assert caught.value.method == "GET"
    assert caught.value.url.endswith("/v3/application/users/me")
    assert caught.value.reason == "no_match"
    assert str(path) in str(caught.value)


def test_a_recorded_answer_is_served_once(shops: Shops, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    shop = f"/v3/application/shops/{shops.etsy.shop_id}"
    with shops.etsy.serve() as server, record_case(path):
        httpx.get(f"{server.url}{shop}")
    with pytest.raises(UnmatchedRequestError) as caught:
        replay_gets(path, shop, shop)
    assert caught.value.reason == "already_played"


def test_webhook_signatures_and_signing_secrets_are_not_recorded(tmp_path: Path) -> None:
    received: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    path = tmp_path / "hooks.yaml"
    with LoopbackServer(receiver) as hooks, httpx.Client() as sender:
        etsy = EtsySandbox(clock=FakeClock(START), webhook_sender=sender)
        endpoint = etsy.register_webhook(f"{hooks.url}/etsy/webhooks")
        listing = etsy.add_listing("MUG-1", quantity=3)
        with record_case(path) as case:
            etsy.place_order(listing)
    assert received
    assert case.interactions == len(received)
    text = path.read_text()
    signature = received[0].headers["webhook-signature"]
    assert signature.split(",", 1)[1] not in text
    assert endpoint.secret.get_secret_value().split("_", 1)[1] not in text
    assert "webhook-signature" in text
    assert "order.paid" in text


def test_literal_secrets_are_removed_from_urls_headers_and_bodies(tmp_path: Path) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"seen": request.content.decode(), "ok": True})

    path = tmp_path / "echo.yaml"
    with LoopbackServer(echo) as server, record_case(path, secrets=["TICKET-SECRET-77"]) as case:
        httpx.post(
            f"{server.url}/x/TICKET-SECRET-77",
            content=b"note=TICKET-SECRET-77",
            headers={"x-trace": "TICKET-SECRET-77"},
        )
        case.add_secret("LATE-SECRET-88")
        httpx.post(f"{server.url}/y", content=b"LATE-SECRET-88")
    text = path.read_text()
    assert "TICKET-SECRET-77" not in text
    assert "LATE-SECRET-88" not in text
    with replay_case(path, secrets=["TICKET-SECRET-77", "LATE-SECRET-88"]) as case:
        answer = httpx.post(f"{DEAD}/x/TICKET-SECRET-77", content=b"other body")
        httpx.post(f"{DEAD}/y", content=b"")
    assert answer.json()["ok"] is True
    assert case.all_played


def test_an_existing_case_is_kept_unless_overwrite_is_asked(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("interactions: []\nversion: 1\n")
    with pytest.raises(CaseError, match="overwrite=True"), record_case(path):
        pass
    assert path.read_text().startswith("interactions: []")
    with record_case(path, overwrite=True) as case:
        pass
    assert case.interactions == 0


def test_replaying_a_missing_case_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="no recorded case"), replay_case(tmp_path / "none.yaml"):
        pass


def test_without_vcrpy_the_error_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "vcr", None)
    with (
        pytest.raises(MissingExtraError, match=r"marketplace-sdk\[support\]"),
        record_case(tmp_path / "case.yaml"),
    ):
        pass
