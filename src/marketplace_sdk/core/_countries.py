"""ISO 3166-1 country codes: every canonical address carries the alpha-2 code (`FR`, `NL`).

Marketplaces send other forms: FNAC sends the alpha-3 code (`FRA`), Etsy the alpha-2 one
(`NL`). `country_alpha2` reads either, ignoring case and surrounding spaces, against the complete
ISO 3166-1 table (the `iso3166` package: every officially assigned code, plus `XK` for Kosovo,
which marketplaces and carriers use). A code the table does not hold is refused, never guessed:
`UK` is not `GB`, and a typo must reach a person, not a wrong country.

Examples:
    >>> country_alpha2("FRA"), country_alpha2(" nl "), country_alpha2("")
    ('FR', 'NL', None)
    >>> country_alpha2("UK")
    Traceback (most recent call last):
    ...
    ValueError: unknown ISO 3166-1 country code 'UK'
"""

from __future__ import annotations

from iso3166 import countries_by_alpha2, countries_by_alpha3

__all__ = ["country_alpha2", "is_alpha2"]


def is_alpha2(code: str) -> bool:
    """Whether `code` is an assigned ISO 3166-1 alpha-2 code, as written (upper case).

    Examples:
        >>> is_alpha2("FR"), is_alpha2("fr"), is_alpha2("FRA")
        (True, False, False)
    """
    return len(code) == 2 and code.isupper() and code in countries_by_alpha2


def country_alpha2(code: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 code; `None` for none or blank.

    Raises:
        ValueError: `code` is neither an alpha-2 nor an alpha-3 code of ISO 3166-1.

    Examples:
        >>> country_alpha2("deu"), country_alpha2("GB"), country_alpha2(None)
        ('DE', 'GB', None)
    """
    if code is None:
        return None
    text = code.strip().upper()
    if not text:
        return None
    if len(text) == 2 and text in countries_by_alpha2:
        return text
    if len(text) == 3 and text in countries_by_alpha3:
        return countries_by_alpha3[text].alpha2
    raise ValueError(f"unknown ISO 3166-1 country code {code!r}")
