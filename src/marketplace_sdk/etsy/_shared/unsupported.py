"""The operations Etsy does not offer, shared by both Etsy channels.

Each raises `UnsupportedOperation` naming Etsy, the method and the seed's limit, before any
call is made (`marketplace_sdk.core.RefusedOperations` over `ETSY_CAPABILITIES`).

Examples:
    >>> UnsupportedEtsyOperations().mark_delivered("1")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [Etsy] mark_delivered: Etsy has no delivered state a seller can set, so the OMS cannot mark an Etsy order delivered.
"""  # noqa: E501

from __future__ import annotations

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._refusals import RefusedOperations
from marketplace_sdk.etsy._capabilities import ETSY_CAPABILITIES

__all__ = ["UnsupportedEtsyOperations"]


class UnsupportedEtsyOperations(RefusedOperations):
    """Mixed into `EtsyChannel` and `AsyncEtsyChannel`: what the seed rules out.

    Examples:
        >>> UnsupportedEtsyOperations().delete_product("MUG")
        Traceback (most recent call last):
        ...
        marketplace_sdk.core._errors.UnsupportedOperation: [Etsy] delete_product: Products cannot be deleted from the Etsy shop through the OMS.
    """  # noqa: E501

    @property
    def capabilities(self) -> Capabilities:
        """Etsy's capabilities (`ETSY_CAPABILITIES`)."""
        return ETSY_CAPABILITIES
