"""No secret survives redaction, whatever shape it travels in."""

from __future__ import annotations

import html
import json
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._errors import ApiError
from marketplace_sdk.core._redact import (
    MIN_SECRET_LENGTH,
    REDACTED,
    Redactor,
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


# -- partial bodies, echoed headers, known values (issue 12) ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f'{{"access_token": "a", "refresh_token": "{SECRET}',  # cut inside the value
        f'{{"refresh_token": "{SECRET}\\',  # cut after an escape
        f'{{"message": "echo {{\\"refresh_token\\": \\"{SECRET}\\"}}"}}',  # JSON inside a string
        f"grant_type=refresh_token&refresh_token={SECRET}",
        f"<auth_response><token>{SECRET}",
        f"<auth><key><![CDATA[{SECRET}]]></key></auth>",
        f"<auth><key><![CDATA[{SECRET}",
        f'<orders_query partner_id="p" token="{SECRET}',
        f"<auth><partner_id>{SECRET}</partner_id></auth>",
        f'<orders_query partner_id="{SECRET}" shop_id="s"/>',
        f'{{"partner_id": "{SECRET}"}}',
        '{"api_key": 777777777777777777}',  # a number
    ],
)
def test_secrets_in_partial_and_nested_bodies_are_replaced(text: str) -> None:
    redacted = redact_text(text)
    assert SECRET not in redacted
    assert "7" * 18 not in redacted
    assert REDACTED in redacted


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"Unauthorized\nauthorization: {SECRET}\n", "Unauthorized\nauthorization: "),
        (f"x-api-key: keystring:{SECRET}", "x-api-key: "),
        (f"Authorization: Bearer {SECRET} was refused", " was refused"),
        (f"Authorization: Basic {SECRET}", "Authorization: "),
        (f"{{'Authorization': 'Bearer {SECRET}', 'Accept': 'x'}}", "'Accept': 'x'"),
        (f'{{"x-api-key": "k:{SECRET}"}}', '"x-api-key": '),
        (f"[(b'set-cookie', b'session={SECRET}; Path=/')]", "b'set-cookie'"),
        (f"Cookie: a=1; session={SECRET}\nHost: h", "\nHost: h"),
        (f"authorization={SECRET}&limit=2", "&limit=2"),
        (f"X-Shop-Token: {SECRET}", "X-Shop-Token: "),
        (f"redis://:{SECRET}@localhost:6379/0", "@localhost:6379/0"),
        (f"signing secret whsec_{SECRET}", "signing secret "),
    ],
)
def test_headers_and_credentials_echoed_in_text_are_replaced(text: str, kept: str) -> None:
    redacted = redact_text(text)
    assert SECRET not in redacted
    assert kept in redacted


def test_ordinary_words_near_header_names_are_kept() -> None:
    for text in (
        "The authorization header is missing",
        "<error code='ERR_025'>Invalid token</error>",
        '{"error": "invalid_grant", "code": "E42", "token_type": "Bearer"}',
    ):
        assert redact_text(text) == text


def test_known_values_are_removed_however_they_are_escaped() -> None:
    secret = "k+y/&<\"'=v4lue"
    redactor = Redactor(secrets=(secret,))
    for text in (
        f"key {secret}",
        f"key={quote(secret, safe='')}",
        f"key={quote_plus(secret)}",
        json.dumps({"note": f"key {secret}"}),
        f"<note>{html.escape(secret)}</note>",
    ):
        assert "v4lue" not in redactor.text(text), text
    assert Redactor(secrets=("short",)).text("a short word") == "a short word"
    assert Redactor(secrets=("short",), min_length=1).text("a short word") == "a [REDACTED] word"


def test_an_excerpt_loses_the_trailing_piece_of_a_known_secret() -> None:
    redactor = Redactor(secrets=(SECRET,))
    assert redactor.excerpt(f"unknown key {SECRET[:9]}") == f"unknown key {REDACTED}"
    assert redactor.excerpt(f"unknown key {SECRET[:4]}") == f"unknown key {SECRET[:4]}"
    assert redactor.text(f"user {SECRET[:9]}") == f"user {SECRET[:9]}", "only excerpts are cut"


def test_parsed_bodies_and_errors_are_redacted_in_place() -> None:
    redactor = Redactor(secrets=(SECRET,))
    body = {"refresh_token": "r", "code": "E1", "shop_id": 7, "notes": [f"see {SECRET}"]}
    assert redactor.value(body) == {
        "refresh_token": REDACTED,
        "code": "E1",
        "shop_id": 7,
        "notes": [f"see {REDACTED}"],
    }
    error = ApiError(
        f"refused {SECRET}",
        url=f"https://h/x?token={SECRET}",
        body_excerpt=f'{{"error": "{SECRET}"}}',
        body={"error": SECRET},
    )
    error.add_note(f"while sending {SECRET}")
    redactor.error(error)
    shown = " ".join(
        [str(error), repr(error), repr(error.args), str(error.body_excerpt), repr(error.body)]
    ) + " ".join(error.__notes__)
    assert SECRET not in shown
    assert "refused [REDACTED]" in str(error)


def test_redaction_is_idempotent_on_its_own_output() -> None:
    text = (
        f'{{"access_token": "{SECRET}"}} authorization: {SECRET} <key>{SECRET}</key> '
        f"token={SECRET} Bearer {SECRET}"
    )
    once = redact_text(text)
    assert redact_text(once) == once


# -- the property: any secret, any cut -------------------------------------------------------

# Secrets drawn from characters the templates never use, so a piece found is a leak.
secret_text = st.text(alphabet="0123456789FGHJKMNPQVWXYZ", min_size=12, max_size=48)
TEMPLATES = (
    '{{"access_token": "{a}", "token_type": "bearer", "refresh_token": "{b}"}}',
    "grant_type=refresh_token&client_id=app&refresh_token={b}&code_verifier={a}",
    "<auth><partner_id>{a}</partner_id><shop_id>s</shop_id><key>{b}</key></auth>",
    '<orders_query partner_id="{a}" shop_id="s" token="{b}"><paging>1</paging></orders_query>',
    "unauthorized\nauthorization: {a}\nx-api-key: app:{b}\naccept: */*",
    '{{"error": "bad", "detail": "echo {{\\"refresh_token\\": \\"{a}\\"}} '
    'authorization: bearer {b}"}}',
    "the key {a} and the token {b} were refused",
)


def pieces(secret: str, size: int = MIN_SECRET_LENGTH) -> set[str]:
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


@settings(max_examples=300, deadline=None)
@given(
    a=secret_text,
    b=secret_text,
    template=st.sampled_from(TEMPLATES),
    cut=st.floats(min_value=0.0, max_value=1.0),
)
def test_no_piece_of_a_secret_survives_any_body_cut_anywhere(
    a: str, b: str, template: str, cut: float
) -> None:
    body = template.format(a=a, b=b)
    truncated = body[: round(len(body) * cut)]
    # The last template names neither secret: only their values, known to the call, find them.
    excerpt = Redactor(secrets=(a, b)).excerpt(truncated)
    leaked = {piece for piece in pieces(a) | pieces(b) if piece in excerpt}
    assert not leaked, (truncated, excerpt)
    if template != TEMPLATES[-1]:  # by name alone, without knowing the values
        by_name = redact_text(truncated)
        assert a not in by_name
        assert b not in by_name


@given(a=secret_text, template=st.sampled_from(TEMPLATES[:-1]))
def test_redacting_by_name_is_idempotent(a: str, template: str) -> None:
    once = redact_text(template.format(a=a, b=a))
    assert redact_text(once) == once
