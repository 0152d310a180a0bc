"""Reading responses: error statuses to `ApiError`s, bodies to results, transport failures.

Pure functions shared by the sync and async engines.

Examples:
    >>> import httpx
    >>> from marketplace_sdk.core._request import ApiRequest
    >>> config = EngineConfig(marketplace="demo", base_url="https://api.example")
    >>> response = httpx.Response(503, request=httpx.Request("GET", "https://api.example/x"))
    >>> str(build_error(config, ApiRequest(method="GET", path="/x"), response))
    '[demo] HTTP 503: Service Unavailable (GET https://api.example/x)'
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

import httpx
import pydantic

from marketplace_sdk.core._config import EngineConfig, ErrorDetails
from marketplace_sdk.core._errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    ErrorClass,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ResponseParseError,
    ServerError,
    TransportError,
    TransportTimeoutError,
)
from marketplace_sdk.core._redact import redact_text, redact_url
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._retry import parse_retry_after

__all__ = ["build_error", "handle_response", "translate_transport_error"]

logger = logging.getLogger("marketplace_sdk.http")

R = TypeVar("R")

_REQUEST_ID_HEADERS = ("x-request-id", "x-request-uuid", "x-etsy-request-uuid", "request-id")


def _status_class(status: int) -> type[ApiError]:
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status == 409:
        return ConflictError
    if status == 429:
        return RateLimitedError
    if status >= 500:
        return ServerError
    if status in (400, 422) or 400 <= status < 500:
        return InvalidRequestError
    return ApiError


def _decode(config: EngineConfig, response: httpx.Response) -> ErrorDetails | None:
    if config.error_decoder is None:
        return None
    try:
        return config.error_decoder(response)
    except Exception:  # a decoder must never hide the original error
        logger.debug("error decoder failed on %s", response.status_code, exc_info=True)
        return None


def _excerpt(config: EngineConfig, response: httpx.Response) -> str:
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        text = response.content.decode("utf-8", errors="replace")
    return redact_text(text[:2000], config.secret_params)[:500]


def _body(response: httpx.Response) -> Any:
    content_type = response.headers.get("content-type", "")
    if "json" in content_type:
        try:
            return response.json()
        except ValueError:
            return None
    return None


def build_error(config: EngineConfig, request: ApiRequest, response: httpx.Response) -> ApiError:
    """The `ApiError` for an error response: class by status (or `classify`), details decoded.

    Examples:
        >>> import httpx
        >>> config = EngineConfig(marketplace="demo", base_url="https://api.example")
        >>> response = httpx.Response(404, request=httpx.Request("GET", "https://api.example/x"))
        >>> type(build_error(config, ApiRequest(method="GET", path="/x"), response)).__name__
        'NotFoundError'
    """
    details = _decode(config, response)
    cls = (config.classify(response, details) if config.classify else None) or _status_class(
        response.status_code
    )
    request_id = (details.request_id if details else None) or next(
        (response.headers[name] for name in _REQUEST_ID_HEADERS if name in response.headers), None
    )
    message = (details.message if details else None) or response.reason_phrase or "error"
    kwargs: dict[str, Any] = {
        "status": response.status_code,
        "code": details.code if details else None,
        "method": request.method,
        "url": redact_url(response.request.url, config.secret_params),
        "request_id": request_id,
        "body_excerpt": _excerpt(config, response),
        "body": _body(response),
        "marketplace": config.marketplace,
    }
    if issubclass(cls, RateLimitedError):
        kwargs["retry_after"] = parse_retry_after(
            response.headers.get("retry-after"), now=config.clock.now()
        )
    return cls(message, **kwargs)


def handle_response(
    config: EngineConfig, call: Call[R], request: ApiRequest, response: httpx.Response
) -> R:
    """Turn a response into the call's result, or raise the matching `ApiError` (pure).

    Examples:
        >>> import httpx
        >>> config = EngineConfig(marketplace="demo", base_url="https://api.example")
        >>> call = Call(ApiRequest(method="GET", path="/"), parse=lambda r: r.status_code)
        >>> handle_response(config, call, call.request, httpx.Response(204))
        204
    """
    if config.on_response is not None:
        try:
            config.on_response(response)
        except Exception:  # an observer must never cost the answer (a rotated token, say)
            logger.warning(
                "on_response hook failed on HTTP %s", response.status_code, exc_info=True
            )
    if response.status_code >= 400:
        raise build_error(config, request, response)
    try:
        return call.parse(response)
    except ApiError as error:
        _fill_context(config, error, request, response)
        raise
    except ValueError as error:  # includes pydantic.ValidationError and JSON decoding errors
        raise ResponseParseError(
            f"could not read the {request.operation or request.method} response: {error}",
            status=response.status_code,
            method=request.method,
            url=redact_url(response.request.url, config.secret_params),
            body_excerpt=_excerpt(config, response),
            marketplace=config.marketplace,
            error_class=ErrorClass.TRANSIENT if _not_well_formed(error) else None,
        ) from error


def _not_well_formed(error: ValueError) -> bool:
    # The body is not a whole JSON document (cut short, empty, bad bytes): the next answer may
    # be whole. A whole document of the wrong shape is not (a system error).
    if isinstance(error, json.JSONDecodeError | UnicodeDecodeError):
        return True
    if isinstance(error, pydantic.ValidationError):
        return any(item["type"] == "json_invalid" for item in error.errors())
    return False


def _fill_context(
    config: EngineConfig, error: ApiError, request: ApiRequest, response: httpx.Response
) -> None:
    error.marketplace = error.marketplace or config.marketplace
    error.method = error.method or request.method
    error.url = error.url or redact_url(response.request.url, config.secret_params)
    if error.status is None:
        error.status = response.status_code
    if error.body_excerpt is None:
        error.body_excerpt = _excerpt(config, response)


def translate_transport_error(
    config: EngineConfig, request: ApiRequest, url: httpx.URL, error: httpx.TransportError
) -> TransportError:
    """The SDK's `TransportError` for an httpx failure, with `sent` False only when provable.

    Examples:
        >>> import httpx
        >>> config = EngineConfig(marketplace="demo", base_url="https://api.example")
        >>> err = translate_transport_error(config, ApiRequest(method="POST", path="/"),
        ...     httpx.URL("https://api.example/"), httpx.ConnectError("refused"))
        >>> err.sent
        False
    """
    never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    cls = TransportTimeoutError if isinstance(error, httpx.TimeoutException) else TransportError
    return cls(
        f"{type(error).__name__}: {redact_text(str(error), config.secret_params) or 'no detail'}",
        method=request.method,
        url=redact_url(url, config.secret_params),
        sent=not never_sent,
        marketplace=config.marketplace,
    )
