"""The FNAC mapping: the only place FNAC's wire records meet the canonical models.

* `status`: FNAC's order states to the FNAC seed's status names, and status filters back.
* `products`: offers to products; stock and price updates to offer updates; batch statuses to
  one `ItemResult` per SKU.
* `orders`: orders to canonical orders and cancellations.
* `categories`: Mirakl hierarchies, attributes and value lists to categories and attributes;
  drafts to a P41 import file.

Examples:
    >>> seed_status("Accepted")
    'To be Shipped'
"""

from marketplace_sdk.fnac._mapping.categories import (
    attribute_to_canonical,
    draft_ean,
    draft_to_import_csv,
    hierarchies_to_categories,
)
from marketplace_sdk.fnac._mapping.orders import (
    order_cancellation,
    order_to_canonical,
    order_updated_at,
)
from marketplace_sdk.fnac._mapping.products import (
    CURRENCY,
    MAX_QUANTITY,
    OffersDraft,
    PreparedUpdates,
    batch_results,
    fnac_amount,
    new_offer,
    offer_results,
    offer_to_product,
    price_updates,
    read_back_results,
    reported_results,
    stock_updates,
    unreported,
    with_quantities,
)
from marketplace_sdk.fnac._mapping.reports import BatchReport, read_batch_report, report_of
from marketplace_sdk.fnac._mapping.status import (
    FNAC_STATE_TO_SEED,
    awaits_acceptance,
    fnac_states,
    seed_status,
)

__all__ = [
    "CURRENCY",
    "FNAC_STATE_TO_SEED",
    "MAX_QUANTITY",
    "BatchReport",
    "OffersDraft",
    "PreparedUpdates",
    "attribute_to_canonical",
    "awaits_acceptance",
    "batch_results",
    "draft_ean",
    "draft_to_import_csv",
    "fnac_amount",
    "fnac_states",
    "hierarchies_to_categories",
    "new_offer",
    "offer_results",
    "offer_to_product",
    "order_cancellation",
    "order_to_canonical",
    "order_updated_at",
    "price_updates",
    "read_back_results",
    "read_batch_report",
    "report_of",
    "reported_results",
    "seed_status",
    "stock_updates",
    "unreported",
    "with_quantities",
]
