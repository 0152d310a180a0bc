"""Request helpers shared by the endpoint modules.

Examples:
    >>> get_request("H11", "/api/hierarchies", with_shop(None)).bucket
    'H11'
"""

from __future__ import annotations

from datetime import datetime

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._request import ApiRequest, QueryValue

__all__ = ["JSON_HEADERS", "get_request", "iso", "with_shop"]

JSON_HEADERS = {"Accept": "application/json"}


def with_shop(shop_id: int | None, **params: QueryValue) -> dict[str, QueryValue]:
    """`params` plus the `shop_id` every MCM operation takes (left out when `None`)."""
    return {**params, "shop_id": shop_id}


def get_request(operation: str, path: str, params: dict[str, QueryValue]) -> ApiRequest:
    """A JSON `GET` whose rate-limit bucket is its operation code."""
    return ApiRequest(
        method="GET",
        path=path,
        params=params,
        headers=JSON_HEADERS,
        bucket=operation,
        operation=operation,
    )


def iso(value: datetime | None) -> str | None:
    """A timezone-aware datetime as Mirakl writes dates (UTC, `Z`); naive ones are refused."""
    if value is None:
        return None
    return ensure_utc(value).isoformat().replace("+00:00", "Z")
