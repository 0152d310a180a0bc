"""The sandbox's OAuth 2.0 (PKCE, rotation, expiry, revocation) and x-api-key checks."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox

REDIRECT = "http://localhost:8765/callback"
VERIFIER = "a-verifier-long-enough-for-etsy-0123456789-abcdef"


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def consent_url(sandbox: EtsySandbox, **overrides: str) -> str:
    query = {
        "response_type": "code",
        "client_id": sandbox.keystring,
        "redirect_uri": REDIRECT,
        "scope": "listings_r transactions_r shops_r",
        "state": "state-123",
        "code_challenge": challenge(VERIFIER),
        "code_challenge_method": "S256",
        **overrides,
    }
    return f"https://www.etsy.com/oauth/connect?{urlencode(query)}"


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox(clock=clock)


@pytest.fixture
def client(sandbox: EtsySandbox) -> httpx.Client:
    return httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL)


def exchange(
    client: httpx.Client, sandbox: EtsySandbox, code: str, verifier: str
) -> httpx.Response:
    return client.post(
        "/v3/public/oauth/token",
        headers={"x-api-key": sandbox.api_key.get_secret_value()},
        data={
            "grant_type": "authorization_code",
            "client_id": sandbox.keystring,
            "redirect_uri": REDIRECT,
            "code": code,
            "code_verifier": verifier,
        },
    )


def refresh(client: httpx.Client, sandbox: EtsySandbox, token: str) -> httpx.Response:
    return client.post(
        "/v3/public/oauth/token",
        headers={"x-api-key": sandbox.api_key.get_secret_value()},
        data={
            "grant_type": "refresh_token",
            "client_id": sandbox.keystring,
            "refresh_token": token,
        },
    )


def me(
    client: httpx.Client, sandbox: EtsySandbox, access: str, key: str | None = None
) -> httpx.Response:
    headers = {
        "x-api-key": key if key is not None else sandbox.api_key.get_secret_value(),
        "authorization": f"Bearer {access}",
    }
    return client.get("/v3/application/users/me", headers=headers)


def code_from(redirect: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(redirect).query)
    return query["code"][0], query["state"][0]


def test_pkce_flow_through_the_connect_endpoint(sandbox: EtsySandbox, client: httpx.Client) -> None:
    connect = client.get(consent_url(sandbox).replace("https://www.etsy.com", ETSY_API_URL))
    assert connect.status_code == 302
    redirect = connect.headers["location"]
    assert redirect.startswith(REDIRECT + "?")
    code, state = code_from(redirect)
    assert state == "state-123"
    tokens = exchange(client, sandbox, code, VERIFIER)
    assert tokens.status_code == 200
    body = tokens.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["access_token"].startswith(f"{sandbox.user_id}.")
    assert body["refresh_token"].startswith(f"{sandbox.user_id}.")
    assert me(client, sandbox, body["access_token"]).json()["user_id"] == sandbox.user_id


def test_code_needs_the_matching_verifier_and_is_single_use(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    code, _ = code_from(sandbox.approve_consent(consent_url(sandbox)))
    wrong = exchange(client, sandbox, code, "x" * 43)
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    # The failed attempt burnt the code, as a stolen code must not be retried.
    assert exchange(client, sandbox, code, VERIFIER).json()["error"] == "invalid_grant"
    code, _ = code_from(sandbox.approve_consent(consent_url(sandbox)))
    assert exchange(client, sandbox, code, VERIFIER).status_code == 200
    assert exchange(client, sandbox, code, VERIFIER).json()["error"] == "invalid_grant"


def test_code_expires(sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock) -> None:
    code, _ = code_from(sandbox.approve_consent(consent_url(sandbox)))
    clock.advance(601)
    assert exchange(client, sandbox, code, VERIFIER).json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"client_id": "nobody"}, "invalid_client"),
        ({"redirect_uri": "http://localhost:9999/other"}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"scope": "listings_r launch_missiles"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_consent_refuses_bad_requests(
    sandbox: EtsySandbox, client: httpx.Client, overrides: dict[str, str], error: str
) -> None:
    response = client.get(consent_url(sandbox, **overrides).replace("https://www.etsy.com", ""))
    assert response.status_code == 400
    assert response.json()["error"] == error


def test_denied_consent_redirects_with_access_denied(sandbox: EtsySandbox) -> None:
    redirect = sandbox.approve_consent(consent_url(sandbox), approve=False)
    query = parse_qs(urlsplit(redirect).query)
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["state-123"]


def test_access_token_expires_after_an_hour(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    tokens = sandbox.connect()
    clock.advance(3599)
    assert me(client, sandbox, tokens.access_token).status_code == 200
    clock.advance(1)
    expired = me(client, sandbox, tokens.access_token)
    assert expired.status_code == 401
    assert expired.json()["error"] == "invalid_token"


def test_refresh_rotates_and_the_old_refresh_token_stops_working(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    first = sandbox.connect()
    clock.advance(4000)
    renewed = refresh(client, sandbox, first.refresh_token)
    assert renewed.status_code == 200
    pair = renewed.json()
    assert pair["refresh_token"] != first.refresh_token
    assert me(client, sandbox, pair["access_token"]).status_code == 200
    reused = refresh(client, sandbox, first.refresh_token)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert refresh(client, sandbox, pair["refresh_token"]).status_code == 200


def test_refresh_token_expires_after_90_days(
    sandbox: EtsySandbox, client: httpx.Client, clock: FakeClock
) -> None:
    tokens = sandbox.connect()
    clock.advance(90 * 86400)
    assert refresh(client, sandbox, tokens.refresh_token).json()["error"] == "invalid_grant"


def test_password_change_revokes_every_token(sandbox: EtsySandbox, client: httpx.Client) -> None:
    tokens = sandbox.connect()
    sandbox.change_password()
    assert me(client, sandbox, tokens.access_token).status_code == 401
    revoked = refresh(client, sandbox, tokens.refresh_token)
    assert revoked.status_code == 400
    assert revoked.json()["error"] == "invalid_grant"
    # Reconnecting the shop works again.
    assert me(client, sandbox, sandbox.connect().access_token).status_code == 200


def test_expired_token_fault_needs_a_refresh(sandbox: EtsySandbox, client: httpx.Client) -> None:
    tokens = sandbox.connect()
    sandbox.expire_access_tokens()
    assert me(client, sandbox, tokens.access_token).status_code == 401
    pair = refresh(client, sandbox, tokens.refresh_token).json()
    assert me(client, sandbox, pair["access_token"]).status_code == 200


def test_scopes_are_enforced(sandbox: EtsySandbox, client: httpx.Client) -> None:
    tokens = sandbox.connect(scopes=["listings_r"])
    denied = me(client, sandbox, tokens.access_token)
    assert denied.status_code == 403
    assert denied.json()["error"] == "insufficient_scope"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("sandbox-keystring", "Shared secret is required in x-api-key header."),
        ("sandbox-keystring:", "Shared secret is required in x-api-key header."),
        ("sandbox-keystring:wrong", "Invalid API key: the shared secret does not match."),
        ("unknown:secret", "Invalid API key: the keystring is not known."),
        ("", "Missing x-api-key header."),
    ],
)
def test_api_key_needs_keystring_and_shared_secret(
    sandbox: EtsySandbox, client: httpx.Client, key: str, message: str
) -> None:
    tokens = sandbox.connect()
    response = me(client, sandbox, tokens.access_token, key=key)
    assert response.status_code == 403
    assert response.json() == {"error": message}


def test_public_operations_need_only_the_api_key(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    headers = {"x-api-key": sandbox.api_key.get_secret_value()}
    assert (
        client.get(f"/v3/application/shops/{sandbox.shop_id}", headers=headers).status_code == 200
    )
    private = client.get(f"/v3/application/shops/{sandbox.shop_id}/receipts", headers=headers)
    assert private.status_code == 401


def test_tokens_never_show_in_reprs(sandbox: EtsySandbox) -> None:
    tokens = sandbox.connect()
    assert tokens.access_token not in repr(tokens)
    assert "sandbox-shared-secret" not in repr(sandbox.app)
    assert "sandbox-shared-secret" not in repr(sandbox.api_key)
