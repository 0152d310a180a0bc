"""Etsy listings, taxonomy nodes and properties mapped to the canonical catalogue records.

A listing whose inventory has one product without property values is a single product; any
other listing is a group product whose `variants` are its inventory products. Etsy has no SKU
for a whole listing, so a group product's `sku` is `etsy-listing-<listing_id>` (see
`group_sku`); its variants carry the seller's SKUs.

Examples:
    >>> listing = Listing.model_validate({"listing_id": 7, "title": "Mug", "state": "active",
    ...     "inventory": {"products": [{"product_id": 1, "sku": "MUG", "offerings": [
    ...         {"offering_id": 2, "quantity": 4,
    ...          "price": {"amount": 1250, "divisor": 100, "currency_code": "EUR"}}]}]}})
    >>> product = listing_to_product(listing)
    >>> product.sku, str(product.price), product.stock, product.marketplace_id
    ('MUG', '12.50 EUR', 4, '7')
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import JsonValue

from marketplace_sdk.core._models import Category, CategoryAttribute, Product, Variant
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._records import mapping_record
from marketplace_sdk.etsy._models import (
    InventoryOffering,
    InventoryProduct,
    Listing,
    ListingState,
    SellerTaxonomyNode,
    TaxonomyNodeProperty,
)
from marketplace_sdk.etsy._pricing import from_etsy_money

__all__ = [
    "category_attribute",
    "group_listing_id",
    "group_sku",
    "is_group_listing",
    "listing_skus",
    "listing_to_product",
    "node_to_category",
    "walk_categories",
]


def group_sku(listing_id: int) -> str:
    """The SKU given to a variation listing as a whole (Etsy has none for it).

    Examples:
        >>> group_sku(42)
        'etsy-listing-42'
    """
    return f"etsy-listing-{listing_id}"


def group_listing_id(sku: str) -> int | None:
    """The listing id a `group_sku` names, `None` for any other SKU.

    Examples:
        >>> group_listing_id("etsy-listing-42"), group_listing_id("MUG-01")
        (42, None)
        >>> group_listing_id("etsy-listing-x") is None
        True
    """
    prefix = "etsy-listing-"
    rest = sku[len(prefix) :] if sku.startswith(prefix) else ""
    return int(rest) if rest.isascii() and rest.isdigit() else None


def _live_products(listing: Listing) -> list[InventoryProduct]:
    if listing.inventory is None:
        return []
    return [product for product in listing.inventory.products if not product.is_deleted]


def _offering(product: InventoryProduct) -> InventoryOffering | None:
    live = [offering for offering in product.offerings if not offering.is_deleted]
    return live[0] if live else None


def is_group_listing(listing: Listing) -> bool:
    """Whether the listing has variations (several products, or products with property values).

    Examples:
        >>> is_group_listing(Listing(listing_id=1))
        False
    """
    products = _live_products(listing)
    return len(products) > 1 or any(product.property_values for product in products)


def listing_skus(listing: Listing) -> tuple[str, ...]:
    """The seller SKUs of a listing's inventory products, in inventory order.

    Examples:
        >>> listing_skus(Listing(listing_id=1, skus=["A"]))
        ('A',)
    """
    products = _live_products(listing)
    if not products:
        return tuple(sku.strip() for sku in listing.skus if sku.strip())
    return tuple(p.sku.strip() for p in products if p.sku is not None and p.sku.strip())


def _price(offering: InventoryOffering | None, listing: Listing) -> Money | None:
    if offering is not None and offering.price is not None:
        return from_etsy_money(offering.price)
    return from_etsy_money(listing.price) if listing.price is not None else None


def _variant(product: InventoryProduct, listing: Listing) -> Variant | None:
    if product.sku is None or not product.sku.strip():
        return None
    offering = _offering(product)
    attributes = {
        (value.property_name or str(value.property_id)): ", ".join(value.values)
        for value in product.property_values
    }
    return Variant(
        sku=product.sku,
        price=_price(offering, listing),
        stock=offering.quantity if offering is not None else None,
        attributes=attributes,
        active=offering.is_enabled if offering is not None else None,
        marketplace_id=str(product.product_id) if product.product_id is not None else None,
        raw=product.model_dump(mode="json"),
    )


def listing_to_product(listing: Listing) -> Product | None:
    """The canonical product of a listing fetched with `includes=Inventory,Images`.

    Returns `None` for a single-product listing without a SKU (the OMS cannot match it).

    Raises:
        RecordError: the listing cannot be mapped (a price that is not exact or not in an ISO
            4217 currency, a negative quantity, a timestamp out of range, ...).

    Examples:
        >>> listing_to_product(Listing(listing_id=1, title="No SKU")) is None
        True
    """
    raw = listing.model_dump(mode="json")
    with mapping_record("product", record_id=listing.listing_id, raw=raw, marketplace="etsy"):
        return _product(listing, raw)


def _product(listing: Listing, raw: JsonValue) -> Product | None:
    image = listing.first_image
    common = {
        "title": listing.title,
        "image_urls": (image.url_fullxfull,) if image is not None and image.url_fullxfull else (),
        "active": listing.state is ListingState.ACTIVE,
        "draft": listing.state is ListingState.DRAFT,
        "marketplace_id": str(listing.listing_id),
        "category_id": str(listing.taxonomy_id) if listing.taxonomy_id is not None else None,
        "updated_at": listing.updated_at,
        "raw": raw,
    }
    products = _live_products(listing)
    if is_group_listing(listing):
        variants = tuple(v for v in (_variant(p, listing) for p in products) if v is not None)
        prices = [v.price for v in variants if v.price is not None]
        stocks = [v.stock for v in variants if v.stock is not None]
        return Product.model_validate(
            {
                **common,
                "sku": group_sku(listing.listing_id),
                "price": min(prices, key=lambda money: money.amount) if prices else None,
                "stock": sum(stocks) if stocks else listing.quantity,
                "marketplace_ids": {"listing_id": str(listing.listing_id)},
                "variants": variants,
            }
        )
    skus = listing_skus(listing)
    if not skus:
        return None
    product = products[0] if products else None
    offering = _offering(product) if product is not None else None
    ids = {"listing_id": str(listing.listing_id)}
    if product is not None and product.product_id is not None:
        ids["product_id"] = str(product.product_id)
    if offering is not None and offering.offering_id is not None:
        ids["offering_id"] = str(offering.offering_id)
    return Product.model_validate(
        {
            **common,
            "sku": skus[0],
            "price": _price(offering, listing),
            "stock": offering.quantity if offering is not None else listing.quantity,
            "marketplace_ids": ids,
        }
    )


def node_to_category(node: SellerTaxonomyNode) -> Category:
    """A taxonomy node as a `Category` (a node without children is a leaf).

    Examples:
        >>> node_to_category(SellerTaxonomyNode(id=2, name="Rings", parent_id=1)).parent_id
        '1'
    """
    return Category(
        id=str(node.id),
        name=node.name,
        parent_id=str(node.parent_id) if node.parent_id is not None else None,
        is_leaf=not node.children,
        raw=node.model_dump(mode="json", exclude={"children"}),
    )


def walk_categories(roots: list[SellerTaxonomyNode]) -> Iterator[Category]:
    """Every node of the tree under `roots`, depth first, as categories.

    Examples:
        >>> root = SellerTaxonomyNode(id=1, name="Art", children=[SellerTaxonomyNode(id=2)])
        >>> [c.id for c in walk_categories([root])]
        ['1', '2']
    """
    for root in roots:
        for node in root.walk():
            yield node_to_category(node)


def category_attribute(prop: TaxonomyNodeProperty, category_id: str) -> CategoryAttribute:
    """A taxonomy property as a `CategoryAttribute` of `category_id`.

    Examples:
        >>> attr = category_attribute(TaxonomyNodeProperty(property_id=200, name="color",
        ...     display_name="Color", is_required=True), "5")
        >>> attr.id, attr.name, attr.required
        ('200', 'Color', True)
    """
    return CategoryAttribute(
        id=str(prop.property_id),
        name=prop.display_name or prop.name,
        category_id=category_id,
        required=prop.is_required,
        allowed_values=tuple(value.name for value in prop.possible_values),
        multi_valued=bool(prop.is_multivalued),
        raw=prop.model_dump(mode="json"),
    )
