"""Catalogued Mirakl behaviours: Mirakl seller APIs."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

MIRAKL: tuple[Behaviour, ...] = (
    Behaviour(
        "MIRAKL-Q01",
        "Per-operation call-frequency ceilings; 429 + Retry-After when exceeded",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q02",
        "OR11 date filters: creation vs update; update filter is deliberately overlapping",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q03",
        "OR11 pagination: default 10, max 100, `paginate=false`, unstable offsets",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q04",
        "OR13 asynchronous export constraints",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q05",
        "OF01 import modes; REPLACE deletes every offer missing from the file",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q06",
        "OF24 is not a patch: omitted fields are reset; PRI01 replaces all prices",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q07",
        'Import "COMPLETE" does not mean every line succeeded',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q08",
        "Order and line states; enums grow without notice",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q09",
        "OR21 must decide every line in one call; partial acceptance may be disabled",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q10",
        "Between acceptance and shipping: debit wait, hidden address, auto-cancel",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q11",
        "OR23 then OR24; OR24 outside SHIPPING returns a bare 400",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q12",
        "Refunds and cancellations are line-level and state-gated",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q13",
        "Authentication: raw key in `Authorization`, one key per environment",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q14",
        "Order identity, e-mail relay and timestamp precision",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q15",
        "Deprecated endpoints still in the wild",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "MIRAKL-Q16",
        "No seller webhooks for MMP orders; polling is the contract",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
