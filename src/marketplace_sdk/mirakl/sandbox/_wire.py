"""The sandbox's own copy of what Mirakl's seller documents state: import states, call frequencies.

The simulated server never imports the client's wire models or limits (`marketplace_sdk.mirakl`'s
`_models` and `_limits`): it reads the document on its own, so a mistake on one side cannot hide
behind the same mistake on the other. `tests/mirakl/test_sandbox.py` checks both tables against
the document's text.

Examples:
    >>> ImportState.COMPLETE.value, MAX_CALL_FREQUENCY["P41"]
    ('COMPLETE', 900.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = ["MAX_CALL_FREQUENCY", "ImportState"]


class ImportState(StrEnum):
    """The P42 `import_status` values the sandbox moves an import through, in order.

    Mirakl's enum also has `CANCELLED`, which the sandbox never reaches. `FAILED` ends an import
    with refused rows only when MIRAKL-Q07 is switched off (the spec's all-or-nothing reading).

    Examples:
        >>> list(ImportState)[-2]
        <ImportState.COMPLETE: 'COMPLETE'>
    """

    TRANSFORMATION_WAITING = "TRANSFORMATION_WAITING"
    TRANSFORMATION_RUNNING = "TRANSFORMATION_RUNNING"
    TRANSFORMATION_FAILED = "TRANSFORMATION_FAILED"
    WAITING = "WAITING"
    RUNNING = "RUNNING"
    SENT = "SENT"
    COMPLETE = "COMPLETE"
    FAILED = "FAILED"


_MINUTE = 60.0
_HOUR = 3_600.0

#: The least seconds between two calls of an operation, from each operation's "Maximum usage"
#: (CM11 has two: `CM11` with `updated_since`, `CM11-full` without). Operations not listed
#: (the P44-P47 reports: "each time a report is needed"; OF21 and the order actions: "on each
#: page view", "at each new order") are not limited.
MAX_CALL_FREQUENCY: Mapping[str, float] = MappingProxyType(
    {
        "A01": 24 * _HOUR,
        "P41": 15 * _MINUTE,
        "P42": _MINUTE,
        "P51": _MINUTE,
        "H11": _HOUR,
        "PM11": _HOUR,
        "VL11": _HOUR,
        "CM11": 5 * _MINUTE,
        "CM11-full": 4 * _HOUR,
        # MMP seller document: OF01 has two (offers only, and with products), OR11 limits a
        # poll (its first page; `OR11-page` is not limited, nor `OR11-ids`, a read of named
        # orders: "Synchronous: at each order page display"), SH21 is daily like A01.
        "OF01": _MINUTE,
        "OF01-products": 15 * _MINUTE,
        "OF02": _MINUTE,
        "OF03": _MINUTE,
        "OF04": _MINUTE,
        "OF24": _MINUTE,
        "OR11": _MINUTE,
        "SH21": 24 * _HOUR,
    }
)
