"""Etsy's description: what the layers above the marketplaces know of Etsy.

Registered as the entry point `etsy` of `marketplace_sdk.marketplaces` (see `pyproject.toml`).

Examples:
    >>> ETSY.key, ETSY.title, ETSY.order_acceptance_required
    ('etsy', 'Etsy', False)
    >>> str(ETSY.catalogue_budget)
    "requests at the channel's rate, at most 25% of the day's budget"
"""

from __future__ import annotations

from marketplace_sdk.core._registry import CatalogueBudget, ConnectCommand, MarketplaceDescription
from marketplace_sdk.etsy._async.factory import open_etsy_channel as open_async_etsy_channel
from marketplace_sdk.etsy._bulk_layout import ETSY_BULK_LAYOUT
from marketplace_sdk.etsy._capabilities import ETSY_CAPABILITIES
from marketplace_sdk.etsy._connect import ETSY_CONNECT, ETSY_SANDBOX, connect
from marketplace_sdk.etsy._pricing import ETSY_PRICE_BOUNDS, resolve_price
from marketplace_sdk.etsy._profile import EtsyProfile
from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
from marketplace_sdk.etsy._sync.factory import open_etsy_channel
from marketplace_sdk.etsy._webhooks import ORDER_WEBHOOKS

__all__ = ["ETSY", "ETSY_CATALOGUE_BUDGET"]

#: Etsy: 10 requests per second and 10,000 per rolling day per app (raised for some apps: the
#: client learns the figure from `x-limit-per-day`), 100 listings per getListingsByShop page
#: (one request with images and inventory). The import runs at the rate the client's limiter
#: allows and spends at most a quarter of the day's budget, leaving the rest to order polling
#: and stock pushes: 2,500 pages (250,000 listings) a day at Etsy's default. The budget is the
#: app's, shared by every shop it serves: a host importing several shops at once lowers each
#: one's `daily_share` so their sum stays within it.
ETSY_CATALOGUE_BUDGET = CatalogueBudget(daily_share=0.25)

#: Etsy, as the SDK's registry describes it.
ETSY = MarketplaceDescription(
    key="etsy",
    title="Etsy",
    summary="Etsy (Open API v3): connect a shop, look up, push, sync.",
    capabilities=ETSY_CAPABILITIES,
    status_table=ETSY_STATUS_TABLE,
    synced_statuses=("New", "In-transit", "Cancelled", "Delivered"),
    catalogue_budget=ETSY_CATALOGUE_BUDGET,
    price_bounds=ETSY_PRICE_BOUNDS,
    price_rule=resolve_price,
    bulk_layout=ETSY_BULK_LAYOUT,
    profile_model=EtsyProfile,
    open_channel=open_etsy_channel,
    open_async_channel=open_async_etsy_channel,
    webhook=ORDER_WEBHOOKS,
    connect=ConnectCommand(command=ETSY_CONNECT, flow=connect),
    sandbox=ETSY_SANDBOX,
)
