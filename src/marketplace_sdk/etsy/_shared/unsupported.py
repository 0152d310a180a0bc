"""The operations Etsy does not offer, shared by both Etsy channels.

Each raises `UnsupportedOperation` with the seed's words, before any call is made.

Examples:
    >>> UnsupportedEtsyOperations().mark_delivered("1")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [Etsy] Seller can not mark the orders as Delivered and same will not happen from Anchanto OMS.
"""  # noqa: E501

from __future__ import annotations

from typing import NoReturn

from marketplace_sdk.core._capabilities import Capability
from marketplace_sdk.core._errors import UnsupportedOperation
from marketplace_sdk.etsy._capabilities import ETSY_CAPABILITIES

__all__ = ["UnsupportedEtsyOperations"]


def _refuse(capability: Capability) -> NoReturn:
    ETSY_CAPABILITIES.require(capability)
    raise UnsupportedOperation(ETSY_CAPABILITIES.explain(capability), marketplace="Etsy")


class UnsupportedEtsyOperations:
    """Mixed into `EtsyChannel` and `AsyncEtsyChannel`: what the seed rules out.

    Examples:
        >>> UnsupportedEtsyOperations().delete_product("MUG")
        Traceback (most recent call last):
        ...
        marketplace_sdk.core._errors.UnsupportedOperation: [Etsy] Sellers cannot delete products from Anchanto OMS to Etsy store.
    """  # noqa: E501

    def delete_product(self, sku: str) -> NoReturn:
        """Always raises: the seed does not allow deleting Etsy products from the OMS."""
        _refuse(Capability.PRODUCT_DELETION)

    def sync_brands(self) -> NoReturn:
        """Always raises: brands cannot be synced from Etsy."""
        _refuse(Capability.BRAND_SYNC)

    def mark_delivered(self, order_id: str) -> NoReturn:
        """Always raises: only Etsy and the carrier mark orders delivered."""
        _refuse(Capability.MARK_DELIVERED)

    def split_order(self, order_id: str) -> NoReturn:
        """Always raises: the integration does not split orders."""
        _refuse(Capability.ORDER_SPLITTING)

    def get_shipping_label(self, order_id: str) -> NoReturn:
        """Always raises: Etsy provides no shipping labels."""
        _refuse(Capability.MARKETPLACE_SHIPPING_LABELS)
