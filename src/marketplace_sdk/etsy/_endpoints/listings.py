"""Endpoints of listings, their images and their inventory.

Examples:
    >>> call = get_listings_by_shop(42, state="active", includes=["Images", "Inventory"])
    >>> call.request.path, call.request.params["includes"], call.request.params["limit"]
    ('/v3/application/shops/42/listings', 'Images,Inventory', 100)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.etsy._endpoints._base import (
    API,
    MAX_LIMIT,
    check_page,
    comma_list,
    form_request,
    get_request,
    list_parser,
    model_parser,
    record_page_parser,
    record_parser,
)
from marketplace_sdk.etsy._models import (
    DraftListing,
    InventoryUpdate,
    Listing,
    ListingImage,
    ListingInventory,
    ListingUpdate,
)

__all__ = [
    "ListingInclude",
    "ListingSortOn",
    "ListingStateFilter",
    "SortOrder",
    "create_draft_listing",
    "get_listing",
    "get_listing_images",
    "get_listing_inventory",
    "get_listings_by_listing_ids",
    "get_listings_by_shop",
    "get_listings_inventory_by_listing_ids",
    "set_listing_state",
    "update_listing",
    "update_listing_inventory",
    "upload_listing_image",
]

#: Associations `getListingsByShop` can embed in each listing.
ListingInclude = Literal[
    "Shipping",
    "Images",
    "Shop",
    "User",
    "Translations",
    "Inventory",
    "Videos",
    "Personalization",
    "BuyerPrice",
]
ListingSortOn = Literal["created", "price", "updated", "score"]
SortOrder = Literal["asc", "desc"]
ListingStateFilter = Literal["active", "inactive", "sold_out", "draft", "expired"]


def _check_ids(listing_ids: Sequence[int]) -> None:
    if not 1 <= len(listing_ids) <= MAX_LIMIT:
        raise ValueError(f"between 1 and {MAX_LIMIT} listing ids per call, not {len(listing_ids)}")


def get_listings_by_shop(
    shop_id: int,
    *,
    state: ListingStateFilter = "active",
    includes: Sequence[ListingInclude] = (),
    limit: int = MAX_LIMIT,
    offset: int = 0,
    sort_on: ListingSortOn = "created",
    sort_order: SortOrder = "asc",
) -> Call[Page[Listing]]:
    """`getListingsByShop`: one page of the shop's listings in `state`.

    `includes=["Images", "Inventory"]` embeds each listing's images and inventory, so a page of
    100 listings with their stock and first image costs one request. A listing Etsy's schema
    refuses is its `RecordError` on the page's `refused`.

    Examples:
        >>> get_listings_by_shop(42, offset=200).request.params["offset"]
        200
    """
    check_page(limit, offset)
    request = get_request(
        f"{API}/shops/{shop_id}/listings",
        "getListingsByShop",
        {
            "state": state,
            "limit": limit,
            "offset": offset,
            "sort_on": sort_on,
            "sort_order": sort_order,
            "includes": comma_list(includes) if includes else None,
        },
    )
    return Call(request, parse=record_page_parser(Listing, kind="product", id_field="listing_id"))


def get_listings_by_listing_ids(
    listing_ids: Sequence[int], *, includes: Sequence[ListingInclude] = ()
) -> Call[list[Listing]]:
    """`getListingsByListingIds`: up to 100 listings by id, in one request.

    Examples:
        >>> get_listings_by_listing_ids([3, 1, 2]).request.params["listing_ids"]
        '3,1,2'
    """
    _check_ids(listing_ids)
    request = get_request(
        f"{API}/listings/batch",
        "getListingsByListingIds",
        {
            "listing_ids": comma_list(listing_ids),
            "includes": comma_list(includes) if includes else None,
        },
    )
    return Call(request, parse=list_parser(Listing))


def get_listing(listing_id: int, *, includes: Sequence[ListingInclude] = ()) -> Call[Listing]:
    """`getListing`. A listing Etsy's schema refuses raises its `RecordError`.

    Examples:
        >>> get_listing(9, includes=["Images"]).request.params
        {'includes': 'Images'}
    """
    params = {"includes": comma_list(includes)} if includes else {}
    request = get_request(f"{API}/listings/{listing_id}", "getListing", dict(params))
    return Call(request, parse=record_parser(Listing, kind="product", id_field="listing_id"))


def create_draft_listing(shop_id: int, draft: DraftListing) -> Call[Listing]:
    """`createDraftListing` (form-encoded). Not idempotent: a resend creates a second draft.

    Examples:
        >>> from decimal import Decimal
        >>> draft = DraftListing(quantity=1, title="Ring", description="Silver",
        ...     price=Decimal("15"), who_made="i_did", when_made="made_to_order", taxonomy_id=1)
        >>> create_draft_listing(42, draft).request.is_idempotent
        False
    """
    request = form_request(
        "POST",
        f"{API}/shops/{shop_id}/listings",
        "createDraftListing",
        draft.to_form(),
        idempotent=False,
    )
    return Call(request, parse=model_parser(Listing))


def update_listing(shop_id: int, listing_id: int, update: ListingUpdate) -> Call[Listing]:
    """`updateListing` (PATCH, form-encoded); `ListingUpdate(state="inactive")` deactivates.

    Setting the same fields twice leaves the listing the same, so it may be retried.

    Examples:
        >>> update_listing(42, 9, ListingUpdate(state="active")).request.content
        b'state=active'
    """
    fields = update.to_form()
    if not fields:
        raise ValueError("an update must set at least one field")
    request = form_request(
        "PATCH",
        f"{API}/shops/{shop_id}/listings/{listing_id}",
        "updateListing",
        fields,
        idempotent=True,
    )
    return Call(request, parse=model_parser(Listing))


def set_listing_state(
    shop_id: int, listing_id: int, state: Literal["active", "inactive"]
) -> Call[Listing]:
    """`updateListing` with only `state`, sent once: a refusal is never retried.

    Etsy refuses some activations in ways a retry does not fix, a 500 included (ETSY-Q03), so
    this call is not retried on a server error; a lost answer is not resent either.

    Examples:
        >>> set_listing_state(42, 9, "active").request.is_idempotent
        False
    """
    request = form_request(
        "PATCH",
        f"{API}/shops/{shop_id}/listings/{listing_id}",
        "updateListing",
        [("state", state)],
        idempotent=False,
    )
    return Call(request, parse=model_parser(Listing))


def get_listing_images(listing_id: int) -> Call[list[ListingImage]]:
    """`getListingImages`: the listing's images (rank 1 first on Etsy).

    Examples:
        >>> get_listing_images(9).request.path
        '/v3/application/listings/9/images'
    """
    request = get_request(f"{API}/listings/{listing_id}/images", "getListingImages")
    return Call(request, parse=list_parser(ListingImage))


def upload_listing_image(
    shop_id: int,
    listing_id: int,
    image: bytes,
    *,
    filename: str = "image.jpg",
    content_type: str = "image/jpeg",
    rank: int = 1,
    overwrite: bool = False,
    alt_text: str | None = None,
) -> Call[ListingImage]:
    """`uploadListingImage` (multipart). Not idempotent: a resend adds the image twice.

    Examples:
        >>> call = upload_listing_image(42, 9, b"\\xff\\xd8", rank=1)
        >>> filename, content, content_type = call.request.files["image"]
        >>> filename, content_type, call.request.form["rank"]
        ('image.jpg', 'image/jpeg', '1')
    """
    form = {"rank": str(rank), "overwrite": "true" if overwrite else "false"}
    if alt_text is not None:
        form["alt_text"] = alt_text
    request = ApiRequest(
        method="POST",
        path=f"{API}/shops/{shop_id}/listings/{listing_id}/images",
        form=form,
        files={"image": (filename, image, content_type)},
        operation="uploadListingImage",
        bucket="default",
        idempotent=False,
    )
    return Call(request, parse=model_parser(ListingImage))


def get_listing_inventory(listing_id: int, *, show_deleted: bool = False) -> Call[ListingInventory]:
    """`getListingInventory`: products, offerings (Money prices) and the `*_on_property` arrays.

    Examples:
        >>> get_listing_inventory(9).request.path
        '/v3/application/listings/9/inventory'
    """
    params = {"show_deleted": True} if show_deleted else {}
    request = get_request(
        f"{API}/listings/{listing_id}/inventory", "getListingInventory", dict(params)
    )
    return Call(request, parse=model_parser(ListingInventory))


def update_listing_inventory(listing_id: int, inventory: InventoryUpdate) -> Call[ListingInventory]:
    """`updateListingInventory` (PUT, JSON): REPLACES the whole inventory.

    Build `inventory` from what was read (`InventoryUpdate.from_inventory`) so products left out
    are not deleted. Sending the same body twice gives the same inventory: it may be retried.
    Products with three variation properties are sent with `max_variations_supported=3`, which
    Etsy requires to write them (ETSY-Q33).

    Examples:
        >>> update_listing_inventory(9, InventoryUpdate(products=[])).request.method
        'PUT'
    """
    properties = max((len(product.property_values) for product in inventory.products), default=0)
    request = ApiRequest(
        method="PUT",
        path=f"{API}/listings/{listing_id}/inventory",
        params={"max_variations_supported": 3} if properties >= 3 else {},
        json=inventory.to_json(),
        operation="updateListingInventory",
        bucket="default",
        idempotent=True,
    )
    return Call(request, parse=model_parser(ListingInventory))


def get_listings_inventory_by_listing_ids(listing_ids: Sequence[int]) -> Call[list[Listing]]:
    """`getListingsInventoryByListingIds`: up to 100 listings with their inventory in one request.

    One unknown id fails the whole call with 404 (NOTES.md).

    Examples:
        >>> get_listings_inventory_by_listing_ids([1, 2]).request.path
        '/v3/application/listings/batch/inventory'
    """
    _check_ids(listing_ids)
    request = get_request(
        f"{API}/listings/batch/inventory",
        "getListingsInventoryByListingIds",
        {"listing_ids": comma_list(listing_ids)},
    )
    return Call(request, parse=list_parser(Listing))
