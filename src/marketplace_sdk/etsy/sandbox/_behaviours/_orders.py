"""Catalogued Etsy behaviours: receipts, cancellations and refunds."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

ETSY_ORDERS: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q13",
        "Delta sync by `min_last_modified` misses cancellations, refunds and ship-date changes",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q14",
        "Canceled receipts: 404 history, `was_canceled` filter and its default flip",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q15",
        "Receipt `status` values are capitalised while the spec enum is lower-case",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q16",
        "`was_paid`/`was_shipped`/`was_delivered` semantics and late-paid receipts",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q17",
        "Refunds are not reflected on the receipt; money is in the shop currency",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q31",
        "Shipping address may be empty for some regions / apps",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
