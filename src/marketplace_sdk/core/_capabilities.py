"""What a channel can and cannot do, as a frozen table (from the seeds' features and limits).

Each marketplace package holds its instance (`etsy.capabilities.ETSY_CAPABILITIES`,
`fnac.capabilities.FNAC_CAPABILITIES`) with the seed's words for every behaviour, so a
refused operation names the limit, and the docs render the same table.

Examples:
    >>> caps = Capabilities(
    ...     marketplace="Shop",
    ...     activate_deactivate=False,
    ...     shipping_modes=frozenset({ShippingMode.SELF_SHIP}),
    ...     explanations={"activate_deactivate": "Sellers cannot activate or deactivate products."},
    ... )
    >>> caps.supports(Capability.ACTIVATE_DEACTIVATE)
    False
    >>> caps.require(Capability.ACTIVATE_DEACTIVATE)
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [Shop] Sellers cannot activate or deactivate products.
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import NoReturn

import attrs

from marketplace_sdk.core._errors import UnsupportedOperation

__all__ = [
    "CAPABILITY_TITLES",
    "OPERATION_CAPABILITIES",
    "REFUSABLE_OPERATIONS",
    "Capabilities",
    "Capability",
    "CapabilityRow",
    "ShippingMode",
    "comparison_markdown",
]


class Capability(StrEnum):
    """The yes/no behaviours the seeds name; each value is a `Capabilities` field name.

    Examples:
        >>> Capability("price_push") is Capability.PRICE_PUSH
        True
    """

    PRODUCT_IMPORT = "product_import"
    VARIATION_PRODUCT_IMPORT = "variation_product_import"
    VARIATION_PRODUCT_LISTING = "variation_product_listing"
    SINGLE_LISTING = "single_listing"
    BULK_LISTING_FILE = "bulk_listing_file"
    ACTIVATE_DEACTIVATE = "activate_deactivate"
    PRODUCT_DELETION = "product_deletion"
    BRAND_SYNC = "brand_sync"
    AUTO_PRODUCT_UPDATE = "auto_product_update"
    PRICE_PUSH = "price_push"
    STOCK_PUSH = "stock_push"
    ORDER_SPLITTING = "order_splitting"
    PARTIAL_ORDER_FULFILMENT = "partial_order_fulfilment"
    MARK_DELIVERED = "mark_delivered"
    MARKETPLACE_SHIPPING_LABELS = "marketplace_shipping_labels"
    ORDER_ACCEPTANCE_REQUIRED = "order_acceptance_required"


class ShippingMode(StrEnum):
    """Who ships an order.

    Examples:
        >>> ShippingMode.SELF_SHIP.value
        'self_ship'
    """

    SELF_SHIP = "self_ship"
    """The seller ships (own carrier contracts or the OMS's integrated carriers)."""
    MARKETPLACE = "shipped_by_marketplace"
    """The marketplace's shipping programme ships ("Shipped by sales channel")."""


#: A short human title for each behaviour (and for `shipping_modes`), for tables and messages.
CAPABILITY_TITLES: Mapping[str, str] = MappingProxyType(
    {
        Capability.PRODUCT_IMPORT: "Import products (name, SKU, price, stock, first image)",
        Capability.VARIATION_PRODUCT_IMPORT: "Import group (variation) products",
        Capability.VARIATION_PRODUCT_LISTING: "List group (variation) products",
        Capability.SINGLE_LISTING: "List single products one by one",
        Capability.BULK_LISTING_FILE: "List and update from a bulk file (Excel template)",
        Capability.ACTIVATE_DEACTIVATE: "Activate / deactivate products",
        Capability.PRODUCT_DELETION: "Delete products",
        Capability.BRAND_SYNC: "Sync brands",
        Capability.AUTO_PRODUCT_UPDATE: "Update products automatically from the marketplace",
        Capability.PRICE_PUSH: "Push prices",
        Capability.STOCK_PUSH: "Push stock",
        Capability.ORDER_SPLITTING: "Split orders",
        Capability.PARTIAL_ORDER_FULFILMENT: "Fulfil a Partial order in parts",
        "shipping_modes": "Shipping modes",
        Capability.MARK_DELIVERED: "Mark orders delivered from the OMS",
        Capability.MARKETPLACE_SHIPPING_LABELS: "Shipping labels from the marketplace side",
        Capability.ORDER_ACCEPTANCE_REQUIRED: "Orders must be accepted by the seller",
    }
)


#: The channel methods a behaviour decides: a channel whose marketplace lacks the behaviour
#: raises `UnsupportedOperation` from them, naming the marketplace and the method, before any
#: call (`set_active` is the protocol's; the others every channel has through
#: `marketplace_sdk.core.RefusedOperations`).
OPERATION_CAPABILITIES: Mapping[str, Capability] = MappingProxyType(
    {
        "set_active": Capability.ACTIVATE_DEACTIVATE,
        "delete_product": Capability.PRODUCT_DELETION,
        "sync_brands": Capability.BRAND_SYNC,
        "mark_delivered": Capability.MARK_DELIVERED,
        "split_order": Capability.ORDER_SPLITTING,
        "get_shipping_label": Capability.MARKETPLACE_SHIPPING_LABELS,
    }
)
#: The operations no marketplace of the SDK offers yet: every channel has them, and raises.
REFUSABLE_OPERATIONS = (
    "delete_product",
    "sync_brands",
    "mark_delivered",
    "split_order",
    "get_shipping_label",
)


def _frozen_text(explanations: Mapping[str, str]) -> Mapping[str, str]:
    # An operation's own entry explains why a channel refuses it although the marketplace
    # has the behaviour (FNAC prints labels, but its API does not hand them out).
    known = {*Capability, "shipping_modes", *OPERATION_CAPABILITIES}
    unknown = sorted(set(explanations) - known)
    if unknown:
        raise ValueError(f"explanations for unknown capabilities: {unknown}")
    return MappingProxyType(dict(explanations))


@attrs.frozen
class CapabilityRow:
    """One line of a capabilities table (for docs and support tools).

    Examples:
        >>> CapabilityRow("price_push", "Push prices", "yes", "Sellers can update prices.").value
        'yes'
    """

    name: str
    title: str
    value: str
    explanation: str


@attrs.frozen(kw_only=True)
class Capabilities:
    """A marketplace's behaviours, each a yes/no from the seeds, plus its shipping modes.

    The defaults are the seeds' limits shared by both marketplaces (no product deletion, no
    brand sync, no automatic product update, no order splitting). `order_acceptance_required`
    is not something the channel can or cannot do: it says the seller must accept each order
    (`Channel.accept_order`) before shipping it.

    Attributes:
        marketplace: the marketplace's display name, used in messages.
        explanations: the seed's words for each behaviour, by field name.

    Examples:
        >>> Capabilities(marketplace="Shop").supports("product_deletion")
        False
    """

    marketplace: str
    product_import: bool = True
    variation_product_import: bool = False
    variation_product_listing: bool = False
    single_listing: bool = True
    bulk_listing_file: bool = False
    activate_deactivate: bool = False
    product_deletion: bool = False
    brand_sync: bool = False
    auto_product_update: bool = False
    price_push: bool = True
    stock_push: bool = True
    order_splitting: bool = False
    partial_order_fulfilment: bool = False
    shipping_modes: frozenset[ShippingMode] = frozenset({ShippingMode.SELF_SHIP})
    mark_delivered: bool = False
    marketplace_shipping_labels: bool = False
    order_acceptance_required: bool = False
    explanations: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_text)

    def supports(self, capability: Capability | str) -> bool:
        """Whether the marketplace has this behaviour.

        Examples:
            >>> Capabilities(marketplace="Shop").supports(Capability.PRICE_PUSH)
            True
        """
        value: bool = getattr(self, Capability(capability).value)
        return value

    def explain(self, capability: Capability | str) -> str:
        """The seed's words for a behaviour (or a generic sentence when there are none).

        Examples:
            >>> Capabilities(marketplace="Shop").explain("brand_sync")
            'Sync brands: not supported on Shop.'
        """
        name = str(capability)
        if name in self.explanations:
            return self.explanations[name]
        state = "supported" if name == "shipping_modes" or self.supports(name) else "not supported"
        return f"{CAPABILITY_TITLES[name]}: {state} on {self.marketplace}."

    def require(self, capability: Capability | str) -> None:
        """Do nothing when the behaviour is supported; else raise, naming the limit.

        Raises:
            UnsupportedOperation: the marketplace lacks the behaviour; the message is the
                seed's words.

        Examples:
            >>> Capabilities(marketplace="Shop").require("stock_push")
        """
        if not self.supports(capability):
            raise UnsupportedOperation(self.explain(capability), marketplace=self.marketplace)

    def refuse(self, operation: str) -> NoReturn:
        """Raise `UnsupportedOperation` for a channel method, naming the marketplace and it.

        The message is the operation's own explanation when the table has one, else the
        seed's words for the behaviour that decides it (`OPERATION_CAPABILITIES`).

        Raises:
            UnsupportedOperation: always.

        Examples:
            >>> Capabilities(marketplace="Shop").refuse("delete_product")
            Traceback (most recent call last):
            ...
            marketplace_sdk.core._errors.UnsupportedOperation: [Shop] delete_product: Delete products: not supported on Shop.
        """  # noqa: E501
        if operation in self.explanations:
            reason = self.explanations[operation]
        elif operation in OPERATION_CAPABILITIES:
            capability = OPERATION_CAPABILITIES[operation]
            reason = self.explain(capability)
            if self.supports(capability):
                reason = f"the SDK's {self.marketplace} channel does not offer it ({reason})"
        else:
            reason = f"not supported on {self.marketplace}"
        raise UnsupportedOperation(f"{operation}: {reason}", marketplace=self.marketplace)

    def operations_markdown(self) -> str:
        """The channel methods a behaviour decides, as a Markdown table: offered, or what the
        `UnsupportedOperation` they raise says.

        Examples:
            >>> print(Capabilities(marketplace="Shop").operations_markdown().splitlines()[2])
            | `set_active` | raises `UnsupportedOperation`: Activate / deactivate products: not supported on Shop. |
        """  # noqa: E501
        lines = [f"| Channel method | {self.marketplace} |", "|---|---|"]
        for operation, capability in OPERATION_CAPABILITIES.items():
            offered = operation not in REFUSABLE_OPERATIONS and self.supports(capability)
            if offered and operation not in self.explanations:
                cell = "offered"
            else:
                try:
                    self.refuse(operation)
                except UnsupportedOperation as error:
                    reason = error.message.split(": ", 1)[1]
                cell = "raises `UnsupportedOperation`: " + reason.replace("|", "\\|")
            lines.append(f"| `{operation}` | {cell} |")
        return "\n".join(lines)

    def require_shipping_mode(self, mode: ShippingMode) -> None:
        """Raise `UnsupportedOperation` unless the marketplace offers shipping `mode`.

        Examples:
            >>> Capabilities(marketplace="Shop").require_shipping_mode(ShippingMode.SELF_SHIP)
        """
        if mode not in self.shipping_modes:
            raise UnsupportedOperation(
                f"{_MODE_TITLES[mode]} is not supported ({self.explain('shipping_modes')})",
                marketplace=self.marketplace,
            )

    def rows(self) -> Iterator[CapabilityRow]:
        """Every behaviour in field order, with yes/no (or the modes) and the explanation.

        Examples:
            >>> next(Capabilities(marketplace="Shop").rows()).value
            'yes'
        """
        for name, title in CAPABILITY_TITLES.items():
            if name == "shipping_modes":
                modes = sorted(self.shipping_modes, key=list(ShippingMode).index)
                value = ", ".join(_MODE_TITLES[mode] for mode in modes)
            else:
                value = "yes" if self.supports(name) else "no"
            yield CapabilityRow(name, title, value, self.explain(name))

    def markdown(self) -> str:
        """The capabilities as a Markdown table: behaviour, yes/no, the seed's explanation.

        Examples:
            >>> print(Capabilities(marketplace="Shop").markdown().splitlines()[0])
            | Behaviour | Shop | Seed says |
        """
        lines = [f"| Behaviour | {self.marketplace} | Seed says |", "|---|---|---|"]
        for row in self.rows():
            explanation = row.explanation.replace("|", "\\|").replace("*", "\\*").replace("\n", " ")
            lines.append(f"| {row.title} | {row.value} | {explanation} |")
        return "\n".join(lines)


_MODE_TITLES: Mapping[ShippingMode, str] = MappingProxyType(
    {ShippingMode.SELF_SHIP: "self ship", ShippingMode.MARKETPLACE: "shipped by the marketplace"}
)


def comparison_markdown(*capabilities: Capabilities) -> str:
    """A Markdown table comparing several marketplaces, one column each.

    Examples:
        >>> a, b = Capabilities(marketplace="A"), Capabilities(marketplace="B")
        >>> comparison_markdown(a, b).splitlines()[0]
        '| Behaviour | A | B |'
    """
    header = "| Behaviour | " + " | ".join(caps.marketplace for caps in capabilities) + " |"
    lines = [header, "|---" * (len(capabilities) + 1) + "|"]
    columns = [list(caps.rows()) for caps in capabilities]
    for index, (_, title) in enumerate(CAPABILITY_TITLES.items()):
        cells = " | ".join(column[index].value for column in columns)
        lines.append(f"| {title} | {cells} |")
    return "\n".join(lines)
