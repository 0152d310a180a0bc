"""Mirakl's per-operation call frequencies, as rate-limiter buckets.

Mirakl states, in each operation's description, a "Call Frequency": a recommended usage and a
maximum usage. The maximum is what Mirakl enforces on a seller's key (a call above it is refused
with HTTP 429, and repeated abuse can get the key blocked), so the client holds every operation to
it on its own side: one bucket per operation code, which is each call's `bucket`.

The table below is read by hand from the MCM seller document (each row quotes the maximum);
`tests/mirakl/test_limits.py` checks it against the document's text. Operations whose maximum is
"each time a report is needed" (P44-P47) are not limited.

| operation | maximum usage (Mirakl's words) | rate |
|---|---|---|
| A01 | Once per day | 1 per 24 h |
| P41 | Every 15 minutes, for each seller | 1 per 15 min |
| P42 | Once per minute | 1 per minute |
| P51 | Once per minute | 1 per minute |
| H11 | Every hour | 1 per hour |
| PM11 | Every hour | 1 per hour |
| VL11 | Every hour | 1 per hour |
| CM11 (bucket `CM11`, with `updated_since`) | Differential: every 5 minutes | 1 per 5 min |
| CM11 (bucket `CM11-full`, without) | Full: every 4 hours | 1 per 4 h |

Examples:
    >>> MCM_CALL_FREQUENCIES["P41"]
    (Rate(limit=1, interval=900.0),)
    >>> mcm_buckets(overrides={"A01": ()})["A01"]
    ()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from marketplace_sdk.core._ratelimit import DEFAULT_BUCKET, Rate

__all__ = [
    "MCM_CALL_FREQUENCIES",
    "MMP_CALL_FREQUENCIES",
    "MMP_SYNCHRONOUS_READS",
    "MMP_UNLIMITED_OPERATIONS",
    "UNLIMITED_OPERATIONS",
    "mcm_buckets",
    "mmp_buckets",
]

_DAY = 86_400.0
_HOUR = 3_600.0
_MINUTE = 60.0

#: The maximum call frequency of each MCM operation the client supports, as limiter rates.
MCM_CALL_FREQUENCIES: Mapping[str, tuple[Rate, ...]] = MappingProxyType(
    {
        "A01": (Rate.every(_DAY),),
        "P41": (Rate.every(15 * _MINUTE),),
        "P42": (Rate.every(_MINUTE),),
        "P51": (Rate.every(_MINUTE),),
        "H11": (Rate.every(_HOUR),),
        "PM11": (Rate.every(_HOUR),),
        "VL11": (Rate.every(_HOUR),),
        "CM11": (Rate.every(5 * _MINUTE),),
        "CM11-full": (Rate.every(4 * _HOUR),),
    }
)

#: Operations Mirakl lets a seller call "each time" a report or file is needed.
UNLIMITED_OPERATIONS = frozenset({"P44", "P45", "P46", "P47"})


def mcm_buckets(
    overrides: Mapping[str, Sequence[Rate]] | None = None,
) -> dict[str, tuple[Rate, ...]]:
    """The limiter buckets for a Mirakl catalogue client.

    Each limited operation gets its own bucket; every other call (the report files) falls in an
    unlimited `"default"` bucket. `overrides` replaces an operation's rates: an operator that
    grants a higher frequency, or a host that wants a lower one (an empty sequence: unlimited).

    Examples:
        >>> buckets = mcm_buckets(overrides={"P42": [Rate.every(300)]})
        >>> buckets["P42"], buckets["default"]
        ((Rate(limit=1, interval=300.0),), ())
    """
    buckets: dict[str, tuple[Rate, ...]] = dict(MCM_CALL_FREQUENCIES)
    for operation, rates in (overrides or {}).items():
        buckets[operation] = tuple(rates)
    buckets[DEFAULT_BUCKET] = ()
    return buckets


#: The maximum call frequency of each MMP (offers and orders) operation the seller client
#: supports, read from the MMP seller document ("Maximum usage"):
#:
#: - A01, SH21: once per day.
#: - OF01: once per minute with offers only (`OF01`), once every 15 minutes with offers and
#:   products (`OF01-products`).
#: - OF02, OF03, OF04, OF24: once per minute.
#: - OR11: asynchronous polling once per minute (every 15 minutes for External Partner keys:
#:   pass `rate_overrides={"OR11": [Rate.every(900)]}`). The bucket `OR11` holds the first page
#:   of each poll; the pages after it, in the same poll, spend from the unlimited `OR11-page`.
#:   A read of named orders (`order_ids`) is OR11's synchronous use: `MMP_SYNCHRONOUS_READS`.
#:
#: OF21 ("on each shop's offers page view") and the order writes OR21, OR23, OR24, OR28, OR29
#: and OR30 ("at each new order", "at each cancelation"...) have no stated ceiling.
MMP_CALL_FREQUENCIES: Mapping[str, tuple[Rate, ...]] = MappingProxyType(
    {
        "A01": (Rate.every(_DAY),),
        "OF01": (Rate.every(_MINUTE),),
        "OF01-products": (Rate.every(15 * _MINUTE),),
        "OF02": (Rate.every(_MINUTE),),
        "OF03": (Rate.every(_MINUTE),),
        "OF04": (Rate.every(_MINUTE),),
        "OF24": (Rate.every(_MINUTE),),
        "OR11": (Rate.every(_MINUTE),),
        "SH21": (Rate.every(_DAY),),
    }
)

#: MMP operations whose stated maximum is "each time" something happens: no ceiling.
MMP_UNLIMITED_OPERATIONS = frozenset(
    {"OF21", "OR11-page", "OR21", "OR23", "OR24", "OR28", "OR29", "OR30"}
)


#: OR11 reading named orders (`order_ids`: `get_order`, and the order read before an acceptance
#: or a shipment) is made for a user's action, which is OR11's synchronous use. The MMP seller
#: OpenAPI (`paths./api/orders.get.description`, "Call Frequency") states, for the default and
#: the External Partner personas alike: "Maximum usage: Asynchronous: once per minute;
#: Synchronous: at each order page display". So these reads get their own bucket, `OR11-ids`,
#: with no ceiling of their own: they never wait behind the once-a-minute poll, and the poll
#: never waits behind them. A host that wants a guard passes one, e.g.
#: `rate_overrides={"OR11-ids": [Rate(10, 1.0)]}`.
MMP_SYNCHRONOUS_READS: Mapping[str, tuple[Rate, ...]] = MappingProxyType({"OR11-ids": ()})


def mmp_buckets(
    overrides: Mapping[str, Sequence[Rate]] | None = None,
) -> dict[str, tuple[Rate, ...]]:
    """The limiter buckets for a Mirakl seller (offers and orders) client.

    Like `mcm_buckets`: one bucket per limited operation, `overrides` replacing an operation's
    rates, everything else in the unlimited `"default"` bucket. OR11's reads of named orders
    have their own bucket, `OR11-ids` (`MMP_SYNCHRONOUS_READS`), apart from the poll's `OR11`.

    Examples:
        >>> mmp_buckets()["OF24"], mmp_buckets()["default"]
        ((Rate(limit=1, interval=60.0),), ())
        >>> buckets = mmp_buckets(overrides={"OR11": [Rate.every(900)]})
        >>> buckets["OR11"], buckets["OR11-ids"]
        ((Rate(limit=1, interval=900.0),), ())
    """
    buckets: dict[str, tuple[Rate, ...]] = dict(MMP_CALL_FREQUENCIES)
    buckets.update(MMP_SYNCHRONOUS_READS)
    for operation, rates in (overrides or {}).items():
        buckets[operation] = tuple(rates)
    buckets[DEFAULT_BUCKET] = ()
    return buckets
