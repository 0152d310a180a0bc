"""The MMP sandbox's answers: OR11 orders and OF21 offers in the shapes of the seller document.

Dates are written the way Mirakl writes them, some with milliseconds and some without in one
answer (MIRAKL-Q14); amounts are JSON numbers. Customer addresses are null until the order is
in SHIPPING (MIRAKL-Q10).

Examples:
    >>> from datetime import UTC, datetime
    >>> stamp(datetime(2026, 1, 1, 0, 0, 5, 40000, tzinfo=UTC), millis=True)
    '2026-01-01T00:00:05.040Z'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from marketplace_sdk.mirakl.sandbox._order_records import Line, Order, OrderState

__all__ = ["render_offer", "render_order", "stamp"]


def stamp(value: datetime | None, *, millis: bool = False) -> str | None:
    """A UTC datetime as Mirakl writes it, with or without milliseconds."""
    if value is None:
        return None
    if millis:
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _n(value: Decimal | int | str) -> float:
    return float(Decimal(str(value)))


def _money(record: Mapping[str, Any], mixed: bool) -> dict[str, Any]:
    return {
        "id": record["id"],
        "amount": _n(record["amount"]),
        "quantity": record["quantity"],
        "shipping_amount": _n(record["shipping_amount"]),
        "reason_code": record["reason_code"],
        "created_date": stamp(record["created_date"], millis=mixed),
        "commission_amount": 0.0,
        "commission_taxes": [],
        "commission_total_amount": 0.0,
        "taxes": [],
        "shipping_taxes": [],
    }


def _line(
    line: Line, index: int, created: datetime, mixed: bool, can_refund: bool
) -> dict[str, Any]:
    refunds = []
    for refund in line.refunds:
        body = _money(refund, mixed)
        body.update(
            {
                "order_refund_id": refund["order_refund_id"],
                "state": refund["state"],
                "refund_state": refund["state"],
                "commission_tax_amount": 0.0,
            }
        )
        refunds.append(body)
    return {
        "order_line_id": line.line_id,
        "order_line_index": index,
        "order_line_state": line.state,
        "order_line_additional_fields": [],
        "offer_id": line.offer_id,
        "offer_sku": line.offer_sku,
        "offer_state_code": "11",
        "product_sku": line.product_sku,
        "product_title": line.title,
        "product_medias": [],
        "category_code": line.category_code,
        "category_label": line.category_code.title(),
        "description": None,
        "quantity": line.quantity,
        "price_unit": _n(line.unit_price),
        "price": _n(line.price),
        "shipping_price": _n(line.shipping_price),
        "total_price": _n(line.price + line.shipping_price),
        "commission_fee": 0.0,
        "commission_rate_vat": 0.0,
        "commission_vat": 0.0,
        "total_commission": 0.0,
        "created_date": stamp(created, millis=mixed),
        "last_updated_date": stamp(line.updated),
        "can_refund": can_refund and line.can_refund(),
        "refunds": refunds,
        "cancelations": [_money(c, mixed) for c in line.cancelations],
    }


def render_order(
    order: Order, *, can_cancel: bool, hide_address: bool, mixed_precision: bool
) -> dict[str, Any]:
    """One OR11 order as the shop sees it now."""
    live = [x for x in order.lines if x.state not in (OrderState.REFUSED, OrderState.CANCELED)]
    price = sum((x.price - x.cancelled_amount() for x in order.lines if x in live), Decimal(0))
    shipping = sum((x.shipping_price for x in live), Decimal(0))
    customer = dict(order.customer)
    if hide_address and order.debited_at is None:  # the order never reached SHIPPING
        customer["billing_address"] = None
        customer["shipping_address"] = None
    refundable = order.state in (OrderState.SHIPPED, OrderState.RECEIVED)
    carrier = order.carrier
    return {
        "order_id": order.order_id,
        "commercial_id": order.commercial_id,
        "order_state": order.state,
        "order_state_reason_code": order.reason_code,
        "order_state_reason_label": order.reason,
        "created_date": stamp(order.created, millis=mixed_precision),
        "last_updated_date": stamp(order.updated),
        "acceptance_decision_date": stamp(order.accepted_at) if order.decided_by_shop else None,
        "customer_debited_date": stamp(order.debited_at, millis=mixed_precision),
        "shipped_date": stamp(order.shipped_at),
        "shipping_deadline": stamp(order.created.replace(hour=23, minute=59, second=59)),
        "can_cancel": can_cancel,
        "can_shop_ship": order.state == OrderState.SHIPPING,
        "currency_iso_code": "EUR",
        "customer": customer,
        "customer_notification_email": (
            f"notification+{order.commercial_id.lower()}@notification.mirakl.net"
        ),
        "fulfillment": {"center": {"code": "DEFAULT"}},
        "fully_refunded": bool(order.lines)
        and all(x.refunds and not x.can_refund() for x in order.lines),
        "has_customer_message": False,
        "has_incident": False,
        "has_invoice": False,
        "leadtime_to_ship": 2,
        "order_lines": [
            _line(x, i, order.created, mixed_precision, refundable)
            for i, x in enumerate(order.lines, start=1)
        ],
        "order_tax_mode": "TAX_INCLUDED",
        "payment_type": "CREDIT_CARD",
        "payment_workflow": "PAY_ON_ACCEPTANCE",
        "price": _n(price),
        "shipping_price": _n(shipping),
        "total_price": _n(price + shipping),
        "total_commission": 0.0,
        "shipping_type_code": order.shipping_type_code,
        "shipping_type_label": "Tracked" if order.shipping_type_code == "TRACKED" else "Standard",
        "shipping_zone_code": "FR",
        "shipping_zone_label": "France",
        "shipping_carrier_code": carrier.get("carrier_code"),
        "shipping_company": carrier.get("carrier_name"),
        "shipping_tracking": carrier.get("tracking_number"),
        "shipping_tracking_url": carrier.get("carrier_url"),
    }


def render_offer(
    offer_id: int, row: Mapping[str, str], product: tuple[str, str], active: bool
) -> dict[str, Any]:
    """One OF21 offer from the shop's stored row."""

    def integer(column: str) -> int | None:
        value = row.get(column, "")
        return int(value) if value.isdigit() else None

    price = _n(row["price"])
    discount = row.get("discount-price") or ""
    return {
        "offer_id": offer_id,
        "shop_sku": row["sku"],
        "product_sku": row["product-id"],
        "product_title": product[0],
        "product_references": [{"reference": row["product-id"], "reference_type": "SHOP_SKU"}],
        "category_code": product[1],
        "category_label": product[1].title(),
        "state_code": row.get("state", "11"),
        "active": active,
        "quantity": integer("quantity") or 0,
        "price": price,
        "total_price": price,
        "all_prices": [
            {
                "channel_code": None,
                "price": price,
                "unit_origin_price": price,
                "unit_discount_price": _n(discount) if discount else None,
                "volume_prices": [],
            }
        ],
        "discount": {"discount_price": _n(discount)} if discount else None,
        "channels": [],
        "currency_iso_code": "EUR",
        "description": row.get("description", ""),
        "internal_description": row.get("internal-description", ""),
        "price_additional_info": row.get("price-additional-info", ""),
        "fulfillment": {"center": {"code": "DEFAULT"}},
        "leadtime_to_ship": integer("leadtime-to-ship"),
        "logistic_class": {"code": row.get("logistic-class", ""), "label": ""},
        "min_order_quantity": integer("min-order-quantity"),
        "max_order_quantity": integer("max-order-quantity"),
        "package_quantity": integer("package-quantity"),
        "min_quantity_alert": integer("min-quantity-alert"),
        "available_start_date": row.get("available-start-date") or None,
        "available_end_date": row.get("available-end-date") or None,
        "min_shipping_price": 4.9,
        "min_shipping_price_additional": 0.0,
        "min_shipping_type": "STD",
        "min_shipping_zone": "FR",
        "shipping_deadline": None,
    }
