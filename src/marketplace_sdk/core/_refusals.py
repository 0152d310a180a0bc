"""`RefusedOperations`: the channel methods no marketplace of the SDK offers, on every channel.

The seeds rule out deleting products, syncing brands, marking orders delivered, splitting
orders and fetching shipping labels from the OMS. Every channel has these methods, so an OMS
calling one gets the same typed `UnsupportedOperation` from any marketplace (naming the
marketplace, the method and the limit), never an `AttributeError`. A channel mixes this class
in and has a `capabilities` table; the message comes from `Capabilities.refuse`.

Examples:
    >>> from marketplace_sdk.core._capabilities import Capabilities
    >>> class ShopChannel(RefusedOperations):
    ...     capabilities = Capabilities(marketplace="Shop")
    >>> ShopChannel().sync_brands()
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [Shop] sync_brands: Sync brands: not supported on Shop.
"""  # noqa: E501

from __future__ import annotations

from typing import NoReturn, Protocol

from marketplace_sdk.core._capabilities import Capabilities

__all__ = ["RefusedOperations"]


class _Described(Protocol):
    """What the mixin needs of the channel it is mixed into."""

    @property
    def capabilities(self) -> Capabilities:
        """The channel's capabilities table."""
        ...


class RefusedOperations:
    """Mixed into every channel (sync and async): each method raises `UnsupportedOperation`.

    Examples:
        See the module docstring.
    """

    def delete_product(self: _Described, sku: str) -> NoReturn:
        """Always raises: the seeds do not allow deleting products from the OMS.

        Raises:
            UnsupportedOperation: always, before any call.

        Examples:
            channel.delete_product("MUG-01")  # UnsupportedOperation
        """
        self.capabilities.refuse("delete_product")

    def sync_brands(self: _Described) -> NoReturn:
        """Always raises: brands cannot be synced from the marketplace.

        Raises:
            UnsupportedOperation: always, before any call.

        Examples:
            channel.sync_brands()  # UnsupportedOperation
        """
        self.capabilities.refuse("sync_brands")

    def mark_delivered(self: _Described, order_id: str) -> NoReturn:
        """Always raises: only the marketplace and the carrier mark orders delivered.

        Raises:
            UnsupportedOperation: always, before any call.

        Examples:
            channel.mark_delivered("1234")  # UnsupportedOperation
        """
        self.capabilities.refuse("mark_delivered")

    def split_order(self: _Described, order_id: str) -> NoReturn:
        """Always raises: the integration does not split orders.

        Raises:
            UnsupportedOperation: always, before any call.

        Examples:
            channel.split_order("1234")  # UnsupportedOperation
        """
        self.capabilities.refuse("split_order")

    def get_shipping_label(self: _Described, order_id: str) -> NoReturn:
        """Always raises: no marketplace of the SDK hands shipping labels out through its API.

        Raises:
            UnsupportedOperation: always, before any call.

        Examples:
            channel.get_shipping_label("1234")  # UnsupportedOperation
        """
        self.capabilities.refuse("get_shipping_label")
