"""FNAC's description: what the layers above the marketplaces know of FNAC.

Registered as the entry point `fnac` of `marketplace_sdk.marketplaces` (see `pyproject.toml`).

Examples:
    >>> FNAC.key, FNAC.title, FNAC.order_acceptance_required, FNAC.currency
    ('fnac', 'FNAC', True, 'EUR')
    >>> str(FNAC.catalogue_budget)
    "requests at 1/s, at most 25% of the day's budget"
"""

from __future__ import annotations

from marketplace_sdk.core._registry import CatalogueBudget, ConnectCommand, MarketplaceDescription
from marketplace_sdk.fnac._async.factory import open_fnac_channel as open_async_fnac_channel
from marketplace_sdk.fnac._bulk_layout import FNAC_BULK_LAYOUT
from marketplace_sdk.fnac._capabilities import FNAC_CAPABILITIES
from marketplace_sdk.fnac._connect import FNAC_CONNECT, FNAC_SANDBOX, connect
from marketplace_sdk.fnac._mapping import CURRENCY
from marketplace_sdk.fnac._pricing import FNAC_PRICE_BOUNDS, resolve_price
from marketplace_sdk.fnac._profile import FnacProfile
from marketplace_sdk.fnac._status import FNAC_STATUS_TABLE
from marketplace_sdk.fnac._sync.factory import open_fnac_channel

__all__ = ["FNAC", "FNAC_CATALOGUE_BUDGET"]

#: FNAC: offers_query serves 100 offers a page (`results_count`'s default in FNAC's XSD) and
#: FNAC publishes no call budget for its XML services; the default sends one request a second.
#: Mirakl's limits (`marketplace_sdk.mirakl.MCM_CALL_FREQUENCIES`: H11, PM11, VL11 once an
#: hour) bind the category phase, which waits them out, not the offers.
FNAC_CATALOGUE_BUDGET = CatalogueBudget(requests_per_second=1)

#: FNAC, as the SDK's registry describes it.
FNAC = MarketplaceDescription(
    key="fnac",
    title="FNAC",
    summary="FNAC / Fnac Darty: connect a shop, look up, push, sync.",
    capabilities=FNAC_CAPABILITIES,
    status_table=FNAC_STATUS_TABLE,
    synced_statuses=("To be Shipped", "Received", "Cancelled", "Shipped"),
    catalogue_budget=FNAC_CATALOGUE_BUDGET,
    price_bounds=FNAC_PRICE_BOUNDS,
    price_rule=resolve_price,
    currency=CURRENCY,
    bulk_layout=FNAC_BULK_LAYOUT,
    profile_model=FnacProfile,
    open_channel=open_fnac_channel,
    open_async_channel=open_async_fnac_channel,
    connect=ConnectCommand(command=FNAC_CONNECT, flow=connect),
    sandbox=FNAC_SANDBOX,
)
