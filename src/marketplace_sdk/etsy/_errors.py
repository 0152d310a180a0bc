"""How Etsy's answers read: error bodies, typed error classes, and its rate-limit headers.

Etsy's API errors are `{"error": "..."}`; its OAuth token endpoint answers
`{"error": "invalid_grant", "error_description": "..."}`. Three hooks plug into the engine:

- `decode_error` reads the code and message (`EngineConfig.error_decoder`);
- `classify` refines the class chosen by status: an `invalid_grant` is a `TokenRevokedError` (the
  seller revoked the app or changed their password: reconnect the shop), a 429 on the daily
  budget is a `QuotaExhaustedError` (no retry before the day frees up);
- `rate_limit_observer(limiter)` lowers the client's budget from `x-remaining-this-second` and
  `x-remaining-today` on every answer (`EngineConfig.on_response`).

Examples:
    >>> import httpx
    >>> response = httpx.Response(400, json={"error": "invalid_grant",
    ...                                      "error_description": "Token revoked"})
    >>> details = decode_error(response)
    >>> details.code, details.message.endswith("the seller must reconnect the shop")
    ('invalid_grant', True)
    >>> classify(response, details).__name__
    'TokenRevokedError'
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import httpx

from marketplace_sdk.core._config import ErrorDetails
from marketplace_sdk.core._errors import ApiError, QuotaExhaustedError, TokenRevokedError
from marketplace_sdk.core._ratelimit import SENT_AT

__all__ = [
    "DAY_SECONDS",
    "RateObserver",
    "classify",
    "decode_error",
    "is_daily_limit",
    "rate_limit_observer",
]

logger = logging.getLogger(__name__)

#: Etsy's daily budget is a rolling 24 hours.
DAY_SECONDS = 86_400.0

_REQUEST_ID_HEADERS = ("x-etsy-request-uuid", "x-request-id")


class RateObserver(Protocol):
    """The part of `marketplace_sdk.core._ratelimit.RateLimiter` the header hook needs.

    Examples:
        >>> class Recorder:
        ...     def observe(self, bucket: str, *, remaining: int, interval: float,
        ...                 limit: int | None = None, sent_at: float | None = None) -> None:
        ...         print(bucket, remaining, interval, limit)
        >>> rate_limit_observer(Recorder())(httpx.Response(200, headers={
        ...     "x-limit-per-day": "10000", "x-remaining-today": "42"}))
        default 42 86400.0 10000
    """

    def observe(
        self,
        bucket: str,
        *,
        remaining: int,
        interval: float,
        limit: int | None = None,
        sent_at: float | None = None,
    ) -> None:
        """Learn `bucket`'s `interval` window from the server: its limit and `remaining`,
        for the call that took its slot at `sent_at`."""
        ...


def _json_object(response: httpx.Response) -> dict[str, object] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def decode_error(response: httpx.Response) -> ErrorDetails | None:
    """Etsy's error code and message from an error body, or `None` when it has neither.

    The code is OAuth's `error` (`invalid_grant`, `invalid_token`) when there is an
    `error_description`; for the API's plain `{"error": "..."}` the text is the message.

    Examples:
        >>> decode_error(httpx.Response(404, json={"error": "Listing not found"})).message
        'Listing not found'
    """
    body = _json_object(response)
    request_id = next(
        (response.headers[name] for name in _REQUEST_ID_HEADERS if name in response.headers), None
    )
    if body is None:
        return ErrorDetails(request_id=request_id) if request_id else None
    error = body.get("error")
    description = body.get("error_description")
    if error == "invalid_grant":
        detail = f" ({description})" if isinstance(description, str) and description else ""
        return ErrorDetails(
            code="invalid_grant",
            message=(
                f"Etsy refused the shop's refresh token{detail}: the seller revoked the app or "
                "changed their password, so the seller must reconnect the shop"
            ),
            request_id=request_id,
        )
    if isinstance(description, str):
        return ErrorDetails(
            code=error if isinstance(error, str) else None,
            message=description,
            request_id=request_id,
        )
    if isinstance(error, str):
        code = error if _looks_like_code(error) else None
        return ErrorDetails(code=code, message=error, request_id=request_id)
    return ErrorDetails(request_id=request_id) if request_id else None


def _looks_like_code(text: str) -> bool:
    return bool(text) and " " not in text and text.lower() == text


def is_daily_limit(response: httpx.Response) -> bool:
    """Whether a 429 is about the daily budget rather than the per-second one.

    Etsy says so in the body ("Exceeded daily rate limit") or by `x-remaining-today: 0`
    (the daily 429 in the samples has no body).

    Examples:
        >>> is_daily_limit(httpx.Response(429, json={"error": "Exceeded per second rate limit"}))
        False
    """
    if response.status_code != 429:
        return False
    if response.headers.get("x-remaining-today", "").strip() == "0":
        return True
    body = _json_object(response)
    error = body.get("error") if body else None
    return isinstance(error, str) and "daily" in error.lower()


def classify(response: httpx.Response, details: ErrorDetails | None) -> type[ApiError] | None:
    """The error class Etsy's answer deserves, or `None` to keep the engine's choice by status.

    Examples:
        >>> classify(httpx.Response(429, headers={"x-remaining-today": "0"}), None).__name__
        'QuotaExhaustedError'
        >>> classify(httpx.Response(404), None) is None
        True
    """
    if details is not None and details.code == "invalid_grant":
        return TokenRevokedError
    if is_daily_limit(response):
        return QuotaExhaustedError
    return None


def _header_int(response: httpx.Response, name: str) -> int | None:
    value = response.headers.get(name)
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        logger.debug("ignoring a non-integer %s header: %r", name, value)
        return None


def _sent_at(response: httpx.Response) -> float | None:
    """When the engine took the answered call's slot (`SENT_AT`), if it says."""
    try:
        sent_at = response.request.extensions.get(SENT_AT)
    except RuntimeError:  # a response built by hand, without its request
        return None
    return sent_at if isinstance(sent_at, float) else None


def rate_limit_observer(
    limiter: RateObserver, bucket: str = "default"
) -> Callable[[httpx.Response], None]:
    """An `on_response` hook that lowers `limiter`'s budget from Etsy's rate-limit headers.

    Reads `x-limit-per-second` / `x-remaining-this-second` (1 s window) and `x-limit-per-day` /
    `x-remaining-today` (rolling day); an answer without them (older 429s) changes nothing.
    The limiter learns each window's limit from the server and is told when the answered call
    took its slot, so its own calls the server still counts are not taken for other clients',
    and its margin grows to the lag the server shows.

    Examples:
        >>> from marketplace_sdk.core._ratelimit import Rate, RateLimiter
        >>> limiter = RateLimiter("etsy:app", {"default": [Rate.per_day(10_000)]})
        >>> rate_limit_observer(limiter)(httpx.Response(200, headers={"x-remaining-today": "7"}))
        >>> limiter.remaining()[Rate.per_day(10_000)]
        7
    """

    def observe(response: httpx.Response) -> None:
        sent_at = _sent_at(response)
        for limit_header, remaining_header, interval in (
            ("x-limit-per-second", "x-remaining-this-second", 1.0),
            ("x-limit-per-day", "x-remaining-today", DAY_SECONDS),
        ):
            remaining = _header_int(response, remaining_header)
            if remaining is None:
                continue
            limiter.observe(
                bucket,
                remaining=remaining,
                interval=interval,
                limit=_header_int(response, limit_header),
                sent_at=sent_at,
            )

    return observe
