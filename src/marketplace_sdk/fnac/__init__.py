"""FNAC / Fnac Darty: the XML web services client and channel, token auth, FNAC's rules.

FNAC runs offers (price and stock) and orders on its own XML web services, authenticated with
the seller's Partner ID, Shop ID and Key; its catalogue runs on Mirakl Catalog Manager
(`marketplace_sdk.mirakl`), authenticated with the seller's Mirakl API key.

What is here:
- `FnacClient` / `AsyncFnacClient`: one method per FNAC service (`offers_query`,
  `offers_update`, `orders_query`, `orders_update`, `batch_status`, `carriers_query`,
  `pricing_query`, ...), taking the wire request models exported below;
- `FnacChannel` / `AsyncFnacChannel`: the SDK's `Channel` protocol for one FNAC shop;
- `FnacCredentials`, `FnacTokenAuth`, `PRODUCTION_URL`, `TEST_URL`;
- FNAC's rules: its status table and functions, price rule and bounds, capabilities;
- `CatalogueNotConfiguredError` (every other error is one of `marketplace_sdk`'s).

The sandbox, a stateful simulator of FNAC for tests, demos and notebooks, is
`marketplace_sdk.fnac.sandbox` (`FnacSandbox`); nothing here imports it.

Examples:
    >>> from marketplace_sdk import fnac
    >>> fnac.oms_status("Received", all_lines_in_stock=True).value
    'Complete'
    >>> fnac.PRODUCTION_URL
    'https://vendeur.fnac.com/api.php/'
"""

from marketplace_sdk.fnac._async.channel import AsyncFnacChannel
from marketplace_sdk.fnac._async.client import AsyncFnacClient
from marketplace_sdk.fnac._auth import FnacCredentials, FnacTokenAuth
from marketplace_sdk.fnac._capabilities import FNAC_CAPABILITIES
from marketplace_sdk.fnac._carriers import FNAC_CARRIERS
from marketplace_sdk.fnac._endpoints import PRODUCTION_URL, TEST_URL
from marketplace_sdk.fnac._models import (
    ClientOrderCommentsQueryRequest,
    CommentReply,
    IncidentDetailRefund,
    IncidentsQueryRequest,
    IncidentUpdate,
    MessagesQueryRequest,
    MessageUpdate,
    OffersQueryRequest,
    OfferUpdate,
    OrdersQueryRequest,
    OrderState,
    OrderUpdate,
    PricingSellers,
    ProductReference,
    ShopInvoicesQueryRequest,
)
from marketplace_sdk.fnac._pricing import FNAC_PRICE_BOUNDS, resolve_price
from marketplace_sdk.fnac._profile import FnacProfile
from marketplace_sdk.fnac._shared.channel import (
    IMPORT_REJECTED,
    PENDING_IMPORT,
    CatalogueNotConfiguredError,
)
from marketplace_sdk.fnac._status import (
    FNAC_STATUS_TABLE,
    can_cancel,
    channel_status,
    oms_status,
    transition,
)
from marketplace_sdk.fnac._sync.channel import FnacChannel
from marketplace_sdk.fnac._sync.client import FnacClient

__all__ = [
    "FNAC_CAPABILITIES",
    "FNAC_CARRIERS",
    "FNAC_PRICE_BOUNDS",
    "FNAC_STATUS_TABLE",
    "IMPORT_REJECTED",
    "PENDING_IMPORT",
    "PRODUCTION_URL",
    "TEST_URL",
    "AsyncFnacChannel",
    "AsyncFnacClient",
    "CatalogueNotConfiguredError",
    "ClientOrderCommentsQueryRequest",
    "CommentReply",
    "FnacChannel",
    "FnacClient",
    "FnacCredentials",
    "FnacProfile",
    "FnacTokenAuth",
    "IncidentDetailRefund",
    "IncidentUpdate",
    "IncidentsQueryRequest",
    "MessageUpdate",
    "MessagesQueryRequest",
    "OfferUpdate",
    "OffersQueryRequest",
    "OrderState",
    "OrderUpdate",
    "OrdersQueryRequest",
    "PricingSellers",
    "ProductReference",
    "ShopInvoicesQueryRequest",
    "can_cancel",
    "channel_status",
    "oms_status",
    "resolve_price",
    "transition",
]
