"""Catalogued Etsy behaviours: stock and inventory writes."""

from marketplace_sdk.testing import Behaviour, Switch

ETSY_STOCK: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q01",
        "A listing's inventory can never be written with every offering at quantity 0",
        reproduced=True,
        marketplace_does=(
            "An inventory write in which no enabled offering has a quantity above zero is "
            "refused with a 400 ('One offering must have quantity greater than 0'), whatever "
            "state the listing is in. Only buyers can sell a listing out."
        ),
        source="etsy/open-api #395, #501, #560, #473; staff-confirmed (no change planned)",
        sdk_does=(
            "A stock push never sends an all-zero inventory. While some variant of a listing "
            "has stock, the sold-out variants are written at 0. When none has, the channel "
            "deactivates the listing, keeps a placeholder quantity of 1 on one offering, and "
            "records that it took the listing off sale (an `OffSaleStore`; "
            "`CursorOffSaleStore` keeps it in the host's cursor store so it survives a "
            "restart). A restock writes the real stock and re-activates the listing. A new "
            "product with no stock is not listed (a rejected result, before any call)."
        ),
    ),
    Behaviour(
        "ETSY-Q02",
        "Deactivating instead of zeroing is lossy: edit state, quantity errors, re-activation",
        reproduced=True,
        marketplace_does=(
            "Deactivating a listing sometimes leaves it in state `edit`, a state the "
            "published enum does not list; the inactive filter reads it back. The "
            "placeholder stock stays visible, so a seller may re-activate the listing by hand "
            "and sell stock that does not exist. The sandbox leaves listings with an even id "
            "in `edit`."
        ),
        source="etsy/open-api #473, #538, #556 (staff aware), #581; partly staff-confirmed",
        sdk_does=(
            "Listings read in `edit` (or any unknown state) are accepted; `edit` after the "
            "channel deactivated a listing counts as inactive. Every stock push also re-reads "
            "the listings the channel took off sale: one a seller re-activated without real "
            "stock is deactivated again (`last_push_watch` lists them)."
        ),
    ),
    Behaviour(
        "ETSY-Q03",
        "Re-activating sold-out / edit / frozen listings fails in several different ways",
        reproduced=True,
        marketplace_does=(
            "Activating a listing can fail in ways that retrying does not fix: a `sold_out` "
            "listing answers 500 'Server Error', an `edit` listing 400 'Cannot activate a "
            "listing in this state', a frozen listing 400 'not publishable because it's "
            "frozen'. A restock does not renew a sold-out listing by itself."
        ),
        source="etsy/open-api #247, #357, #425; release note 2025-01-06; partly staff-answered",
        sdk_does=(
            "After a restock the channel asks for activation once (never retried, a 500 "
            "included). A refusal is a rejected per-item result with the code "
            "`listing_not_reactivated` and Etsy's message: the stock is written, the "
            "seller must renew or publish the listing on Etsy, and later pushes do not ask "
            "again until the seller has."
        ),
    ),
    Behaviour(
        "ETSY-Q04",
        "Inventory write shape differs from the read shape",
        reproduced=True,
        marketplace_does=(
            "What getListingInventory returns cannot be sent back: the write takes prices as "
            "plain decimals in major units and refuses product and offering ids, "
            "`is_deleted`, `scale_name` and Money objects."
        ),
        source="etsy/open-api #134, #159, #168, #195, #525; staff-confirmed",
        sdk_does=(
            "Every inventory write goes through `InventoryUpdate.from_inventory`, an explicit "
            "read-to-write transform (price = amount / divisor, ids and deleted entries "
            "dropped, SKUs kept as text)."
        ),
    ),
    Behaviour(
        "ETSY-Q05",
        "updateListingInventory replaces the whole inventory (omitted variations are deleted)",
        reproduced=True,
        marketplace_does=(
            "An inventory write replaces the listing's whole inventory: products left out of "
            "the body are deleted, and the answer is still 200."
        ),
        source="etsy/open-api #337, #134; Etsy API v2 group thread (2021); not staff-confirmed",
        sdk_does=(
            "Each stock or price push reads the complete inventory and writes every product "
            "back, changing only the SKUs asked for; a write whose product count differs from "
            "the read is never planned."
        ),
    ),
    Behaviour(
        "ETSY-Q06",
        "`*_on_property` arrays are validated against the product property order",
        reproduced=True,
        marketplace_does=(
            "The `price_on_property`, `quantity_on_property` and `sku_on_property` arrays must "
            "list property ids in the order the products carry them; another order is refused "
            "with a 400."
        ),
        source="etsy/open-api #375, #362, #82",
        sdk_does=(
            "The arrays written are derived from the products sent: ids the products do not "
            "use are dropped and the rest put in the order the products carry them."
        ),
    ),
    Behaviour(
        "ETSY-Q12",
        "Processing profiles: `readiness_state_id` per offering, often null on read",
        reproduced=True,
        marketplace_does=(
            "Offerings carry a processing profile (`readiness_state_id`), but reads show it "
            "only for active physical listings on shop-scoped or single-listing endpoints; "
            "the batch inventory endpoint and inactive listings read null. Writing null "
            "clears it."
        ),
        source="developers.etsy.com processing-profiles migration tutorial; Etsy OAS fields",
        sdk_does=(
            "The channel remembers each offering's last non-null `readiness_state_id` (and "
            "keeps it with the record of a listing it took off sale) and sends it back when a "
            "read shows null, so a stock push never clears a processing profile."
        ),
    ),
    Behaviour(
        "ETSY-Q20",
        "getListing and getListingsByListingIds no longer honour includes=Inventory",
        reproduced=True,
        marketplace_does=(
            "getListing and getListingsByListingIds no longer embed the inventory or the "
            "shipping profile when asked with `includes`; the batch inventory endpoint "
            "replaces them."
        ),
        source="etsy/open-api discussions 1653, 1686; Etsy's inventory-shipping migration guide",
        sdk_does=(
            "`get_product` reads the listing, then its inventory from "
            "getListingsInventoryByListingIds, so a variation SKU comes back with its "
            "variants and their stock."
        ),
        switches=(
            Switch(
                "ETSY-Q20.silently-ignored",
                "The removed includes are ignored without an error (off: refused with a 400).",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "ETSY-Q33",
        "Up to three variations per listing from 2026-08-17",
        reproduced=True,
        marketplace_does=(
            "Listings may carry three variation properties, and an inventory write with "
            "three is refused unless it says `max_variations_supported=3`."
        ),
        source="developers.etsy.com third-variation tutorial; Etsy-announced",
        sdk_does=(
            "Variation arrays are read at any length; a write whose products carry three "
            "properties is sent with `max_variations_supported=3`, so all three round-trip."
        ),
    ),
    Behaviour(
        "ETSY-Q35",
        "Deleted inventory products are hidden unless `show_deleted=true`",
        reproduced=True,
        marketplace_does=(
            "Products removed from an inventory are kept as deleted, and getListingInventory "
            "leaves them out unless asked with `show_deleted=true`."
        ),
        source="etsy/open-api #226; staff-confirmed (2021-09, 2022-10-28)",
        sdk_does=(
            "`get_listing_inventory(show_deleted=True)` reads them for resolving an old "
            "transaction's product; a write built from such a read drops the deleted "
            "products and offerings, so they are never resurrected."
        ),
    ),
    Behaviour(
        "ETSY-Q37",
        "Listing quantity ceiling of 999 per offering",
        reproduced=True,
        marketplace_does=(
            "One OMS vendor reports that inventory writes accept at most 999 units per offering."
        ),
        source="Teapplix help page 'Ending Etsy Listing' (third party only)",
        sdk_does=(
            "A stock update, or a new listing's stock, above the ceiling is rejected before "
            "anything is sent, with a message naming the SKU and the bound; "
            "`EtsyChannelOptions(max_quantity=None)` "
            "lifts the SDK's bound for a shop that takes more."
        ),
        confirmed=False,
        switches=(
            Switch(
                "ETSY-Q37.quantity-ceiling",
                "Refuse an offering quantity above 999 (off: no ceiling).",
                default=True,
            ),
        ),
    ),
)
