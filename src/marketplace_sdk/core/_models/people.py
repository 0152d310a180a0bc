"""Buyer and address records, masked in `repr` and `str` because they are personal data.

Names, companies and e-mail addresses keep their first letter per word (`J*** D***`,
`j***@e***.com`), street lines and phone numbers are hidden (`***`, phones keep their last two
digits), postal codes keep their first two characters; city, region and country are shown,
since support needs to know where an order goes. The values themselves are untouched.

Examples:
    >>> buyer = Buyer(name="Jeanne Dupont", email="jeanne@example.com")
    >>> buyer
    Buyer(name='J*** D***', email='j***@e***.com', phone=None)
    >>> buyer.name
    'Jeanne Dupont'
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import field_validator

from marketplace_sdk.core._countries import is_alpha2
from marketplace_sdk.core._models.base import CanonicalModel

__all__ = ["Address", "Buyer", "mask_text"]


def mask_text(value: str) -> str:
    """Each word's first character followed by `***`.

    Examples:
        >>> mask_text("Jeanne Dupont")
        'J*** D***'
    """
    return " ".join(f"{word[0]}***" for word in value.split())


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    host, dot, tld = domain.rpartition(".")
    masked_domain = f"{host[:1]}***{dot}{tld}" if dot else f"{domain[:1]}***"
    return f"{local[:1]}***@{masked_domain}"


def _mask_phone(value: str) -> str:
    digits = [char for char in value if char.isdigit()]
    return "***" + "".join(digits[-2:])


class Buyer(CanonicalModel):
    """The buyer; masked in `repr` (see the module docstring).

    Examples:
        >>> Buyer(name="Ann Lee", phone="+33 6 12 34 56 78")
        Buyer(name='A*** L***', email=None, phone='***78')
    """

    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        yield "name", mask_text(self.name) if self.name else self.name
        yield "email", _mask_email(self.email) if self.email else self.email
        yield "phone", _mask_phone(self.phone) if self.phone else self.phone


class Address(CanonicalModel):
    """A postal address; masked in `repr` (see the module docstring).

    Attributes:
        name: the recipient.
        company: the company at that address (a business, a relay point), kept beside the name.
        country_code: the ISO 3166-1 alpha-2 code (`FR`); any other form is refused (the
            mappings convert a marketplace's own form with
            `marketplace_sdk.core._countries.country_alpha2`).

    Examples:
        >>> Address(name="Ann Lee", company="FNAC.COM", line1="1 rue de Rivoli", city="Paris",
        ...         postal_code="75001", country_code="FR")
        Address(name='A*** L***', company='F***', line1='***', line2=None, city='Paris', region=None, postal_code='75***', country_code='FR', phone=None)
    """  # noqa: E501

    name: str | None = None
    company: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    phone: str | None = None

    @field_validator("country_code")
    @classmethod
    def _alpha2(cls, value: str | None) -> str | None:
        if value is not None and not is_alpha2(value):
            raise ValueError(f"country_code must be an ISO 3166-1 alpha-2 code, not {value!r}")
        return value

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        yield "name", mask_text(self.name) if self.name else self.name
        yield "company", mask_text(self.company) if self.company else self.company
        yield "line1", "***" if self.line1 else self.line1
        yield "line2", "***" if self.line2 else self.line2
        yield "city", self.city
        yield "region", self.region
        yield "postal_code", f"{self.postal_code[:2]}***" if self.postal_code else None
        yield "country_code", self.country_code
        yield "phone", _mask_phone(self.phone) if self.phone else self.phone
