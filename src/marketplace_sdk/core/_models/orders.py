"""Order records: orders, their lines and totals, shipments and cancellations.

The money of an order adds up: `items + shipping + tax - discount == total` (`OrderTotals`
refuses totals that do not, whenever `items` is given; the mappings always give it). Lines a
marketplace refused or cancelled stay on the order with their `marketplace_status`, and are left
out of `items`.

Examples:
    >>> from marketplace_sdk.core._money import Money
    >>> line = OrderLine(line_id="1", sku="MUG-01", quantity=2,
    ...                  unit_price=Money(amount="9.90", currency="EUR"))
    >>> str(line.line_total)
    '19.80 EUR'
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from marketplace_sdk.core._models.base import CanonicalModel, Record, Sku, UtcDatetime
from marketplace_sdk.core._models.people import Address, Buyer
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._status import OmsStatus

__all__ = [
    "Cancellation",
    "CancelledBy",
    "Order",
    "OrderLine",
    "OrderShipment",
    "OrderTotals",
    "Refund",
    "Shipment",
]


class OrderLine(Record):
    """One line of an order.

    Examples:
        >>> line = OrderLine(line_id="7", sku="MUG-01", quantity=2,
        ...                  unit_price=Money(amount="9.90", currency="EUR"))
        >>> str(line.line_total)
        '19.80 EUR'
    """

    line_id: str
    sku: Sku | None
    quantity: Annotated[int, Field(ge=1)]
    unit_price: Money
    title: str | None = None
    marketplace_status: str | None = None

    @property
    def line_total(self) -> Money:
        """Unit price times quantity."""
        return self.unit_price * self.quantity


class OrderTotals(CanonicalModel):
    """An order's amounts, all in one currency, that add up.

    `items` is the lines' value before any discount (refused and cancelled lines left out),
    `discount` what the buyer was let off, `total` what the buyer pays:
    `items + shipping + tax - discount == total` (a missing amount counts as zero). Totals that
    do not add up are refused when `items` is given.

    Examples:
        >>> OrderTotals(total=Money(amount="20", currency="EUR")).shipping is None
        True
        >>> totals = OrderTotals(items=Money(amount="240", currency="EUR"),
        ...                      discount=Money(amount="60", currency="EUR"),
        ...                      total=Money(amount="180", currency="EUR"))
        >>> str(totals.total)
        '180 EUR'
    """

    items: Money | None = None
    shipping: Money | None = None
    tax: Money | None = None
    discount: Money | None = None
    total: Money

    @model_validator(mode="after")
    def _one_currency(self) -> Self:
        amounts = (self.items, self.shipping, self.tax, self.discount, self.total)
        currencies = {money.currency for money in amounts if money is not None}
        if len(currencies) > 1:
            raise ValueError(f"order totals mix currencies: {sorted(currencies)}")
        return self

    @model_validator(mode="after")
    def _adds_up(self) -> Self:
        if self.items is None:
            return self
        computed = self.computed_total()
        if computed.amount != self.total.amount:
            raise ValueError(
                f"order totals do not add up: items {self.items.amount} + shipping "
                f"{_amount(self.shipping)} + tax {_amount(self.tax)} - discount "
                f"{_amount(self.discount)} = {computed.amount}, not the total "
                f"{self.total.amount} {self.total.currency}"
            )
        return self

    def computed_total(self) -> Money:
        """`items + shipping + tax - discount` (missing amounts count as zero).

        Examples:
            >>> OrderTotals(total=Money(amount="5", currency="EUR")).computed_total()
            Money(amount=Decimal('0'), currency='EUR')
        """
        with localcontext() as context:
            context.prec = _PRECISION
            amount = sum(
                (_amount(money) for money in (self.items, self.shipping, self.tax)), Decimal(0)
            )
            amount -= _amount(self.discount)
        return Money(amount=amount, currency=self.total.currency)


#: Significant digits the totals are added with: exact for any real amount, yet bounded (an
#: absurd exponent from a malformed payload must not make the sum allocate without limit).
_PRECISION = 60


def _amount(money: Money | None) -> Decimal:
    return money.amount if money is not None else Decimal(0)


class OrderShipment(Record):
    """A shipment the marketplace holds for an order: who carries it, and its tracking.

    What the marketplace says, as it says it: a carrier or tracking number it does not give is
    `None`, never invented (FNAC gives a tracking number per line and often no carrier; Etsy a
    carrier and tracking code per receipt). `raw` keeps the marketplace's shipment record.

    Attributes:
        carrier: the carrier's name, as the marketplace spells it.
        tracking_number: the tracking id.
        shipped_at: when it was shipped (or the buyer was told), when the marketplace says.
        line_ids: the order lines in the parcel; empty for the whole order.
        marketplace_id: the marketplace's id for the shipment record, when it has one.

    Examples:
        >>> OrderShipment(carrier="USPS", tracking_number="9400").line_ids
        ()
    """

    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    shipped_at: UtcDatetime | None = None
    line_ids: tuple[str, ...] = ()
    marketplace_id: str | None = None


class Refund(Record):
    """Money the marketplace paid back to the buyer on an order, beside its unchanged totals.

    An order's totals stay what the buyer paid; each refund is recorded here on its own, as the
    marketplace reports it (Etsy: the receipt's `refunds[]`; FNAC: a refunded line, which FNAC
    always refunds whole, item and shipping). What the marketplace does not say is `None`.

    Attributes:
        amount: how much was paid back, in the order's currency.
        refunded_at: when (UTC), when the marketplace says.
        reason: the marketplace's reason, as it words it.
        line_ids: the order lines refunded; empty when the marketplace does not say.
        status: the marketplace's status for the refund (Etsy: "SUCCESS"), when it gives one.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> refund = Refund(amount=Money(amount="5.00", currency="EUR"), reason="Damaged")
        >>> str(refund.amount), refund.line_ids
        ('5.00 EUR', ())
    """

    amount: Money
    refunded_at: UtcDatetime | None = None
    reason: str | None = None
    line_ids: tuple[str, ...] = ()
    status: str | None = None


class Order(Record):
    """An order, as the marketplace reports it, in the OMS's words.

    Attributes:
        order_id: the marketplace's order id.
        created_at: when the buyer placed it (UTC).
        updated_at: when the marketplace last changed it (UTC).
        marketplace_status: the marketplace status as received.
        oms_status: the OMS status it maps to, when the marketplace status alone decides it;
            `None` when it depends on the OMS's stock (New or Partial: use the marketplace's
            `oms_status(..., all_lines_in_stock=...)`) or the status is unknown.
        lines: the order lines, each line id once.
        buyer: the buyer (masked in repr).
        shipping_address: where to ship (masked in repr).
        totals: the amounts.
        shipments: the shipments the marketplace holds for the order (carrier and tracking),
            in the marketplace's order; empty before anything is shipped.
        refunds: the refunds the marketplace reports (`Refund`), oldest first; `totals` stay
            what the buyer paid, and a refund never changes them.
        paid: whether the marketplace has taken the buyer's payment (`False`: do not ship yet,
            e.g. an Etsy receipt still awaiting payment, a FNAC order accepted but not yet
            debited); `None` when the marketplace does not say.

    Examples:
        See the module docstring.
    """

    order_id: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    marketplace_status: str
    oms_status: OmsStatus | None = None
    lines: tuple[OrderLine, ...]
    buyer: Buyer | None = None
    shipping_address: Address | None = None
    totals: OrderTotals
    shipments: tuple[OrderShipment, ...] = ()
    refunds: tuple[Refund, ...] = ()
    paid: bool | None = None

    @model_validator(mode="after")
    def _lines_known_once(self) -> Self:
        ids = [line.line_id for line in self.lines]
        if len(set(ids)) != len(ids):
            twice = sorted({line_id for line_id in ids if ids.count(line_id) > 1})
            raise ValueError(f"order {self.order_id} has lines {twice} more than once")
        return self

    @model_validator(mode="after")
    def _refunds_in_its_currency(self) -> Self:
        for refund in self.refunds:
            if refund.amount.currency != self.currency:
                raise ValueError(
                    f"order {self.order_id} is in {self.currency}, a refund in "
                    f"{refund.amount.currency}"
                )
        return self

    @property
    def currency(self) -> str:
        """The order's currency."""
        return self.totals.total.currency

    def refunded(self) -> Money:
        """The sum of the order's refunds, in its currency (zero when there is none).

        Examples:
            order.totals.total.amount - order.refunded().amount  # what the buyer kept paying
        """
        total = Money.zero(self.currency)
        for refund in self.refunds:
            total = total + refund.amount
        return total

    def line_ids(self) -> tuple[str, ...]:
        """The ids of the order's lines, in order."""
        return tuple(line.line_id for line in self.lines)


class Shipment(CanonicalModel):
    """What the OMS sends when an order is Ready to Ship.

    Attributes:
        carrier: the carrier's name, as the OMS names it (each channel maps it through its
            carrier table, and refuses one it cannot map before sending anything).
        tracking_number: the tracking id; `None` for a parcel sent untracked (whether the
            marketplace takes it is its own rule: Etsy asks for tracking on some orders).
        tracking_url: a tracking page, when the carrier has one.
        shipped_at: when it left (UTC).
        line_ids: the lines shipped; empty for the whole order.

    Examples:
        >>> from datetime import UTC, datetime
        >>> Shipment(carrier="La Poste", tracking_number="6A123",
        ...          shipped_at=datetime(2026, 1, 6, tzinfo=UTC)).line_ids
        ()
    """

    carrier: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    tracking_number: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None
    ) = None
    tracking_url: str | None = None
    shipped_at: UtcDatetime
    line_ids: tuple[str, ...] = ()


class CancelledBy(StrEnum):
    """Who cancelled an order.

    Examples:
        >>> CancelledBy("buyer") is CancelledBy.BUYER
        True
    """

    BUYER = "buyer"
    SELLER = "seller"
    MARKETPLACE = "marketplace"


class Cancellation(Record):
    """A cancellation the marketplace reports.

    Attributes:
        order_id: the order cancelled.
        cancelled_at: when (UTC).
        marketplace_status: the marketplace status as received.
        cancelled_by: who cancelled, when the marketplace says.
        reason: the marketplace's reason text.
        line_ids: the lines cancelled; empty for the whole order.

    Examples:
        >>> from datetime import UTC, datetime
        >>> Cancellation(order_id="1001", cancelled_at=datetime(2026, 1, 6, tzinfo=UTC),
        ...              marketplace_status="Cancelled").cancelled_by is None
        True
    """

    order_id: str
    cancelled_at: UtcDatetime
    marketplace_status: str
    cancelled_by: CancelledBy | None = None
    reason: str | None = None
    line_ids: tuple[str, ...] = ()
