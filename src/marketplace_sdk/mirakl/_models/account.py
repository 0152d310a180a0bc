"""The seller's shop (A01).

Examples:
    >>> Account(shop_id=2000, shop_name="ACME").shop_name
    'ACME'
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pydantic import Field

from marketplace_sdk.mirakl._models._base import MiraklModel, UtcDatetime

__all__ = ["Account", "ContactInformation"]


class ContactInformation(MiraklModel):
    """The shop's contact (personal data: kept out of reprs).

    Examples:
        >>> ContactInformation(email="shop@example.com", city="Paris")
        ContactInformation(city='Paris', country=None)
    """

    city: str | None = None
    country: str | None = None
    civility: str | None = Field(default=None, repr=False)
    firstname: str | None = Field(default=None, repr=False)
    lastname: str | None = Field(default=None, repr=False)
    email: str | None = Field(default=None, repr=False)
    phone: str | None = Field(default=None, repr=False)
    street1: str | None = Field(default=None, repr=False)
    street2: str | None = Field(default=None, repr=False)
    zip_code: str | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Iterable[tuple[str | None, object]]:
        # Extra fields (fax, phone_secondary...) are personal data too: keep them out.
        return [
            (key, value) for key, value in super().__repr_args__() if key in ("city", "country")
        ]


class Account(MiraklModel):
    """The seller's shop (A01). Billing, payment and KYC details stay in `model_extra`.

    Examples:
        >>> shop = Account.model_validate({"shop_id": 2000, "shop_name": "ACME",
        ...                                "shop_state": "OPEN", "grade": 4.5})
        >>> shop.shop_name, shop.grade
        ('ACME', Decimal('4.5'))
    """

    shop_id: int
    shop_name: str | None = None
    shop_state: str | None = None
    currency_iso_code: str | None = None
    channels: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)
    date_created: UtcDatetime | None = None
    last_updated_date: UtcDatetime | None = None
    is_professional: bool | None = None
    premium: bool | None = None
    free_shipping: bool | None = None
    offers_count: int | None = None
    orders_count: int | None = None
    evaluations_count: int | None = None
    grade: Decimal | None = None
    description: str | None = Field(default=None, repr=False)
    contact_informations: ContactInformation | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Iterable[tuple[str | None, object]]:
        # The extras hold bank details and balances: a repr shows only the declared fields.
        return [(k, v) for k, v in super().__repr_args__() if k in type(self).model_fields]
