"""Catalogued Fnac behaviours: sessions, encoding, formats and topology."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

FNAC_PLATFORM: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q14",
        "Session token expires; re-authenticate on error, watch the clock",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q15",
        "Responses can contain malformed or double-encoded UTF-8, or be empty",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q16",
        "XML shape, dates and money formats",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "FNAC-Q17",
        "Platform topology changed (Darty on Fnac back office, catalogue on Mirakl, sandbox URL)",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
