"""Etsy price rules: which OMS price is sent, its range, and Etsy's amount/divisor money.

The seed's price mapping: Etsy's price is the OMS selling price when it is not null, else the
OMS price. Prices are Decimal, rounded half up to the currency's minor unit (see
`marketplace_sdk.core._pricing`), and must lie in the range Etsy accepts for a listing price:
0.20 to 50,000.00 in the shop's currency (Etsy states the range in USD; the SDK applies the same
numbers to every shop currency and lets Etsy have the last word on converted limits).

Examples:
    >>> price = Money(amount="25.00", currency="USD")
    >>> str(resolve_price(price, Money(amount="19.99", currency="USD")))
    '19.99 USD'
    >>> str(resolve_price(price, None))
    '25.00 USD'
    >>> to_etsy_money(Money(amount="19.99", currency="USD"))
    EtsyMoney(amount=1999, divisor=100, currency_code='USD')
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import (
    PriceBounds,
    from_amount_divisor,
    same_currency,
    to_amount_divisor,
)
from marketplace_sdk.etsy._models.common import EtsyMoney

__all__ = ["ETSY_PRICE_BOUNDS", "from_etsy_money", "resolve_price", "to_etsy_money"]

#: The listing price range Etsy accepts, in the shop's currency.
ETSY_PRICE_BOUNDS = PriceBounds(Decimal("0.20"), Decimal("50000.00"), marketplace="Etsy")


def resolve_price(price: Money, selling_price: Money | None) -> Money:
    """The price to send to Etsy: `selling_price` when not None, else `price`; rounded, checked.

    A selling price of zero is not null: it is used, and refused as out of range.

    Raises:
        marketplace_sdk.core._pricing.CurrencyMismatch: the two prices differ in currency.
        marketplace_sdk.core._pricing.PriceOutOfRange: outside 0.20 to 50,000.00.

    Examples:
        >>> str(resolve_price(Money(amount="10", currency="EUR"), None))
        '10.00 EUR'
    """
    same_currency(price, selling_price, marketplace="Etsy")
    chosen = selling_price if selling_price is not None else price
    return ETSY_PRICE_BOUNDS.check(chosen)


def to_etsy_money(money: Money) -> EtsyMoney:
    """`money` in Etsy's wire form (`etsy.models.EtsyMoney`), rounded half up to the currency's
    minor unit, with `10 ** minor_unit` as divisor (100 for USD, 1 for JPY).

    Examples:
        >>> to_etsy_money(Money(amount="1500", currency="JPY"))
        EtsyMoney(amount=1500, divisor=1, currency_code='JPY')
    """
    amount, divisor, currency_code = to_amount_divisor(money)
    return EtsyMoney(amount=amount, divisor=divisor, currency_code=currency_code)


def from_etsy_money(money: EtsyMoney) -> Money:
    """The `Money` an Etsy money object stands for, computed exactly.

    Raises:
        ValueError: a non-positive divisor, or a division that is not an exact decimal.

    Examples:
        >>> from_etsy_money(EtsyMoney(amount=1999, divisor=100, currency_code="USD"))
        Money(amount=Decimal('19.99'), currency='USD')
    """
    return exact_money(money.amount, money.divisor, money.currency_code)


#: Receipts repeat the same amounts (a shipping rate, zero tax, zero discount): `Money` is
#: immutable, so one instance serves them all. `typed` keeps `True` apart from `1`.
@lru_cache(maxsize=4096, typed=True)
def exact_money(amount: int, divisor: int, currency_code: str) -> Money:
    """`from_etsy_money` of an Etsy money object's three values (cached: `Money` is immutable).

    Examples:
        >>> exact_money(1999, 100, "usd")
        Money(amount=Decimal('19.99'), currency='USD')
    """
    return from_amount_divisor(amount, divisor, currency_code.upper())
