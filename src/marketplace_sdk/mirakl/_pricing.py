"""Mirakl price rules: which OMS price an offer is sent, and the range checked before sending.

A Mirakl offer has one `price`, the one the buyer pays (a discount, when the shop set one on
the operator's back office, is kept as it is: see `OfferUpdate.from_offer`). The OMS keeps a
price and, for a product on sale, a lower selling price; the buyer must pay the selling price,
so it is what the offer is sent when set, else the price (the same rule as Etsy's). Amounts are
rounded half up to the currency's minor unit (`marketplace_sdk.core._pricing`).

Mirakl states no range of its own beyond a positive price; operators refuse a line with a price
they do not take in the import's error report (a rejected item). The bounds below only stop
what is surely a mistake: nothing below ten cents, nothing of a million or more. An operator
trades in one currency (its offers' `currency_iso_code`); the channel refuses an update in
another one per item, before anything is sent.

Examples:
    >>> eur = {"currency": "EUR"}
    >>> str(resolve_price(Money(amount="25", **eur), Money(amount="19.99", **eur)))
    '19.99 EUR'
    >>> str(resolve_price(Money(amount="25", currency="EUR")))
    '25.00 EUR'
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceBounds, same_currency

__all__ = ["MIRAKL_PRICE_BOUNDS", "operator_pricing", "resolve_price"]

#: The range the channel lets through (in the shop's currency); the operator has the last word.
MIRAKL_PRICE_BOUNDS = PriceBounds(Decimal("0.10"), Decimal("999999.99"), marketplace="Mirakl")


def resolve_price(price: Money, selling_price: Money | None = None) -> Money:
    """The price a Mirakl offer is sent: `selling_price` when set, else `price`; rounded, checked.

    Raises:
        marketplace_sdk.core._pricing.CurrencyMismatch: the two prices differ in currency.
        marketplace_sdk.core._pricing.PriceOutOfRange: below 0.10 or above 999,999.99.

    Examples:
        >>> str(resolve_price(Money(amount="9.995", currency="EUR")))
        '10.00 EUR'
    """
    same_currency(price, selling_price, marketplace="Mirakl")
    return MIRAKL_PRICE_BOUNDS.check(selling_price if selling_price is not None else price)


def operator_pricing(
    title: str,
) -> tuple[PriceBounds, Callable[[Money, Money | None], Money]]:
    """The bounds and price rule of the Mirakl operator named `title` (its name in messages).

    Examples:
        >>> bounds, rule = operator_pricing("Acme")
        >>> bounds.marketplace, str(rule(Money(amount="5", currency="EUR"), None))
        ('Acme', '5.00 EUR')
    """
    if title == MIRAKL_PRICE_BOUNDS.marketplace:
        return MIRAKL_PRICE_BOUNDS, resolve_price
    bounds = PriceBounds(
        MIRAKL_PRICE_BOUNDS.minimum, MIRAKL_PRICE_BOUNDS.maximum, marketplace=title
    )

    def rule(price: Money, selling_price: Money | None = None) -> Money:
        same_currency(price, selling_price, marketplace=title)
        return bounds.check(selling_price if selling_price is not None else price)

    return bounds, rule
