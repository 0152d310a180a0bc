# Generated from src/marketplace_sdk/etsy/_async/client.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""`EtsyClient`: typed Etsy Open API v3 operations over the SDK's HTTP engine.

The client is thin: each method sends the `Call` that `marketplace_sdk.etsy._endpoints` builds,
through the `SyncEngine` configured for Etsy (OAuth with refresh and rotation, `x-api-key`, the
app's 10 per second / 10,000 per day budget lowered from Etsy's headers, retries, typed errors).
Methods are named after Etsy's operations (`getShopReceipts` is `get_shop_receipts`).

Examples:
    >>> import asyncio, httpx
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.etsy._auth import MemoryTokenStore, TokenPair
    >>> store = MemoryTokenStore(TokenPair(access_token="1.a", refresh_token="1.r",
    ...                          expires_at=datetime(2999, 1, 1, tzinfo=UTC)))
    >>> transport = httpx.MockTransport(
    ...     lambda request: httpx.Response(200, json={"user_id": 1, "shop_id": 42}))
    >>> def main() -> int | None:
    ...     with EtsyClient("keystring", "secret", store, transport=transport) as client:
    ...         me = client.get_me()
    ...         return me.shop_id
    >>> main()
    42
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal, TypeVar

import attrs
import httpx
from pydantic import SecretStr

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._ratelimit import RateLimiter
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._sync.client import ApiClient
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.etsy import _endpoints as ep
from marketplace_sdk.etsy._auth import AuthorizationRequest, EtsyOAuth, TokenPair, TokenStore
from marketplace_sdk.etsy._models import (
    DraftListing,
    InventoryUpdate,
    Listing,
    ListingImage,
    ListingInventory,
    ListingUpdate,
    Me,
    ProcessingProfile,
    SellerTaxonomyNode,
    ShippingCarrier,
    ShippingProfile,
    Shop,
    ShopSection,
    TaxonomyNodeProperty,
)
from marketplace_sdk.etsy._shared.client import DEFAULT_BASE_URL, etsy_setup
from marketplace_sdk.etsy._sync.receipts import ReceiptOperations

__all__ = ["EtsyClient"]

R = TypeVar("R")
T = TypeVar("T")


class EtsyClient(ReceiptOperations, ApiClient):
    """Etsy Open API v3 for one connected shop.

    One client per shop, safe to share: between threads for the sync client, between the
    tasks of one event loop for the async one.

    Args:
        keystring: the app's keystring (OAuth client id).
        shared_secret: the app's shared secret (required since February 2026).
        token_store: where the shop's token pair is loaded from and every rotated pair saved.
        base_url: the API root (the sandbox's URL in tests).
        transport: an httpx transport (the sandbox's in-process transport, a mock).
        clock: the time source (a `FakeClock` in tests).
        limiter: the app's rate limiter; share one between clients of one app.
        retry: the retry policy.

    Examples:
        client = EtsyClient(keystring, SecretStr(shared_secret), JsonFileTokenStore(path))
        for receipt in client.iter_receipts_by_created(shop_id, since, until):
            ...
    """

    def __init__(
        self,
        keystring: str,
        shared_secret: SecretStr | str,
        token_store: TokenStore,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        """Build the engine; nothing is sent until the first call."""
        self._setup = etsy_setup(
            keystring,
            shared_secret,
            token_store,
            base_url=base_url,
            clock=clock,
            limiter=limiter,
            retry=retry,
        )
        super().__init__(SyncEngine(self._setup.config, transport=transport))

    def __repr__(self) -> str:
        return f"EtsyClient(base_url={self._setup.config.base_url!r}, auth={self.auth!r})"

    @property
    def auth(self) -> EtsyOAuth:
        """The auth hook (current token generation, expiry)."""
        return self._setup.auth

    @property
    def daily_request_limit(self) -> int | None:
        """Calls the app may send per rolling day: Etsy's published budget, or the one the
        server announced in `x-limit-per-day` (`None` without a limiter).

        Examples:
            per_day = client.daily_request_limit
        """
        return self._setup.daily_limit

    @property
    def remaining_daily_budget(self) -> int | None:
        """Calls left in the app's rolling day (for a scheduler rationing it across jobs).

        Examples:
            left = client.remaining_daily_budget
        """
        return self._setup.remaining_daily_budget

    # -- connecting a shop -------------------------------------------------------------------

    def connect(self, flow: AuthorizationRequest, redirect_url: str) -> TokenPair:
        """Finish the PKCE flow: check the redirect, exchange its code, store the pair.

        Examples:
            pair = client.connect(flow, "https://oms.example/etsy/cb?code=...&state=...")
        """
        code = flow.code_from_redirect(redirect_url)
        call = flow.exchange_call(code, clock=self._setup.config.clock)
        # `keystring:secret` on the token endpoint too: one integrator's reading (ETSY-Q24).
        headers = {**call.request.headers, "x-api-key": self.auth.api_key.get_secret_value()}
        call = Call(attrs.evolve(call.request, headers=headers), parse=call.parse)
        pair = self._engine.call(call)
        self.auth.adopt(pair)
        return pair

    # -- user and shop -----------------------------------------------------------------------

    def get_me(self) -> Me:
        """`getMe`: the authorizing user and their shop id.

        Examples:
            me = client.get_me()
        """
        return self._engine.call(ep.get_me())

    def get_shop(self, shop_id: int) -> Shop:
        """`getShop`.

        Examples:
            shop = client.get_shop(shop_id)
        """
        return self._engine.call(ep.get_shop(shop_id))

    def get_shop_sections(self, shop_id: int) -> list[ShopSection]:
        """`getShopSections`.

        Examples:
            sections = client.get_shop_sections(shop_id)
        """
        return self._engine.call(ep.get_shop_sections(shop_id))

    def get_shop_shipping_profiles(self, shop_id: int) -> list[ShippingProfile]:
        """`getShopShippingProfiles`.

        Examples:
            profiles = client.get_shop_shipping_profiles(shop_id)
        """
        return self._engine.call(ep.get_shop_shipping_profiles(shop_id))

    def get_shop_readiness_state_definitions(self, shop_id: int) -> list[ProcessingProfile]:
        """`getShopReadinessStateDefinitions`: processing profiles (`readiness_state_id`).

        Examples:
            profiles = client.get_shop_readiness_state_definitions(shop_id)
        """
        return self._engine.call(ep.get_shop_readiness_state_definitions(shop_id))

    def get_shipping_carriers(self, origin_country_iso: str) -> list[ShippingCarrier]:
        """`getShippingCarriers` from a country.

        Examples:
            carriers = client.get_shipping_carriers("US")
        """
        return self._engine.call(ep.get_shipping_carriers(origin_country_iso))

    def get_seller_taxonomy_nodes(self) -> list[SellerTaxonomyNode]:
        """`getSellerTaxonomyNodes`: the category tree.

        Examples:
            roots = client.get_seller_taxonomy_nodes()
        """
        return self._engine.call(ep.get_seller_taxonomy_nodes())

    def get_properties_by_taxonomy_id(self, taxonomy_id: int) -> list[TaxonomyNodeProperty]:
        """`getPropertiesByTaxonomyId`: a category's attributes.

        Examples:
            attributes = client.get_properties_by_taxonomy_id(1207)
        """
        return self._engine.call(ep.get_properties_by_taxonomy_id(taxonomy_id))

    # -- listings ----------------------------------------------------------------------------

    def get_listings_by_shop(
        self,
        shop_id: int,
        *,
        state: ep.ListingStateFilter = "active",
        includes: Sequence[ep.ListingInclude] = (),
        limit: int = 100,
        offset: int = 0,
        sort_on: ep.ListingSortOn = "created",
        sort_order: ep.SortOrder = "asc",
    ) -> Page[Listing]:
        """`getListingsByShop`: one page (listings Etsy's schema refuses on its `refused`).

        Examples:
            page = client.get_listings_by_shop(shop_id, state="draft", offset=100)
        """
        return self._engine.call(
            ep.get_listings_by_shop(
                shop_id,
                state=state,
                includes=includes,
                limit=limit,
                offset=offset,
                sort_on=sort_on,
                sort_order=sort_order,
            )
        )

    def iter_listings(
        self,
        shop_id: int,
        *,
        state: ep.ListingStateFilter = "active",
        includes: Sequence[ep.ListingInclude] = ("Images", "Inventory"),
        quarantine: Quarantine | None = None,
    ) -> Iterator[Listing]:
        """Every listing in `state` with images and inventory, 100 a request, each once.

        A listing Etsy's schema refuses raises its `RecordError` in its place, or goes to
        `quarantine`.

        Examples:
            for listing in client.iter_listings(shop_id): ...
        """
        pager = ep.listings_by_shop(shop_id, state=state, includes=includes)
        return self._engine.paginate(pager, quarantine=quarantine)

    def get_listings_by_listing_ids(
        self, listing_ids: Sequence[int], *, includes: Sequence[ep.ListingInclude] = ()
    ) -> list[Listing]:
        """`getListingsByListingIds`: up to 100 listings.

        Examples:
            listings = client.get_listings_by_listing_ids([1, 2], includes=["Images"])
        """
        return self._engine.call(ep.get_listings_by_listing_ids(listing_ids, includes=includes))

    def get_listing(
        self, listing_id: int, *, includes: Sequence[ep.ListingInclude] = ()
    ) -> Listing:
        """`getListing`; a listing Etsy's schema refuses raises its `RecordError`.

        Examples:
            listing = client.get_listing(listing_id)
        """
        return self._engine.call(ep.get_listing(listing_id, includes=includes))

    def create_draft_listing(self, shop_id: int, draft: DraftListing) -> Listing:
        """`createDraftListing` (never resent after a timeout).

        Examples:
            listing = client.create_draft_listing(shop_id, DraftListing(...))
        """
        return self._engine.call(ep.create_draft_listing(shop_id, draft))

    def update_listing(self, shop_id: int, listing_id: int, update: ListingUpdate) -> Listing:
        """`updateListing`; `ListingUpdate(state="active" | "inactive")` (de)activates.

        Examples:
            client.update_listing(shop_id, listing_id, ListingUpdate(state="inactive"))
        """
        return self._engine.call(ep.update_listing(shop_id, listing_id, update))

    def set_listing_state(
        self, shop_id: int, listing_id: int, state: Literal["active", "inactive"]
    ) -> Listing:
        """`updateListing` of `state` alone, sent once: a refusal, a 500 included, is raised
        as it is, never retried (Etsy refuses some activations for good: ETSY-Q03).

        Examples:
            client.set_listing_state(shop_id, listing_id, "inactive")
        """
        return self._engine.call(ep.set_listing_state(shop_id, listing_id, state))

    def get_listing_images(self, listing_id: int) -> list[ListingImage]:
        """`getListingImages`.

        Examples:
            images = client.get_listing_images(listing_id)
        """
        return self._engine.call(ep.get_listing_images(listing_id))

    def upload_listing_image(
        self,
        shop_id: int,
        listing_id: int,
        image: bytes,
        *,
        filename: str = "image.jpg",
        content_type: str = "image/jpeg",
        rank: int = 1,
    ) -> ListingImage:
        """`uploadListingImage` (multipart; never resent after a timeout).

        Examples:
            image = client.upload_listing_image(shop_id, listing_id, jpeg_bytes)
        """
        return self._engine.call(
            ep.upload_listing_image(
                shop_id, listing_id, image, filename=filename, content_type=content_type, rank=rank
            )
        )

    def get_listing_inventory(
        self, listing_id: int, *, show_deleted: bool = False
    ) -> ListingInventory:
        """`getListingInventory` (read shape); `show_deleted=True` adds the products a write
        removed, marked `is_deleted` (to resolve an old transaction's product: ETSY-Q35).

        Examples:
            inventory = client.get_listing_inventory(listing_id)
        """
        return self._engine.call(ep.get_listing_inventory(listing_id, show_deleted=show_deleted))

    def update_listing_inventory(
        self, listing_id: int, inventory: InventoryUpdate
    ) -> ListingInventory:
        """`updateListingInventory` (write shape; replaces the whole inventory).

        Examples:
            client.update_listing_inventory(listing_id, InventoryUpdate.from_inventory(read))
        """
        return self._engine.call(ep.update_listing_inventory(listing_id, inventory))

    def get_listings_inventory_by_listing_ids(self, listing_ids: Sequence[int]) -> list[Listing]:
        """`getListingsInventoryByListingIds`: up to 100 listings' inventory in one call.

        Examples:
            listings = client.get_listings_inventory_by_listing_ids(ids)
        """
        return self._engine.call(ep.get_listings_inventory_by_listing_ids(listing_ids))
