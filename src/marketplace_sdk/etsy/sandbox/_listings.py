"""The user, shop, listing and image operations of the sandbox.

Examples:
    >>> from marketplace_sdk.etsy.sandbox._routes import router_for
    >>> request = httpx.Request("POST", "http://s/v3/application/shops/1/listings")
    >>> router_for(register).operation_of(request)
    'createDraftListing'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal

import httpx

from marketplace_sdk.etsy.sandbox._listing_fields import (
    apply_listing_fields,
    change_state,
    int_field,
    one,
    path_id,
    shows_readiness,
)
from marketplace_sdk.etsy.sandbox._listing_index import Descending
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
    EDIT,
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

__all__ = ["check_price", "register", "without_removed_includes"]

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

#: Personalization fields Etsy refuses on listing writes since 2026-04-09 (ETSY-Q32).
LEGACY_PERSONALIZATION = (
    "personalization_is_required",
    "personalization_char_count_max",
    "personalization_instructions",
)
PERSONALIZATION_CUTOFF = datetime(2026, 4, 9, tzinfo=UTC)
#: What Etsy answers a draft carrying only part of the who_made/when_made/is_supply triple.
MISLEADING_TRIPLE_ERROR = (
    '[{"path":"/images","type":"array_too_short","message":"cannot be less than 1 items"}]'
)
#: Every state `getListingsByShop` names in its refusal of a bad one (ETSY-Q22).
_STATE_ENUM = "enum(0, 1, 2, 3, 4, 5, active, inactive, sold_out, draft, removed, expired, edit)"


def listing_form(world: World, request: httpx.Request) -> dict[str, list[str]]:
    """The form fields of a listing write; another encoding is read as no field (ETSY-Q07).

    Etsy does not refuse a body in an encoding the operation does not take: it reads no field
    from it and answers as if none was sent. With ETSY-Q07 off, such a body is a 400.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> request = httpx.Request("PATCH", "http://s/x", json={"title": "Mug"})
        >>> listing_form(World.empty(FakeClock()), request)
        {}
    """
    content_type = request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" not in content_type and world.behaviours.on("ETSY-Q07"):
        return {}
    return form_fields(request)


def check_listing_write(world: World, fields: dict[str, list[str]]) -> None:
    """Refuse what Etsy refuses on listing writes since its personalization migration (Q32).

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> check_listing_write(World.empty(FakeClock()), {"title": ["Mug"]})
    """
    if not world.behaviours.on("ETSY-Q32") or world.now() < PERSONALIZATION_CUTOFF:
        return
    legacy = [name for name in LEGACY_PERSONALIZATION if name in fields]
    if legacy:
        raise SandboxHTTPError(
            400,
            f"{', '.join(legacy)} can no longer be set on a listing: use "
            "updateListingPersonalization",
        )


def check_draft(world: World, fields: dict[str, list[str]]) -> None:
    """Etsy's createDraftListing rules whose refusals mislead (ETSY-Q11).

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> check_draft(World.empty(FakeClock()), {"type": ["download"], "is_supply": ["0"],
        ...     "who_made": ["i_did"], "when_made": ["made_to_order"]})
    """
    if not world.behaviours.on("ETSY-Q11"):
        return
    kind = one(fields, "type") or "physical"
    if kind in ("physical", "both") and not one(fields, "shipping_profile_id"):
        raise SandboxHTTPError(400, "A shipping_profile_id is required for physical listings.")
    triple = [name for name in ("who_made", "when_made", "is_supply") if one(fields, name)]
    if triple and len(triple) < 3 and world.behaviours.on("ETSY-Q11.triple"):
        raise SandboxHTTPError(400, MISLEADING_TRIPLE_ERROR)


def check_price(price: Decimal, name: str = "price") -> Decimal:
    """Etsy's listing price bounds.

    Examples:
        >>> check_price(Decimal("19.99"))
        Decimal('19.99')
    """
    if not MIN_PRICE <= price <= MAX_PRICE:
        raise SandboxHTTPError(400, f"{name} must be between {MIN_PRICE} and {MAX_PRICE}")
    return price


#: The associations getListing and getListingsByListingIds no longer embed (ETSY-Q20).
REMOVED_INCLUDES = frozenset({"inventory", "shipping"})


def without_removed_includes(world: World, includes: list[str]) -> list[str]:
    """`includes` as Etsy now honours it on getListing and getListingsByListingIds.

    With ETSY-Q20 on, `Inventory` and `Shipping` are ignored without a word (or refused with
    a 400 when the switch `ETSY-Q20.silently-ignored` is off); off, they are embedded.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> without_removed_includes(World.empty(FakeClock()), ["Images", "Inventory"])
        ['Images']
    """
    if not world.behaviours.on("ETSY-Q20"):
        return includes
    removed = [name for name in includes if name.lower() in REMOVED_INCLUDES]
    if removed and not world.behaviours.on("ETSY-Q20.silently-ignored"):
        raise SandboxHTTPError(
            400, f"includes {', '.join(removed)} are no longer supported on this endpoint"
        )
    return [name for name in includes if name.lower() not in REMOVED_INCLUDES]


def register(router: Router, world: World) -> None:
    """Add the user, shop, listing and image routes for `world` to `router`.

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._routes import router_for
        >>> router = router_for(register)
        >>> router.operation_of(httpx.Request("GET", "http://s/v3/application/listings/1"))
        'getListing'
    """

    def currency() -> str:
        return world.seller.currency

    def present(listing: Listing, includes: list[str], *, shop_scoped: bool = False) -> JSON:
        body = render_listing(
            listing, currency(), includes=includes, readiness=shows_readiness(world, listing)
        )
        owner = shop_scoped or world.current_user_id == listing.user_id
        skus = [product.sku for product in listing.inventory.products if product.sku]
        if owner or not world.behaviours.on("ETSY-Q19"):
            body["skus"] = skus
        else:
            # Etsy shows SKUs only to the listing owner's token (ETSY-Q19).
            body["skus"] = []
            inventory = body.get("inventory")
            if isinstance(inventory, dict):
                for product in inventory.get("products") or []:
                    product["sku"] = ""
        if not world.behaviours.on("ETSY-Q36"):
            # The spec's reading: one field per time (Etsy sends legacy twins, ETSY-Q36).
            for twin in ("creation_timestamp", "last_modified_timestamp"):
                body.pop(twin, None)
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
        states = [part.strip() for part in state.split(",")]
        if world.behaviours.on("ETSY-Q22") or any(part not in LISTING_STATES for part in states):
            states = [state]
        if any(part not in LISTING_STATES for part in states):
            raise SandboxHTTPError(400, f"Invalid value ({state}) for {_STATE_ENUM}")
        window = paging(request, clamp=world.behaviours.on("ETSY-Q21"))
        sort_on = request.url.params.get("sort_on") or "created"
        if sort_on not in _SORT_KEYS:
            raise SandboxHTTPError(400, f"Invalid sort_on {sort_on!r}")
        includes = str_list_param(request, "includes")
        # ETSY-Q02: a listing Etsy left in `edit` is read back by the inactive filter.
        wanted = frozenset(states) | ({EDIT} if "inactive" in states else frozenset())
        matching = _in_page_order(world, wanted, sort_on, descending(request))
        return json_response(
            200, page_of(matching, window, lambda item: present(item, includes, shop_scoped=True))
        )

    @router.route("GET", "/v3/application/listings/batch", operation="getListingsByListingIds")
    def get_listings_by_ids(request: httpx.Request, params: Params) -> httpx.Response:
        ids = int_list_param(request, "listing_ids")
        if not ids:
            raise SandboxHTTPError(400, "listing_ids is required")
        if len(ids) > 100:
            raise SandboxHTTPError(400, "listing_ids accepts at most 100 ids")
        includes = without_removed_includes(world, str_list_param(request, "includes"))
        found = [world.listings[i] for i in dict.fromkeys(ids) if i in world.listings]
        results = [present(item, includes) for item in found]
        return json_response(200, page(results))

    @router.route("GET", "/v3/application/listings/{listing_id}", operation="getListing")
    def get_listing(request: httpx.Request, params: Params) -> httpx.Response:
        listing = world.listing(path_id(params["listing_id"]))
        includes = without_removed_includes(world, str_list_param(request, "includes"))
        return json_response(200, present(listing, includes))

    @router.route(
        "POST", "/v3/application/shops/{shop_id}/listings", operation="createDraftListing"
    )
    def create_draft_listing(request: httpx.Request, params: Params) -> httpx.Response:
        shop_id = path_id(params["shop_id"])
        world.check_shop(shop_id)
        fields = listing_form(world, request)
        missing = [name for name in _DRAFT_REQUIRED if not fields.get(name)]
        if missing:
            raise SandboxHTTPError(400, f"Missing required parameters: {', '.join(missing)}")
        check_listing_write(world, fields)
        check_draft(world, fields)
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
        if one(fields, "item_weight") in ("0", "0.0") and world.behaviours.on("ETSY-Q10"):
            # Etsy was seen to create the listing, then fail on a zero weight (ETSY-Q10).
            raise SandboxHTTPError(500, "Server Error")
        return json_response(201, render_listing(listing, currency()))

    @router.route(
        "PATCH", "/v3/application/shops/{shop_id}/listings/{listing_id}", operation="updateListing"
    )
    def update_listing(request: httpx.Request, params: Params) -> httpx.Response:
        listing = world.shop_listing(path_id(params["shop_id"]), path_id(params["listing_id"]))
        fields = listing_form(world, request)
        check_listing_write(world, fields)
        ignored = [name for name in ("price", "quantity") if name in fields]
        if ignored and not world.behaviours.on("ETSY-Q08"):
            raise SandboxHTTPError(
                400, f"{', '.join(ignored)} can only be changed with updateListingInventory"
            )
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


def _in_page_order(
    world: World, states: frozenset[str], sort_on: str, reverse: bool
) -> Sequence[Listing]:
    """The listings in any of `states`, in page order: by time from the table's kept orders,
    by price sorted afresh (a price lives deep in the inventory)."""
    if sort_on == "price":
        matching = [listing for listing in world.listings.values() if listing.state in states]
        matching.sort(key=_sort_key(sort_on), reverse=reverse)
        return matching
    ascending = world.listings.ordered(states, "updated" if sort_on == "updated" else "created")
    return Descending(ascending) if reverse else ascending


def _sort_key(sort_on: str) -> Callable[[Listing], tuple[Decimal, int]]:
    def key(listing: Listing) -> tuple[Decimal, int]:
        if sort_on == "price":
            return (listing.price, listing.listing_id)
        when = listing.updated if sort_on == "updated" else listing.created
        return (Decimal(when.timestamp()), listing.listing_id)

    return key
