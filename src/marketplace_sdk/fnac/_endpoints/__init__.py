"""Every FNAC XML operation as a pure function returning a `Call` (the sans-I/O layer).

Each call is `POST <service>` relative to the base URL (`https://vendeur.fnac.com/api.php/`), with
a `text/xml` body whose root is the service name. The authenticator adds `partner_id`, `shop_id`
and `token` to that root when the engine sends it. Parsing is lenient and raises the typed error
of any ERROR at the root of the answer (`marketplace_sdk.fnac._errors`).

FNAC caps some calls; the `*_calls` helpers split a long list into as many calls as needed:
10,000 offers per `offers_update`, 25 orders per `orders_update`, 10 products per
`pricing_query`. The `*_pages` helpers return a `PageNumberPaginator` for the services that page.

Examples:
    >>> from marketplace_sdk.fnac._models import OfferUpdate
    >>> calls = offers_update_calls([OfferUpdate(offer_reference=f"SKU-{n}", quantity=1)
    ...                              for n in range(25_000)])
    >>> [call.request.path for call in calls], calls[0].request.is_idempotent
    (['offers_update', 'offers_update', 'offers_update'], False)
"""

from __future__ import annotations

from marketplace_sdk.fnac._endpoints._base import (
    MAX_OFFERS_PER_UPDATE,
    MAX_ORDERS_PER_UPDATE,
    PRODUCTION_URL,
    TEST_URL,
    chunked,
)
from marketplace_sdk.fnac._endpoints.contact import (
    client_order_comments_pages,
    client_order_comments_query,
    client_order_comments_update,
    incidents_pages,
    incidents_query,
    incidents_update,
    messages_pages,
    messages_query,
    messages_update,
    pricing_query,
    pricing_query_calls,
    shop_invoices_pages,
    shop_invoices_query,
)
from marketplace_sdk.fnac._endpoints.offers import (
    auth,
    batch_query,
    batch_status,
    offer_rows_update,
    offers_pages,
    offers_query,
    offers_update,
    offers_update_calls,
)
from marketplace_sdk.fnac._endpoints.orders import (
    carriers_query,
    orders_pages,
    orders_query,
    orders_read_pages,
    orders_update,
    orders_update_calls,
)
from marketplace_sdk.fnac._models import MAX_PRICING_REFERENCES

__all__ = [
    "MAX_OFFERS_PER_UPDATE",
    "MAX_ORDERS_PER_UPDATE",
    "MAX_PRICING_REFERENCES",
    "PRODUCTION_URL",
    "TEST_URL",
    "auth",
    "batch_query",
    "batch_status",
    "carriers_query",
    "chunked",
    "client_order_comments_pages",
    "client_order_comments_query",
    "client_order_comments_update",
    "incidents_pages",
    "incidents_query",
    "incidents_update",
    "messages_pages",
    "messages_query",
    "messages_update",
    "offer_rows_update",
    "offers_pages",
    "offers_query",
    "offers_update",
    "offers_update_calls",
    "orders_pages",
    "orders_query",
    "orders_read_pages",
    "orders_update",
    "orders_update_calls",
    "pricing_query",
    "pricing_query_calls",
    "shop_invoices_pages",
    "shop_invoices_query",
]
