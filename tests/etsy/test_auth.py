"""Etsy OAuth 2.0 with PKCE: consent URL, code exchange, refresh with rotation, revocation."""

from __future__ import annotations

import json
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._errors import AuthenticationError, TokenRevokedError
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.etsy import (
    EtsyOAuth,
    JsonFileTokenStore,
    MemoryTokenStore,
    TokenPair,
    start_authorization,
)
from marketplace_sdk.etsy import _errors as etsy_errors
from marketplace_sdk.etsy._auth import code_challenge, generate_code_verifier

START = datetime(2026, 1, 1, tzinfo=UTC)


def pair(access: str = "111.access-1", refresh: str = "111.refresh-1", ttl: float = 3600):
    return TokenPair(
        access_token=access, refresh_token=refresh, expires_at=START + timedelta(seconds=ttl)
    )


def test_rfc7636_appendix_b_vector() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


@given(st.integers(min_value=43, max_value=128))
def test_generated_verifiers_are_valid(length: int) -> None:
    verifier = generate_code_verifier(length)
    assert len(verifier) == length
    assert set(verifier) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
    assert len(code_challenge(verifier)) == 43


@pytest.mark.parametrize("bad", ["short", "a" * 129, "a" * 42 + "!"])
def test_invalid_verifiers_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="43 to 128"):
        code_challenge(bad)


def test_consent_url_carries_every_pkce_parameter() -> None:
    flow = start_authorization(
        "keystring123", "https://oms.example/etsy/cb", ["shops_r", "transactions_r"]
    )
    url = urlsplit(flow.url)
    query = {key: values[0] for key, values in parse_qs(url.query).items()}

    assert (url.scheme, url.netloc, url.path) == ("https", "www.etsy.com", "/oauth/connect")
    assert query == {
        "response_type": "code",
        "client_id": "keystring123",
        "redirect_uri": "https://oms.example/etsy/cb",
        "scope": "shops_r transactions_r",
        "state": flow.state,
        "code_challenge": code_challenge(flow.verifier.get_secret_value()),
        "code_challenge_method": "S256",
    }
    assert flow.verifier.get_secret_value() not in flow.url
    assert flow.verifier.get_secret_value() not in repr(flow)
    assert start_authorization("k", "https://x/cb").state != flow.state


def test_redirect_with_a_foreign_state_is_refused() -> None:
    flow = start_authorization("k", "https://oms.example/cb", state="mine")
    with pytest.raises(AuthenticationError, match="state"):
        flow.code_from_redirect("https://oms.example/cb?code=abc&state=forged")
    with pytest.raises(AuthenticationError, match="no code"):
        flow.code_from_redirect("https://oms.example/cb?state=mine")


def test_code_exchange_posts_the_verifier_and_reads_the_pair(clock: FakeClock) -> None:
    flow = start_authorization("keystring123", "https://oms.example/cb", state="s")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "access_token": "12345678.at",
                "token_type": "Bearer",
                "expires_in": 3600,
                "refresh_token": "12345678.rt",
            },
        )

    config = EngineConfig(marketplace="etsy", base_url="https://api.etsy.com", clock=clock)
    with SyncEngine(config, transport=httpx.MockTransport(handler)) as engine:
        token = engine.call(flow.exchange_call("the-code", clock=clock))

    sent = seen[0]
    assert (sent.method, sent.url.path) == ("POST", "/v3/public/oauth/token")
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    form = {key: values[0] for key, values in parse_qs(sent.content.decode()).items()}
    assert form == {
        "grant_type": "authorization_code",
        "client_id": "keystring123",
        "redirect_uri": "https://oms.example/cb",
        "code": "the-code",
        "code_verifier": flow.verifier.get_secret_value(),
    }
    assert token.user_id == 12345678
    assert token.expires_at == START + timedelta(hours=1)
    assert token.refresh_token.get_secret_value() == "12345678.rt"


class FakeEtsy:
    """A token endpoint that rotates refresh tokens, and one API path checking the bearer."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.valid_refresh = "111.refresh-1"
        self.valid_access = "111.access-1"
        self.refreshes = 0
        self.revoked = False
        self.lock = threading.Lock()
        self.api_requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v3/public/oauth/token":
            return self._token(request)
        self.api_requests.append(request)
        if request.headers.get("x-api-key") != "keystring123:shared-secret":
            return httpx.Response(403, json={"error": "Shared secret is required"})
        if request.headers.get("authorization") != f"Bearer {self.valid_access}":
            return httpx.Response(401, json={"error": "invalid_token"})
        return httpx.Response(200, json={"user_id": 111, "shop_id": 222})

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = {key: values[0] for key, values in parse_qs(request.content.decode()).items()}
        with self.lock:
            if self.revoked or form.get("refresh_token") != self.valid_refresh:
                return httpx.Response(
                    400, json={"error": "invalid_grant", "error_description": "Invalid token"}
                )
            self.refreshes += 1
            self.valid_access = f"111.access-{self.refreshes + 1}"
            self.valid_refresh = f"111.refresh-{self.refreshes + 1}"
            return httpx.Response(
                200,
                json={
                    "access_token": self.valid_access,
                    "refresh_token": self.valid_refresh,
                    "expires_in": 3600,
                    "token_type": "Bearer",
                },
            )


def me_call() -> Call[int]:
    return Call(
        ApiRequest(method="GET", path="/v3/application/users/me", operation="getMe"),
        parse=lambda response: int(response.json()["shop_id"]),
    )


def engine_for(fake: FakeEtsy, auth: EtsyOAuth, clock: FakeClock) -> SyncEngine:
    config = EngineConfig(
        marketplace="etsy",
        base_url="https://api.etsy.com",
        auth=auth,
        clock=clock,
        error_decoder=etsy_errors.decode_error,
        classify=etsy_errors.classify,
        retry=RetryPolicy(max_attempts=2),
    )
    return SyncEngine(config, transport=httpx.MockTransport(fake))


def test_requests_carry_bearer_and_api_key(clock: FakeClock) -> None:
    fake = FakeEtsy(clock)
    auth = EtsyOAuth("keystring123", SecretStr("shared-secret"), MemoryTokenStore(pair()))
    with engine_for(fake, auth, clock) as engine:
        assert engine.call(me_call()) == 222
    assert fake.refreshes == 0


def test_expiring_token_is_refreshed_first_and_the_rotated_pair_saved(clock: FakeClock) -> None:
    store = MemoryTokenStore(pair(ttl=30))  # inside the 60 s margin
    auth = EtsyOAuth("keystring123", "shared-secret", store, clock=clock)
    fake = FakeEtsy(clock)
    with engine_for(fake, auth, clock) as engine:
        assert engine.call(me_call()) == 222

    saved = store.load()
    assert saved is not None
    assert saved.refresh_token.get_secret_value() == "111.refresh-2"
    assert saved.expires_at == START + timedelta(hours=1)
    assert fake.refreshes == 1
    assert auth.generation == 1


def test_a_refused_token_is_refreshed_once_and_the_call_resent(clock: FakeClock) -> None:
    fake = FakeEtsy(clock)
    fake.valid_access = "111.access-server-side-revoked"
    store = MemoryTokenStore(pair())
    auth = EtsyOAuth("keystring123", "shared-secret", store, clock=clock)
    with engine_for(fake, auth, clock) as engine:
        assert engine.call(me_call()) == 222
    assert fake.refreshes == 1
    assert [r.headers["authorization"] for r in fake.api_requests] == [
        "Bearer 111.access-1",
        "Bearer 111.access-2",
    ]


def test_invalid_grant_means_reconnect_the_shop(clock: FakeClock) -> None:
    fake = FakeEtsy(clock)
    fake.revoked = True
    auth = EtsyOAuth("keystring123", "shared-secret", MemoryTokenStore(pair(ttl=0)), clock=clock)
    with engine_for(fake, auth, clock) as engine, pytest.raises(TokenRevokedError) as caught:
        engine.call(me_call())
    assert "reconnect the shop" in str(caught.value)
    assert caught.value.error_class.value == "configuration"
    assert not auth.can_recover(caught.value)


def test_no_stored_token_asks_for_a_connection(clock: FakeClock) -> None:
    auth = EtsyOAuth("keystring123", "shared-secret", MemoryTokenStore(), clock=clock)
    with engine_for(FakeEtsy(clock), auth, clock) as engine, pytest.raises(TokenRevokedError):
        engine.call(me_call())


def test_concurrent_calls_refresh_once(clock: FakeClock) -> None:
    fake = FakeEtsy(clock)
    store = MemoryTokenStore(pair(ttl=0))
    auth = EtsyOAuth("keystring123", "shared-secret", store, clock=clock)
    results: list[int] = []
    with engine_for(fake, auth, clock) as engine:
        threads = [
            threading.Thread(target=lambda: results.append(engine.call(me_call())))
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == [222] * 8
    assert fake.refreshes == 1


def test_json_file_store_is_private_and_round_trips(tmp_path: Path) -> None:
    store = JsonFileTokenStore(tmp_path / "tokens" / "shop-1.json")
    assert store.load() is None
    store.save(pair())
    store.save(pair(access="111.access-2", refresh="111.refresh-2"))

    mode = stat.S_IMODE((tmp_path / "tokens" / "shop-1.json").stat().st_mode)
    assert mode == 0o600
    loaded = store.load()
    assert loaded is not None
    assert loaded.refresh_token.get_secret_value() == "111.refresh-2"
    assert loaded.expires_at == START + timedelta(hours=1)
    assert json.loads((tmp_path / "tokens" / "shop-1.json").read_text())["access_token"]
    assert [p.name for p in (tmp_path / "tokens").iterdir()] == ["shop-1.json"]


def test_no_secret_in_repr_or_str_of_auth_objects(tmp_path: Path) -> None:
    token = pair(access="111.SECRET-ACCESS", refresh="111.SECRET-REFRESH")
    auth = EtsyOAuth("keystring123", SecretStr("SECRET-SHARED"), MemoryTokenStore(token))
    flow = start_authorization("keystring123", "https://oms.example/cb", verifier="V" * 50)
    auth.apply(ApiRequest(method="GET", path="/"))
    for obj in (auth, token, flow, MemoryTokenStore(token), JsonFileTokenStore(tmp_path / "t")):
        text = repr(obj) + str(obj)
        for secret in ("SECRET-ACCESS", "SECRET-REFRESH", "SECRET-SHARED", "V" * 50):
            assert secret not in text


def test_both_keystring_and_shared_secret_are_required() -> None:
    with pytest.raises(ValueError, match="shared secret"):
        EtsyOAuth("keystring123", "", MemoryTokenStore())


def test_workers_sharing_a_store_refresh_once(clock: FakeClock, tmp_path: Path) -> None:
    fake = FakeEtsy(clock)
    shared = JsonFileTokenStore(tmp_path / "shop.json")
    shared.save(pair(ttl=600))
    first = EtsyOAuth("keystring123", "shared-secret", shared, clock=clock)
    second = EtsyOAuth("keystring123", "shared-secret", shared, clock=clock)
    with engine_for(fake, first, clock) as a, engine_for(fake, second, clock) as b:
        assert a.call(me_call()) == 222
        assert b.call(me_call()) == 222  # both hold the first pair now
        clock.advance(600)  # the first pair expires for both
        assert a.call(me_call()) == 222  # worker A refreshes and saves the rotated pair
        assert b.call(me_call()) == 222  # worker B picks it up instead of refreshing
    assert fake.refreshes == 1
    assert fake.api_requests[-1].headers["authorization"] == "Bearer 111.access-2"


def test_a_refused_token_refreshes_with_the_latest_stored_refresh_token(
    clock: FakeClock, tmp_path: Path
) -> None:
    fake = FakeEtsy(clock)
    shared = JsonFileTokenStore(tmp_path / "shop.json")
    shared.save(pair())
    stale = EtsyOAuth("keystring123", "shared-secret", shared, clock=clock)
    stale.apply(ApiRequest(method="GET", path="/"))  # loads the first pair
    fresh = EtsyOAuth("keystring123", "shared-secret", shared, clock=clock)
    with engine_for(fake, fresh, clock) as engine:
        engine.call(fresh.refresh_call())  # another worker rotates the pair
    with engine_for(fake, stale, clock) as engine:
        assert engine.call(me_call()) == 222  # 401, then a refresh with the rotated token
    assert fake.refreshes == 2
