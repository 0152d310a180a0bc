"""Catalogued Fnac behaviours: order actions and carriers."""

from marketplace_sdk.testing import Behaviour, Switch

FNAC_ORDER_ACTIONS: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q10",
        'Wrong-state actions return HTTP 200 with `status="ERROR"` and per-order `FATAL`',
        reproduced=True,
        marketplace_does=(
            "An order action the order's state does not allow (accepting a shipped order, "
            "say) still answers HTTP 200: the answer's status is ERROR, the order's status is "
            'FATAL with ERR_003 "Order status is not valid for action ...", and every line '
            "of the order is FATAL too. A refund refused the same way still carries an "
            "incident id."
        ),
        source="alexandriagroup/fnapy recorded answers (update_orders, update_incidents), 2016.",
        sdk_does=(
            "The HTTP code is never read as success: the answer's status, each order's status "
            "and each line's status are read, so accepting, refusing or shipping such an order "
            "gives rejected per-line or per-order results with FNAC's code and message. An "
            "answer that reports nothing on the order is not ok either: rejected when FNAC "
            "said ERROR, unknown when it said OK. The channel reads the order's state before "
            "shipping, so a shipped order is not sent again."
        ),
    ),
    Behaviour(
        "FNAC-Q11",
        'Errors nested inside `status="OK"` responses',
        reproduced=True,
        marketplace_does=(
            "An answer whose status is OK can hold `<error>` elements deeper down: "
            "`pricing_query` on an unknown EAN answers OK with ERR_120 inside the product. "
            "Order updates follow the same pattern: an order whose lines partly fail keeps an "
            "OK status, the failure only on its lines."
        ),
        source="alexandriagroup/fnapy recorded answers and manager code (ERR_120, ERR_105), 2016.",
        sdk_does=(
            "Per-item results read every level: a line or order with an ERROR or FATAL "
            "`<error>`, or a failed line inside an OK order, is rejected with that error's "
            "code, whatever the status above it says. Pricing products keep their errors."
        ),
        switches=(
            Switch(
                "FNAC-Q11.partial-order-ok",
                "An order update whose lines partly fail answers status OK for the order and "
                "the call (off: the order and the call say ERROR).",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "FNAC-Q12",
        "Carrier names must come from FNAC's list",
        reproduced=True,
        marketplace_does=(
            "A shipment's `tracking_company` must be one of the carriers `carriers_query` "
            "lists; integrators report that any other carrier gets no despatch note for the "
            "buyer, and a carrier is required when a tracking number is sent. FNAC's old test "
            "platform took free text. The exact answer to an unknown carrier is not known."
        ),
        source=(
            "Linnworks FNAC despatch notes; Lengow Fnac Darty orders guide; "
            "alexandriagroup/fnapy recorded carriers and tracking answers. Rejection text "
            "unconfirmed."
        ),
        sdk_does=(
            "Every OMS carrier goes through the channel's carrier table (`carriers=`, default "
            "`FNAC_CARRIERS`, printed on the FNAC page) and must be a code the shop's "
            "`carriers_query` lists; any other carrier raises `UnknownCarrierError` before "
            "anything is sent."
        ),
        switches=(
            Switch(
                "FNAC-Q12.refused-in-line",
                "An unknown carrier is refused on the line only (ERR_031), the order and the "
                "call still saying OK; off: the whole call is refused with a root ERR_146 "
                "schema error.",
                default=True,
            ),
        ),
    ),
)
