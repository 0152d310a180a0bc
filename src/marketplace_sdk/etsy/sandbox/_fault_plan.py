"""The Etsy sandbox's fault plan: injected server errors on createDraftListing come after it.

Etsy can create a listing and still answer 500 (ETSY-Q10). While that behaviour is on, a 5xx
the plan injects on `createDraftListing` is served after the sandbox has created the draft,
so every test that injects one meets the riskier case: the listing exists although the answer
said it failed. Other faults, and other operations, fire as the plan says.

Examples:
    >>> from marketplace_sdk.etsy.sandbox._behaviours import ETSY_BEHAVIOURS
    >>> from marketplace_sdk.testing import Behaviours
    >>> plan = EtsyFaultPlan(Behaviours(ETSY_BEHAVIOURS))
    >>> plan.add(Fault.error(500), operation="createDraftListing")
    >>> request = httpx.Request("POST", "http://s/v3/application/shops/1/listings")
    >>> plan.take(request, "createDraftListing").label
    'http_500_after_apply'
"""

from __future__ import annotations

import attrs
import httpx

from marketplace_sdk.testing import Behaviours, FaultPlan
from marketplace_sdk.testing._faults import Fault, FaultKind

__all__ = ["EtsyFaultPlan"]

#: Operations Etsy may apply before answering a server error.
APPLIED_BEFORE_5XX = frozenset({"createDraftListing"})


class EtsyFaultPlan(FaultPlan):
    """A `FaultPlan` whose 5xx on createDraftListing come after the draft is made (ETSY-Q10).

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._behaviours import ETSY_BEHAVIOURS
        >>> EtsyFaultPlan(Behaviours(ETSY_BEHAVIOURS)).pending()
        0
    """

    def __init__(self, behaviours: Behaviours) -> None:
        """Start with no faults; consult `behaviours` as faults fire."""
        super().__init__()
        self._behaviours = behaviours

    def take(self, request: httpx.Request, operation: str | None) -> Fault | None:
        """The fault for `request`; a 5xx on createDraftListing applies it first (ETSY-Q10)."""
        fault = super().take(request, operation)
        if (
            fault is not None
            and fault.kind is FaultKind.STATUS
            and fault.status >= 500
            and operation in APPLIED_BEFORE_5XX
            and self._behaviours.on("ETSY-Q10")
        ):
            return attrs.evolve(fault, kind=FaultKind.STATUS_AFTER_APPLY)
        return fault
