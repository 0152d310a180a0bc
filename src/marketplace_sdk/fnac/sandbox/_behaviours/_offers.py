"""Catalogued Fnac behaviours: offer batches."""

from marketplace_sdk.testing import Behaviour, Switch

FNAC_OFFERS: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q01",
        '`offers_update` is asynchronous; `status="OK"` only means "batch accepted"',
        reproduced=True,
        marketplace_does=(
            "An accepted `offers_update` answers OK with a batch id before anything is applied. "
            "The batch is then queued (ACTIVE), processed (RUNNING) and ends OK, WARNING, ERROR "
            "or FATAL; only `batch_status` tells what became of each offer, and `batch_query` "
            "counts the batches still waiting."
        ),
        source="fnapy NOTES.md and test assets; fnacapiclient BatchStatusService XSD; BeezUP docs",
        sdk_does=(
            "Stock and price pushes keep the batch id and poll `batch_status` on the injected "
            "clock until the batch is terminal (a deadline ends the wait); an item is ok only "
            "from the batch's report, never from the `offers_update` answer. A batch still "
            "running at the deadline leaves its items retry later. The next 10,000 offers go "
            "out while earlier batches are processed (4 in flight by default; FNAC publishes "
            "no limit), and an `offers_update` whose answer was lost is found with "
            "`batch_query` rather than sent again. Switched off, the sandbox applies each "
            "batch at once."
        ),
    ),
    Behaviour(
        "FNAC-Q02",
        'Batch status "OK" can still contain failed offers (e.g. ERR_026 Product not found)',
        reproduced=True,
        marketplace_does=(
            "A finished batch's header says OK even when some of its offers failed: each "
            "`<offer>` carries its own status and errors, such as ERR_026 when FNAC's catalogue "
            "does not know the EAN."
        ),
        source="fnapy test asset get_batch_status_response.xml (2016); Channable Fnac offers docs",
        sdk_does=(
            "Reads every `<offer>` of the report: a failed one is a rejected item carrying "
            "FNAC's code and message, whatever the header says. Listing a product whose EAN "
            "gets ERR_026 imports it through the Mirakl catalogue instead of reporting it "
            "published. Switched off, the sandbox's header says ERROR when an offer failed."
        ),
    ),
    Behaviour(
        "FNAC-Q03",
        "Batch status may come back without per-offer detail",
        reproduced=True,
        marketplace_does=(
            "A later `batch_status` call for a finished batch has answered the header and the "
            "batch id alone, with no `<offer>` at all, so nothing says which offers applied."
        ),
        source="fnapy fnapy_manager.py FIXME and its replaced test asset (2016)",
        sdk_does=(
            "Keeps the first terminal report. When a report leaves offers out, it reads those "
            "offers back with `offers_query`: an offer showing the value sent is ok, any other "
            "is retry later (a stock or price set is safe to send again); never ok unread."
        ),
        switches=(
            Switch(
                "FNAC-Q03.details-read-once",
                "The per-offer detail is answered once; every later call gets the bare header. "
                "Off: it is kept for the sandbox's `batch_detail_ttl` (an hour) after the batch.",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "FNAC-Q04",
        "Call-size limits",
        reproduced=True,
        marketplace_does=(
            "Each service caps what one call may carry: 10,000 offers per `offers_update`, 25 "
            "orders per `orders_update`, 10 product references per `pricing_query` (above: "
            "ERROR ERR_105, 'The limit of requested elements is reached'), 50 order ids per "
            "`orders_query`; query pages hold 100 results by default."
        ),
        source="fnapy NOTES.md and query_pricing_more_than_ten_eans asset; fnacapiclient XSDs",
        sdk_does=(
            "Splits every list before sending: 10,000 offers, 25 order updates, 10 pricing "
            "references and 50 order ids per call, and pages queries until the last page. "
            "The sandbox refuses oversize `offers_update`, `orders_update` and `pricing_query` "
            "calls; switched off, it takes them at any size."
        ),
    ),
    Behaviour(
        "FNAC-Q05",
        'No "purge and replace": absent offers stay on sale',
        reproduced=True,
        marketplace_does=(
            "`offers_update` only touches the offers it names; there is no replace mode, so an "
            "offer left out of a feed stays on sale with its stock. Removing one takes a "
            "`delete` treatment, and selling none takes an explicit quantity 0."
        ),
        source="fnapy NOTES.md and delete_offers assets; fnacapiclient OffersUpdateService.xsd",
        sdk_does=(
            "Never relies on omission: a sold-out SKU is pushed with an explicit quantity 0, "
            "one update per SKU. Switched off, the sandbox purges as a replace feed would: "
            "offers a batch leaves out drop to quantity 0."
        ),
    ),
    Behaviour(
        "FNAC-Q06",
        "Field bounds and synchronous schema validation errors",
        reproduced=True,
        marketplace_does=(
            "Offer values have schema bounds: quantity 0 to 9,999, prices above 0.89 and up to "
            "20,000, texts up to 255 characters. A value outside them fails the whole call at "
            "once (ERROR ERR_146, or ERR_096 for a missing element), before any batch exists."
        ),
        source="fnacapiclient common.xsd and OffersUpdateService.xsd; fnapy assets",
        sdk_does=(
            "Checks bounds before sending: a quantity above 9,999 or a price outside "
            "0.90-20,000 is a rejected item and never reaches FNAC, so one bad value cannot "
            "sink a 10,000-offer call. A call FNAC still refuses leaves the offer it names "
            "rejected and the others of the call retry later (in an offer carrying a SKU's "
            "stock and price, the update setting the element named is rejected, the other "
            "retry later). A SKU whose stock and price change together is one offer with the "
            "OMS's quantity; a price going alone carries the offer's quantity, read just "
            "before. Switched off, the sandbox refuses a bad offer in the batch report only."
        ),
        switches=(
            Switch(
                "FNAC-Q06.omitted-quantity-resets",
                "An update of an existing offer without `<quantity>` sets its stock to the "
                "schema default of 1. Off: the stock is left as it was.",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "FNAC-Q07",
        "`product_state` codes",
        reproduced=True,
        marketplace_does=(
            "Offer conditions are numbers: 1-4 used, 5-8 collectible, 10 refurbished, 11 new; "
            "there is no 9. Pricing answers fold them into new, refurbished and used."
        ),
        source="fnapy NOTES.md 'Product states'; fnacapiclient state.xsd",
        sdk_does=(
            "Condition is an enumeration of exactly those codes (`ProductState`): 9 or an "
            "unknown code is refused locally before sending; listings are sent as 11 (new). "
            "Switched off, the sandbox accepts any code."
        ),
    ),
)
