"""`AsyncMiraklChannel`: the `AsyncChannel` protocol for a shop on any Mirakl operator.

It is made of mixins over one seller client (offers and orders, MMP) and, for categories and
listing, the catalogue client on the same instance: `AsyncMiraklOrders` (OR11 windows, OR21,
OR23/OR24, cancellations), `AsyncMiraklOffers` (OF21 products, OF24/OF01 pushes tracked with
OF02/OF03, H11/PM11/VL11) and `RefusedOperations` (what no marketplace of the SDK offers).

Examples:
    >>> import asyncio
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.mirakl._async.seller import AsyncMiraklSellerClient
    >>> from marketplace_sdk.mirakl.sandbox import MiraklSandbox
    >>> clock = FakeClock()
    >>> sandbox = MiraklSandbox(clock=clock)
    >>> seller = AsyncMiraklSellerClient(sandbox.api_key, base_url="https://acme.mirakl.net",
    ...     transport=sandbox.transport(), clock=clock)
    >>> channel = AsyncMiraklChannel(seller, shop_id=sandbox.seed.shop_id)
    >>> async def skus() -> list[str]:
    ...     return sorted([product.sku async for product in channel.iter_products()])
    >>> asyncio.run(skus())
    ['SKU-CHAIR', 'SKU-KETTLE', 'SKU-LAMP', 'SKU-MUG', 'SKU-TOASTER']
"""

from __future__ import annotations

from datetime import datetime

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._carriers import CarrierTable
from marketplace_sdk.core._refusals import RefusedOperations
from marketplace_sdk.mirakl._async.client import AsyncMiraklCatalogClient
from marketplace_sdk.mirakl._async.offers import AsyncMiraklOffers
from marketplace_sdk.mirakl._async.orders import AsyncMiraklOrders
from marketplace_sdk.mirakl._async.seller import AsyncMiraklSellerClient
from marketplace_sdk.mirakl._capabilities import MIRAKL_CAPABILITIES
from marketplace_sdk.mirakl._carriers import MIRAKL_CARRIERS
from marketplace_sdk.mirakl._models import Attribute, Hierarchy, ValueList
from marketplace_sdk.mirakl._pricing import resolve_price
from marketplace_sdk.mirakl._shared.options import MiraklChannelOptions

__all__ = ["AsyncMiraklChannel"]


class AsyncMiraklChannel(AsyncMiraklOrders, AsyncMiraklOffers, RefusedOperations):
    """One shop on a Mirakl operator, as a `marketplace_sdk.AsyncChannel`.

    Args:
        seller: the shop's seller client (the operator's URL and the shop's API key; its
            `marketplace` is the channel's key, `"mirakl"` or the operator's own).
        catalog: the catalogue client on the same instance and key (H11, PM11, VL11, P41);
            `iter_categories` and `get_category_attributes` need it.
        shop_id: the shop's id (A01's), for cursors and logs; by default the seller client's.
        options: how orders are read and offers pushed (`MiraklChannelOptions`).
        capabilities: what the operator allows (`mirakl_capabilities`); by default
            `MIRAKL_CAPABILITIES`.
        carriers: the table OMS carrier names go through before they are matched to the
            operator's SH21 carriers (`MIRAKL_CARRIERS` by default; extend it with the shop's
            own names).

    Raises:
        ValueError: no shop id is given and the seller client has none.

    Examples:
        See the module docstring.
    """

    def __init__(
        self,
        seller: AsyncMiraklSellerClient,
        *,
        catalog: AsyncMiraklCatalogClient | None = None,
        shop_id: int | str | None = None,
        options: MiraklChannelOptions | None = None,
        capabilities: Capabilities = MIRAKL_CAPABILITIES,
        carriers: CarrierTable = MIRAKL_CARRIERS,
    ) -> None:
        shop = shop_id if shop_id is not None else seller.shop_id
        if shop is None:
            raise ValueError("give the shop's id (A01's shop_id): the seller client names none")
        self._seller = seller
        self._catalog = catalog
        self._clock = seller.clock
        self._shop_id = str(shop)
        self._options = options if options is not None else MiraklChannelOptions()
        self._offer_options = self._options.offers
        self._key = seller.marketplace
        self._capabilities = capabilities
        self._carrier_table = carriers
        self._price_rule = resolve_price
        self._opened_imports: dict[int, None] = {}
        self._hierarchies: list[Hierarchy] | None = None
        self._attributes: list[Attribute] | None = None
        self._value_lists: dict[str, ValueList] | None = None
        self._product_imports: dict[str, int] = {}
        self._lost_uploads: dict[str, datetime] = {}
        self._uploaded_imports: dict[int, None] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(marketplace={self._key!r}, shop_id={self._shop_id!r})"

    @property
    def marketplace(self) -> str:
        """The marketplace key: `"mirakl"`, or the operator's own (`"carrefour"`)."""
        return self._key

    @property
    def shop_id(self) -> str:
        """The shop's id on the operator."""
        return self._shop_id

    @property
    def capabilities(self) -> Capabilities:
        """What the operator allows (`mirakl_capabilities`)."""
        return self._capabilities
