"""The CLI's error messages keep the marketplace's code, HTTP status and request id."""

from __future__ import annotations

import pytest

from marketplace_sdk.cli._errors import describe
from marketplace_sdk.core._errors import (
    ApiError,
    NotFoundError,
    QuotaExhaustedError,
    RateLimitedError,
    TokenRevokedError,
)

_DETAILS = {"status": 400, "code": "E_CODE", "request_id": "req-42", "marketplace": "etsy"}


@pytest.mark.parametrize(
    "error",
    [
        TokenRevokedError("invalid_grant", **_DETAILS),
        RateLimitedError("slow down", retry_after=3, **_DETAILS),
        QuotaExhaustedError("daily budget spent", retry_after=60, **_DETAILS),
        NotFoundError("no such listing", **_DETAILS),
    ],
)
def test_the_message_keeps_the_marketplace_details(error: ApiError) -> None:
    message = describe(error, "shop-a").message
    assert error.message in message
    assert "HTTP 400" in message
    assert "E_CODE" in message
    assert "req-42" in message
    assert "[etsy]" in message
