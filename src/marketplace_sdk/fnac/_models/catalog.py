"""Reference look-ups: `carriers_query` (the carriers a shop may name) and `pricing_query`.

`pricing_query` compares prices on up to 10 products per call (the endpoint splits); a product
FNAC does not know comes back with its own `errors` rather than failing the call.

Examples:
    >>> from marketplace_sdk.fnac._xml import to_bytes
    >>> body = to_bytes(PricingQueryRequest(product_references=[
    ...     ProductReference(value="9780262510875")]).to_xml())
    >>> b'<product_reference type="Ean">9780262510875</product_reference>' in body
    True
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Self

from lxml import etree
from pydantic import Field

from marketplace_sdk.fnac._models.common import (
    ERRORS,
    FnacError,
    FnacModel,
    FnacResponse,
    OptDecimal,
    OptInt,
    OptStr,
    ProductReferenceType,
    ProductStateValue,
    Repeated,
)
from marketplace_sdk.fnac._xml import child, child_text, element, sub_element

__all__ = [
    "MAX_PRICING_REFERENCES",
    "Carrier",
    "CarriersQueryRequest",
    "CarriersQueryResponse",
    "PricingOffer",
    "PricingProduct",
    "PricingQueryRequest",
    "PricingQueryResponse",
    "PricingSellers",
    "ProductReference",
]

#: `pricing_query` answers ERR_105 beyond 10 product references.
MAX_PRICING_REFERENCES = 10


class CarriersQueryRequest(FnacModel):
    """The body of `carriers_query` (the only query FNAC defines is `all`).

    Examples:
        >>> CarriersQueryRequest().service
        'carriers_query'
    """

    service: ClassVar[str] = "carriers_query"

    def to_xml(self) -> etree._Element:
        """The `<carriers_query>` document."""
        root = element(self.service)
        sub_element(root, "query", "all")
        return root


class Carrier(FnacModel):
    """A carrier the shop may name in `tracking_company`.

    Examples:
        >>> Carrier(code="UPS", name="UPS", is_global=True).code
        'UPS'
    """

    code: str
    name: OptStr = None
    is_global: bool = False

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read a `<carrier code=... global=...>` element."""
        return cls(
            code=node.get("code") or "",
            name=child_text(node, "name"),
            is_global=(node.get("global") or "").strip() == "1",
        )


class CarriersQueryResponse(FnacResponse):
    """The carriers FNAC knows for this shop.

    Examples:
        >>> CarriersQueryResponse(carriers=[Carrier(code="DHL")]).carriers[0].code
        'DHL'
    """

    carriers: list[Carrier] = Field(default_factory=list)

    repeated = (Repeated("carriers", "carrier", Carrier),)


class PricingSellers(StrEnum):
    """Whose offers `pricing_query` compares (`pricing_sellers`).

    Examples:
        >>> PricingSellers.OTHERS.value
        'others'
    """

    ALL = "all"
    OTHERS = "others"


class ProductReference(FnacModel):
    """A product identified by EAN, ISBN, FNAC id, ...

    Examples:
        >>> ProductReference(value="2359109693", type=ProductReferenceType.ISBN).type.value
        'Isbn'
    """

    value: str
    type: ProductReferenceType = ProductReferenceType.EAN


class PricingQueryRequest(FnacModel):
    """The body of `pricing_query` (10 references at most; the endpoint splits longer lists).

    Examples:
        >>> PricingQueryRequest(product_references=[ProductReference(value="1")]).service
        'pricing_query'
    """

    service: ClassVar[str] = "pricing_query"

    product_references: list[ProductReference] = Field(
        min_length=1, max_length=MAX_PRICING_REFERENCES
    )
    sellers: PricingSellers | None = None

    def to_xml(self) -> etree._Element:
        """The `<pricing_query>` document."""
        root = element(self.service)
        if self.sellers is not None:
            root.set("sellers", self.sellers.value)
        for reference in self.product_references:
            sub_element(root, "product_reference", reference.value, type=reference.type.value)
        return root


class PricingOffer(FnacModel):
    """One competing offer on a product (`pricing`).

    Examples:
        >>> PricingOffer(type="professional", price="41.48", offer_status="11").price
        Decimal('41.48')
    """

    type: OptStr = None
    evaluation: OptDecimal = None
    nb_orders: OptInt = None
    seller: OptStr = None
    seller_url: OptStr = None
    price: OptDecimal = None
    shipping_price: OptDecimal = None
    offer_status: ProductStateValue = None

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read a `<pricing type=...>` element."""
        return cls.read(node, type=node.get("type"))


class PricingProduct(FnacModel):
    """Prices seen on one product, or the `errors` FNAC gave for it (ERR_120: not found).

    Examples:
        >>> PricingProduct(product_reference="007").errors
        []
    """

    product_reference: OptStr = None
    product_reference_type: OptStr = None
    ean: OptStr = None
    product_url: OptStr = None
    product_name: OptStr = None
    image_url: OptStr = None
    seller_price: OptDecimal = None
    seller_shipping: OptDecimal = None
    seller_offer_sku: OptStr = None
    seller_offer_state: OptInt = None
    seller_adherent_price: OptDecimal = None
    seller_adherent_shipping: OptDecimal = None
    seller_adherent_offer_state: OptInt = None
    seller_adherent_offer_sku: OptStr = None
    new_price: OptDecimal = None
    new_shipping: OptDecimal = None
    refurbished_price: OptDecimal = None
    refurbished_shipping: OptDecimal = None
    used_price: OptDecimal = None
    used_shipping: OptDecimal = None
    new_adherent_price: OptDecimal = None
    new_adherent_shipping: OptDecimal = None
    refurbished_adherent_price: OptDecimal = None
    refurbished_adherent_shipping: OptDecimal = None
    used_adherent_price: OptDecimal = None
    used_adherent_shipping: OptDecimal = None
    pricings: list[PricingOffer] = Field(default_factory=list)
    errors: list[FnacError] = Field(default_factory=list)

    repeated = (Repeated("pricings", "pricing", PricingOffer), ERRORS)

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read a `<pricing_product>` element."""
        reference = child(node, "product_reference")
        kind = reference.get("type", "") if reference is not None else ""
        return cls.read(node, product_reference_type=kind)


class PricingQueryResponse(FnacResponse):
    """One entry per product asked about.

    Examples:
        >>> PricingQueryResponse().products
        []
    """

    products: list[PricingProduct] = Field(default_factory=list)

    repeated = (Repeated("products", "pricing_product", PricingProduct),)
