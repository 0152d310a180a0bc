"""`Money`: a Decimal amount in an ISO 4217 currency, never a float.

Amounts are `decimal.Decimal`. Floats are refused on the way in (a float has already lost
the cents: `0.1 + 0.2 != 0.3`), strings, integers and Decimals are accepted. In JSON the
amount is written as a string, so a record read back is exactly the record written.

Examples:
    >>> price = Money(amount="12.50", currency="EUR")
    >>> price
    Money(amount=Decimal('12.50'), currency='EUR')
    >>> price.model_dump_json()
    '{"amount":"12.50","currency":"EUR"}'
    >>> Money.model_validate_json(price.model_dump_json()) == price
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Self

from pydantic import BaseModel, ConfigDict, field_serializer, field_validator

from marketplace_sdk.core._unchecked import unchecked

__all__ = ["CURRENCY_MINOR_UNITS", "Money", "is_currency", "minor_unit"]

#: Digits after the decimal point per ISO 4217 currency, for the currencies the SDK's
#: marketplaces trade in. A currency not listed has 2 (the ISO default for most currencies).
CURRENCY_MINOR_UNITS: Mapping[str, int] = MappingProxyType(
    {
        "AUD": 2,
        "CAD": 2,
        "CHF": 2,
        "CZK": 2,
        "DKK": 2,
        "EUR": 2,
        "GBP": 2,
        "HKD": 2,
        "HUF": 2,
        "ILS": 2,
        "INR": 2,
        "JPY": 0,
        "KRW": 0,
        "MAD": 2,
        "MXN": 2,
        "MYR": 2,
        "NOK": 2,
        "NZD": 2,
        "PHP": 2,
        "PLN": 2,
        "SEK": 2,
        "SGD": 2,
        "THB": 2,
        "TRY": 2,
        "TWD": 2,
        "USD": 2,
        "VND": 0,
        "BHD": 3,
        "KWD": 3,
        "TND": 3,
    }
)

_CURRENCY = re.compile(r"[A-Z]{3}")


#: Codes `is_currency` found valid: at most 26**3, so the cache is bounded.
_VALID_CODES: set[str] = set()


def is_currency(code: object) -> bool:
    """Whether `code` is a `str` of three upper-case letters, as `Money.currency` requires.

    Examples:
        >>> is_currency("EUR"), is_currency("eur"), is_currency("EURO")
        (True, False, False)
    """
    if type(code) is not str:
        return False
    if code in _VALID_CODES:
        return True
    if _CURRENCY.fullmatch(code):
        _VALID_CODES.add(code)
        return True
    return False


def minor_unit(currency: str) -> int:
    """Digits after the decimal point in `currency` (2 when the currency is not in the table).

    Examples:
        >>> minor_unit("EUR"), minor_unit("JPY"), minor_unit("KWD")
        (2, 0, 3)
    """
    return CURRENCY_MINOR_UNITS.get(currency, 2)


class Money(BaseModel):
    """An amount of money: a `Decimal` amount and an ISO 4217 currency code.

    Attributes:
        amount: the amount, as given (no rounding here; see `marketplace_sdk.core._pricing`).
        currency: three upper-case letters (`EUR`, `USD`).

    Examples:
        >>> Money(amount=3, currency="USD").amount
        Decimal('3')
        >>> from pydantic import ValidationError
        >>> try:
        ...     Money(amount=0.1, currency="USD")
        ... except ValidationError as err:
        ...     print("must not be floats" in str(err))
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Decimal
    currency: str

    @field_validator("amount", mode="before")
    @classmethod
    def _no_floats(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            kind = "floats" if isinstance(value, float) else type(value).__name__
            raise ValueError(
                f"money amounts must not be {kind}: pass a str, int or Decimal (got {value!r})"
            )
        try:
            amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal amount: {value!r}") from None
        if not amount.is_finite():
            raise ValueError(f"money amounts must be finite (got {value!r})")
        return amount

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        if not _CURRENCY.fullmatch(value):
            raise ValueError(f"currency must be 3 upper-case letters (ISO 4217): {value!r}")
        return value

    @field_serializer("amount")
    def _amount_as_text(self, amount: Decimal) -> str:
        return str(amount)

    @classmethod
    def zero(cls, currency: str) -> Self:
        """No money in `currency`.

        Examples:
            >>> Money.zero("EUR")
            Money(amount=Decimal('0'), currency='EUR')
        """
        return cls(amount=Decimal(0), currency=currency)

    def __add__(self, other: Money) -> Money:
        """Sum of two amounts in the same currency (different currencies are refused).

        Examples:
            >>> Money(amount="1.10", currency="EUR") + Money(amount="2.20", currency="EUR")
            Money(amount=Decimal('3.30'), currency='EUR')
        """
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return _exact(self.amount + other.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        """This amount times an integer quantity (a line total).

        Examples:
            >>> Money(amount="2.50", currency="EUR") * 3
            Money(amount=Decimal('7.50'), currency='EUR')
        """
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            return NotImplemented
        return _exact(self.amount * quantity, self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} and {other.currency} amounts")


def _exact(amount: Decimal, currency: str) -> Money:
    # The result of arithmetic on valid amounts, in a currency already valid: validated only
    # when it is not finite (which the constructor refuses).
    if amount.is_finite():
        return unchecked(Money, {"amount": amount, "currency": currency})
    return Money(amount=amount, currency=currency)
