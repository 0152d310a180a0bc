"""Wire models of Etsy listings and their images, and the bodies that create and update them.

Examples:
    >>> listing = Listing.model_validate({"listing_id": 1, "title": "Ring", "state": "Active",
    ...     "price": {"amount": 1500, "divisor": 100, "currency_code": "USD"}})
    >>> listing.state, listing.price.to_money().amount
    (<ListingState.ACTIVE: 'active'>, Decimal('15.00'))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field

from marketplace_sdk.etsy._models.common import (
    EtsyModel,
    EtsyMoney,
    ListingStateValue,
    from_timestamp,
)
from marketplace_sdk.etsy._models.inventory import ListingInventory
from marketplace_sdk.etsy._models.shop import ShippingProfile, Shop, User

__all__ = [
    "DraftListing",
    "FormFields",
    "Listing",
    "ListingImage",
    "ListingUpdate",
    "WhenMade",
    "WhoMade",
]

#: Form fields as ordered pairs; a list value repeats the field, as the document's form style says.
FormFields = list[tuple[str, str]]

WhoMade = Literal["i_did", "someone_else", "collective"]
WhenMade = Literal[
    "made_to_order",
    "2020_2026",
    "2010_2019",
    "2007_2009",
    "before_2007",
    "2000_2006",
    "1990s",
    "1980s",
    "1970s",
    "1960s",
    "1950s",
    "1940s",
    "1930s",
    "1920s",
    "1910s",
    "1900s",
    "1800s",
    "1700s",
    "before_1700",
]


class ListingImage(EtsyModel):
    """A listing's image (schema `ListingImage`); `rank` 1 is the first image.

    Examples:
        >>> ListingImage(listing_image_id=9, rank=1, url_fullxfull="https://i.etsystatic.com/x.jpg").rank
        1
    """

    listing_image_id: int
    listing_id: int | None = None
    rank: int | None = None
    url_75x75: str | None = None
    url_170x135: str | None = None
    url_570xN: str | None = None
    url_fullxfull: str | None = None
    full_height: int | None = None
    full_width: int | None = None
    alt_text: str | None = None
    created_timestamp: int | None = None


class Listing(EtsyModel):
    """A listing (schema `ShopListingWithAssociations`), with `includes` when asked for.

    `state` is a `ListingState` member, or the raw string when Etsy sends one the document does
    not list. `images` and `inventory` are filled when the call asked for `includes=Images` or
    `includes=Inventory` (`getListingsByShop`), and empty otherwise.

    Examples:
        >>> Listing(listing_id=5, state="draft").first_image is None
        True
    """

    listing_id: int
    user_id: int | None = None
    shop_id: int | None = None
    title: str = ""
    description: str | None = None
    state: ListingStateValue | None = None
    quantity: int | None = None
    price: EtsyMoney | None = None
    url: str | None = None
    skus: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)
    has_variations: bool | None = None
    listing_type: str | None = None
    taxonomy_id: int | None = None
    shop_section_id: int | None = None
    shipping_profile_id: int | None = None
    return_policy_id: int | None = None
    readiness_state_id: int | None = None
    processing_min: int | None = None
    processing_max: int | None = None
    who_made: str | None = None
    when_made: str | None = None
    is_supply: bool | None = None
    is_taxable: bool | None = None
    should_auto_renew: bool | None = None
    created_timestamp: int | None = None
    updated_timestamp: int | None = None
    last_modified_timestamp: int | None = None
    state_timestamp: int | None = None
    images: list[ListingImage] = Field(default_factory=list)
    inventory: ListingInventory | None = None
    shop: Shop | None = None
    user: User | None = None
    shipping_profile: ShippingProfile | None = None

    @property
    def first_image(self) -> ListingImage | None:
        """The image of lowest rank, when images were included."""
        if not self.images:
            return None
        return min(self.images, key=lambda image: image.rank if image.rank is not None else 1 << 30)

    @property
    def created_at(self) -> datetime | None:
        """`created_timestamp` as a UTC datetime."""
        return from_timestamp(self.created_timestamp)

    @property
    def updated_at(self) -> datetime | None:
        """`updated_timestamp` (else `last_modified_timestamp`) as a UTC datetime."""
        return from_timestamp(self.updated_timestamp or self.last_modified_timestamp)


def _form_value(value: str | int | Decimal | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _form_pairs(
    fields: Iterable[tuple[str, str | int | Decimal | bool | list[str] | list[int] | None]],
) -> FormFields:
    pairs: FormFields = []
    for name, value in fields:
        if value is None:
            continue
        if isinstance(value, list):
            pairs.extend((name, _form_value(item)) for item in value)
        else:
            pairs.append((name, _form_value(value)))
    return pairs


class DraftListing(EtsyModel):
    """The form body of `createDraftListing` (required fields first).

    `price` is the price of the listing's single product; variations come with the inventory
    afterwards (`updateListingInventory`). A field the body does not declare is refused, not
    dropped: Etsy refuses the legacy personalization fields since 2026-04-09 (ETSY-Q32).

    Examples:
        >>> draft = DraftListing(quantity=3, title="Ring", description="Silver ring",
        ...     price=Decimal("15.00"), who_made="i_did", when_made="made_to_order", taxonomy_id=1)
        >>> fields = dict(draft.to_form())
        >>> fields["title"], fields["price"], fields["taxonomy_id"]
        ('Ring', '15.00', '1')
    """

    quantity: int = Field(ge=0)
    title: str
    description: str
    price: Decimal = Field(gt=0)
    who_made: WhoMade
    when_made: WhenMade
    taxonomy_id: int = Field(ge=1)
    shipping_profile_id: int | None = None
    return_policy_id: int | None = None
    readiness_state_id: int | None = None
    shop_section_id: int | None = None
    materials: list[str] | None = None
    tags: list[str] | None = None
    image_ids: list[int] | None = None
    is_supply: bool | None = None
    should_auto_renew: bool | None = None
    is_taxable: bool | None = None
    type: Literal["physical", "download", "both"] | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_form(self) -> FormFields:
        """The form fields to send; unset optional fields are left out."""
        return _form_pairs((name, getattr(self, name)) for name in type(self).model_fields)


class ListingUpdate(EtsyModel):
    """The form body of `updateListing` (PATCH): only the fields that are set are sent.

    `state` is the only way to activate (`active`) or deactivate (`inactive`) a listing.
    Etsy ignores `price` and `quantity` here without an error (ETSY-Q08): they are refused,
    as is any field the body does not declare (they go through `updateListingInventory`).

    Examples:
        >>> ListingUpdate(state="inactive").to_form()
        [('state', 'inactive')]
        >>> try:
        ...     ListingUpdate(price=5)
        ... except ValueError as error:
        ...     print(error.errors()[0]["loc"], error.errors()[0]["type"])
        ('price',) extra_forbidden
    """

    state: Literal["active", "inactive"] | None = None
    title: str | None = None
    description: str | None = None
    taxonomy_id: int | None = None
    shipping_profile_id: int | None = None
    return_policy_id: int | None = None
    shop_section_id: int | None = None
    image_ids: list[int] | None = None
    tags: list[str] | None = None
    materials: list[str] | None = None
    who_made: WhoMade | None = None
    when_made: WhenMade | None = None
    is_supply: bool | None = None
    is_taxable: bool | None = None
    should_auto_renew: bool | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_form(self) -> FormFields:
        """The form fields to send; unset fields are left out."""
        return _form_pairs((name, getattr(self, name)) for name in type(self).model_fields)
