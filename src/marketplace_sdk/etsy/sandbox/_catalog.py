"""Seller taxonomy, shipping carriers, shipping profiles and shop sections.

Examples:
    >>> from marketplace_sdk.etsy.sandbox._routes import router_for
    >>> request = httpx.Request("GET", "http://s/v3/application/seller-taxonomy/nodes")
    >>> router_for(register)(request).json()
    {'count': 0, 'results': []}
"""

from __future__ import annotations

import httpx

from marketplace_sdk.etsy.sandbox._render import page
from marketplace_sdk.etsy.sandbox._render_catalog import (
    render_carrier,
    render_node,
    render_property,
    render_section,
    render_shipping_profile,
)
from marketplace_sdk.etsy.sandbox._routes import Params, found
from marketplace_sdk.etsy.sandbox._wire import JSON, SandboxHTTPError
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import Router, json_response

__all__ = ["register"]


def register(router: Router, world: World) -> None:
    """Add the taxonomy, carrier, shipping profile and section routes for `world`.

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._routes import router_for
        >>> router = router_for(register)
        >>> router.operation_of(httpx.Request("GET", "http://s/v3/application/shops/1/sections"))
        'getShopSections'
    """

    @router.route(
        "GET", "/v3/application/seller-taxonomy/nodes", operation="getSellerTaxonomyNodes"
    )
    def get_nodes(request: httpx.Request, params: Params) -> httpx.Response:
        return json_response(200, page([render_node(node) for node in world.taxonomy]))

    @router.route(
        "GET",
        "/v3/application/seller-taxonomy/nodes/{taxonomy_id}/properties",
        operation="getPropertiesByTaxonomyId",
    )
    def get_properties(request: httpx.Request, params: Params) -> httpx.Response:
        node = world.node(int(params["taxonomy_id"]))
        if node is None:
            raise SandboxHTTPError(404, f"Taxonomy node {params['taxonomy_id']} not found")
        # A node offers its own properties and those of its ancestors.
        chain = [world.node(ancestor) for ancestor in node.full_path_taxonomy_ids]
        found: dict[int, JSON] = {}
        for ancestor in chain:
            for prop in ancestor.properties if ancestor else []:
                found.setdefault(prop.property_id, render_property(prop))
        return json_response(200, page(list(found.values())))

    @router.route("GET", "/v3/application/shipping-carriers", operation="getShippingCarriers")
    def get_carriers(request: httpx.Request, params: Params) -> httpx.Response:
        origin = request.url.params.get("origin_country_iso")
        if not origin or len(origin) != 2:
            raise SandboxHTTPError(400, "origin_country_iso must be an ISO 3166-1 alpha-2 code")
        return json_response(200, page([render_carrier(carrier) for carrier in world.carriers]))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/shipping-profiles",
        operation="getShopShippingProfiles",
    )
    def get_profiles(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(int(params["shop_id"]))
        currency = world.seller.currency
        profiles = [render_shipping_profile(p, currency) for p in world.profiles.values()]
        return json_response(200, page(profiles))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/shipping-profiles/{shipping_profile_id}",
        operation="getShopShippingProfile",
    )
    def get_profile(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(int(params["shop_id"]))
        profile = found(world.profiles, params["shipping_profile_id"], "Shipping profile")
        return json_response(200, render_shipping_profile(profile, world.seller.currency))

    def active_in(section_id: int) -> int:
        return sum(
            1
            for listing in world.listings.values()
            if listing.shop_section_id == section_id and listing.state == "active"
        )

    @router.route("GET", "/v3/application/shops/{shop_id}/sections", operation="getShopSections")
    def get_sections(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(int(params["shop_id"]))
        sections = sorted(world.sections.values(), key=lambda section: section.rank)
        results = [render_section(s, active_in(s.shop_section_id)) for s in sections]
        return json_response(200, page(results))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/sections/{shop_section_id}",
        operation="getShopSection",
    )
    def get_section(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(int(params["shop_id"]))
        section = found(world.sections, params["shop_section_id"], "Shop section")
        return json_response(200, render_section(section, active_in(section.shop_section_id)))
