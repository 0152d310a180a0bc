"""Wire models of Etsy receipts (orders), their transactions (lines), shipments and refunds.

A receipt's `status` is read case-insensitively (live receipts say "Completed" where the
document says "completed") and a status the document does not list is kept as the raw string.

Examples:
    >>> receipt = ShopReceipt.model_validate({"receipt_id": 1, "status": "Fully Refunded",
    ...     "created_timestamp": 1695659962})
    >>> receipt.status, receipt.created_at.year
    (<ReceiptStatus.FULLY_REFUNDED: 'fully refunded'>, 2023)
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from marketplace_sdk.etsy._models.common import (
    EtsyModel,
    EtsyMoney,
    JsonObject,
    ReceiptStatusValue,
    from_timestamp,
)
from marketplace_sdk.etsy._models.inventory import PropertyValue

__all__ = [
    "ReceiptShipmentRequest",
    "ShopReceipt",
    "ShopReceiptShipment",
    "ShopReceiptTransaction",
    "ShopRefund",
    "TransactionVariation",
]


class TransactionVariation(EtsyModel):
    """The variation a buyer chose on a transaction (schema `TransactionVariations`).

    Examples:
        >>> TransactionVariation(property_id=200, formatted_name="Color",
        ...                      formatted_value="Brown").formatted_value
        'Brown'
    """

    property_id: int | None = None
    value_id: int | None = None
    formatted_name: str = ""
    formatted_value: str = ""


class ShopReceiptTransaction(EtsyModel):
    """A line of a receipt: one listing product bought (schema `ShopReceiptTransaction`).

    Examples:
        >>> ShopReceiptTransaction(transaction_id=1, quantity=2, sku="RING-7").quantity
        2
    """

    transaction_id: int
    receipt_id: int | None = None
    listing_id: int | None = None
    product_id: int | None = None
    sku: str | None = None
    title: str | None = None
    quantity: int = 0
    price: EtsyMoney | None = None
    shipping_cost: EtsyMoney | None = None
    is_digital: bool | None = None
    listing_image_id: int | None = None
    transaction_type: str | None = None
    variations: list[TransactionVariation] = Field(default_factory=list)
    product_data: list[PropertyValue] = Field(default_factory=list)
    created_timestamp: int | None = None
    paid_timestamp: int | None = None
    shipped_timestamp: int | None = None
    expected_ship_date: int | None = None
    shipping_profile_id: int | None = None

    @property
    def paid_at(self) -> datetime | None:
        """`paid_timestamp` as a UTC datetime."""
        return from_timestamp(self.paid_timestamp)


class ShopReceiptShipment(EtsyModel):
    """A shipment recorded on a receipt (schema `ShopReceiptShipment`).

    Examples:
        >>> ShopReceiptShipment(carrier_name="usps", tracking_code="9400").carrier_name
        'usps'
    """

    receipt_shipping_id: int | None = None
    shipment_notification_timestamp: int | None = None
    carrier_name: str = ""
    tracking_code: str = ""

    @property
    def notified_at(self) -> datetime | None:
        """When the buyer was notified, as a UTC datetime."""
        return from_timestamp(self.shipment_notification_timestamp)


class ShopRefund(EtsyModel):
    """A refund on a receipt (schema `ShopRefund`).

    Examples:
        >>> refund = ShopRefund(amount={"amount": 500, "divisor": 100, "currency_code": "USD"})
        >>> refund.amount.decimal
        Decimal('5.00')
    """

    amount: EtsyMoney | None = None
    created_timestamp: int | None = None
    reason: str | None = None
    note_from_issuer: str | None = None
    status: str | None = None


class ShopReceipt(EtsyModel):
    """A receipt: Etsy's order (schema `ShopReceipt`).

    A receipt has no "delivered" field: `getShopReceipts(was_delivered=True)` or the
    `order.delivered` webhook tells it. The buyer's address fields are personal data and are
    left out of the repr.

    Examples:
        >>> receipt = ShopReceipt(receipt_id=7, name="Ada Lovelace", first_line="12 Road")
        >>> "Ada" in repr(receipt)
        False
    """

    receipt_id: int
    receipt_type: int | None = None
    seller_user_id: int | None = None
    buyer_user_id: int | None = None
    status: ReceiptStatusValue | None = None
    is_paid: bool | None = None
    is_shipped: bool | None = None
    is_gift: bool | None = None
    payment_method: str | None = None
    name: str | None = Field(default=None, repr=False)
    first_line: str | None = Field(default=None, repr=False)
    second_line: str | None = Field(default=None, repr=False)
    city: str | None = Field(default=None, repr=False)
    state: str | None = Field(default=None, repr=False)
    zip: str | None = Field(default=None, repr=False)
    formatted_address: str | None = Field(default=None, repr=False)
    country_iso: str | None = None
    buyer_email: str | None = Field(default=None, repr=False)
    seller_email: str | None = Field(default=None, repr=False)
    payment_email: str | None = Field(default=None, repr=False)
    message_from_buyer: str | None = Field(default=None, repr=False)
    message_from_seller: str | None = Field(default=None, repr=False)
    gift_message: str | None = Field(default=None, repr=False)
    created_timestamp: int | None = None
    updated_timestamp: int | None = None
    grandtotal: EtsyMoney | None = None
    subtotal: EtsyMoney | None = None
    total_price: EtsyMoney | None = None
    total_shipping_cost: EtsyMoney | None = None
    total_tax_cost: EtsyMoney | None = None
    total_vat_cost: EtsyMoney | None = None
    discount_amt: EtsyMoney | None = None
    gift_wrap_price: EtsyMoney | None = None
    shipments: list[ShopReceiptShipment] = Field(default_factory=list)
    transactions: list[ShopReceiptTransaction] = Field(default_factory=list)
    refunds: list[ShopRefund] = Field(default_factory=list)

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # Extra fields are not covered by `repr=False`; keep unknown ones out of the repr too.
        fields = type(self).model_fields
        return [(name, getattr(self, name)) for name, info in fields.items() if info.repr]

    @property
    def created_at(self) -> datetime | None:
        """`created_timestamp` as a UTC datetime."""
        return from_timestamp(self.created_timestamp)

    @property
    def updated_at(self) -> datetime | None:
        """`updated_timestamp` as a UTC datetime."""
        return from_timestamp(self.updated_timestamp)


class ReceiptShipmentRequest(EtsyModel):
    """The JSON body of `createReceiptShipment`.

    Etsy e-mails the buyer on every successful call, so sending it twice is visible: the client
    is not retried blindly (see `EtsyClient.create_receipt_shipment`). Use `carrier_name="other"`
    for a carrier Etsy does not know: Etsy takes an unknown name all the same and shows the buyer
    no tracking (ETSY-Q27). Without code and carrier the receipt is marked shipped only, which
    Etsy refuses for some orders unless `note_to_buyer` is given (ETSY-Q28).

    Examples:
        >>> ReceiptShipmentRequest(tracking_code="1Z999", carrier_name="ups").to_json()
        {'tracking_code': '1Z999', 'carrier_name': 'ups', 'send_bcc': False}
    """

    tracking_code: str | None = Field(default=None, min_length=1)
    carrier_name: str | None = Field(default=None, min_length=1)
    send_bcc: bool = False
    note_to_buyer: str | None = None

    def to_json(self) -> JsonObject:
        """The JSON body (no field that is unset)."""
        return self.model_dump(mode="json", exclude_none=True)
