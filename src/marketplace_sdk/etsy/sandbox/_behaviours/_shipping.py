"""Catalogued Etsy behaviours: shipments and carriers."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

ETSY_SHIPPING: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q27",
        "createReceiptShipment with a carrier Etsy does not know",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q28",
        "Tracking number is sometimes mandatory; `note_to_buyer` allows completion without it",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q29",
        "Shipments are receipt-level, not idempotent; updateShopReceipt cannot mark shipped",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
