"""Wire models of Etsy's user, shop and shop settings (sections, shipping and processing).

Examples:
    >>> Me.model_validate({"user_id": 12345678, "shop_id": 42}).shop_id
    42
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from marketplace_sdk.etsy._models.common import EtsyModel, EtsyMoney, from_timestamp

__all__ = [
    "Me",
    "ProcessingProfile",
    "ReturnPolicy",
    "ShippingCarrier",
    "ShippingCarrierMailClass",
    "ShippingProfile",
    "ShippingProfileDestination",
    "ShippingProfileUpgrade",
    "Shop",
    "ShopSection",
    "User",
]


class Me(EtsyModel):
    """`getMe` (schema `Self`): the user who authorized the app, and their shop.

    Examples:
        >>> Me(user_id=1, shop_id=2).user_id
        1
    """

    user_id: int
    shop_id: int | None = None


class User(EtsyModel):
    """`getUser` (schema `User`).

    Examples:
        >>> User(user_id=1, first_name="Ada").first_name
        'Ada'
    """

    user_id: int
    primary_email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    image_url_75x75: str | None = None


class Shop(EtsyModel):
    """`getShop` (schema `Shop`); the fields an OMS uses, the others kept as extras.

    Examples:
        >>> Shop(shop_id=1, shop_name="Knots", currency_code="EUR").currency_code
        'EUR'
    """

    shop_id: int
    user_id: int | None = None
    shop_name: str = ""
    title: str | None = None
    currency_code: str | None = None
    is_vacation: bool | None = None
    url: str | None = None
    login_name: str | None = None
    listing_active_count: int | None = None
    digital_listing_count: int | None = None
    transaction_sold_count: int | None = None
    created_timestamp: int | None = None
    updated_timestamp: int | None = None
    shipping_from_country_iso: str | None = None
    shop_location_country_iso: str | None = None
    languages: list[str] = Field(default_factory=list)
    icon_url_fullxfull: str | None = None

    @property
    def created_at(self) -> datetime | None:
        """`created_timestamp` as a UTC datetime."""
        return from_timestamp(self.created_timestamp)


class ShopSection(EtsyModel):
    """`getShopSections` item (schema `ShopSection`).

    Examples:
        >>> ShopSection(shop_section_id=3, title="Rings").title
        'Rings'
    """

    shop_section_id: int
    title: str = ""
    rank: int | None = None
    user_id: int | None = None
    active_listing_count: int | None = None


class ShippingProfileDestination(EtsyModel):
    """A destination of a shipping profile (schema `ShopShippingProfileDestination`).

    Examples:
        >>> dest = ShippingProfileDestination(shipping_profile_destination_id=1, mail_class="std")
        >>> dest.mail_class
        'std'
    """

    shipping_profile_destination_id: int
    shipping_profile_id: int | None = None
    origin_country_iso: str | None = None
    destination_country_iso: str | None = None
    destination_region: str | None = None
    primary_cost: EtsyMoney | None = None
    secondary_cost: EtsyMoney | None = None
    shipping_carrier_id: int | None = None
    mail_class: str | None = None
    min_delivery_days: int | None = None
    max_delivery_days: int | None = None


class ShippingProfileUpgrade(EtsyModel):
    """A paid shipping upgrade of a profile (schema `ShopShippingProfileUpgrade`).

    Examples:
        >>> ShippingProfileUpgrade(upgrade_id=1, upgrade_name="Express").upgrade_name
        'Express'
    """

    upgrade_id: int
    shipping_profile_id: int | None = None
    upgrade_name: str = ""
    type: int | None = None
    rank: int | None = None
    price: EtsyMoney | None = None
    secondary_price: EtsyMoney | None = None


class ShippingProfile(EtsyModel):
    """`getShopShippingProfiles` item (schema `ShopShippingProfile`).

    A physical listing needs one to be activated.

    Examples:
        >>> ShippingProfile(shipping_profile_id=7, title="Standard").title
        'Standard'
    """

    shipping_profile_id: int
    title: str | None = None
    user_id: int | None = None
    origin_country_iso: str | None = None
    origin_postal_code: str | None = None
    is_deleted: bool | None = None
    profile_type: str | None = None
    shipping_profile_destinations: list[ShippingProfileDestination] = Field(default_factory=list)
    shipping_profile_upgrades: list[ShippingProfileUpgrade] = Field(default_factory=list)


class ProcessingProfile(EtsyModel):
    """`getShopReadinessStateDefinitions` item (schema `ShopProcessingProfile`).

    Its `readiness_state_id` is what inventory offerings carry on write.

    Examples:
        >>> ProcessingProfile(readiness_state_id=5, readiness_state="ready_to_ship").readiness_state
        'ready_to_ship'
    """

    readiness_state_id: int
    shop_id: int | None = None
    readiness_state: str | None = None
    min_processing_days: int | None = None
    max_processing_days: int | None = None
    processing_days_display_label: str | None = None


class ReturnPolicy(EtsyModel):
    """`getShopReturnPolicies` item (schema `ShopReturnPolicy`).

    Examples:
        >>> ReturnPolicy(return_policy_id=1, accepts_returns=True).accepts_returns
        True
    """

    return_policy_id: int
    shop_id: int | None = None
    accepts_returns: bool | None = None
    accepts_exchanges: bool | None = None
    return_deadline: int | None = None


class ShippingCarrierMailClass(EtsyModel):
    """A carrier's mail class (schema `ShippingCarrierMailClass`).

    Examples:
        >>> ShippingCarrierMailClass(mail_class_key="priority", name="Priority").name
        'Priority'
    """

    mail_class_key: str = ""
    name: str = ""


class ShippingCarrier(EtsyModel):
    """`getShippingCarriers` item (schema `ShippingCarrier`).

    Its `name` is what `createReceiptShipment` takes as `carrier_name`.

    Examples:
        >>> ShippingCarrier(shipping_carrier_id=1, name="USPS").name
        'USPS'
    """

    shipping_carrier_id: int
    name: str = ""
    domestic_classes: list[ShippingCarrierMailClass] = Field(default_factory=list)
    international_classes: list[ShippingCarrierMailClass] = Field(default_factory=list)
