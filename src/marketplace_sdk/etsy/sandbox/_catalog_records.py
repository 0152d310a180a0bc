"""The shop's catalogue records: shipping and processing profiles, return policies, sections,
the seller taxonomy and shipping carriers.

Examples:
    >>> TaxonomyNode(1, "Home & Living", 0, None, [1]).level
    0
"""

from __future__ import annotations

from decimal import Decimal

import attrs

__all__ = [
    "Carrier",
    "ProcessingProfile",
    "ReturnPolicy",
    "ShippingProfile",
    "ShopSection",
    "TaxonomyNode",
    "TaxonomyProperty",
]


@attrs.define
class ShippingProfile:
    """A shipping profile listings refer to.

    Examples:
        >>> profile = ShippingProfile(1, "Standard", 2, "US", Decimal("4.50"), Decimal("1"))
        >>> profile.max_processing_days
        3
    """

    shipping_profile_id: int
    title: str
    user_id: int
    origin_country_iso: str
    primary_cost: Decimal
    secondary_cost: Decimal
    min_processing_days: int = 1
    max_processing_days: int = 3


@attrs.define
class ProcessingProfile:
    """A readiness state definition: ready to ship or made to order, and processing days.

    Examples:
        >>> ProcessingProfile(1, "ready_to_ship", 1, 3).readiness_state
        'ready_to_ship'
    """

    readiness_state_id: int
    readiness_state: str
    min_processing_days: int
    max_processing_days: int


@attrs.define
class ReturnPolicy:
    """A shop's return policy.

    Examples:
        >>> ReturnPolicy(1, True, True, 30).return_deadline
        30
    """

    return_policy_id: int
    accepts_returns: bool
    accepts_exchanges: bool
    return_deadline: int | None


@attrs.define
class ShopSection:
    """A shop section listings can be placed in.

    Examples:
        >>> ShopSection(1, "Home", 1, 2).title
        'Home'
    """

    shop_section_id: int
    title: str
    rank: int
    user_id: int


@attrs.define
class TaxonomyProperty:
    """A property a seller taxonomy node supports (colour, size...).

    Examples:
        >>> color = TaxonomyProperty(200, "Primary color", "Primary color", [(1, "Red")])
        >>> color.supports_variations
        True
    """

    property_id: int
    name: str
    display_name: str
    possible_values: list[tuple[int, str]]
    is_required: bool = False
    supports_variations: bool = True
    is_multivalued: bool = False


@attrs.define
class TaxonomyNode:
    """A seller taxonomy node (a category).

    Examples:
        >>> TaxonomyNode(1, "Home", 0, None, [1]).children
        []
    """

    id: int
    name: str
    level: int
    parent_id: int | None
    full_path_taxonomy_ids: list[int]
    children: list[TaxonomyNode] = attrs.Factory(list)
    properties: list[TaxonomyProperty] = attrs.Factory(list)


@attrs.define
class Carrier:
    """A shipping carrier and its mail classes.

    Examples:
        >>> Carrier(1, "UPS", [("ground", "Ground")]).domestic_classes
        [('ground', 'Ground')]
    """

    shipping_carrier_id: int
    name: str
    domestic_classes: list[tuple[str, str]] = attrs.Factory(list)
    international_classes: list[tuple[str, str]] = attrs.Factory(list)
