"""`getListingInventory` and `updateListingInventory`, with Etsy's write rules.

The write shape differs from the read shape: prices are plain numbers and `product_id`,
`offering_id`, `is_deleted` and `scale_name` are refused ("Array contains invalid keys"). An
update REPLACES the whole inventory: a product left out is gone. Each `*_on_property` array lists
property ids the products use, in the products' order, and the field it names may vary only
across those properties.

Examples:
    >>> body = {"products": [{"sku": "A", "offerings": [
    ...     {"price": 9.5, "quantity": 2, "is_enabled": True, "readiness_state_id": None}]}]}
    >>> inventory = parse_inventory(body, new_id=iter(range(1, 100)).__next__)
    >>> inventory.products[0].offerings[0].price
    Decimal('9.50')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import httpx

from marketplace_sdk.etsy.sandbox._listing_fields import shows_readiness
from marketplace_sdk.etsy.sandbox._listings import check_price
from marketplace_sdk.etsy.sandbox._render import page, render_inventory, render_listing
from marketplace_sdk.etsy.sandbox._state import Inventory, Offering, Product, PropertyValue
from marketplace_sdk.etsy.sandbox._wire import (
    JSON,
    SandboxHTTPError,
    bool_param,
    decimal_value,
    int_list_param,
    int_param,
    json_body,
    str_list_param,
)
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import Behaviours, Router, json_response

__all__ = [
    "ALL_ZERO",
    "keep_left_out",
    "left_out",
    "parse_inventory",
    "register",
    "write_shape",
]

_PRODUCT_KEYS = frozenset({"sku", "property_values", "offerings"})
_OFFERING_KEYS = frozenset({"price", "quantity", "is_enabled", "readiness_state_id"})
_VALUE_KEYS = frozenset({"property_id", "property_name", "scale_id", "value_ids", "values"})
_ON_PROPERTY = ("price_on_property", "quantity_on_property", "sku_on_property")
_BODY_KEYS = frozenset({"products", *_ON_PROPERTY, "readiness_state_on_property"})
_INVALID_KEYS = "Array contains invalid keys"
MAX_QUANTITY = 999
#: Etsy's answer to an inventory whose enabled offerings all have quantity 0 (ETSY-Q01).
ALL_ZERO = "One offering must have quantity greater than 0"


def _object(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise SandboxHTTPError(400, f"{where} must be an object")
    return value


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise SandboxHTTPError(400, f"{where} must be an array")
    return value


def _int(value: object, where: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SandboxHTTPError(400, f"{where} must be an integer")
    if value < minimum or (maximum is not None and value > maximum):
        raise SandboxHTTPError(400, f"{where} is out of range")
    return value


def _keys(item: Mapping[str, object], allowed: frozenset[str]) -> None:
    if not set(item) <= allowed:
        raise SandboxHTTPError(400, _INVALID_KEYS)


def _property_value(raw: object, where: str, value_id: Callable[[int, str], int]) -> PropertyValue:
    item = _object(raw, where)
    _keys(item, _VALUE_KEYS)
    value_ids = [
        _int(v, f"{where}.value_ids", minimum=1) for v in _list(item.get("value_ids"), where)
    ]
    values = [str(v) for v in _list(item.get("values"), f"{where}.values")]
    if not values or (len(values) != len(value_ids) and value_ids):
        raise SandboxHTTPError(400, f"{where}: values and value_ids must pair up")
    if any("(" in v or ")" in v for v in values):
        raise SandboxHTTPError(400, f"{where}: parentheses are not allowed in values")
    scale = item.get("scale_id")
    name = item.get("property_name")
    property_id = _int(item.get("property_id"), f"{where}.property_id", minimum=1)
    if not value_ids:
        # Etsy numbers custom values itself when the seller sends only the text.
        value_ids = [value_id(property_id, value) for value in values]
    return PropertyValue(
        property_id=property_id,
        property_name=str(name) if name is not None else None,
        value_ids=value_ids,
        values=values,
        scale_id=_int(scale, f"{where}.scale_id", minimum=1) if scale is not None else None,
    )


def _quantity(value: object, where: str, maximum: int | None) -> int:
    quantity = _int(value, where)
    if maximum is not None and quantity > maximum:
        raise SandboxHTTPError(400, f"{where} must be at most {maximum}")
    return quantity


def _offering(
    raw: object, where: str, new_id: Callable[[], int], max_quantity: int | None
) -> Offering:
    item = _object(raw, where)
    _keys(item, _OFFERING_KEYS)
    missing = [key for key in ("price", "quantity", "is_enabled") if key not in item]
    if missing:
        raise SandboxHTTPError(400, f"{where} is missing {', '.join(missing)}")
    enabled = item["is_enabled"]
    if not isinstance(enabled, bool):
        raise SandboxHTTPError(400, f"{where}.is_enabled must be a boolean")
    readiness = item.get("readiness_state_id")
    return Offering(
        offering_id=new_id(),
        price=check_price(decimal_value(f"{where}.price", item["price"]), f"{where}.price"),
        quantity=_quantity(item["quantity"], f"{where}.quantity", max_quantity),
        is_enabled=enabled,
        readiness_state_id=(
            _int(readiness, f"{where}.readiness_state_id", minimum=1) if readiness else None
        ),
    )


def parse_inventory(
    body: Mapping[str, object],
    new_id: Callable[[], int],
    *,
    max_properties: int = 2,
    max_quantity: int | None = MAX_QUANTITY,
    check_order: bool = True,
) -> Inventory:
    """Check an `updateListingInventory` body and build the inventory it describes.

    Examples:
        >>> parse_inventory({"products": [{"product_id": 1, "offerings": []}]}, new_id=lambda: 1)
        Traceback (most recent call last):
        ...
        marketplace_sdk.etsy.sandbox._wire.SandboxHTTPError: Array contains invalid keys
    """
    _keys(body, _BODY_KEYS)
    raw_products = _list(body.get("products"), "products")
    if not raw_products:
        raise SandboxHTTPError(400, "products must list at least one product")
    products: list[Product] = []
    assigned: dict[tuple[int, str], int] = {}

    def value_id(property_id: int, value: str) -> int:
        return assigned.setdefault((property_id, value), new_id())

    for index, raw in enumerate(raw_products):
        where = f"products[{index}]"
        item = _object(raw, where)
        _keys(item, _PRODUCT_KEYS)
        raw_offerings = _list(item.get("offerings"), f"{where}.offerings")
        if len(raw_offerings) != 1:
            raise SandboxHTTPError(400, f"{where} must have exactly one offering")
        values = [
            _property_value(value, f"{where}.property_values[{position}]", value_id)
            for position, value in enumerate(_list(item.get("property_values", []), where))
        ]
        offerings = [_offering(raw_offerings[0], f"{where}.offerings[0]", new_id, max_quantity)]
        sku = item.get("sku")
        products.append(Product(new_id(), str(sku or ""), offerings, values))
    on_property = {name: _id_list(body.get(name, []), name) for name in _ON_PROPERTY}
    readiness = _id_list(
        body.get("readiness_state_on_property") or [], "readiness_state_on_property"
    )
    _check_products(products, on_property, max_properties, check_order=check_order)
    return Inventory(
        products=products,
        price_on_property=on_property["price_on_property"],
        quantity_on_property=on_property["quantity_on_property"],
        sku_on_property=on_property["sku_on_property"],
        readiness_state_on_property=readiness,
    )


def _id_list(value: object, name: str) -> list[int]:
    return [_int(item, name, minimum=1) for item in _list(value, name)]


def _check_products(
    products: Sequence[Product],
    on_property: Mapping[str, list[int]],
    max_properties: int,
    *,
    check_order: bool = True,
) -> None:
    order = [value.property_id for value in products[0].property_values]
    if len(order) > max_properties:
        raise SandboxHTTPError(400, f"A listing supports at most {max_properties} variations")
    seen: set[tuple[tuple[str, ...], ...]] = set()
    for product in products:
        if [value.property_id for value in product.property_values] != order:
            raise SandboxHTTPError(400, "Every product must use the same properties, in order")
        combination = tuple(tuple(value.values) for value in product.property_values)
        if combination in seen:
            raise SandboxHTTPError(400, "Two products have the same property values")
        seen.add(combination)
    for name, ids in on_property.items():
        if set(ids) - set(order) or len(set(ids)) != len(ids):
            raise SandboxHTTPError(400, f"{name} must list property ids used by the products")
        # ETSY-Q06: Etsy checks each array against the products' property order.
        if check_order and ids != [pid for pid in order if pid in ids]:
            raise SandboxHTTPError(
                400, f"{name}: property IDs must be in the same order as in products"
            )
        field = name.removesuffix("_on_property")
        groups: dict[tuple[tuple[str, ...], ...], object] = {}
        for product in products:
            key = tuple(
                tuple(value.values) for value in product.property_values if value.property_id in ids
            )
            offer = product.offerings[0]
            current = {"price": offer.price, "quantity": offer.quantity, "sku": product.sku}[field]
            if groups.setdefault(key, current) != current:
                raise SandboxHTTPError(
                    400, f"{field} varies across products but {name} does not say on which property"
                )


def _name_properties(world: World, inventory: Inventory) -> None:
    """Etsy fills in `property_name` from the taxonomy when the seller leaves it out."""
    names = {
        prop.property_id: prop.display_name for node in world.nodes() for prop in node.properties
    }
    for product in inventory.products:
        for value in product.property_values:
            if value.property_name is None:
                value.property_name = names.get(value.property_id)


def _check_readiness(world: World, inventory: Inventory) -> None:
    for product in inventory.products:
        for offer in product.offerings:
            wanted = offer.readiness_state_id
            if wanted is not None and wanted not in world.processing_profiles:
                raise SandboxHTTPError(
                    400, f"readiness_state_id {wanted} is not a processing profile of this shop"
                )


def _combination(product: Product) -> tuple[object, ...]:
    if product.property_values:
        return tuple(tuple(value.values) for value in product.property_values)
    return ("sku", product.sku)


def left_out(before: Inventory, after: Inventory) -> list[Product]:
    """The products of `before` that `after` no longer has (Etsy keeps them as deleted).

    Examples:
        >>> from decimal import Decimal
        >>> a = Product(1, "A", [Offering(2, Decimal("1"), 1)])
        >>> b = Product(3, "B", [Offering(4, Decimal("1"), 1)])
        >>> [p.sku for p in left_out(Inventory([a, b]), Inventory([b]))]
        ['A']
    """
    kept = {_combination(product) for product in after.products}
    gone = [product for product in before.products if _combination(product) not in kept]
    return [*before.deleted, *gone]


def keep_left_out(before: Inventory, after: Inventory) -> None:
    """The spec's reading of a partial write (ETSY-Q05 off): products left out stay as they were.

    Examples:
        >>> from decimal import Decimal
        >>> a = Product(1, "A", [Offering(2, Decimal("1"), 1)])
        >>> b = Product(3, "B", [Offering(4, Decimal("1"), 5)])
        >>> after = Inventory([Product(5, "B", [Offering(6, Decimal("1"), 2)])])
        >>> keep_left_out(Inventory([a, b]), after)
        >>> [(p.sku, p.quantity) for p in after.products]
        [('B', 2), ('A', 1)]
    """
    written = {_combination(product) for product in after.products}
    after.products.extend(
        product for product in before.products if _combination(product) not in written
    )


def write_shape(body: Mapping[str, object]) -> dict[str, object]:
    """The spec's reading (ETSY-Q04 off): a body in the read shape, turned into the write shape.

    Ids, `is_deleted` and `scale_name` are dropped and Money prices become numbers.

    Examples:
        >>> body = {"products": [{"product_id": 1, "sku": "A", "is_deleted": False,
        ...     "offerings": [{"offering_id": 2, "is_deleted": False, "quantity": 1,
        ...     "is_enabled": True, "price": {"amount": 950, "divisor": 100,
        ...     "currency_code": "EUR"}}]}]}
        >>> write_shape(body)["products"][0]["offerings"][0]["price"]
        '9.5'
    """
    dropped = {"product_id", "offering_id", "is_deleted", "scale_name", "listing"}

    def clean(value: object) -> object:
        if isinstance(value, list):
            return [clean(item) for item in value]
        if not isinstance(value, dict):
            return value
        if {"amount", "divisor"} <= set(value):
            amount, divisor = value["amount"], value["divisor"]
            if isinstance(amount, int) and isinstance(divisor, int) and divisor > 0:
                return str(Decimal(amount) / Decimal(divisor))
        return {key: clean(item) for key, item in value.items() if key not in dropped}

    cleaned = clean(dict(body))
    assert isinstance(cleaned, dict)
    return cleaned


def register(router: Router, world: World) -> None:
    """Add the inventory routes for `world` to `router`.

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._routes import router_for
        >>> request = httpx.Request("PUT", "http://s/v3/application/listings/1/inventory")
        >>> router_for(register).operation_of(request)
        'updateListingInventory'
    """

    # Registered before the `{listing_id}` routes, which "batch" would otherwise match.
    @router.route(
        "GET",
        "/v3/application/listings/batch/inventory",
        operation="getListingsInventoryByListingIds",
    )
    def get_inventories(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        ids = list(dict.fromkeys(int_list_param(request, "listing_ids")))
        if not ids or len(ids) > 100:
            raise SandboxHTTPError(400, "listing_ids must list 1 to 100 ids")
        missing = [listing_id for listing_id in ids if listing_id not in world.listings]
        if missing:
            # One unknown id fails the whole call, as on Etsy.
            raise SandboxHTTPError(404, f"Listings not found: {missing}")
        currency = world.seller.currency
        # ETSY-Q12: this endpoint is neither shop-scoped nor single-listing.
        readiness = not world.behaviours.on("ETSY-Q12")
        results = [
            render_listing(world.listings[i], currency, includes=["Inventory"], readiness=readiness)
            for i in ids
        ]
        return json_response(200, page(results))

    @router.route(
        "GET", "/v3/application/listings/{listing_id}/inventory", operation="getListingInventory"
    )
    def get_listing_inventory(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        listing = world.listing(int(params["listing_id"]))
        if listing.shop_id != world.seller.shop_id:
            raise SandboxHTTPError(403, "You do not have permission to read this inventory")
        show_deleted = bool_param(request, "show_deleted")
        body: JSON = render_inventory(
            listing.inventory,
            world.seller.currency,
            show_deleted=bool(show_deleted) or not world.behaviours.on("ETSY-Q35"),
            readiness=shows_readiness(world, listing),
        )
        wanted = [name.lower() for name in str_list_param(request, "includes")]
        body["listing"] = (
            render_listing(listing, world.seller.currency) if "listing" in wanted else None
        )
        return json_response(200, body)

    @router.route(
        "PUT", "/v3/application/listings/{listing_id}/inventory", operation="updateListingInventory"
    )
    def update_listing_inventory(
        request: httpx.Request, params: Mapping[str, str]
    ) -> httpx.Response:
        listing = world.listing(int(params["listing_id"]))
        if listing.shop_id != world.seller.shop_id:
            raise SandboxHTTPError(403, "You do not have permission to update this inventory")
        behaviours = world.behaviours
        max_properties = int_param(
            request, "max_variations_supported", default=2, minimum=2, maximum=3
        )
        assert max_properties is not None
        if not behaviours.on("ETSY-Q33"):
            # The spec's reading: three variations need no opt-in.
            max_properties = 3
        body = json_body(request)
        if not behaviours.on("ETSY-Q04"):
            body = write_shape(body)
        inventory = parse_inventory(
            body,
            world.new_id,
            max_properties=max_properties,
            max_quantity=MAX_QUANTITY if _ceiling(behaviours) else None,
            check_order=behaviours.on("ETSY-Q06"),
        )
        if behaviours.on("ETSY-Q01") and not any(
            offer.is_enabled and offer.quantity > 0
            for product in inventory.products
            for offer in product.offerings
        ):
            # Whatever the listing's state: only buyers can sell a listing out.
            raise SandboxHTTPError(400, ALL_ZERO)
        if not behaviours.on("ETSY-Q05"):
            keep_left_out(listing.inventory, inventory)
        _name_properties(world, inventory)
        _check_readiness(world, inventory)
        inventory.deleted = left_out(listing.inventory, inventory)
        listing.inventory = inventory
        now = world.now()
        listing.updated = now
        if listing.state == "active" and listing.quantity == 0:
            listing.state, listing.state_changed = "sold_out", now
        elif listing.state == "sold_out" and listing.quantity > 0 and not behaviours.on("ETSY-Q03"):
            # The spec's reading; on Etsy a restock does not renew a sold-out listing.
            listing.state, listing.state_changed = "active", now
        return json_response(200, render_inventory(inventory, world.seller.currency))


def _ceiling(behaviours: Behaviours) -> bool:
    # ETSY-Q37 is unconfirmed: its ceiling applies while its reading is switched on.
    return behaviours.on("ETSY-Q37") and behaviours.on("ETSY-Q37.quantity-ceiling")
