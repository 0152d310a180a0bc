"""Catalogued Fnac behaviours: offer batches."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

FNAC_OFFERS: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q01",
        '`offers_update` is asynchronous; `status="OK"` only means "batch accepted"',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q02",
        'Batch status "OK" can still contain failed offers (e.g. ERR_026 Product not found)',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q03",
        "Batch status may come back without per-offer detail",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q04",
        "Call-size limits",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q05",
        'No "purge and replace": absent offers stay on sale',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q06",
        "Field bounds and synchronous schema validation errors",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q07",
        "`product_state` codes",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
