"""Order models of the Mirakl seller (MMP) API: OR11's orders and the order write bodies.

States grow without notice (MIRAKL-Q08): an order or line state this SDK does not know is kept
as its raw string (`unknown_state`), never refused. Money is `Decimal`, timestamps aware UTC
(with or without milliseconds, MIRAKL-Q14). Buyer details are personal data: reprs leave them
out.

Examples:
    >>> order = Order.model_validate({"order_id": "8580226802-A", "commercial_id": "8580226802",
    ...     "order_state": "WAITING_ACCEPTANCE", "last_updated_date": "2026-01-01T11:30:25.040Z",
    ...     "price": 12.5, "order_lines": [{"order_line_id": "8580226802-A-1",
    ...     "order_line_state": "WAITING_ACCEPTANCE", "offer_sku": "MUG-1", "quantity": 1,
    ...     "price": 12.5}]})
    >>> order.order_state.value, order.price, order.last_updated_date.isoformat()
    ('WAITING_ACCEPTANCE', Decimal('12.5'), '2026-01-01T11:30:25.040000+00:00')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AliasChoices, Field

from marketplace_sdk.mirakl._models._base import MiraklModel, UtcDatetime
from marketplace_sdk.mirakl._models.offers import Code, json_numbers

__all__ = [
    "Address",
    "Cancelation",
    "CancelationCreated",
    "CancelationRequest",
    "CancelationsCreated",
    "Customer",
    "LineDecision",
    "Order",
    "OrderLine",
    "OrderList",
    "OrderState",
    "Refund",
    "RefundCreated",
    "RefundRequest",
    "RefundsCreated",
    "TaxAmount",
    "Tracking",
]


class OrderState(StrEnum):
    """Mirakl's order and order line states (MIRAKL-Q08).

    Examples:
        >>> OrderState("SHIPPING").is_final
        False
    """

    STAGING = "STAGING"
    WAITING_ACCEPTANCE = "WAITING_ACCEPTANCE"
    WAITING_DEBIT = "WAITING_DEBIT"
    WAITING_DEBIT_PAYMENT = "WAITING_DEBIT_PAYMENT"
    SHIPPING = "SHIPPING"
    SHIPPED = "SHIPPED"
    TO_COLLECT = "TO_COLLECT"
    RECEIVED = "RECEIVED"
    CLOSED = "CLOSED"
    REFUSED = "REFUSED"
    CANCELED = "CANCELED"
    INCIDENT_OPEN = "INCIDENT_OPEN"
    REFUNDED = "REFUNDED"
    WAITING_REFUND = "WAITING_REFUND"
    WAITING_REFUND_PAYMENT = "WAITING_REFUND_PAYMENT"

    @property
    def is_final(self) -> bool:
        """Whether the order will not change state any more (closed, refused or cancelled)."""
        return self in (OrderState.CLOSED, OrderState.REFUSED, OrderState.CANCELED)


#: A state: an `OrderState`, or the raw string of one this SDK does not know yet.
State = Annotated[OrderState | str, Field(union_mode="left_to_right")]


def _unknown(state: OrderState | str) -> str | None:
    return None if isinstance(state, OrderState) else state


class TaxAmount(MiraklModel):
    """A tax on a price, a refund or a cancellation.

    Examples:
        >>> TaxAmount(code="tax1", amount="1").amount
        Decimal('1')
    """

    code: str | None = None
    amount: Decimal | None = None
    rate: Decimal | None = None


class Refund(MiraklModel):
    """A refund on an order line (OR11 `refunds[]`): reconcile money from these (MIRAKL-Q12).

    Examples:
        >>> Refund(id="R1", amount=6.82, reason_code="15").amount
        Decimal('6.82')
    """

    id: str
    amount: Decimal | None = None
    shipping_amount: Decimal | None = None
    quantity: int | None = None
    reason_code: Code | None = None
    state: str | None = None
    refund_state: str | None = None
    order_refund_id: str | None = None
    created_date: UtcDatetime | None = None
    transaction_date: UtcDatetime | None = None
    taxes: list[TaxAmount] = Field(default_factory=list)
    shipping_taxes: list[TaxAmount] = Field(default_factory=list)


class Cancelation(MiraklModel):
    """A cancellation on an order line (OR11 `cancelations[]`).

    Examples:
        >>> Cancelation(id="C1", amount=12.34, quantity=1).quantity
        1
    """

    id: str
    amount: Decimal | None = None
    shipping_amount: Decimal | None = None
    quantity: int | None = None
    reason_code: Code | None = None
    created_date: UtcDatetime | None = None
    taxes: list[TaxAmount] = Field(default_factory=list)
    shipping_taxes: list[TaxAmount] = Field(default_factory=list)


class Address(MiraklModel):
    """A buyer's address (personal data: a repr shows the city and country only).

    Mirakl sends it `null` before shipping or acceptance (MIRAKL-Q10).

    Examples:
        >>> Address(city="Lyon", country_iso_code="FRA", lastname="Martin", street_1="1 rue X")
        Address(city='Lyon', country_iso_code='FRA')
    """

    city: str | None = None
    country: str | None = None
    country_iso_code: str | None = None
    company: str | None = None
    company_2: str | None = Field(default=None, repr=False)
    civility: str | None = Field(default=None, repr=False)
    firstname: str | None = Field(default=None, repr=False)
    lastname: str | None = Field(default=None, repr=False)
    street_1: str | None = Field(default=None, repr=False)
    street_2: str | None = Field(default=None, repr=False)
    zip_code: str | None = Field(default=None, repr=False)
    state: str | None = Field(default=None, repr=False)
    phone: str | None = Field(default=None, repr=False)
    phone_secondary: str | None = Field(default=None, repr=False)
    additional_info: str | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Iterable[tuple[str | None, object]]:
        return [
            (key, value)
            for key, value in super().__repr_args__()
            if key in ("city", "country_iso_code")
        ]


class Customer(MiraklModel):
    """The buyer (personal data: a repr shows the id only).

    Examples:
        >>> Customer(customer_id="C1", firstname="Ada", lastname="L")
        Customer(customer_id='C1')
    """

    customer_id: str | None = None
    civility: str | None = Field(default=None, repr=False)
    firstname: str | None = Field(default=None, repr=False)
    lastname: str | None = Field(default=None, repr=False)
    locale: str | None = Field(default=None, repr=False)
    shipping_address: Address | None = Field(default=None, repr=False)
    billing_address: Address | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Iterable[tuple[str | None, object]]:
        return [(key, value) for key, value in super().__repr_args__() if key == "customer_id"]


class OrderLine(MiraklModel):
    """One line of an order (OR11 `order_lines[]`).

    Examples:
        >>> line = OrderLine(order_line_id="O-A-1", order_line_state="NEW_LINE_STATE",
        ...                  offer_sku="MUG-1", quantity=2)
        >>> line.unknown_state
        'NEW_LINE_STATE'
    """

    order_line_id: str
    order_line_state: State
    offer_sku: str | None = None
    offer_id: int | None = None
    product_sku: str | None = None
    product_shop_sku: str | None = None
    product_title: str | None = None
    order_line_index: int | None = None
    quantity: int = 0
    price: Decimal | None = None
    price_unit: Decimal | None = None
    origin_unit_price: Decimal | None = None
    shipping_price: Decimal | None = None
    total_price: Decimal | None = None
    commission_fee: Decimal | None = None
    total_commission: Decimal | None = None
    can_refund: bool | None = None
    order_line_state_reason_code: str | None = None
    order_line_state_reason_label: str | None = None
    created_date: UtcDatetime | None = None
    last_updated_date: UtcDatetime | None = None
    shipped_date: UtcDatetime | None = None
    received_date: UtcDatetime | None = None
    debited_date: UtcDatetime | None = None
    taxes: list[TaxAmount] = Field(default_factory=list)
    shipping_taxes: list[TaxAmount] = Field(default_factory=list)
    refunds: list[Refund] = Field(default_factory=list)
    cancelations: list[Cancelation] = Field(default_factory=list)

    @property
    def unknown_state(self) -> str | None:
        """The raw line state when this SDK does not know it, else `None`."""
        return _unknown(self.order_line_state)


class Order(MiraklModel):
    """One order of the shop (OR11). Keep both `order_id` and `commercial_id` (MIRAKL-Q14).

    Examples:
        >>> Order(order_id="O-A", order_state="SHIPPING", can_cancel=False).unknown_state is None
        True
    """

    order_id: str
    order_state: State
    commercial_id: str | None = None
    created_date: UtcDatetime | None = None
    last_updated_date: UtcDatetime | None = None
    acceptance_decision_date: UtcDatetime | None = None
    customer_debited_date: UtcDatetime | None = None
    shipping_deadline: UtcDatetime | None = None
    currency_iso_code: str | None = None
    price: Decimal | None = None
    shipping_price: Decimal | None = None
    total_price: Decimal | None = None
    total_commission: Decimal | None = None
    can_cancel: bool | None = None
    can_shop_ship: bool | None = None
    fully_refunded: bool | None = None
    has_incident: bool | None = None
    order_state_reason_code: str | None = None
    order_state_reason_label: str | None = None
    order_tax_mode: str | None = None
    payment_workflow: str | None = None
    shipping_type_code: str | None = None
    shipping_carrier_code: str | None = None
    shipping_company: str | None = None
    shipping_tracking: str | None = None
    shipping_tracking_url: str | None = None
    customer_notification_email: str | None = Field(default=None, repr=False)
    customer: Customer | None = Field(default=None, repr=False)
    order_lines: list[OrderLine] = Field(default_factory=list)

    @property
    def unknown_state(self) -> str | None:
        """The raw order state when this SDK does not know it (MIRAKL-Q08), else `None`."""
        return _unknown(self.order_state)

    @property
    def dedupe_key(self) -> tuple[str, str | None]:
        """`(order_id, last_updated_date)`: the same key means the same version (MIRAKL-Q02).

        Examples:
            >>> Order(order_id="O-A", order_state="SHIPPED").dedupe_key
            ('O-A', None)
        """
        stamp = self.last_updated_date
        return self.order_id, stamp.isoformat() if stamp is not None else None

    def __repr_args__(self) -> Iterable[tuple[str | None, object]]:
        shown = ("order_id", "commercial_id", "order_state", "last_updated_date", "total_price")
        return [(key, value) for key, value in super().__repr_args__() if key in shown]


class OrderList(MiraklModel):
    """One page of OR11: orders, the total (offset pagination) and the next token (seek).

    Mirakl's seek-paginated lists put their records under `data`; a seek page of orders that
    does so is read the same. A page with neither is refused, never read as an empty last page.

    Examples:
        >>> OrderList(orders=[], total_count=0).next_page_token is None
        True
        >>> OrderList.model_validate({"data": [{"order_id": "O-A", "order_state": "SHIPPED"}],
        ...                           "next_page_token": "t2"}).orders[0].order_id
        'O-A'
    """

    # `data` read by alias rather than by a validator on the whole page, which copied the page
    # before validating it. An `orders` key wins over `data`, which then stays an extra field.
    orders: list[Order] = Field(validation_alias=AliasChoices("orders", "data"))
    total_count: int | None = None
    next_page_token: str | None = None
    previous_page_token: str | None = None


class LineDecision(MiraklModel):
    """Accept or refuse one order line (an OR21 `order_lines[]` item).

    Examples:
        >>> LineDecision(id="O-A-1", accepted=False).accepted
        False
    """

    id: str
    accepted: bool


class Tracking(MiraklModel):
    """The OR23 body: a registered carrier's `carrier_code`, or `carrier_name` and
    `carrier_url` for one Mirakl does not know (MIRAKL-Q11).

    Examples:
        >>> Tracking(carrier_code="UPS", tracking_number="1Z999").wire()
        {'carrier_code': 'UPS', 'tracking_number': '1Z999'}
    """

    carrier_code: str | None = None
    carrier_name: str | None = None
    carrier_standard_code: str | None = None
    carrier_url: str | None = None
    tracking_number: str | None = None

    def wire(self) -> dict[str, Any]:
        """The JSON object OR23 takes.

        Raises:
            ValueError: neither a carrier code nor a carrier name is given.

        Examples:
            >>> Tracking(carrier_name="Coursier", carrier_url="https://c.example/9").wire()
            {'carrier_name': 'Coursier', 'carrier_url': 'https://c.example/9'}
        """
        if not (self.carrier_code or self.carrier_name):
            raise ValueError("OR23 needs a carrier_code (registered) or a carrier_name")
        data: dict[str, Any] = self.model_dump(exclude_none=True)
        return data


class RefundRequest(MiraklModel):
    """One refund to create with OR28 (per order line, MIRAKL-Q12).

    Examples:
        >>> RefundRequest(order_line_id="O-A-1", amount="5.00", shipping_amount=0,
        ...               reason_code="15").wire()["amount"]
        5
    """

    order_line_id: str
    amount: Decimal
    shipping_amount: Decimal
    reason_code: Code
    quantity: int | None = None
    currency_iso_code: str | None = None
    excluded_from_shipment: bool | None = None
    taxes: list[TaxAmount] = Field(default_factory=list)
    shipping_taxes: list[TaxAmount] = Field(default_factory=list)

    def wire(self) -> dict[str, Any]:
        """The JSON object of one OR28 `refunds[]` item (money as JSON numbers).

        Examples:
            >>> RefundRequest(order_line_id="L", amount="2.50", shipping_amount=0, reason_code=15,
            ...               taxes=[TaxAmount(code="TVA", amount="0.42")]).wire()["taxes"]
            [{'code': 'TVA', 'amount': 0.42}]
        """
        return _wire(self)


class CancelationRequest(MiraklModel):
    """One line cancellation to create with OR30.

    Examples:
        >>> CancelationRequest(order_line_id="O-A-1", amount=2, shipping_amount=0, quantity=1,
        ...                    reason_code=34).reason_code
        '34'
    """

    order_line_id: str
    amount: Decimal
    shipping_amount: Decimal
    quantity: int
    reason_code: Code
    currency_iso_code: str | None = None
    taxes: list[TaxAmount] = Field(default_factory=list)
    shipping_taxes: list[TaxAmount] = Field(default_factory=list)

    def wire(self) -> dict[str, Any]:
        """The JSON object of one OR30 `cancelations[]` item (money as JSON numbers).

        Examples:
            >>> CancelationRequest(order_line_id="L", amount="9.90", shipping_amount="1.5",
            ...                    quantity=1, reason_code="34").wire()["shipping_amount"]
            1.5
        """
        return _wire(self)


def _wire(model: MiraklModel) -> dict[str, Any]:
    data = model.model_dump(exclude_none=True)
    for name in ("taxes", "shipping_taxes"):
        if not data.get(name):
            data.pop(name, None)
        else:
            data[name] = [{k: v for k, v in tax.items() if k != "rate"} for tax in data[name]]
    wire: dict[str, Any] = json_numbers(data)
    return wire


class RefundCreated(MiraklModel):
    """One refund OR28 created.

    Examples:
        >>> RefundCreated(refund_id="R9", order_line_id="O-A-1", amount=5).refund_id
        'R9'
    """

    refund_id: str
    order_line_id: str
    amount: Decimal | None = None
    shipping_amount: Decimal | None = None
    quantity: int | None = None
    reason_code: Code | None = None
    order_refund_id: str | None = None


class RefundsCreated(MiraklModel):
    """OR28's answer.

    Examples:
        >>> RefundsCreated(refunds=[]).refunds
        []
    """

    refunds: list[RefundCreated] = Field(default_factory=list)
    order_tax_mode: str | None = None


class CancelationCreated(MiraklModel):
    """One cancellation OR30 created.

    Examples:
        >>> CancelationCreated(cancelation_id="C9", order_line_id="O-A-1").cancelation_id
        'C9'
    """

    cancelation_id: str
    order_line_id: str
    amount: Decimal | None = None
    shipping_amount: Decimal | None = None
    quantity: int | None = None
    reason_code: Code | None = None


class CancelationsCreated(MiraklModel):
    """OR30's answer.

    Examples:
        >>> CancelationsCreated(cancelations=[]).cancelations
        []
    """

    cancelations: list[CancelationCreated] = Field(default_factory=list)
    order_tax_mode: str | None = None
