"""The secret values the SDK knows: held by auth hooks, carried by requests, remembered."""

from __future__ import annotations

import httpx
import pytest

from marketplace_sdk.core._auth import StaticHeaderAuth
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._errors import ResponseParseError
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._responses import build_error, handle_response
from marketplace_sdk.core._secrets import SecretMemory, carried_secrets, secret_values


def test_a_request_carries_its_headers_fields_and_body_secrets() -> None:
    found = carried_secrets(
        headers={"Authorization": "Bearer 1.access-aaaa", "x-api-key": "app:shared-bbbb"},
        fields={"form": {"refresh_token": "1.refresh-cccc", "client_id": "app"}, "q": [1, 2]},
        body=b'<offers_query partner_id="partner-dddd" shop_id="S" token="token-eeee"/>',
    )
    assert found == [
        "Bearer 1.access-aaaa",
        "1.access-aaaa",
        "app:shared-bbbb",
        "shared-bbbb",
        "1.refresh-cccc",
        "partner-dddd",
        "token-eeee",
    ]
    auth = b"<auth><partner_id>p-ffff</partner_id><key><![CDATA[key-gggg]]></key></auth>"
    assert carried_secrets(body=auth) == ["p-ffff", "key-gggg"]
    assert carried_secrets(fields={"json": {"seller_pin": "pin-hhhh"}}, extra=["seller_pin"]) == [
        "pin-hhhh"
    ]


def test_only_a_secret_source_has_secret_values() -> None:
    assert secret_values(object()) == ()
    assert secret_values(StaticHeaderAuth({"Authorization": "Token k-8f2e91"})) == (
        "Token k-8f2e91",
        "k-8f2e91",
    )


def test_memory_keeps_the_latest_values() -> None:
    memory = SecretMemory(size=3)
    assert memory.remember(["a-1", "b-2"])
    assert not memory.remember(["a-1"])
    memory.remember(["c-3", "d-4"])
    assert memory.values() == ("a-1", "c-3", "d-4")


class RotatingAuth:
    """An auth hook whose token changes (a renewal between the request and its answer)."""

    def __init__(self) -> None:
        self.token = "token-one-1111"

    def secret_values(self) -> list[str]:
        return [self.token]


def test_an_error_quoting_the_token_its_request_carried_is_redacted_after_a_renewal() -> None:
    auth = RotatingAuth()
    config = EngineConfig(
        marketplace="demo",
        base_url="https://api.example",
        auth=auth,  # type: ignore[arg-type]
    )
    sent = ApiRequest(method="GET", path="/x", headers={"X-Shop-Token": auth.token})
    auth.token = "token-two-2222"  # another task renewed it while this request was out
    response = httpx.Response(
        401, text="token-one-1111 expired", request=httpx.Request("GET", "https://api.example/x")
    )
    error = build_error(config, sent, response)
    assert "token-one-1111" not in str(error)
    assert "token-one-1111" not in (error.body_excerpt or "")
    # Remembered: a later answer quoting it (with no name) is redacted too.
    later = ApiRequest(method="GET", path="/y")
    answer = httpx.Response(
        200, text="not json: token-one-1111", request=httpx.Request("GET", "https://api.example/y")
    )
    call = Call(later, parse=lambda response: response.json())
    with pytest.raises(ResponseParseError) as caught:
        handle_response(config, call, later, answer)
    assert "token-one-1111" not in (caught.value.body_excerpt or "")
