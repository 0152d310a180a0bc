"""Etsy's JSON shapes for the shop's catalogue records: shipping profiles, sections, taxonomy,
carriers.

Examples:
    >>> carrier = Carrier(shipping_carrier_id=1, name="USPS", domestic_classes=[("first", "First")])
    >>> render_carrier(carrier)["domestic_classes"]
    [{'mail_class_key': 'first', 'name': 'First'}]
"""

from __future__ import annotations

from marketplace_sdk.etsy.sandbox._catalog_records import (
    Carrier,
    ShippingProfile,
    ShopSection,
    TaxonomyNode,
    TaxonomyProperty,
)
from marketplace_sdk.etsy.sandbox._wire import JSON, money

__all__ = [
    "render_carrier",
    "render_node",
    "render_property",
    "render_section",
    "render_shipping_profile",
]


def render_shipping_profile(profile: ShippingProfile, currency: str) -> JSON:
    """`ShopShippingProfile` with one domestic and one everywhere-else destination.

    Examples:
        >>> from decimal import Decimal
        >>> profile = ShippingProfile(1, "Standard", 2, "US", Decimal("4.50"), Decimal("1"))
        >>> body = render_shipping_profile(profile, "USD")
        >>> body["shipping_profile_destinations"][0]["primary_cost"]
        {'amount': 450, 'divisor': 100, 'currency_code': 'USD'}
    """
    base = profile.shipping_profile_id * 10
    destinations = [
        {
            "shipping_profile_destination_id": base + index,
            "shipping_profile_id": profile.shipping_profile_id,
            "origin_country_iso": profile.origin_country_iso,
            "destination_country_iso": country,
            "destination_region": "none",
            "primary_cost": money(profile.primary_cost * factor, currency),
            "secondary_cost": money(profile.secondary_cost * factor, currency),
            "shipping_carrier_id": None,
            "mail_class": None,
            "min_delivery_days": 2 * factor,
            "max_delivery_days": 5 * factor,
        }
        for index, (country, factor) in enumerate(((profile.origin_country_iso, 1), ("", 3)), 1)
    ]
    return {
        "shipping_profile_id": profile.shipping_profile_id,
        "title": profile.title,
        "user_id": profile.user_id,
        "origin_country_iso": profile.origin_country_iso,
        "is_deleted": False,
        "shipping_profile_destinations": destinations,
        "shipping_profile_upgrades": [],
        "origin_postal_code": None,
        "profile_type": "manual",
        "domestic_handling_fee": 0,
        "international_handling_fee": 0,
    }


def render_section(section: ShopSection, active_listing_count: int) -> JSON:
    """`ShopSection`.

    Examples:
        >>> section = ShopSection(1, "Home", 1, 2)
        >>> render_section(section, active_listing_count=4)["active_listing_count"]
        4
    """
    return {
        "shop_section_id": section.shop_section_id,
        "title": section.title,
        "rank": section.rank,
        "user_id": section.user_id,
        "active_listing_count": active_listing_count,
    }


def render_node(node: TaxonomyNode) -> JSON:
    """`SellerTaxonomyNode` with its children, recursively.

    Examples:
        >>> node = TaxonomyNode(1, "Home", 0, None, [1])
        >>> node.children = [TaxonomyNode(2, "Kitchen", 1, 1, [1, 2])]
        >>> render_node(node)["children"][0]["full_path_taxonomy_ids"]
        [1, 2]
    """
    return {
        "id": node.id,
        "level": node.level,
        "name": node.name,
        "parent_id": node.parent_id,
        "children": [render_node(child) for child in node.children],
        "full_path_taxonomy_ids": list(node.full_path_taxonomy_ids),
    }


def render_property(prop: TaxonomyProperty) -> JSON:
    """`TaxonomyNodeProperty`.

    Examples:
        >>> prop = TaxonomyProperty(200, "Primary color", "Primary color", [(1, "Red")])
        >>> render_property(prop)["possible_values"][0]["name"]
        'Red'
    """
    return {
        "property_id": prop.property_id,
        "name": prop.name,
        "display_name": prop.display_name,
        "scales": [],
        "is_required": prop.is_required,
        "supports_attributes": True,
        "supports_variations": prop.supports_variations,
        "is_multivalued": prop.is_multivalued,
        "max_values_allowed": None,
        "possible_values": [
            {"value_id": value_id, "name": name, "scale_id": None, "equal_to": []}
            for value_id, name in prop.possible_values
        ],
        "selected_values": [],
    }


def render_carrier(carrier: Carrier) -> JSON:
    """`ShippingCarrier`.

    Examples:
        >>> render_carrier(Carrier(1, "UPS"))["name"]
        'UPS'
    """
    return {
        "shipping_carrier_id": carrier.shipping_carrier_id,
        "name": carrier.name,
        "domestic_classes": [
            {"mail_class_key": key, "name": name} for key, name in carrier.domestic_classes
        ],
        "international_classes": [
            {"mail_class_key": key, "name": name} for key, name in carrier.international_classes
        ],
    }
