"""No secret survives redaction, whatever shape it travels in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._redact import (
    REDACTED,
    is_secret_name,
    redact_headers,
    redact_text,
    redact_url,
)

SECRET = "Zk9-secret.Value_123"


@pytest.mark.parametrize(
    "text",
    [
        f'{{"access_token": "{SECRET}", "token_type": "Bearer"}}',
        f'{{"refresh_token":"{SECRET}"}}',
        f'{{"nested": {{"api_key": "{SECRET}"}}}}',
        f"grant_type=refresh_token&client_id=abc&refresh_token={SECRET}",
        f"code={SECRET}&code_verifier={SECRET}",
        f"<auth><partner_id>p</partner_id><shop_id>s</shop_id><key>{SECRET}</key></auth>",
        f'<offers_query partner_id="p" shop_id="s" token="{SECRET}"/>',
        f"Authorization: Bearer {SECRET}",
        f'{{"password": "{SECRET}"}}',
        f'{{"shared_secret": "{SECRET}"}}',
    ],
)
def test_secrets_in_bodies_are_replaced(text: str) -> None:
    redacted = redact_text(text)
    assert SECRET not in redacted
    assert REDACTED in redacted


def test_error_codes_in_bodies_are_kept() -> None:
    xml = '<error code="ERR_025" severity="ERROR">Invalid token</error>'
    assert redact_text(xml) == xml
    assert redact_text('{"code": "NOT_FOUND"}') == '{"code": "NOT_FOUND"}'


def test_urls_lose_secret_parameters_and_user_info() -> None:
    url = f"https://user:{SECRET}@api.example/cb?code={SECRET}&state=xyz&key={SECRET}"
    redacted = redact_url(url)
    assert SECRET not in redacted
    assert "state=xyz" in redacted
    assert redact_url("https://api.example/x?apiToken=a", extra=["apiToken"]).endswith(
        "apiToken=%5BREDACTED%5D"
    )


def test_headers_lose_credentials() -> None:
    headers = {"Authorization": "Bearer x", "x-api-key": "k:s", "Accept": "application/json"}
    assert redact_headers(headers) == {
        "Authorization": REDACTED,
        "x-api-key": REDACTED,
        "Accept": "application/json",
    }


def test_extra_names_are_redacted() -> None:
    assert SECRET not in redact_text(f'{{"seller_pin": "{SECRET}"}}', extra=["seller_pin"])
    assert SECRET not in redact_text(f"seller_pin={SECRET}", extra=["seller_pin"])
    assert is_secret_name("seller_pin", extra=["SELLER_PIN"])


alphabet = st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters="-._~")


@given(st.text(alphabet=alphabet, min_size=8, max_size=40))
def test_any_token_value_is_redacted_from_json_form_and_xml(value: str) -> None:
    assert value not in redact_text(f'{{"access_token": "{value}"}}')
    assert value not in redact_text(f"refresh_token={value}")
    assert value not in redact_text(f"<key>{value}</key>")
