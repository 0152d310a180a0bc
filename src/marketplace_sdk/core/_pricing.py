"""Price arithmetic shared by the marketplaces: rounding, bounds, amount/divisor form.

Rounding: amounts are rounded to the currency's minor unit (2 digits for EUR and USD, 0 for
JPY, see `marketplace_sdk.core._money.CURRENCY_MINOR_UNITS`) **half up** (`ROUND_HALF_UP`:
9.995 becomes 10.00). That is the commercial rounding sellers and price tags use; banker's
rounding (half even) would turn 10.125 into 10.12, which a seller reads as a bug. Prices
already at the minor unit are unchanged, so rounding only touches prices computed by the OMS
(a discount, a conversion) and is applied once, just before the price is sent.

Examples:
    >>> str(round_to_minor_unit(Money(amount="9.995", currency="EUR")))
    '10.00 EUR'
    >>> to_amount_divisor(Money(amount="12.5", currency="USD"))
    AmountDivisor(amount=1250, divisor=100, currency_code='USD')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, Inexact, localcontext
from typing import NamedTuple

import attrs

from marketplace_sdk.core._errors import InvalidRequestError
from marketplace_sdk.core._models.build import build
from marketplace_sdk.core._money import Money, minor_unit

__all__ = [
    "AmountDivisor",
    "CurrencyMismatch",
    "PriceBounds",
    "PriceError",
    "PriceOutOfRange",
    "from_amount_divisor",
    "round_to_minor_unit",
    "same_currency",
    "to_amount_divisor",
]


class PriceError(InvalidRequestError):
    """A price the marketplace would reject, refused before it is sent.

    A subclass of `InvalidRequestError` because it is the same failure as the marketplace's
    own validation error, caught earlier: a host that already handles rejected requests
    (show the seller, do not retry) handles this too.

    Examples:
        >>> issubclass(PriceOutOfRange, InvalidRequestError)
        True
    """


class PriceOutOfRange(PriceError):
    """A price outside the range the marketplace accepts.

    Attributes:
        price: the price, rounded as it would have been sent.
        minimum: the lowest price accepted (inclusive).
        maximum: the highest price accepted (inclusive).

    Examples:
        >>> bounds = PriceBounds(Decimal("0.90"), Decimal("20000"), marketplace="FNAC")
        >>> try:
        ...     bounds.check(Money(amount="0.50", currency="EUR"))
        ... except PriceOutOfRange as err:
        ...     print(err)
        [FNAC] PRICE_OUT_OF_RANGE: price 0.50 EUR is outside the accepted range 0.90 to 20000 EUR
    """

    def __init__(
        self, message: str, *, price: Money, minimum: Decimal, maximum: Decimal, marketplace: str
    ) -> None:
        super().__init__(message, marketplace=marketplace, code="PRICE_OUT_OF_RANGE")
        self.price = price
        self.minimum = minimum
        self.maximum = maximum


class CurrencyMismatch(PriceError):
    """A price in a currency the marketplace (or the other price) does not use.

    Examples:
        >>> CurrencyMismatch("FNAC prices are in EUR, not USD").code
        'CURRENCY_MISMATCH'
    """

    def __init__(self, message: str, *, marketplace: str | None = None) -> None:
        super().__init__(message, marketplace=marketplace, code="CURRENCY_MISMATCH")


def round_to_minor_unit(money: Money) -> Money:
    """`money` rounded half up to its currency's minor unit (see the module docstring).

    Examples:
        >>> round_to_minor_unit(Money(amount="1234.5", currency="JPY")).amount
        Decimal('1235')
        >>> round_to_minor_unit(Money(amount="3", currency="EUR")).amount
        Decimal('3.00')
    """
    quantum = Decimal(1).scaleb(-minor_unit(money.currency))
    with localcontext() as context:
        context.prec = max(28, len(money.amount.as_tuple().digits) + 10)
        amount = money.amount.quantize(quantum, rounding=ROUND_HALF_UP)
    if amount.is_zero():
        amount = amount.copy_abs()  # -0.004 rounds to 0.00, never to "-0.00"
    return Money(amount=amount, currency=money.currency)


@attrs.frozen
class PriceBounds:
    """The inclusive price range a marketplace accepts, optionally in one currency only.

    Attributes:
        minimum: the lowest price accepted.
        maximum: the highest price accepted.
        marketplace: the marketplace's name, for the error message.
        currency: the only currency accepted, or `None` for the shop's own currency.

    Examples:
        >>> bounds = PriceBounds(Decimal("0.20"), Decimal("50000"), marketplace="Etsy")
        >>> str(bounds.check(Money(amount="19.999", currency="USD")))
        '20.00 USD'
    """

    minimum: Decimal
    maximum: Decimal
    marketplace: str
    currency: str | None = None

    def check(self, price: Money) -> Money:
        """`price` rounded to its minor unit, or a typed error if the marketplace would refuse it.

        Raises:
            CurrencyMismatch: `currency` is set and `price` is in another one.
            PriceOutOfRange: the rounded price is below `minimum` or above `maximum`.
        """
        if self.currency is not None and price.currency != self.currency:
            raise CurrencyMismatch(
                f"{self.marketplace} prices are in {self.currency}, not {price.currency}",
                marketplace=self.marketplace,
            )
        rounded = round_to_minor_unit(price)
        if not self.minimum <= rounded.amount <= self.maximum:
            raise PriceOutOfRange(
                f"price {rounded} is outside the accepted range {self.minimum} to "
                f"{self.maximum} {self.currency or rounded.currency}",
                price=rounded,
                minimum=self.minimum,
                maximum=self.maximum,
                marketplace=self.marketplace,
            )
        return rounded


def same_currency(price: Money, other: Money | None, *, marketplace: str) -> None:
    """Refuse two prices of one product in different currencies.

    Raises:
        CurrencyMismatch: `other` is set and in another currency than `price`.

    Examples:
        >>> same_currency(Money(amount=1, currency="EUR"), None, marketplace="Etsy")
    """
    if other is not None and other.currency != price.currency:
        raise CurrencyMismatch(
            f"price is in {price.currency} but selling price in {other.currency}",
            marketplace=marketplace,
        )


class AmountDivisor(NamedTuple):
    """Money as an integer amount and a divisor (`amount / divisor` in `currency_code`).

    Examples:
        >>> AmountDivisor(1250, 100, "USD").amount
        1250
    """

    amount: int
    divisor: int
    currency_code: str


def to_amount_divisor(money: Money) -> AmountDivisor:
    """`money` rounded to its minor unit, as an integer amount over `10 ** minor_unit`.

    Examples:
        >>> to_amount_divisor(Money(amount="0.2", currency="EUR"))
        AmountDivisor(amount=20, divisor=100, currency_code='EUR')
    """
    rounded = round_to_minor_unit(money)
    digits = minor_unit(money.currency)
    return AmountDivisor(
        amount=int(rounded.amount.scaleb(digits)),
        divisor=10**digits,
        currency_code=money.currency,
    )


def from_amount_divisor(amount: int, divisor: int, currency_code: str) -> Money:
    """The `Money` that `amount / divisor` in `currency_code` stands for, computed exactly.

    A power-of-ten divisor gives that many decimal places (`1250 / 100` is `12.50`).

    Raises:
        ValueError: `divisor` is not positive, or the division is not exact.

    Examples:
        >>> from_amount_divisor(1250, 100, "USD")
        Money(amount=Decimal('12.50'), currency='USD')
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int, got {type(amount).__name__}")
    if isinstance(divisor, bool) or not isinstance(divisor, int) or divisor <= 0:
        raise ValueError(f"divisor must be a positive int, got {divisor!r}")
    digits = len(str(divisor)) - 1
    if divisor == 10**digits:
        value = Decimal(amount).scaleb(-digits)
    else:
        with localcontext() as context:
            context.prec = len(str(abs(amount))) + len(str(divisor)) + 10
            context.traps[Inexact] = True
            try:
                value = Decimal(amount) / Decimal(divisor)
            except Inexact:
                raise ValueError(f"{amount}/{divisor} is not an exact decimal amount") from None
    return build(Money, amount=value, currency=currency_code)
