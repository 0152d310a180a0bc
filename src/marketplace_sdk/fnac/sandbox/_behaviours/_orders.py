"""Catalogued Fnac behaviours: order and line states, refunds."""

from marketplace_sdk.testing import Behaviour

FNAC_ORDERS: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q08",
        "Order-level and line-level states use different vocabularies and can diverge",
        reproduced=True,
        marketplace_does=(
            "An order's state and its lines' states are two lists of words (a new order is "
            "Created while its lines are ToAccept; Error exists for orders only), and they "
            "part: an order is Accepted, then Shipped, while a line the seller refused stays "
            "Refused."
        ),
        source="fnacapiclient state.xsd; alexandriagroup/fnapy NOTES.md and recorded answers",
        sdk_does=(
            "Each canonical line keeps FNAC's line state, a refused or cancelled line stays on "
            "the order out of its totals, acceptance is decided line by line, Error and states "
            "FNAC adds are answered as unknown for a person. Switched off, the sandbox never "
            "puts an order in Error."
        ),
    ),
    Behaviour(
        "FNAC-Q09",
        '"Accepted" is not "ready to ship"',
        reproduced=True,
        marketplace_does=(
            "Once the seller accepts, the order stays Accepted until FNAC has debited the "
            "buyer, and only then becomes ToShip; shipping an Accepted order fails."
        ),
        source="fnacapiclient state.xsd; ShipStation FNAC help; alexandriagroup/fnapy NOTES.md",
        sdk_does=(
            "An Accepted order is To be Shipped for the seed's table (the OMS holds its stock) "
            "with `Order.paid=False`, and `ready_to_ship` answers retry later without sending "
            "until FNAC has debited the buyer. Switched off, the sandbox debits at acceptance."
        ),
    ),
    Behaviour(
        "FNAC-Q13",
        "Refunds are per line and only full (item + shipping)",
        reproduced=True,
        marketplace_does=(
            "A refund names order lines and a reason, never an amount: each line is refunded "
            "whole, its shipping with it, and the money refunded shows in `incidents_query`."
        ),
        source="fnacapiclient IncidentsUpdateService.xsd; alexandriagroup/fnapy; Linnworks "
        "and Lengow FNAC guides (amount-level partial refunds unconfirmed either way)",
        sdk_does=(
            "A Refunded line becomes a `Refund` on the canonical order (item times quantity "
            "plus its shipping, naming the line) beside totals that stay what the buyer paid; "
            "the SDK's refund request has no amount to send. Switched off, the sandbox reports "
            "refunds without the shipping."
        ),
    ),
)
