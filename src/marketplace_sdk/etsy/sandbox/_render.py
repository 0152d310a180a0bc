"""Etsy's JSON shapes (as in `openapi-v3.json`) for the sandbox's records.

Examples:
    >>> from datetime import UTC, datetime
    >>> when = datetime(2026, 1, 1, tzinfo=UTC)
    >>> image = Image(listing_image_id=5, listing_id=7, rank=1, created=when)
    >>> render_image(image)["url_75x75"]
    'https://i.etsystatic.com/sandbox/r/il/75x75.5.jpg'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from marketplace_sdk.etsy.sandbox._state import (
    Image,
    Inventory,
    Listing,
    PropertyValue,
    SellerAccount,
)
from marketplace_sdk.etsy.sandbox._wire import JSON, money

__all__ = [
    "page",
    "render_image",
    "render_inventory",
    "render_listing",
    "render_shop",
    "render_user",
]


def ts(when: datetime) -> int:
    """Unix seconds, as Etsy sends every timestamp.

    Examples:
        >>> from datetime import UTC, datetime
        >>> ts(datetime(2026, 1, 1, tzinfo=UTC))
        1767225600
    """
    return int(when.timestamp())


def page(results: Sequence[JSON], count: int | None = None) -> JSON:
    """Etsy's list envelope: `{"count": ..., "results": [...]}`.

    Examples:
        >>> page([{"a": 1}], count=10)
        {'count': 10, 'results': [{'a': 1}]}
    """
    return {"count": len(results) if count is None else count, "results": list(results)}


def render_user(seller: SellerAccount) -> JSON:
    """`User`.

    Examples:
        >>> seller = SellerAccount(user_id=1, shop_id=2, shop_name="S", login_name="s")
        >>> render_user(seller)["user_id"]
        1
    """
    return {
        "user_id": seller.user_id,
        "primary_email": seller.email,
        "first_name": seller.first_name,
        "last_name": seller.last_name,
        "image_url_75x75": None,
    }


def render_shop(seller: SellerAccount, *, active_listings: int, created: datetime) -> JSON:
    """`Shop`.

    Examples:
        >>> from datetime import UTC, datetime
        >>> seller = SellerAccount(user_id=1, shop_id=2, shop_name="S", login_name="s")
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> render_shop(seller, active_listings=3, created=when)["listing_active_count"]
        3
    """
    created_at = ts(seller.created or created)
    return {
        "shop_id": seller.shop_id,
        "user_id": seller.user_id,
        "shop_name": seller.shop_name,
        "create_date": created_at,
        "created_timestamp": created_at,
        "title": f"{seller.shop_name} (sandbox)",
        "announcement": None,
        "currency_code": seller.currency,
        "is_vacation": False,
        "vacation_message": None,
        "sale_message": None,
        "digital_sale_message": None,
        "update_date": created_at,
        "updated_timestamp": created_at,
        "listing_active_count": active_listings,
        "digital_listing_count": 0,
        "login_name": seller.login_name,
        "accepts_custom_requests": False,
        "url": f"https://www.etsy.com/shop/{seller.shop_name}",
        "image_url_760x100": None,
        "num_favorers": 0,
        "languages": ["en-US"],
        "icon_url_fullxfull": None,
        "is_using_structured_policies": True,
        "has_onboarded_structured_policies": True,
        "include_dispute_form_link": False,
        "is_direct_checkout_onboarded": True,
        "is_etsy_payments_onboarded": True,
        "is_calculated_eligible": False,
        "is_opted_in_to_buyer_promise": False,
        "is_shop_us_based": seller.country_iso == "US",
        "transaction_sold_count": 0,
        "shipping_from_country_iso": seller.country_iso,
        "shop_location_country_iso": seller.country_iso,
        "review_count": 0,
        "review_average": None,
    }


def _image_url(image: Image, size: str) -> str:
    return f"https://i.etsystatic.com/sandbox/r/il/{size}.{image.listing_image_id}.jpg"


def render_image(image: Image) -> JSON:
    """`ListingImage`.

    Examples:
        >>> from datetime import UTC, datetime
        >>> image = Image(9, 7, 1, datetime(2026, 1, 1, tzinfo=UTC))
        >>> render_image(image)["rank"]
        1
    """
    created = ts(image.created)
    return {
        "listing_id": image.listing_id,
        "listing_image_id": image.listing_image_id,
        "hex_code": None,
        "red": None,
        "green": None,
        "blue": None,
        "hue": None,
        "saturation": None,
        "brightness": None,
        "is_black_and_white": None,
        "creation_tsz": created,
        "created_timestamp": created,
        "rank": image.rank,
        "url_75x75": _image_url(image, "75x75"),
        "url_170x135": _image_url(image, "170x135"),
        "url_570xN": _image_url(image, "570xN"),
        "url_fullxfull": _image_url(image, "fullxfull"),
        "full_height": None,
        "full_width": None,
        "alt_text": image.alt_text,
    }


def render_property_value(value: PropertyValue) -> JSON:
    """`ListingPropertyValue`.

    Examples:
        >>> render_property_value(PropertyValue(200, "Primary color", [1], ["Red"]))["values"]
        ['Red']
    """
    return {
        "property_id": value.property_id,
        "property_name": value.property_name,
        "scale_id": value.scale_id,
        "scale_name": value.scale_name,
        "value_ids": list(value.value_ids),
        "values": list(value.values),
    }


def render_inventory(
    inventory: Inventory,
    currency: str,
    *,
    show_deleted: bool = False,
    readiness: bool = True,
) -> JSON:
    """`ListingInventory` (read shape: ids, Money prices, `is_deleted`).

    `show_deleted` adds the products a write left out, marked `is_deleted`; with `readiness`
    false every `readiness_state_id` reads null (ETSY-Q12).

    Examples:
        >>> from decimal import Decimal
        >>> from marketplace_sdk.etsy.sandbox._state import Offering, Product
        >>> inventory = Inventory([Product(1, "A", [Offering(2, Decimal("9.5"), 3)])])
        >>> render_inventory(inventory, "EUR")["products"][0]["offerings"][0]["price"]
        {'amount': 950, 'divisor': 100, 'currency_code': 'EUR'}
    """
    listed = [(product, False) for product in inventory.products]
    if show_deleted:
        listed += [(product, True) for product in inventory.deleted]
    products = [
        {
            "product_id": product.product_id,
            "sku": product.sku,
            "is_deleted": deleted,
            "offerings": [
                {
                    "offering_id": offer.offering_id,
                    "quantity": offer.quantity,
                    "is_enabled": offer.is_enabled,
                    "is_deleted": deleted,
                    "price": money(offer.price, currency),
                    "readiness_state_id": offer.readiness_state_id if readiness else None,
                }
                for offer in product.offerings
            ],
            "property_values": [render_property_value(v) for v in product.property_values],
        }
        for product, deleted in listed
    ]
    return {
        "products": products,
        "price_on_property": list(inventory.price_on_property),
        "quantity_on_property": list(inventory.quantity_on_property),
        "sku_on_property": list(inventory.sku_on_property),
        "readiness_state_on_property": list(inventory.readiness_state_on_property),
    }


def render_listing(
    listing: Listing, currency: str, *, includes: Iterable[str] = (), readiness: bool = True
) -> JSON:
    """`ShopListing`, plus the associations named in `includes` (`ShopListingWithAssociations`).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from decimal import Decimal
        >>> from marketplace_sdk.etsy.sandbox._state import Offering, Product
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> inventory = Inventory([Product(1, "A", [Offering(2, Decimal("9.5"), 3)])])
        >>> listing = Listing(5, 2, 1, "Mug", "A mug", "active", when, when, inventory)
        >>> body = render_listing(listing, "EUR", includes=["Inventory"])
        >>> body["quantity"], "inventory" in body, "images" in body
        (3, True, False)
    """
    created = ts(listing.created)
    updated = ts(listing.updated)
    body: JSON = {
        "listing_id": listing.listing_id,
        "user_id": listing.user_id,
        "shop_id": listing.shop_id,
        "title": listing.title,
        "description": listing.description,
        "rich_description": None,
        "state": listing.state,
        "creation_timestamp": created,
        "created_timestamp": created,
        "ending_timestamp": created + 4 * 30 * 86400,
        "original_creation_timestamp": created,
        "last_modified_timestamp": updated,
        "updated_timestamp": updated,
        "state_timestamp": ts(listing.state_changed or listing.created),
        "quantity": listing.quantity,
        "shop_section_id": listing.shop_section_id,
        "featured_rank": -1,
        "url": f"https://www.etsy.com/listing/{listing.listing_id}",
        "num_favorers": 0,
        "non_taxable": not listing.is_taxable,
        "is_taxable": listing.is_taxable,
        "is_customizable": False,
        "is_personalizable": False,
        "listing_type": listing.listing_type,
        "tags": list(listing.tags),
        "materials": list(listing.materials),
        "shipping_profile_id": listing.shipping_profile_id,
        "return_policy_id": None,
        "processing_min": 1,
        "processing_max": 3,
        "who_made": listing.who_made,
        "when_made": listing.when_made,
        "is_supply": listing.is_supply,
        "item_weight": None,
        # The document's nullable enums refuse null under its own validator; a unit with no
        # weight reads the same to a client.
        "item_weight_unit": "oz",
        "item_length": None,
        "item_width": None,
        "item_height": None,
        "item_dimensions_unit": "in",
        "is_private": False,
        "style": [],
        "file_data": None,
        "has_variations": listing.has_variations,
        "should_auto_renew": listing.should_auto_renew,
        "language": "en-US",
        "price": money(listing.price, currency),
        "converted_price": None,
        "taxonomy_id": listing.taxonomy_id,
        "readiness_state_id": None,
        "suggested_title": None,
    }
    wanted = {name.lower() for name in includes}
    if "images" in wanted:
        body["images"] = [render_image(image) for image in sorted_images(listing)]
    if "inventory" in wanted:
        body["inventory"] = render_inventory(listing.inventory, currency, readiness=readiness)
    return body


def sorted_images(listing: Listing) -> list[Image]:
    """A listing's images by rank.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from decimal import Decimal
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> listing = Listing(5, 2, 1, "Mug", "", "draft", when, when, Inventory([]))
        >>> listing.images = [Image(8, 5, 2, when), Image(9, 5, 1, when)]
        >>> [image.listing_image_id for image in sorted_images(listing)]
        [9, 8]
    """
    return sorted(listing.images, key=lambda image: (image.rank, image.listing_image_id))
