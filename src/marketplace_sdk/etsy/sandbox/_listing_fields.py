"""Reading listing form fields (createDraftListing, updateListing) and Etsy's state rules.

Examples:
    >>> from decimal import Decimal
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.etsy.sandbox._orders import add_simple_listing
    >>> world = World.empty(FakeClock())
    >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=1)
    >>> apply_listing_fields(world, listing, {"title": ["New title"], "tags": ["a,b"]})
    >>> listing.title, listing.tags
    ('New title', ['a', 'b'])
    >>> change_state(world, listing, "inactive")
    >>> listing.state
    'inactive'
"""

from __future__ import annotations

from collections.abc import Mapping

from marketplace_sdk.etsy.sandbox._state import EDIT, Listing
from marketplace_sdk.etsy.sandbox._wire import SandboxHTTPError, bool_value
from marketplace_sdk.etsy.sandbox._world import World

__all__ = [
    "apply_listing_fields",
    "change_state",
    "int_field",
    "one",
    "path_id",
    "shows_readiness",
]

_WHO_MADE = ("i_did", "someone_else", "collective")


def path_id(raw: str) -> int:
    """A positive id from a path segment (400 otherwise).

    Examples:
        >>> path_id("42")
        42
    """
    try:
        value = int(raw)
    except ValueError:
        raise SandboxHTTPError(400, f"Expected an integer, got {raw!r}") from None
    if value < 1:
        raise SandboxHTTPError(400, f"Expected a positive id, got {raw!r}")
    return value


def one(fields: Mapping[str, list[str]], name: str) -> str:
    """The last value sent for a form field, or an empty string.

    Examples:
        >>> one({"state": ["inactive", "active"]}, "state")
        'active'
    """
    values = fields.get(name) or [""]
    return values[-1]


def int_field(
    fields: Mapping[str, list[str]], name: str, *, minimum: int = 1, maximum: int | None = None
) -> int:
    """An integer form field within bounds (400 otherwise).

    Examples:
        >>> int_field({"quantity": ["3"]}, "quantity", minimum=0)
        3
    """
    raw = one(fields, name)
    try:
        value = int(raw)
    except ValueError:
        raise SandboxHTTPError(400, f"{name} must be an integer") from None
    if value < minimum or (maximum is not None and value > maximum):
        raise SandboxHTTPError(400, f"{name} is out of range")
    return value


def _list_field(fields: Mapping[str, list[str]], name: str) -> list[str]:
    # Etsy takes array fields repeated (`tags[]=a&tags[]=b`) or comma-separated.
    values: list[str] = []
    for raw in fields.get(name, []):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def apply_listing_fields(world: World, listing: Listing, fields: Mapping[str, list[str]]) -> None:
    """Copy the writable fields of a createDraftListing/updateListing form onto `listing`.

    Examples:
        apply_listing_fields(world, listing, form_fields(request))
    """
    if "title" in fields:
        title = one(fields, "title").strip()
        if not title:
            raise SandboxHTTPError(400, "title cannot be empty")
        listing.title = title
    if "description" in fields:
        listing.description = one(fields, "description")
    if "who_made" in fields:
        who_made = one(fields, "who_made")
        if who_made not in _WHO_MADE:
            raise SandboxHTTPError(400, f"Invalid who_made {who_made!r}")
        listing.who_made = who_made
    if "when_made" in fields:
        listing.when_made = one(fields, "when_made")
    if "taxonomy_id" in fields:
        taxonomy_id = int_field(fields, "taxonomy_id")
        if world.node(taxonomy_id) is None:
            raise SandboxHTTPError(400, f"taxonomy_id {taxonomy_id} is not a seller taxonomy node")
        listing.taxonomy_id = taxonomy_id
    if "shipping_profile_id" in fields:
        profile_id = int_field(fields, "shipping_profile_id")
        if profile_id not in world.profiles:
            raise SandboxHTTPError(400, f"shipping_profile_id {profile_id} does not exist")
        listing.shipping_profile_id = profile_id
    if "shop_section_id" in fields:
        section_id = int_field(fields, "shop_section_id", minimum=0)
        if section_id and section_id not in world.sections:
            raise SandboxHTTPError(400, f"shop_section_id {section_id} does not exist")
        listing.shop_section_id = section_id or None
    if "tags" in fields:
        listing.tags = _list_field(fields, "tags")
    if "materials" in fields:
        listing.materials = _list_field(fields, "materials")
    if "is_supply" in fields:
        listing.is_supply = bool_value("is_supply", one(fields, "is_supply"))
    if "should_auto_renew" in fields:
        listing.should_auto_renew = bool_value(
            "should_auto_renew", one(fields, "should_auto_renew")
        )
    if "is_taxable" in fields:
        listing.is_taxable = bool_value("is_taxable", one(fields, "is_taxable"))


def change_state(world: World, listing: Listing, state: str) -> None:
    """Set a listing active or inactive, with Etsy's publishing rules.

    With the catalogued behaviours on: deactivating a listing with an even id leaves it in
    state `edit` (ETSY-Q02: Etsy does so for some listings); activating a `sold_out` listing
    answers 500, an `edit` one 400, a frozen one 400 (ETSY-Q03).

    Examples:
        change_state(world, listing, one(fields, "state"))
    """
    if state not in ("active", "inactive"):
        raise SandboxHTTPError(400, "state can only be set to active or inactive")
    if state == listing.state:
        return
    behaviours = world.behaviours
    if state == "active":
        if behaviours.on("ETSY-Q03"):
            _check_reactivation(listing)
        if not listing.images:
            raise SandboxHTTPError(400, "A listing needs at least one image to be active")
        if listing.listing_type != "download" and listing.shipping_profile_id is None:
            raise SandboxHTTPError(400, "A physical listing needs a shipping profile to be active")
        if listing.quantity == 0:
            raise SandboxHTTPError(400, "A listing needs a quantity above 0 to be active")
    elif listing.state == "draft":
        raise SandboxHTTPError(400, "A draft listing can only be published (state=active)")
    elif listing.state == EDIT:
        return
    elif behaviours.on("ETSY-Q02") and listing.listing_id % 2 == 0:
        state = EDIT
    listing.state = state
    listing.state_changed = world.now()


def _check_reactivation(listing: Listing) -> None:
    if listing.state == "sold_out":
        raise SandboxHTTPError(500, "Server Error")
    if listing.state == EDIT:
        ending = int(listing.created.timestamp()) + 4 * 30 * 86400
        raise SandboxHTTPError(
            400,
            "Cannot activate a listing in this state: state = edit, "
            f"listing_id = {listing.listing_id}, ending_tsz = {ending}",
        )
    if listing.frozen:
        raise SandboxHTTPError(400, "This listing is not publishable because it's frozen")


def shows_readiness(world: World, listing: Listing) -> bool:
    """Whether a shop-scoped or single-listing read shows `readiness_state_id` (ETSY-Q12).

    Etsy fills it in only for active physical listings; the spec's reading always does.

    Examples:
        >>> from decimal import Decimal
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> from marketplace_sdk.etsy.sandbox._orders import add_simple_listing
        >>> world = World.empty(FakeClock())
        >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=1)
        >>> listing.state = "inactive"
        >>> shows_readiness(world, listing)
        False
    """
    if not world.behaviours.on("ETSY-Q12"):
        return True
    return listing.state == "active" and listing.listing_type == "physical"
