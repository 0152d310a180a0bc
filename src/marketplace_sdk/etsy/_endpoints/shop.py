"""Endpoints of the user, the shop and its settings, carriers and the seller taxonomy.

Examples:
    >>> call = get_shop(42)
    >>> call.request.method, call.request.path, call.request.operation
    ('GET', '/v3/application/shops/42', 'getShop')
"""

from __future__ import annotations

from marketplace_sdk.core._request import Call
from marketplace_sdk.etsy._endpoints._base import API, get_request, list_parser, model_parser
from marketplace_sdk.etsy._models import (
    Me,
    ProcessingProfile,
    ReturnPolicy,
    SellerTaxonomyNode,
    ShippingCarrier,
    ShippingProfile,
    Shop,
    ShopSection,
    TaxonomyNodeProperty,
    User,
)

__all__ = [
    "get_me",
    "get_properties_by_taxonomy_id",
    "get_seller_taxonomy_nodes",
    "get_shipping_carriers",
    "get_shop",
    "get_shop_readiness_state_definitions",
    "get_shop_return_policies",
    "get_shop_sections",
    "get_shop_shipping_profiles",
    "get_user",
]


def get_me() -> Call[Me]:
    """`getMe`: the user who authorized the app, and their shop id.

    Examples:
        >>> get_me().request.path
        '/v3/application/users/me'
    """
    return Call(get_request(f"{API}/users/me", "getMe"), parse=model_parser(Me))


def get_user(user_id: int) -> Call[User]:
    """`getUser` (needs the `email_r` scope).

    Examples:
        >>> get_user(7).request.path
        '/v3/application/users/7'
    """
    return Call(get_request(f"{API}/users/{user_id}", "getUser"), parse=model_parser(User))


def get_shop(shop_id: int) -> Call[Shop]:
    """`getShop`.

    Examples:
        >>> get_shop(42).request.operation
        'getShop'
    """
    return Call(get_request(f"{API}/shops/{shop_id}", "getShop"), parse=model_parser(Shop))


def get_shop_sections(shop_id: int) -> Call[list[ShopSection]]:
    """`getShopSections`: every section of the shop.

    Examples:
        >>> get_shop_sections(42).request.path
        '/v3/application/shops/42/sections'
    """
    request = get_request(f"{API}/shops/{shop_id}/sections", "getShopSections")
    return Call(request, parse=list_parser(ShopSection))


def get_shop_shipping_profiles(shop_id: int) -> Call[list[ShippingProfile]]:
    """`getShopShippingProfiles`: a physical listing needs one to be activated.

    Examples:
        >>> get_shop_shipping_profiles(42).request.path
        '/v3/application/shops/42/shipping-profiles'
    """
    request = get_request(f"{API}/shops/{shop_id}/shipping-profiles", "getShopShippingProfiles")
    return Call(request, parse=list_parser(ShippingProfile))


def get_shop_readiness_state_definitions(
    shop_id: int, *, limit: int = 100, offset: int = 0
) -> Call[list[ProcessingProfile]]:
    """`getShopReadinessStateDefinitions`: the shop's processing profiles.

    An offering's `readiness_state_id` (required when writing inventory) is one of these.

    Examples:
        >>> get_shop_readiness_state_definitions(42).request.operation
        'getShopReadinessStateDefinitions'
    """
    request = get_request(
        f"{API}/shops/{shop_id}/readiness-state-definitions",
        "getShopReadinessStateDefinitions",
        {"limit": limit, "offset": offset},
    )
    return Call(request, parse=list_parser(ProcessingProfile))


def get_shop_return_policies(shop_id: int) -> Call[list[ReturnPolicy]]:
    """`getShopReturnPolicies`.

    Examples:
        >>> get_shop_return_policies(42).request.path
        '/v3/application/shops/42/policies/return'
    """
    request = get_request(f"{API}/shops/{shop_id}/policies/return", "getShopReturnPolicies")
    return Call(request, parse=list_parser(ReturnPolicy))


def get_shipping_carriers(origin_country_iso: str) -> Call[list[ShippingCarrier]]:
    """`getShippingCarriers`: carriers (and their names for shipments) from a country.

    Examples:
        >>> get_shipping_carriers("US").request.params
        {'origin_country_iso': 'US'}
    """
    request = get_request(
        f"{API}/shipping-carriers",
        "getShippingCarriers",
        {"origin_country_iso": origin_country_iso.upper()},
    )
    return Call(request, parse=list_parser(ShippingCarrier))


def get_seller_taxonomy_nodes() -> Call[list[SellerTaxonomyNode]]:
    """`getSellerTaxonomyNodes`: the whole category tree (roots with nested children).

    Examples:
        >>> get_seller_taxonomy_nodes().request.path
        '/v3/application/seller-taxonomy/nodes'
    """
    request = get_request(f"{API}/seller-taxonomy/nodes", "getSellerTaxonomyNodes")
    return Call(request, parse=list_parser(SellerTaxonomyNode))


def get_properties_by_taxonomy_id(taxonomy_id: int) -> Call[list[TaxonomyNodeProperty]]:
    """`getPropertiesByTaxonomyId`: a category's attributes and their possible values.

    Examples:
        >>> get_properties_by_taxonomy_id(1).request.path
        '/v3/application/seller-taxonomy/nodes/1/properties'
    """
    request = get_request(
        f"{API}/seller-taxonomy/nodes/{taxonomy_id}/properties", "getPropertiesByTaxonomyId"
    )
    return Call(request, parse=list_parser(TaxonomyNodeProperty))
