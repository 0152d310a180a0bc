"""Etsy's JSON shapes for receipts and their transactions (`ShopReceipt`,
`ShopReceiptTransaction`).

Examples:
    >>> from datetime import UTC, datetime
    >>> when = datetime(2026, 1, 1, tzinfo=UTC)
    >>> seller = SellerAccount(user_id=3, shop_id=2, shop_name="S", login_name="s")
    >>> receipt = Receipt(1, 2, 3, 4, "b@example.com", "B", "US", "Completed", when, when, "USD")
    >>> render_receipt(receipt, seller=seller, profiles={})["status"]
    'Completed'
"""

from __future__ import annotations

from marketplace_sdk.etsy.sandbox._catalog_records import ShippingProfile
from marketplace_sdk.etsy.sandbox._render import render_property_value, ts
from marketplace_sdk.etsy.sandbox._state import PropertyValue, Receipt, SellerAccount, Transaction
from marketplace_sdk.etsy.sandbox._wire import JSON, money

__all__ = ["render_receipt", "render_transaction"]


def _variation(value: PropertyValue) -> JSON:
    return {
        "property_id": value.property_id,
        "value_id": value.value_ids[0] if value.value_ids else None,
        "formatted_name": value.property_name or "",
        "formatted_value": value.values[0] if value.values else "",
    }


def render_transaction(
    line: Transaction, receipt: Receipt, *, shipping_profile: ShippingProfile | None
) -> JSON:
    """`ShopReceiptTransaction`.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from decimal import Decimal
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> receipt = Receipt(1, 2, 3, 4, "b@example.com", "B", "US", "Paid", when, when, "USD")
        >>> line = Transaction(5, 1, 6, 7, "A", "Mug", 2, Decimal("4.00"), when)
        >>> render_transaction(line, receipt, shipping_profile=None)["price"]["amount"]
        400
    """
    created = ts(line.created)
    return {
        "transaction_id": line.transaction_id,
        "title": line.title,
        "description": line.title,
        "seller_user_id": receipt.seller_user_id,
        "buyer_user_id": receipt.buyer_user_id,
        "create_timestamp": created,
        "created_timestamp": created,
        "paid_timestamp": ts(line.paid) if line.paid else None,
        "shipped_timestamp": ts(line.shipped) if line.shipped else None,
        "quantity": line.quantity,
        "listing_image_id": line.listing_image_id,
        "receipt_id": receipt.receipt_id,
        "is_digital": False,
        "file_data": "",
        "listing_id": line.listing_id,
        "transaction_type": "listing",
        "product_id": line.product_id,
        "sku": line.sku,
        "price": money(line.price, receipt.currency),
        "shipping_cost": money(receipt.shipping_cost, receipt.currency),
        "variations": [_variation(value) for value in line.variations],
        "product_data": [render_property_value(value) for value in line.variations],
        "shipping_profile_id": line.shipping_profile_id,
        "min_processing_days": shipping_profile.min_processing_days if shipping_profile else None,
        "max_processing_days": shipping_profile.max_processing_days if shipping_profile else None,
        "shipping_method": None,
        "shipping_upgrade": None,
        "expected_ship_date": created + 3 * 86400,
        "buyer_coupon": 0,
        "shop_coupon": 0,
    }


def render_receipt(
    receipt: Receipt,
    *,
    seller: SellerAccount,
    profiles: dict[int, ShippingProfile],
    capitalised: bool = True,
    withhold_address: bool = True,
) -> JSON:
    """`ShopReceipt`, with its transactions, shipments and refunds.

    `capitalised` spells the status as live receipts do (ETSY-Q15; else the document's
    lower case); `withhold_address` empties the address of a receipt whose buyer's region Etsy
    withholds (ETSY-Q31). The amounts never net the refunds out (ETSY-Q17).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from decimal import Decimal
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> seller = SellerAccount(user_id=3, shop_id=2, shop_name="S", login_name="s")
        >>> receipt = Receipt(1, 2, 3, 4, "b@example.com", "B", "US", "Paid", when, when, "USD")
        >>> receipt.transactions.append(Transaction(5, 1, 6, 7, "A", "Mug", 2, Decimal("4"), when))
        >>> body = render_receipt(receipt, seller=seller, profiles={})
        >>> body["status"], body["subtotal"]["amount"]
        ('Paid', 800)
    """
    created = ts(receipt.created)
    updated = ts(receipt.updated)
    subtotal = receipt.subtotal
    total = subtotal + receipt.shipping_cost
    refunds: list[JSON] = [
        {
            "amount": money(refund.amount, receipt.currency),
            "created_timestamp": ts(refund.created),
            "reason": refund.reason,
            "note_from_issuer": refund.note_from_issuer,
            "status": refund.status,
        }
        for refund in receipt.refunds
    ]
    hidden = withhold_address and receipt.address_withheld
    address: JSON = {
        "first_line": "1 Sandbox Street",
        "second_line": None,
        "city": "Sandbox City",
        "state": None,
        "zip": "00000",
        "formatted_address": f"{receipt.name}\n1 Sandbox Street\nSandbox City 00000",
        "country_iso": receipt.country_iso,
    }
    if hidden:
        address = dict.fromkeys(address, "")
    return {
        "receipt_id": receipt.receipt_id,
        "receipt_type": 0,
        "seller_user_id": receipt.seller_user_id,
        "seller_email": seller.email,
        "buyer_user_id": receipt.buyer_user_id,
        "buyer_email": receipt.buyer_email,
        "name": receipt.name,
        "first_line": address["first_line"],
        "second_line": address["second_line"],
        "city": address["city"],
        "state": address["state"],
        "zip": address["zip"],
        "status": receipt.status if capitalised else receipt.status.lower(),
        "formatted_address": address["formatted_address"],
        "country_iso": address["country_iso"],
        "payment_method": "cc",
        "payment_email": None,
        "message_from_seller": None,
        "message_from_buyer": receipt.message_from_buyer,
        "message_from_payment": None,
        "is_paid": receipt.is_paid,
        "is_shipped": receipt.is_shipped,
        "create_timestamp": created,
        "created_timestamp": created,
        "update_timestamp": updated,
        "updated_timestamp": updated,
        "is_gift": False,
        "gift_message": "",
        "gift_sender": "",
        "grandtotal": money(total, receipt.currency),
        "subtotal": money(subtotal, receipt.currency),
        "total_price": money(subtotal, receipt.currency),
        "total_shipping_cost": money(receipt.shipping_cost, receipt.currency),
        "total_tax_cost": money(0 * subtotal, receipt.currency),
        "total_vat_cost": money(0 * subtotal, receipt.currency),
        "discount_amt": money(0 * subtotal, receipt.currency),
        "gift_wrap_price": money(0 * subtotal, receipt.currency),
        "shipments": [
            {
                "receipt_shipping_id": shipment.receipt_shipping_id,
                "shipment_notification_timestamp": ts(shipment.notified),
                "carrier_name": shipment.carrier_name,
                "tracking_code": shipment.tracking_code,
            }
            for shipment in receipt.shipments
        ],
        "transactions": [
            render_transaction(
                line,
                receipt,
                shipping_profile=profiles.get(line.shipping_profile_id or 0),
            )
            for line in receipt.transactions
        ],
        "refunds": refunds,
    }
