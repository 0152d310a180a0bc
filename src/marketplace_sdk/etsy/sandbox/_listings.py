"""The user, shop, listing and image operations of the sandbox.

Examples:
    >>> from marketplace_sdk.etsy.sandbox._routes import router_for
    >>> request = httpx.Request("POST", "http://s/v3/application/shops/1/listings")
    >>> router_for(register).operation_of(request)
    'createDraftListing'
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import httpx

from marketplace_sdk.etsy.sandbox._listing_fields import (
    apply_listing_fields,
    change_state,
    int_field,
    one,
    path_id,
)
from marketplace_sdk.etsy.sandbox._render import (
    page,
    render_image,
    render_listing,
    render_shop,
    render_user,
    sorted_images,
)
from marketplace_sdk.etsy.sandbox._render_catalog import render_shipping_profile
from marketplace_sdk.etsy.sandbox._routes import Params, descending, page_of, paging
from marketplace_sdk.etsy.sandbox._state import (
    LISTING_STATES,
    Image,
    Inventory,
    Listing,
    Offering,
    Product,
)
from marketplace_sdk.etsy.sandbox._wire import (
    JSON,
    SandboxHTTPError,
    decimal_value,
    form_fields,
    int_list_param,
    multipart_fields,
    str_list_param,
)
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import Router, json_response

__all__ = ["check_price", "register"]

MAX_IMAGES = 20
MIN_PRICE = Decimal("0.20")
MAX_PRICE = Decimal("50000.00")

_DRAFT_REQUIRED = (
    "quantity",
    "title",
    "description",
    "price",
    "who_made",
    "when_made",
    "taxonomy_id",
)
_SORT_KEYS = ("created", "price", "updated", "score")


def check_price(price: Decimal, name: str = "price") -> Decimal:
    """Etsy's listing price bounds.

    Examples:
        >>> check_price(Decimal("19.99"))
        Decimal('19.99')
    """
    if not MIN_PRICE <= price <= MAX_PRICE:
        raise SandboxHTTPError(400, f"{name} must be between {MIN_PRICE} and {MAX_PRICE}")
    return price


def register(router: Router, world: World) -> None:
    """Add the user, shop, listing and image routes for `world` to `router`.

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._routes import router_for
        >>> router = router_for(register)
        >>> router.operation_of(httpx.Request("GET", "http://s/v3/application/listings/1"))
        'getListing'
    """

    index = _ListingIndex()

    def currency() -> str:
        return world.seller.currency

    def present(listing: Listing, includes: list[str]) -> JSON:
        body = render_listing(listing, currency(), includes=includes)
        wanted = {name.lower() for name in includes}
        if "shipping" in wanted:
            profile = world.profiles.get(listing.shipping_profile_id or 0)
            body["shipping_profile"] = (
                render_shipping_profile(profile, currency()) if profile else None
            )
        if "shop" in wanted:
            body["shop"] = shop()
        if "user" in wanted:
            body["user"] = render_user(world.seller)
        return body

    def shop() -> JSON:
        active = sum(1 for listing in world.listings.values() if listing.state == "active")
        return render_shop(world.seller, active_listings=active, created=world.now())

    @router.route("GET", "/v3/application/users/me", operation="getMe")
    def get_me(request: httpx.Request, params: Params) -> httpx.Response:
        return json_response(
            200, {"user_id": world.seller.user_id, "shop_id": world.seller.shop_id}
        )

    @router.route("GET", "/v3/application/users/{user_id}", operation="getUser")
    def get_user(request: httpx.Request, params: Params) -> httpx.Response:
        if path_id(params["user_id"]) != world.seller.user_id:
            raise SandboxHTTPError(404, f"User {params['user_id']} not found")
        return json_response(200, render_user(world.seller))

    @router.route("GET", "/v3/application/shops/{shop_id}", operation="getShop")
    def get_shop(request: httpx.Request, params: Params) -> httpx.Response:
        if path_id(params["shop_id"]) != world.seller.shop_id:
            raise SandboxHTTPError(404, f"Shop with shop_id {params['shop_id']} not found")
        return json_response(200, shop())

    @router.route("GET", "/v3/application/users/{user_id}/shops", operation="getShopByOwnerUserId")
    def get_shop_by_owner(request: httpx.Request, params: Params) -> httpx.Response:
        if path_id(params["user_id"]) != world.seller.user_id:
            raise SandboxHTTPError(404, f"User {params['user_id']} has no shop")
        return json_response(200, shop())

    @router.route("GET", "/v3/application/shops/{shop_id}/listings", operation="getListingsByShop")
    def get_listings_by_shop(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(path_id(params["shop_id"]))
        state = request.url.params.get("state") or "active"
        if state not in LISTING_STATES:
            raise SandboxHTTPError(400, f"Invalid state {state!r}")
        window = paging(request)
        sort_on = request.url.params.get("sort_on") or "created"
        if sort_on not in _SORT_KEYS:
            raise SandboxHTTPError(400, f"Invalid sort_on {sort_on!r}")
        includes = str_list_param(request, "includes")
        matching = index.listings(world, state, sort_on, descending(request))
        return json_response(200, page_of(matching, window, lambda item: present(item, includes)))

    @router.route("GET", "/v3/application/listings/batch", operation="getListingsByListingIds")
    def get_listings_by_ids(request: httpx.Request, params: Params) -> httpx.Response:
        ids = int_list_param(request, "listing_ids")
        if not ids:
            raise SandboxHTTPError(400, "listing_ids is required")
        if len(ids) > 100:
            raise SandboxHTTPError(400, "listing_ids accepts at most 100 ids")
        includes = str_list_param(request, "includes")
        found = [world.listings[i] for i in dict.fromkeys(ids) if i in world.listings]
        results = [present(item, includes) for item in found]
        return json_response(200, page(results))

    @router.route("GET", "/v3/application/listings/{listing_id}", operation="getListing")
    def get_listing(request: httpx.Request, params: Params) -> httpx.Response:
        listing = world.listing(path_id(params["listing_id"]))
        includes = str_list_param(request, "includes")
        return json_response(200, present(listing, includes))

    @router.route(
        "POST", "/v3/application/shops/{shop_id}/listings", operation="createDraftListing"
    )
    def create_draft_listing(request: httpx.Request, params: Params) -> httpx.Response:
        shop_id = path_id(params["shop_id"])
        world.check_shop(shop_id)
        fields = form_fields(request)
        missing = [name for name in _DRAFT_REQUIRED if not fields.get(name)]
        if missing:
            raise SandboxHTTPError(400, f"Missing required parameters: {', '.join(missing)}")
        price = check_price(decimal_value("price", one(fields, "price")))
        quantity = int_field(fields, "quantity", minimum=0, maximum=999)
        now = world.now()
        listing = Listing(
            listing_id=world.new_id(),
            shop_id=shop_id,
            user_id=world.seller.user_id,
            title="",
            description="",
            state="draft",
            created=now,
            updated=now,
            inventory=Inventory(
                products=[
                    Product(
                        product_id=world.new_id(),
                        sku="",
                        offerings=[Offering(world.new_id(), price, quantity)],
                    )
                ]
            ),
            listing_type=one(fields, "type") or "physical",
        )
        apply_listing_fields(world, listing, fields)
        world.listings[listing.listing_id] = listing
        return json_response(201, render_listing(listing, currency()))

    @router.route(
        "PATCH", "/v3/application/shops/{shop_id}/listings/{listing_id}", operation="updateListing"
    )
    def update_listing(request: httpx.Request, params: Params) -> httpx.Response:
        listing = world.shop_listing(path_id(params["shop_id"]), path_id(params["listing_id"]))
        fields = form_fields(request)
        apply_listing_fields(world, listing, fields)
        if "state" in fields:
            change_state(world, listing, one(fields, "state"))
        listing.updated = world.now()
        return json_response(200, render_listing(listing, currency()))

    @router.route(
        "GET", "/v3/application/listings/{listing_id}/images", operation="getListingImages"
    )
    def get_listing_images(request: httpx.Request, params: Params) -> httpx.Response:
        listing = world.listing(path_id(params["listing_id"]))
        return json_response(200, page([render_image(i) for i in sorted_images(listing)]))

    @router.route(
        "GET",
        "/v3/application/listings/{listing_id}/images/{listing_image_id}",
        operation="getListingImage",
    )
    def get_listing_image(request: httpx.Request, params: Params) -> httpx.Response:
        listing = world.listing(path_id(params["listing_id"]))
        wanted = path_id(params["listing_image_id"])
        for image in listing.images:
            if image.listing_image_id == wanted:
                return json_response(200, render_image(image))
        raise SandboxHTTPError(404, f"Image {wanted} not found on listing {listing.listing_id}")

    @router.route(
        "POST",
        "/v3/application/shops/{shop_id}/listings/{listing_id}/images",
        operation="uploadListingImage",
    )
    def upload_listing_image(request: httpx.Request, params: Params) -> httpx.Response:
        listing = world.shop_listing(path_id(params["shop_id"]), path_id(params["listing_id"]))
        texts, files = multipart_fields(request)
        rank = int(texts.get("rank") or 1)
        alt_text = texts.get("alt_text", "")
        upload = files.get("image")
        if upload is None:
            reuse = texts.get("listing_image_id")
            existing = next(
                (i for i in listing.images if reuse and i.listing_image_id == int(reuse)), None
            )
            if existing is None:
                raise SandboxHTTPError(400, "Either an image file or a listing_image_id is needed")
            existing.rank = rank
            return json_response(201, render_image(existing))
        if not upload.content_type.startswith("image/") or not upload.content:
            raise SandboxHTTPError(400, "The image must be a non-empty image file")
        if len(listing.images) >= MAX_IMAGES:
            raise SandboxHTTPError(409, f"A listing holds at most {MAX_IMAGES} images")
        for image in listing.images:
            if image.rank >= rank:
                image.rank += 1
        image = Image(
            listing_image_id=world.new_id(),
            listing_id=listing.listing_id,
            rank=rank,
            created=world.now(),
            alt_text=alt_text,
            content_type=upload.content_type,
            size=len(upload.content),
        )
        listing.images.append(image)
        listing.updated = world.now()
        return json_response(201, render_image(image))


class _ListingIndex:
    """Each state's listings in page order, sorted once while the listings hold still.

    Filtering and sorting the whole shop for every page made reading a shop quadratic. The
    sorted list is kept and reused as long as the shop's listings (the same objects), their
    states and the field sorted on are unchanged: a linear check, far cheaper than the sort.
    Price sorts are not kept (a price lives deep in the inventory).
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str, bool], tuple[tuple[object, ...], list[Listing]]] = {}

    def listings(self, world: World, state: str, sort_on: str, reverse: bool) -> list[Listing]:
        """The listings in `state`, in page order."""
        if sort_on == "price":
            return self._sorted(world, state, sort_on, reverse)
        field = "updated" if sort_on == "updated" else "created"
        seen = tuple(
            (id(listing), listing.state, getattr(listing, field))
            for listing in world.listings.values()
        )
        kept = self._kept.get((state, field, reverse))
        if kept is not None and kept[0] == seen:
            return kept[1]
        matching = self._sorted(world, state, sort_on, reverse)
        self._kept[(state, field, reverse)] = (seen, matching)
        return matching

    @staticmethod
    def _sorted(world: World, state: str, sort_on: str, reverse: bool) -> list[Listing]:
        matching = [listing for listing in world.listings.values() if listing.state == state]
        matching.sort(key=_sort_key(sort_on), reverse=reverse)
        return matching


def _sort_key(sort_on: str) -> Callable[[Listing], tuple[Decimal, int]]:
    def key(listing: Listing) -> tuple[Decimal, int]:
        if sort_on == "price":
            return (listing.price, listing.listing_id)
        when = listing.updated if sort_on == "updated" else listing.created
        return (Decimal(when.timestamp()), listing.listing_id)

    return key
