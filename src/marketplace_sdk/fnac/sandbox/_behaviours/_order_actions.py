"""Catalogued Fnac behaviours: order actions and carriers."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

FNAC_ORDER_ACTIONS: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q10",
        'Wrong-state actions return HTTP 200 with `status="ERROR"` and per-order `FATAL`',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q11",
        'Errors nested inside `status="OK"` responses',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q12",
        "Carrier names must come from FNAC's list",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
