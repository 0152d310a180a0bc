"""Catalogued Fnac behaviours: order and line states, refunds."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

FNAC_ORDERS: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q08",
        "Order-level and line-level states use different vocabularies and can diverge",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q09",
        '"Accepted" is not "ready to ship"',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q13",
        "Refunds are per line and only full (item + shipping)",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
