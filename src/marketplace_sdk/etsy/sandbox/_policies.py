"""Processing profiles (readiness state definitions) and return policies of the shop.

Examples:
    >>> from marketplace_sdk.etsy.sandbox._routes import router_for
    >>> path = "http://s/v3/application/shops/1/policies/return"
    >>> router_for(register).operation_of(httpx.Request("GET", path))
    'getShopReturnPolicies'
"""

from __future__ import annotations

import httpx

from marketplace_sdk.etsy.sandbox._catalog_records import ProcessingProfile, ReturnPolicy
from marketplace_sdk.etsy.sandbox._render import page
from marketplace_sdk.etsy.sandbox._routes import Params, found, page_of, paging
from marketplace_sdk.etsy.sandbox._wire import JSON
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import Router, json_response

__all__ = ["register", "render_processing_profile", "render_return_policy"]


def render_processing_profile(profile: ProcessingProfile, shop_id: int) -> JSON:
    """`ShopProcessingProfile`.

    Examples:
        >>> profile = ProcessingProfile(7, "made_to_order", 5, 10)
        >>> render_processing_profile(profile, 1)["processing_days_display_label"]
        '5 - 10 days'
    """
    low, high = profile.min_processing_days, profile.max_processing_days
    return {
        "shop_id": shop_id,
        "readiness_state_id": profile.readiness_state_id,
        "readiness_state": profile.readiness_state,
        "min_processing_days": low,
        "max_processing_days": high,
        "processing_days_display_label": f"{low} - {high} days",
    }


def render_return_policy(policy: ReturnPolicy, shop_id: int) -> JSON:
    """`ShopReturnPolicy`.

    Examples:
        >>> render_return_policy(ReturnPolicy(3, True, False, 30), 1)["accepts_exchanges"]
        False
    """
    return {
        "return_policy_id": policy.return_policy_id,
        "shop_id": shop_id,
        "accepts_returns": policy.accepts_returns,
        "accepts_exchanges": policy.accepts_exchanges,
        "return_deadline": policy.return_deadline,
    }


def register(router: Router, world: World) -> None:
    """Add the processing profile and return policy routes for `world` to `router`.

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._routes import router_for
        >>> path = "http://s/v3/application/shops/1/readiness-state-definitions"
        >>> router_for(register).operation_of(httpx.Request("GET", path))
        'getShopReadinessStateDefinitions'
    """

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/readiness-state-definitions",
        operation="getShopReadinessStateDefinitions",
    )
    def get_processing_profiles(request: httpx.Request, params: Params) -> httpx.Response:
        shop_id = int(params["shop_id"])
        world.check_shop(shop_id)
        window = paging(request)
        profiles = list(world.processing_profiles.values())
        body = page_of(profiles, window, lambda item: render_processing_profile(item, shop_id))
        return json_response(200, body)

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/readiness-state-definitions/{readiness_state_definition_id}",
        operation="getShopReadinessStateDefinition",
    )
    def get_processing_profile(request: httpx.Request, params: Params) -> httpx.Response:
        shop_id = int(params["shop_id"])
        world.check_shop(shop_id)
        profile = found(
            world.processing_profiles,
            params["readiness_state_definition_id"],
            "Processing profile",
        )
        return json_response(200, render_processing_profile(profile, shop_id))

    @router.route(
        "GET", "/v3/application/shops/{shop_id}/policies/return", operation="getShopReturnPolicies"
    )
    def get_return_policies(request: httpx.Request, params: Params) -> httpx.Response:
        shop_id = int(params["shop_id"])
        world.check_shop(shop_id)
        policies = world.return_policies.values()
        return json_response(200, page([render_return_policy(p, shop_id) for p in policies]))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/policies/return/{return_policy_id}",
        operation="getShopReturnPolicy",
    )
    def get_return_policy(request: httpx.Request, params: Params) -> httpx.Response:
        shop_id = int(params["shop_id"])
        world.check_shop(shop_id)
        policy = found(world.return_policies, params["return_policy_id"], "Return policy")
        return json_response(200, render_return_policy(policy, shop_id))
