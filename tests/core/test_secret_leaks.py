"""The secret leaks of issue 12, each through the public clients a host uses.

Every test feeds a client a marketplace answer that carries a secret (a truncated token answer,
a header echoed in an error body, a key quoted in an error message) and checks everything the
host can see of the failure: the exception's text, repr and args, its body excerpt and parsed
body, and its notes.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ApiError, MarketplaceError
from marketplace_sdk.core._redact import MIN_SECRET_LENGTH
from marketplace_sdk.core._request import ApiRequest
from marketplace_sdk.core._responses import build_error
from marketplace_sdk.etsy import EtsyClient, MemoryTokenStore, TokenPair
from marketplace_sdk.fnac import FnacClient, FnacCredentials, FnacProfile
from marketplace_sdk.fnac._auth import FnacTokenAuth
from marketplace_sdk.mirakl import MiraklCatalogClient
from marketplace_sdk.mirakl._shared.client import engine_config as mirakl_engine_config

KEYSTRING = "leak-test-keystring"
SHARED_SECRET = "SHAREDSECRET-7b1e9c4d"
OLD_ACCESS = "12345678.OLDACCESS-0a9f8e7d6c"
OLD_REFRESH = "12345678.OLDREFRESH-5b4a3f2e1d"
NEW_ACCESS = "12345678.NEWACCESS-1c2d3e4f5a"
NEW_REFRESH = "12345678.NEWREFRESH-9e8d7c6b5a"
MIRAKL_KEY = "4f1d2c3b-mirakl-key-8e7f6a5b9c0d"
PARTNER_ID = "PARTNERID-6A5B4C3D-2E1F"
FNAC_KEY = "FNACKEY-0F1E2D3C-4B5A"


def chain(error: BaseException) -> list[BaseException]:
    """`error` and the errors it was raised from, as an error tracker shows them."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def everything_shown(error: BaseException) -> str:
    """All the text a host (or its error tracker) can read from `error` and its chain."""
    parts: list[str] = []
    for link in chain(error):
        parts += [str(link), repr(link), repr(link.args)]
        parts += [str(getattr(link, name, "")) for name in ("message", "url", "body_excerpt")]
        parts.append(repr(getattr(link, "body", None)))
        parts += list(getattr(link, "__notes__", []))
    return "\n".join(parts)


def assert_hidden(error: BaseException, *secrets: str, fragment: int = 10) -> None:
    """No secret, nor any `fragment`-character piece of one, shows anywhere on `error`."""
    shown = everything_shown(error)
    for secret in secrets:
        pieces = {secret[i : i + fragment] for i in range(max(1, len(secret) - fragment + 1))}
        leaked = sorted(piece for piece in pieces if piece in shown)
        assert not leaked, f"{secret!r} shows in the error: {leaked}\n{shown}"


def etsy_client(handler: httpx.MockTransport, *, expired: bool) -> EtsyClient:
    clock = FakeClock()
    expires = clock.now() + (timedelta(seconds=-1) if expired else timedelta(hours=1))
    store = MemoryTokenStore(
        TokenPair(access_token=OLD_ACCESS, refresh_token=OLD_REFRESH, expires_at=expires)
    )
    return EtsyClient(
        KEYSTRING, SHARED_SECRET, store, base_url="https://etsy.test", clock=clock,
        transport=handler,
    )  # fmt: skip


def raised(call: object) -> MarketplaceError:
    with pytest.raises(MarketplaceError) as caught:
        call()  # type: ignore[operator]
    return caught.value


# -- a truncated token answer ----------------------------------------------------------------

TOKEN_ANSWER = (
    f'{{"access_token": "{NEW_ACCESS}", "token_type": "Bearer", "expires_in": 3600, '
    f'"refresh_token": "{NEW_REFRESH}"}}'
)


@pytest.mark.parametrize("cut", [len(TOKEN_ANSWER) - 2, len(TOKEN_ANSWER) - 12, 40])
def test_a_truncated_token_answer_leaves_no_rotated_token_in_the_error(cut: int) -> None:
    def etsy(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith("/oauth/token"), "the expired token is refreshed first"
        return httpx.Response(
            200, content=TOKEN_ANSWER[:cut].encode(), headers={"content-type": "application/json"}
        )

    with etsy_client(httpx.MockTransport(etsy), expired=True) as client:
        error = raised(lambda: client.get_shop(1))
    # The refresh's answer is lost (a TokenRefreshLostError); the unreadable answer is its cause.
    excerpts = [getattr(link, "body_excerpt", None) for link in chain(error)]
    assert any(excerpts), "the excerpt is kept, without the secrets"
    assert_hidden(error, NEW_ACCESS, NEW_REFRESH, OLD_REFRESH, SHARED_SECRET)


# -- headers echoed back in an error body ----------------------------------------------------


def test_a_raw_mirakl_authorization_line_echoed_in_an_error_body_is_hidden() -> None:
    def mirakl(request: httpx.Request) -> httpx.Response:
        echoed = f"Unauthorized request\nauthorization: {request.headers['authorization']}\n"
        return httpx.Response(401, text=echoed)

    with MiraklCatalogClient(
        MIRAKL_KEY, base_url="https://mirakl.test", clock=FakeClock(),
        transport=httpx.MockTransport(mirakl),
    ) as client:  # fmt: skip
        error = raised(client.get_account)
    assert isinstance(error, ApiError)
    assert error.status == 401
    assert "Unauthorized request" in (error.body_excerpt or "")
    assert_hidden(error, MIRAKL_KEY)


def test_an_etsy_api_key_header_echoed_in_an_error_body_is_hidden() -> None:
    def etsy(request: httpx.Request) -> httpx.Response:
        headers = "\n".join(f"{name}: {value}" for name, value in request.headers.items())
        return httpx.Response(400, text=f"Bad request. We received:\n{headers}")

    with etsy_client(httpx.MockTransport(etsy), expired=False) as client:
        error = raised(lambda: client.get_shop(1))
    assert_hidden(error, SHARED_SECRET, OLD_ACCESS, f"{KEYSTRING}:{SHARED_SECRET}")


# -- secrets a server quotes in its error message --------------------------------------------


def test_secrets_an_etsy_error_message_quotes_are_hidden() -> None:
    def etsy(request: httpx.Request) -> httpx.Response:
        message = (
            f"token {OLD_ACCESS} does not belong to app {KEYSTRING} (secret {SHARED_SECRET}); "
            f"refresh with {OLD_REFRESH}"
        )
        return httpx.Response(403, json={"error": message})

    with etsy_client(httpx.MockTransport(etsy), expired=False) as client:
        error = raised(lambda: client.get_shop(1))
    assert isinstance(error, ApiError)
    assert error.status == 403
    assert "does not belong to app" in error.message
    assert_hidden(error, OLD_ACCESS, OLD_REFRESH, SHARED_SECRET)


def fnac_client(answer: bytes) -> FnacClient:
    def fnac(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth"):
            token = b"<token>00000000-0000-4000-8000-00000000abcd</token>"
            return httpx.Response(200, content=b'<auth_response status="OK">' + token + b"</a"
                                  b"uth_response>")  # fmt: skip
        return httpx.Response(200, content=answer)

    credentials = FnacCredentials(partner_id=PARTNER_ID, shop_id="SHOP-1", key=FNAC_KEY)
    return FnacClient(credentials, clock=FakeClock(), transport=httpx.MockTransport(fnac))


def test_secrets_an_fnac_error_message_quotes_are_hidden() -> None:
    answer = (
        '<carriers_query_response status="ERROR"><error severity="ERROR" code="ERR_999">'
        f"Partner {PARTNER_ID} with key {FNAC_KEY} and token "
        "00000000-0000-4000-8000-00000000abcd is not allowed here</error>"
        "</carriers_query_response>"
    ).encode()
    with fnac_client(answer) as client:
        error = raised(client.carriers_query)
    assert isinstance(error, ApiError)
    assert error.code == "ERR_999"
    assert "is not allowed here" in error.message
    assert_hidden(error, PARTNER_ID, FNAC_KEY, "00000000-0000-4000-8000-00000000abcd")


# -- FNAC's partner id is a credential part --------------------------------------------------


def test_the_fnac_partner_id_is_kept_out_of_reprs() -> None:
    credentials = FnacCredentials(partner_id=PARTNER_ID, shop_id="SHOP-1", key=FNAC_KEY)
    profile = FnacProfile(
        partner_id=PARTNER_ID, shop_id="SHOP-1", key=FNAC_KEY, mirakl_api_key=MIRAKL_KEY,
        mirakl_url="https://fnac.mirakl.test",
    )  # fmt: skip
    with FnacClient(credentials, clock=FakeClock()) as client:
        shown = [repr(credentials), repr(profile), repr(FnacTokenAuth(credentials)), repr(client)]
    for text in shown:
        for secret in (PARTNER_ID, FNAC_KEY, MIRAKL_KEY):
            assert secret not in text, text
    assert "SHOP-1" in repr(credentials), "the shop id still says which shop it is"


def test_the_fnac_partner_id_is_kept_out_of_body_excerpts() -> None:
    answer = (
        f'<carriers_query_response status="ERROR" partner_id="{PARTNER_ID}" shop_id="SHOP-1">'
        f"<partner_id>{PARTNER_ID}</partner_id>"
        '<error severity="ERROR" code="ERR_105">The limit is reached</error>'
        "</carriers_query_response>"
    ).encode()
    with fnac_client(answer) as client:
        error = raised(client.carriers_query)
    assert isinstance(error, ApiError)
    assert "ERR_105" in (error.body_excerpt or "")
    assert_hidden(error, PARTNER_ID)


# -- the property: any key, any echo, any cut --------------------------------------------------

key_text = st.text(alphabet="0123456789FGHJKMNPQVWXYZ", min_size=12, max_size=64)
ECHOES = (
    "Unauthorized\nauthorization: {key}\naccept: */*",
    '{{"status": 401, "message": "the key {key} is not valid here"}}',
    '{{"message": "bad request", "request": {{"headers": {{"authorization": "{key}"}}}}}}',
    "<error><message>refused: {key}</message><key>{key}</key></error>",
)


@settings(max_examples=200, deadline=None)
@given(
    key=key_text,
    echo=st.sampled_from(ECHOES),
    cut=st.floats(0.0, 1.0),
    status=st.sampled_from([400, 401, 403, 500]),
)
def test_no_piece_of_a_key_survives_in_an_error_whatever_the_echo_and_the_cut(
    key: str, echo: str, cut: float, status: int
) -> None:
    config = mirakl_engine_config(key, base_url="https://mirakl.test", clock=FakeClock())
    request = config.auth.apply(ApiRequest(method="GET", path="/api/account"))  # type: ignore[union-attr]
    body = echo.format(key=key)
    answer = httpx.Response(
        status, content=body[: round(len(body) * cut)].encode(),
        request=httpx.Request("GET", "https://mirakl.test/api/account"),
    )  # fmt: skip
    assert_hidden(build_error(config, request, answer), key, fragment=MIN_SECRET_LENGTH)
