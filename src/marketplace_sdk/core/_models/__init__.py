"""Canonical records: what every channel reads and writes, in the OMS's words.

All records are frozen pydantic models; money is `Money` (Decimal), times are timezone-aware
UTC, SKUs are stripped of surrounding spaces and never empty. JSON round-trips exactly.

Records built from a marketplace payload (`Record` subclasses) keep it in `.raw` for support.
`raw` is left out of `repr`, of equality and of JSON (the OMS stores the canonical record;
the payload is one attribute away: `json.dumps(record.raw)`).

Buyer personal data is masked in `repr` and `str`: names and e-mail addresses keep their first
letter per word (`J*** D***`, `j***@e***.com`), street lines and phone numbers are hidden
(`***`, phones keep their last two digits), postal codes keep their first two characters;
city, region and country are shown, since support needs to know where an order goes.
The values themselves are untouched: `order.buyer.name` is the full name.

The records live in submodules (`base`, `people`, `catalog`, `orders`) and are all exported
here.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.core._money import Money
    >>> order = Order(
    ...     order_id="1001",
    ...     created_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    ...     updated_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    ...     marketplace_status="New",
    ...     lines=[OrderLine(line_id="1", sku="MUG-01", quantity=2,
    ...                      unit_price=Money(amount="9.90", currency="EUR"))],
    ...     buyer=Buyer(name="Jeanne Dupont", email="jeanne@example.com"),
    ...     totals=OrderTotals(total=Money(amount="19.80", currency="EUR")),
    ...     raw={"order_id": "1001"},
    ... )
    >>> order.buyer
    Buyer(name='J*** D***', email='j***@e***.com', phone=None)
    >>> order.raw
    {'order_id': '1001'}
    >>> Order.model_validate_json(order.model_dump_json()) == order
    True
"""

from __future__ import annotations

from marketplace_sdk.core._models.base import CanonicalModel, Quantity, Record, Sku, UtcDatetime
from marketplace_sdk.core._models.catalog import (
    Category,
    CategoryAttribute,
    PriceUpdate,
    Product,
    ProductDraft,
    StockUpdate,
    Variant,
)
from marketplace_sdk.core._models.orders import (
    Cancellation,
    CancelledBy,
    Order,
    OrderLine,
    OrderShipment,
    OrderTotals,
    Refund,
    Shipment,
)
from marketplace_sdk.core._models.people import Address, Buyer, mask_text

__all__ = [
    "Address",
    "Buyer",
    "Cancellation",
    "CancelledBy",
    "CanonicalModel",
    "Category",
    "CategoryAttribute",
    "Order",
    "OrderLine",
    "OrderShipment",
    "OrderTotals",
    "PriceUpdate",
    "Product",
    "ProductDraft",
    "Quantity",
    "Record",
    "Refund",
    "Shipment",
    "Sku",
    "StockUpdate",
    "UtcDatetime",
    "Variant",
    "mask_text",
]
