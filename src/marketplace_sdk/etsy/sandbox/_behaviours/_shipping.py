"""Catalogued Etsy behaviours: shipments and carriers."""

from marketplace_sdk.testing import Behaviour, Switch

ETSY_SHIPPING: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q27",
        "createReceiptShipment with a carrier Etsy does not know",
        reproduced=True,
        marketplace_does=(
            "A `carrier_name` outside Etsy's carrier list is not refused: the call answers "
            "200, the receipt becomes shipped (Completed) and the buyer is e-mailed, but no "
            "tracking is shown. Etsy adds carriers only on request. The spec's advice is to "
            "send `other` for a carrier it lacks."
        ),
        source=(
            "etsy/open-api #135, #465, #569, #117 (staff); Linnworks Etsy despatch help. "
            "Staff-confirmed; how free text maps to Etsy's 'other' is unconfirmed."
        ),
        sdk_does=(
            "Every OMS carrier goes through the channel's carrier table "
            "(`EtsyChannelOptions.carriers`, default `ETSY_CARRIERS`, printed on the Etsy "
            "page); a carrier the table cannot map raises `UnknownCarrierError` before "
            "anything is sent. A host may opt in to `other` as fallback. When Etsy still "
            "shows no tracking (a host-mapped name Etsy lacks), the ok result carries the "
            "reason `tracking_not_shown`, and the code-less shipment counts as sent, so it is "
            "never sent twice."
        ),
        switches=(
            Switch(
                "ETSY-Q27.tracking-dropped",
                "The unknown carrier's shipment keeps its name and loses its tracking code "
                "(off: it is recorded as `other` with the code kept).",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "ETSY-Q28",
        "Tracking number is sometimes mandatory; `note_to_buyer` allows completion without it",
        reproduced=True,
        marketplace_does=(
            "A shipment sent without carrier and tracking code usually just marks the receipt "
            "shipped, but for some orders Etsy answers 400 `A tracking number is required`, "
            "by fulfilment rules it does not publish. The same call with a `note_to_buyer` "
            "goes through."
        ),
        source=(
            "etsy/open-api #451, #589, #206 (staff 2022-09 and 2022-10); release note "
            "2022-10-21. Staff-confirmed."
        ),
        sdk_does=(
            "`Shipment.tracking_number` may be None (Ready to Ship without tracking). Such a "
            "shipment is sent without carrier nor code, with the seller's "
            "`EtsyChannelOptions.untracked_note` as `note_to_buyer` when the seller opted in; "
            "without it, Etsy's refusal is a rejected result with code `tracking_required` for "
            "a person to handle (nothing is retried). A receipt already shipped is not sent "
            "again."
        ),
        switches=(
            Switch(
                "ETSY-Q28.every-order",
                "Every order needs tracking or a note (off: only the orders the spec names, "
                "within the United States over $10 or to India).",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "ETSY-Q29",
        "Shipments are receipt-level, not idempotent; updateShopReceipt cannot mark shipped",
        reproduced=True,
        marketplace_does=(
            "Every createReceiptShipment call adds one more shipment record and e-mails the "
            "buyer again; nothing is de-duplicated. The first call completes the whole "
            "receipt: the API has no line-level shipment (inferred from the endpoint's shape; "
            "whether two shipments may stand for a real partial shipment is unconfirmed). "
            "updateShopReceipt with `was_shipped=true` answers 200 and leaves the receipt "
            "unshipped."
        ),
        source=(
            "etsy/open-api #201, #637 (tracked by staff); StarShip help on partial shipments. "
            "Partial-shipment impossibility inferred, not staff-confirmed."
        ),
        sdk_does=(
            "The capability table says Etsy has no partial fulfilment, and a `Shipment` whose "
            "`line_ids` name some lines only raises `UnsupportedOperation` before anything is "
            "sent. `ready_to_ship` reads the receipt first and returns ok without sending when "
            "the parcel is already there; after a lost answer it reads the receipt again "
            "instead of resending (retry later when the shipment is absent). The SDK never "
            "uses `was_shipped` to ship."
        ),
    ),
)
