"""A listing's inventory: the READ shape Etsy returns and the WRITE shape it accepts.

The two differ (NOTES.md, etsy/open-api #337, #375): on read an offering's price is `Money`
(amount, divisor, currency) and products and offerings carry ids and `is_deleted`; on write the
price is a plain number, and `product_id`, `offering_id`, `is_deleted` and `scale_name` must be
left out (Etsy answers 400 "Array contains invalid keys"), while every offering must carry
`readiness_state_id` (nullable, but present). `updateListingInventory` REPLACES the whole
inventory: `InventoryUpdate.from_inventory` turns what was read into what can be written back, so
a push changes one offering and keeps the others.

Examples:
    >>> read = ListingInventory.model_validate({
    ...     "products": [{"product_id": 1, "sku": "A", "offerings": [{"offering_id": 2,
    ...         "quantity": 3, "is_enabled": True,
    ...         "price": {"amount": 1250, "divisor": 100, "currency_code": "EUR"}}]}]})
    >>> update = InventoryUpdate.from_inventory(read)
    >>> offering = update.products[0].offerings[0]
    >>> offering.to_json()
    {'price': 12.5, 'quantity': 3, 'is_enabled': True, 'readiness_state_id': None}
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field, field_serializer

from marketplace_sdk.etsy._models.common import EtsyModel, EtsyMoney, JsonObject

if TYPE_CHECKING:
    from marketplace_sdk.etsy._models.listing import Listing

__all__ = [
    "InventoryOffering",
    "InventoryOfferingWrite",
    "InventoryProduct",
    "InventoryProductWrite",
    "InventoryUpdate",
    "ListingInventory",
    "PropertyValue",
    "PropertyValueWrite",
]


class PropertyValue(EtsyModel):
    """A property value of a product or a sold item (schema `ListingPropertyValue`).

    Examples:
        >>> PropertyValue(property_id=200, property_name="Color", values=["Red"]).values
        ['Red']
    """

    property_id: int
    property_name: str | None = None
    scale_id: int | None = None
    scale_name: str | None = None
    value_ids: list[int] = Field(default_factory=list)
    values: list[str] = Field(default_factory=list)


class InventoryOffering(EtsyModel):
    """READ: an offering of a product (schema `ListingInventoryProductOffering`).

    Examples:
        >>> InventoryOffering(offering_id=1, quantity=2).quantity
        2
    """

    offering_id: int | None = None
    quantity: int = 0
    is_enabled: bool = True
    is_deleted: bool = False
    price: EtsyMoney | None = None
    readiness_state_id: int | None = None


class InventoryProduct(EtsyModel):
    """READ: a product (one variation combination) of a listing (schema `ListingInventoryProduct`).

    Examples:
        >>> InventoryProduct(product_id=1, sku="RING-7").sku
        'RING-7'
    """

    product_id: int | None = None
    sku: str | None = None
    is_deleted: bool = False
    offerings: list[InventoryOffering] = Field(default_factory=list)
    property_values: list[PropertyValue] = Field(default_factory=list)


class ListingInventory(EtsyModel):
    """READ: `getListingInventory` (schema `ListingInventoryWithAssociations`).

    The `*_on_property` arrays list the property ids on which price, quantity, SKU and
    processing profile vary.

    Examples:
        >>> ListingInventory(products=[], price_on_property=[200]).price_on_property
        [200]
    """

    products: list[InventoryProduct] = Field(default_factory=list)
    price_on_property: list[int] = Field(default_factory=list)
    quantity_on_property: list[int] = Field(default_factory=list)
    sku_on_property: list[int] = Field(default_factory=list)
    readiness_state_on_property: list[int] | None = None
    listing: Listing | None = None


class PropertyValueWrite(EtsyModel):
    """WRITE: a product's property value (no `scale_name`).

    Examples:
        >>> PropertyValueWrite(property_id=200, value_ids=[1], values=["Red"]).to_json()
        {'property_id': 200, 'value_ids': [1], 'values': ['Red']}
    """

    property_id: int
    value_ids: list[int] = Field(default_factory=list)
    values: list[str] = Field(default_factory=list)
    scale_id: int | None = None
    property_name: str | None = None

    def to_json(self) -> JsonObject:
        """The JSON object Etsy accepts (absent optional fields left out)."""
        return self.model_dump(mode="json", exclude_none=True)


class InventoryOfferingWrite(EtsyModel):
    """WRITE: an offering (plain `price`, no ids, `readiness_state_id` always present).

    Examples:
        >>> InventoryOfferingWrite(price=Decimal("9.99"), quantity=1).to_json()
        {'price': 9.99, 'quantity': 1, 'is_enabled': True, 'readiness_state_id': None}
    """

    price: Decimal
    quantity: int = Field(ge=0)
    is_enabled: bool = True
    readiness_state_id: int | None = None

    @field_serializer("price")
    def _price_as_number(self, price: Decimal) -> float:
        # Etsy takes a JSON number; float's shortest repr writes 19.99 as 19.99.
        return float(price)

    def to_json(self) -> JsonObject:
        """The JSON object Etsy accepts."""
        return self.model_dump(mode="json")


class InventoryProductWrite(EtsyModel):
    """WRITE: a product (no `product_id`, no `is_deleted`).

    Examples:
        >>> InventoryProductWrite(sku="A", offerings=[]).to_json()
        {'sku': 'A', 'property_values': [], 'offerings': []}
    """

    sku: str | None = None
    property_values: list[PropertyValueWrite] = Field(default_factory=list)
    offerings: list[InventoryOfferingWrite] = Field(default_factory=list)

    def to_json(self) -> JsonObject:
        """The JSON object Etsy accepts."""
        return {
            "sku": self.sku,
            "property_values": [value.to_json() for value in self.property_values],
            "offerings": [offering.to_json() for offering in self.offerings],
        }


class InventoryUpdate(EtsyModel):
    """WRITE: the body of `updateListingInventory`, which replaces the whole inventory.

    Examples:
        >>> InventoryUpdate(products=[]).to_json()
        {'products': [], 'price_on_property': [], 'quantity_on_property': [], 'sku_on_property': []}
    """

    products: list[InventoryProductWrite]
    price_on_property: list[int] = Field(default_factory=list)
    quantity_on_property: list[int] = Field(default_factory=list)
    sku_on_property: list[int] = Field(default_factory=list)
    readiness_state_on_property: list[int] | None = None

    def to_json(self) -> JsonObject:
        """The JSON body Etsy accepts (`readiness_state_on_property` only when set)."""
        body: JsonObject = {
            "products": [product.to_json() for product in self.products],
            "price_on_property": list(self.price_on_property),
            "quantity_on_property": list(self.quantity_on_property),
            "sku_on_property": list(self.sku_on_property),
        }
        if self.readiness_state_on_property is not None:
            body["readiness_state_on_property"] = list(self.readiness_state_on_property)
        return body

    @classmethod
    def from_inventory(cls, inventory: ListingInventory) -> InventoryUpdate:
        """The write shape of a read inventory: ids, deleted entries and `scale_name` dropped.

        Writing the result back unchanged leaves the listing as it was, which is what a
        read-modify-write of one product's stock or price needs.

        Examples:
            >>> read = ListingInventory.model_validate({"products": [{"sku": "A",
            ...     "property_values": [{"property_id": 513, "values": ["S"]},
            ...                         {"property_id": 514, "values": ["Red"]}]}],
            ...     "sku_on_property": [514, 513, 9]})
            >>> InventoryUpdate.from_inventory(read).sku_on_property  # the products' order
            [513, 514]
        """
        products = []
        for product in inventory.products:
            if product.is_deleted:
                continue
            offerings = [
                InventoryOfferingWrite(
                    price=offering.price.decimal if offering.price else Decimal(0),
                    quantity=offering.quantity,
                    is_enabled=offering.is_enabled,
                    readiness_state_id=offering.readiness_state_id,
                )
                for offering in product.offerings
                if not offering.is_deleted
            ]
            values = [
                PropertyValueWrite(
                    property_id=value.property_id,
                    value_ids=list(value.value_ids),
                    values=list(value.values),
                    scale_id=value.scale_id,
                    property_name=value.property_name,
                )
                for value in product.property_values
            ]
            products.append(
                InventoryProductWrite(sku=product.sku, property_values=values, offerings=offerings)
            )
        return cls(
            products=products,
            price_on_property=_on_property(inventory.price_on_property, products),
            quantity_on_property=_on_property(inventory.quantity_on_property, products),
            sku_on_property=_on_property(inventory.sku_on_property, products),
            readiness_state_on_property=(
                list(inventory.readiness_state_on_property)
                if inventory.readiness_state_on_property
                else None
            ),
        )


def _on_property(read: list[int], products: list[InventoryProductWrite]) -> list[int]:
    """A `*_on_property` array as Etsy accepts it for `products` (ETSY-Q06): the ids the
    products carry, in the order the products carry them (Etsy refuses another order)."""
    order = [value.property_id for value in products[0].property_values] if products else []
    return [property_id for property_id in order if property_id in read]
