"""Shared pieces of Etsy's wire models: the base model, money, list envelopes, lenient enums.

The models are written by hand from the schemas of Etsy's published OpenAPI document, keeping
Etsy's field names. Every model allows fields the document does not list (`extra="allow"`):
live payloads carry more than the document says (receipt `refunds`, legacy `create_timestamp`
twins), and a support engineer must be able to see them (`model.model_extra`), while a field
Etsy adds tomorrow must not break today's sync.

Examples:
    >>> price = EtsyMoney(amount=2200, divisor=100, currency_code="EUR")
    >>> price.to_money()
    Money(amount=Decimal('22.00'), currency='EUR')
    >>> ListingState.parse("Sold_Out")
    <ListingState.SOLD_OUT: 'sold_out'>
    >>> ListingState.parse("vanished")
    'vanished'
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Generic, Self, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue

from marketplace_sdk.core._money import Money

__all__ = [
    "EtsyList",
    "EtsyModel",
    "EtsyMoney",
    "JsonObject",
    "ListingState",
    "ListingStateValue",
    "ReceiptStatus",
    "ReceiptStatusValue",
    "from_timestamp",
]

T = TypeVar("T")

#: A JSON object as the SDK writes request bodies.
JsonObject = dict[str, JsonValue]


class EtsyModel(BaseModel):
    """Base of every Etsy wire model: unknown fields kept, values not coerced across types.

    Examples:
        >>> class Thing(EtsyModel):
        ...     thing_id: int
        >>> Thing.model_validate({"thing_id": 1, "new_field": "x"}).model_extra
        {'new_field': 'x'}
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)


def from_timestamp(value: int | None) -> datetime | None:
    """A Unix timestamp (seconds) as a timezone-aware UTC datetime; `None` stays `None`.

    Raises:
        ValueError: a timestamp no datetime can hold (before year 1 or after year 9999).

    Examples:
        >>> from_timestamp(1695659962).isoformat()
        '2023-09-25T16:39:22+00:00'
    """
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"timestamp {value} is out of range") from None


def _is_power_of_ten(number: int) -> bool:
    return number > 0 and str(number).rstrip("0") == "1"


class EtsyMoney(EtsyModel):
    """Etsy's money shape: an integer `amount` of `1/divisor` units in `currency_code`.

    Attributes:
        amount: the amount in units of `1/divisor` (2200 with divisor 100 is 22.00).
        divisor: what to divide `amount` by (100 for most currencies).
        currency_code: ISO 4217 code.

    Examples:
        >>> EtsyMoney(amount=1999, divisor=100, currency_code="USD").decimal
        Decimal('19.99')
    """

    amount: int
    divisor: int = Field(default=100, ge=1)
    currency_code: str

    @property
    def decimal(self) -> Decimal:
        """The amount as a Decimal, with as many places as the divisor has zeros."""
        if _is_power_of_ten(self.divisor):
            return Decimal(self.amount).scaleb(-(len(str(self.divisor)) - 1))
        return Decimal(self.amount) / Decimal(self.divisor)

    def to_money(self) -> Money:
        """The canonical `Money` (Decimal amount, currency).

        Examples:
            >>> EtsyMoney(amount=5, divisor=1, currency_code="JPY").to_money().amount
            Decimal('5')
        """
        return Money(amount=self.decimal, currency=self.currency_code.upper())

    @classmethod
    def from_money(cls, money: Money, *, divisor: int = 100) -> Self:
        """Etsy's shape of `money` at `divisor` (the amount must fit exactly).

        Examples:
            >>> EtsyMoney.from_money(Money(amount="12.5", currency="EUR")).amount
            1250
        """
        units = money.amount * divisor
        if units != units.to_integral_value():
            raise ValueError(f"{money} has more precision than 1/{divisor}")
        return cls(amount=int(units), divisor=divisor, currency_code=money.currency)


class EtsyList(EtsyModel, Generic[T]):
    """Etsy's list envelope: `count` (all matching records) and this page's `results`.

    Examples:
        >>> EtsyList[int].model_validate({"count": 3, "results": [1, 2]}).results
        [1, 2]
    """

    count: int = 0
    results: list[T] = Field(default_factory=list)


class ReceiptStatus(StrEnum):
    """The receipt statuses Etsy's document lists (lower-case; live payloads capitalise them).

    Use `ReceiptStatus.parse` to read one leniently.

    Examples:
        >>> ReceiptStatus.parse("Fully Refunded")
        <ReceiptStatus.FULLY_REFUNDED: 'fully refunded'>
    """

    PAID = "paid"
    COMPLETED = "completed"
    OPEN = "open"
    PAYMENT_PROCESSING = "payment processing"
    CANCELED = "canceled"
    FULLY_REFUNDED = "fully refunded"
    PARTIALLY_REFUNDED = "partially refunded"

    @classmethod
    def parse(cls, value: object) -> ReceiptStatus | str:
        """The member matching `value` ignoring case and outer spaces, else `value` unchanged.

        Examples:
            >>> ReceiptStatus.parse("PAID"), ReceiptStatus.parse("On hold")
            (<ReceiptStatus.PAID: 'paid'>, 'On hold')
        """
        return _lenient(cls, value)


class ListingState(StrEnum):
    """The listing states Etsy's document lists; others are kept as plain strings.

    Examples:
        >>> ListingState.parse("active") is ListingState.ACTIVE
        True
    """

    ACTIVE = "active"
    INACTIVE = "inactive"
    SOLD_OUT = "sold_out"
    DRAFT = "draft"
    EXPIRED = "expired"

    @classmethod
    def parse(cls, value: object) -> ListingState | str:
        """The member matching `value` ignoring case, else `value` unchanged.

        Examples:
            >>> ListingState.parse("Edit")
            'Edit'
        """
        return _lenient(cls, value)


E = TypeVar("E", bound=StrEnum)


def _lenient(enum: type[E], value: object) -> E | str:
    if isinstance(value, enum):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    try:
        return enum(value.strip().lower())
    except ValueError:
        return value


#: A receipt status: a `ReceiptStatus` member, or the raw string when Etsy sends a new one.
ReceiptStatusValue = Annotated[ReceiptStatus | str, BeforeValidator(ReceiptStatus.parse)]

#: A listing state: a `ListingState` member, or the raw string when Etsy sends a new one.
ListingStateValue = Annotated[ListingState | str, BeforeValidator(ListingState.parse)]
