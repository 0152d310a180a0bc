"""The shop and the operator's catalogue: A01, H11, PM11, VL11, and CM11 product statuses.

Examples:
    >>> list_hierarchies().request.bucket
    'H11'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs
import httpx
from pydantic import TypeAdapter

from marketplace_sdk.core._request import Call
from marketplace_sdk.mirakl._endpoints._common import get_request, iso, with_shop
from marketplace_sdk.mirakl._models import (
    Account,
    Attribute,
    Hierarchies,
    Hierarchy,
    ProductAttributes,
    ProductSourceStatus,
    ValueList,
    ValueLists,
)

__all__ = [
    "CM11_MAX_IDENTIFIERS",
    "export_product_statuses",
    "get_account",
    "list_attributes",
    "list_hierarchies",
    "list_value_lists",
]

#: The most identifiers CM11 takes per filter.
CM11_MAX_IDENTIFIERS = 100


def get_account(*, shop_id: int | None = None) -> Call[Account]:
    """A01: the seller's shop (name, state, currency, channels...).

    Examples:
        >>> get_account().request.path
        '/api/account'
    """
    return Call(
        get_request("A01", "/api/account", with_shop(shop_id)),
        parse=lambda response: Account.model_validate_json(response.content),
    )


def list_hierarchies(
    *,
    hierarchy: str | None = None,
    max_level: int | None = None,
    shop_id: int | None = None,
) -> Call[list[Hierarchy]]:
    """H11: the catalogue categories under `hierarchy` (all of them by default), flattened.

    Examples:
        >>> list_hierarchies(hierarchy="59", max_level=1).request.query_params()
        [('hierarchy', '59'), ('max_level', '1')]
    """
    params = with_shop(shop_id, hierarchy=hierarchy, max_level=max_level)
    return Call(
        get_request("H11", "/api/hierarchies", params),
        parse=lambda response: Hierarchies.model_validate_json(response.content).hierarchies,
    )


def list_attributes(
    *,
    hierarchy: str | None = None,
    max_level: int | None = None,
    all_operator_attributes: bool | None = None,
    with_roles: bool | None = None,
    shop_id: int | None = None,
) -> Call[list[Attribute]]:
    """PM11: the product attributes of `hierarchy` and its parents and children (all by default).

    Examples:
        >>> list_attributes(hierarchy="3012").request.headers["Accept"]
        'application/json'
    """
    params = with_shop(
        shop_id,
        hierarchy=hierarchy,
        max_level=max_level,
        all_operator_attributes=all_operator_attributes,
        with_roles=with_roles,
    )
    return Call(
        get_request("PM11", "/api/products/attributes", params),
        parse=lambda response: ProductAttributes.model_validate_json(response.content).attributes,
    )


def list_value_lists(
    *, code: str | None = None, shop_id: int | None = None
) -> Call[list[ValueList]]:
    """VL11: the operator's value lists (one list when `code` is given).

    Examples:
        >>> list_value_lists(code="colors").request.path
        '/api/values_lists'
    """
    return Call(
        get_request("VL11", "/api/values_lists", with_shop(shop_id, code=code)),
        parse=lambda response: ValueLists.model_validate_json(response.content).values_lists,
    )


def export_product_statuses(
    *,
    updated_since: datetime | None = None,
    updated_to: datetime | None = None,
    status: str | None = None,
    provider_unique_identifiers: Sequence[str] = (),
    unique_identifiers: Sequence[tuple[str, str]] = (),
    shop_id: int | None = None,
) -> Call[list[ProductSourceStatus]]:
    """CM11: the status of the seller's products in Catalog Manager (LIVE or not, and why).

    With `updated_since` it is a differential export (Mirakl allows one every 5 minutes, bucket
    `"CM11"`); without, a full export (one every 4 hours, bucket `"CM11-full"`).

    Args:
        updated_since: only products whose status changed since then.
        updated_to: only products whose status changed before then.
        status: `LIVE` or `NOT_LIVE`.
        provider_unique_identifiers: only these shop SKUs (100 at most).
        unique_identifiers: only these (type, value) identifiers, e.g. `("EAN", "...")`
            (100 at most).
        shop_id: the shop, for users with several.

    Examples:
        >>> from datetime import UTC
        >>> call = export_product_statuses(updated_since=datetime(2026, 1, 1, tzinfo=UTC),
        ...                                unique_identifiers=[("EAN", "9780441013593")])
        >>> call.request.bucket, dict(call.request.query_params())["unique_identifier"]
        ('CM11', 'EAN|9780441013593')
        >>> export_product_statuses().request.bucket
        'CM11-full'
    """
    for name, values in (
        ("provider_unique_identifiers", provider_unique_identifiers),
        ("unique_identifiers", unique_identifiers),
    ):
        if len(values) > CM11_MAX_IDENTIFIERS:
            raise ValueError(f"{name}: at most {CM11_MAX_IDENTIFIERS} per call, not {len(values)}")
    params = with_shop(
        shop_id,
        updated_since=iso(updated_since),
        updated_to=iso(updated_to),
        status=status,
        provider_unique_identifier=list(provider_unique_identifiers) or None,
        unique_identifier=[f"{kind}|{value}" for kind, value in unique_identifiers] or None,
    )
    request = get_request("CM11", "/api/mcm/products/sources/status/export", params)
    if updated_since is None:
        request = attrs.evolve(request, bucket="CM11-full")
    return Call(request, parse=_product_statuses)


_STATUSES = TypeAdapter(list[ProductSourceStatus])


def _product_statuses(response: httpx.Response) -> list[ProductSourceStatus]:
    return _STATUSES.validate_json(response.content)
