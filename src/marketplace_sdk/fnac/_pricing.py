"""FNAC price rules: the OMS price is sent, in EUR, from 0.90 to 20,000.

The seed's price mapping: FNAC's price is the OMS price (a selling price is not used). The
range is the FNAC web services' `price_090_20000` type (a decimal above 0.89 and at most
20000); after rounding half up to cents (see `marketplace_sdk.core._pricing`) that is 0.90 to
20,000.00 EUR. FNAC France trades in euros only: another currency is refused.

Examples:
    >>> str(resolve_price(Money(amount="14.9", currency="EUR")))
    '14.90 EUR'
    >>> str(resolve_price(Money(amount="14.90", currency="EUR"),
    ...                   selling_price=Money(amount="9.90", currency="EUR")))
    '14.90 EUR'
"""

from __future__ import annotations

from decimal import Decimal

from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceBounds, same_currency

__all__ = ["FNAC_PRICE_BOUNDS", "resolve_price"]

#: The price range FNAC accepts (`price_090_20000` in the FNAC web services' XSD), in EUR.
FNAC_PRICE_BOUNDS = PriceBounds(
    Decimal("0.90"), Decimal("20000.00"), marketplace="FNAC", currency="EUR"
)


def resolve_price(price: Money, selling_price: Money | None = None) -> Money:
    """The price to send to FNAC: always `price`, rounded to cents and checked.

    `selling_price` is accepted so both marketplaces take the same arguments; FNAC ignores it
    (it must still be in the same currency, to catch a mixed-up update early).

    Raises:
        marketplace_sdk.core._pricing.CurrencyMismatch: not in EUR, or the prices differ.
        marketplace_sdk.core._pricing.PriceOutOfRange: outside 0.90 to 20,000.00 EUR.

    Examples:
        >>> str(resolve_price(Money(amount="20000", currency="EUR")))
        '20000.00 EUR'
    """
    same_currency(price, selling_price, marketplace="FNAC")
    return FNAC_PRICE_BOUNDS.check(price)
