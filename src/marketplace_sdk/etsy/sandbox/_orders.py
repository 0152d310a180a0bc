"""How receipts move: placed and paid, shipped, delivered, canceled by the buyer, refunded.

Each change queues the order webhook Etsy sends. Shipping and delivery move `update_timestamp`
to the sandbox's now; as on live Etsy, a cancellation (ETSY-Q13), a refund (ETSY-Q17) and a late
payment (ETSY-Q16) do not, so a `min_last_modified` window never sees them (switch the id off
for the spec's reading, where they do). Statuses are spelled as live receipts spell them
("Paid", "Completed", "Canceled", "Fully Refunded", "Partially Refunded").

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.etsy.sandbox._world import World
    >>> world = World.empty(FakeClock())
    >>> listing = add_simple_listing(world, sku="MUG-1", price=Decimal("12.00"), quantity=5)
    >>> receipt = place_order(world, [OrderLine(listing.listing_id, quantity=2)])
    >>> receipt.status, listing.quantity, world.events
    ('Paid', 3, [('order.paid', ...)])
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from marketplace_sdk.etsy.sandbox._state import (
    Inventory,
    Listing,
    Offering,
    Product,
    Receipt,
    ReceiptRefund,
    Shipment,
    Transaction,
)
from marketplace_sdk.etsy.sandbox._wire import SandboxHTTPError
from marketplace_sdk.etsy.sandbox._world import World

__all__ = [
    "OrderLine",
    "add_simple_listing",
    "cancel_order",
    "mark_delivered",
    "pay_order",
    "place_order",
    "refund_order",
    "ship_order",
]


@attrs.frozen
class OrderLine:
    """One line a buyer orders: a listing, optionally one of its products by SKU.

    Examples:
        >>> OrderLine(123, quantity=2, sku="MUG-RED").quantity
        2
    """

    listing_id: int
    quantity: int = 1
    sku: str | None = None


def add_simple_listing(
    world: World, *, sku: str, price: Decimal, quantity: int, title: str | None = None
) -> Listing:
    """An active single-product listing with one image (for tests and demos).

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> add_simple_listing(world, sku="A", price=Decimal("5"), quantity=2).quantity
        2
    """
    from marketplace_sdk.etsy.sandbox._state import Image

    now = world.now()
    listing_id = world.new_id()
    product = Product(world.new_id(), sku, [Offering(world.new_id(), price, quantity)])
    listing = Listing(
        listing_id=listing_id,
        shop_id=world.seller.shop_id,
        user_id=world.seller.user_id,
        title=title or f"Sandbox item {sku}",
        description="A listing made in the Etsy sandbox.",
        state="active",
        created=now,
        updated=now,
        inventory=Inventory(products=[product]),
        shipping_profile_id=next(iter(world.profiles), None),
        images=[Image(world.new_id(), listing_id, 1, now)],
    )
    world.listings[listing_id] = listing
    return listing


def _product_for(listing: Listing, sku: str | None) -> Product:
    if sku is None:
        for product in listing.inventory.products:
            if product.quantity > 0:
                return product
        return listing.inventory.products[0]
    for product in listing.inventory.products:
        if product.sku == sku:
            return product
    raise ValueError(f"listing {listing.listing_id} has no product with SKU {sku!r}")


def place_order(
    world: World,
    lines: Sequence[OrderLine],
    *,
    buyer_name: str = "Sandbox Buyer",
    buyer_email: str = "buyer@example.com",
    country_iso: str = "US",
    paid: bool = True,
    check_stock: bool = True,
    address_withheld: bool = False,
) -> Receipt:
    """A buyer checks out `lines`: stock goes down and the receipt is Paid (or Open).

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=2)
        >>> place_order(world, [OrderLine(listing.listing_id)], paid=False).status
        'Open'
    """
    if not lines:
        raise ValueError("an order needs at least one line")
    now = world.now()
    receipt = Receipt(
        receipt_id=world.new_id(),
        shop_id=world.seller.shop_id,
        seller_user_id=world.seller.user_id,
        buyer_user_id=world.new_id(),
        buyer_email=buyer_email,
        name=buyer_name,
        country_iso=country_iso,
        status="Paid" if paid else "Open",
        created=now,
        updated=now,
        currency=world.seller.currency,
        is_paid=paid,
        address_withheld=address_withheld,
    )
    for line in lines:
        listing = world.listings.get(line.listing_id)
        if listing is None:
            raise ValueError(f"no listing {line.listing_id}")
        product = _product_for(listing, line.sku)
        offer = product.offerings[0]
        if check_stock and offer.quantity < line.quantity:
            raise ValueError(f"only {offer.quantity} left of {product.sku or listing.listing_id}")
        offer.quantity = max(0, offer.quantity - line.quantity)
        if listing.state == "active" and listing.quantity == 0:
            listing.state, listing.state_changed = "sold_out", now
        first_image = min(listing.images, key=lambda image: image.rank, default=None)
        receipt.transactions.append(
            Transaction(
                transaction_id=world.new_id(),
                receipt_id=receipt.receipt_id,
                listing_id=listing.listing_id,
                product_id=product.product_id,
                sku=product.sku,
                title=listing.title,
                quantity=line.quantity,
                price=offer.price,
                created=now,
                variations=list(product.property_values),
                paid=now if paid else None,
                listing_image_id=first_image.listing_image_id if first_image else None,
                shipping_profile_id=listing.shipping_profile_id,
            )
        )
    profile = world.profiles.get(receipt.transactions[0].shipping_profile_id or 0)
    receipt.shipping_cost = profile.primary_cost if profile else Decimal("0")
    world.receipts[receipt.receipt_id] = receipt
    if paid:
        world.emit("order.paid", receipt)
    return receipt


def ship_order(
    world: World,
    receipt: Receipt,
    *,
    carrier_name: str,
    tracking_code: str,
    record_shipment: bool = True,
) -> Shipment:
    """Record a shipment: the receipt is shipped and Completed; the buyer gets an e-mail.

    With `record_shipment=False` (a shipment sent without carrier nor tracking) the receipt
    is marked shipped only, and no shipment record is added.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=2)
        >>> receipt = place_order(world, [OrderLine(listing.listing_id)])
        >>> ship_order(world, receipt, carrier_name="UPS", tracking_code="1Z").tracking_code
        '1Z'
        >>> receipt.status, receipt.buyer_emails
        ('Completed', 1)
    """
    if receipt.is_canceled:
        raise SandboxHTTPError(409, "A canceled receipt cannot be shipped")
    now = world.now()
    shipment = Shipment(world.new_id(), carrier_name, tracking_code, now)
    if record_shipment:
        receipt.shipments.append(shipment)
    receipt.is_shipped = True
    if receipt.status in ("Paid", "Open", "Payment Processing"):
        receipt.status = "Completed"
    for line in receipt.transactions:
        line.shipped = line.shipped or now
    receipt.buyer_emails += 1
    receipt.updated = now
    world.emit("order.shipped", receipt)
    return shipment


def mark_delivered(world: World, receipt: Receipt) -> None:
    """The carrier delivered the parcel (only Etsy and the carrier can say so).

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=2)
        >>> receipt = place_order(world, [OrderLine(listing.listing_id)])
        >>> _ = ship_order(world, receipt, carrier_name="UPS", tracking_code="1Z")
        >>> mark_delivered(world, receipt)
        >>> receipt.is_delivered
        True
    """
    if not receipt.is_shipped:
        raise ValueError(f"receipt {receipt.receipt_id} was not shipped")
    receipt.is_delivered = True
    receipt.updated = world.now()
    world.emit("order.delivered", receipt)


def cancel_order(world: World, receipt: Receipt, *, restock: bool = True) -> None:
    """The buyer cancels before shipment: Canceled, refunded in full, stock returned.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=2)
        >>> receipt = place_order(world, [OrderLine(listing.listing_id)])
        >>> cancel_order(world, receipt)
        >>> receipt.status, listing.quantity
        ('Canceled', 2)
    """
    if receipt.is_shipped:
        raise ValueError(f"receipt {receipt.receipt_id} was shipped; it can only be refunded")
    if receipt.is_canceled:
        return
    now = world.now()
    receipt.status = "Canceled"
    if receipt.is_paid:
        refund = receipt.subtotal + receipt.shipping_cost - receipt.refunded
        receipt.refunds.append(ReceiptRefund(refund, now, reason="Order canceled"))
    if not world.behaviours.on("ETSY-Q13"):
        receipt.updated = now
    if restock:
        for line in receipt.transactions:
            _restock(world, line)
    world.emit("order.canceled", receipt)


def _restock(world: World, line: Transaction) -> None:
    listing = world.listings.get(line.listing_id)
    if listing is None:
        return
    for product in listing.inventory.products:
        if product.product_id == line.product_id or (line.sku and product.sku == line.sku):
            product.offerings[0].quantity += line.quantity
            if listing.state == "sold_out":
                listing.state, listing.state_changed = "active", world.now()
            return


def refund_order(
    world: World, receipt: Receipt, amount: Decimal | None = None, *, reason: str = "Seller refund"
) -> None:
    """The seller refunds all (Fully Refunded) or part (Partially Refunded) of the order.

    Each refund is one more entry of the receipt's `refunds[]`; the receipt's amounts never
    change, nor (ETSY-Q17 on) its `updated_timestamp`.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=2)
        >>> receipt = place_order(world, [OrderLine(listing.listing_id)])
        >>> refund_order(world, receipt, Decimal("1"))
        >>> receipt.status, receipt.refunds[0].amount, receipt.updated == receipt.created
        ('Partially Refunded', Decimal('1'), True)
    """
    total = receipt.subtotal + receipt.shipping_cost
    left = total - receipt.refunded
    refund = left if amount is None else min(left, amount)
    if refund <= 0:
        raise ValueError(f"receipt {receipt.receipt_id} has nothing left to refund")
    now = world.now()
    receipt.refunds.append(ReceiptRefund(refund, now, reason=reason))
    if not receipt.is_canceled:
        receipt.status = "Fully Refunded" if receipt.refunded >= total else "Partially Refunded"
    if not world.behaviours.on("ETSY-Q17"):
        receipt.updated = now


def pay_order(world: World, receipt: Receipt) -> None:
    """The buyer of an unpaid ("Open") receipt pays: Paid, and Etsy sends `order.paid`.

    A late payment does not move `updated_timestamp` (ETSY-Q16 on): Etsy does not count it
    as a change of the receipt.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> listing = add_simple_listing(world, sku="A", price=Decimal("5"), quantity=2)
        >>> receipt = place_order(world, [OrderLine(listing.listing_id)], paid=False)
        >>> pay_order(world, receipt)
        >>> receipt.status, receipt.is_paid
        ('Paid', True)
    """
    if receipt.is_paid or receipt.is_canceled:
        return
    now = world.now()
    receipt.is_paid = True
    if receipt.status in ("Open", "Payment Processing"):
        receipt.status = "Paid"
    for line in receipt.transactions:
        line.paid = line.paid or now
    if not world.behaviours.on("ETSY-Q16"):
        receipt.updated = now
    world.emit("order.paid", receipt)
