"""Catalogued Etsy behaviours: stock and inventory writes."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

ETSY_STOCK: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q01",
        "A listing's inventory can never be written with every offering at quantity 0",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q02",
        "Deactivating instead of zeroing is lossy: edit state, quantity errors, re-activation",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q03",
        "Re-activating sold-out / edit / frozen listings fails in several different ways",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q04",
        "Inventory write shape differs from the read shape",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q05",
        "updateListingInventory replaces the whole inventory (omitted variations are deleted)",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q06",
        "`*_on_property` arrays are validated against the product property order",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q12",
        "Processing profiles: `readiness_state_id` per offering, often null on read",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q20",
        "getListing and getListingsByListingIds no longer honour includes=Inventory",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q33",
        "Up to three variations per listing from 2026-08-17",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q35",
        "Deleted inventory products are hidden unless `show_deleted=true`",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q37",
        "Listing quantity ceiling of 999 per offering",
        reproduced=False,
        out_of_scope=_PENDING,
        confirmed=False,
    ),
)
