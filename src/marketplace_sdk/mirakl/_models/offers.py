"""Offer models of the Mirakl seller (MMP) API: OF21's offers, OF24's update, OF01/OF02 imports.

OF24 is not a patch (MIRAKL-Q06): every offer field it is not sent is reset to its default (the
discount deleted, the quantity set to 0, the lead time cleared...). `OfferUpdate.from_offer`
therefore builds an update from the offer as OF21 returned it, carrying every field, and changes
only what the caller asks.

Examples:
    >>> offer = Offer.model_validate({"offer_id": 1, "shop_sku": "MUG-1", "product_sku": "P1",
    ...     "quantity": 3, "price": 12.5, "state_code": "11", "leadtime_to_ship": 2})
    >>> update = OfferUpdate.from_offer(offer, quantity=7)
    >>> update.quantity, update.price, update.leadtime_to_ship, update.product_id_type
    (7, Decimal('12.5'), 2, 'SKU')
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._errors import UnsupportedOperation
from marketplace_sdk.mirakl._models._base import MiraklModel, UtcDatetime

__all__ = [
    "AdditionalField",
    "EcoContribution",
    "LogisticClass",
    "Offer",
    "OfferDiscount",
    "OfferDiscountUpdate",
    "OfferImport",
    "OfferImportCreated",
    "OfferImportList",
    "OfferImportStatus",
    "OfferList",
    "OfferPrice",
    "OfferPriceContext",
    "OfferPriceUpdate",
    "OfferUpdate",
    "OffersUpdate",
    "PriceRange",
    "ProductReference",
    "VolumePrice",
    "VolumePriceUpdate",
    "json_numbers",
]


def _text(value: object) -> object:
    # Mirakl's examples send some codes as numbers (`"reason_code": 34`): read them as text.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return str(value)


#: A code Mirakl sometimes writes as a number.
Code = Annotated[str, BeforeValidator(_text)]


class PriceRange(MiraklModel):
    """A discount price from a quantity threshold on.

    Examples:
        >>> PriceRange(price=45, quantity_threshold=5).price
        Decimal('45')
    """

    price: Decimal
    quantity_threshold: int


class VolumePrice(MiraklModel):
    """One volume tier of an offer price (OF21).

    Examples:
        >>> VolumePrice(quantity_threshold=50, unit_origin_price=45).unit_origin_price
        Decimal('45')
    """

    quantity_threshold: int
    unit_origin_price: Decimal | None = None
    unit_discount_price: Decimal | None = None
    price: Decimal | None = None


class OfferPriceContext(MiraklModel):
    """Where a specific price applies (channels, customer groups, dates).

    Examples:
        >>> OfferPriceContext(channel_codes=["US"]).is_channel_only
        True
    """

    channel_codes: list[str] = Field(default_factory=list)
    customer_group_ids: list[str] = Field(default_factory=list)
    customer_organization_ids: list[str] = Field(default_factory=list)
    start_date: UtcDatetime | None = None
    end_date: UtcDatetime | None = None

    @property
    def is_channel_only(self) -> bool:
        """Whether the price is scoped by channel alone (which OF24 can carry)."""
        return not (
            self.customer_group_ids
            or self.customer_organization_ids
            or self.start_date
            or self.end_date
        )


class OfferPrice(MiraklModel):
    """One price of an offer: the default one (`channel_code` None) or a channel's (OF21).

    Examples:
        >>> OfferPrice(unit_origin_price=50, price=49).price
        Decimal('49')
    """

    channel_code: str | None = None
    context: OfferPriceContext | None = None
    price: Decimal | None = None
    unit_origin_price: Decimal | None = None
    unit_discount_price: Decimal | None = None
    discount_start_date: UtcDatetime | None = None
    discount_end_date: UtcDatetime | None = None
    volume_prices: list[VolumePrice] = Field(default_factory=list)


class OfferDiscount(MiraklModel):
    """An offer's discount as OF21 shows it.

    Examples:
        >>> OfferDiscount(origin_price=50, discount_price=None).origin_price
        Decimal('50')
    """

    discount_price: Decimal | None = None
    origin_price: Decimal | None = None
    start_date: UtcDatetime | None = None
    end_date: UtcDatetime | None = None
    ranges: list[PriceRange] = Field(default_factory=list)


class LogisticClass(MiraklModel):
    """The offer's logistic class (OF21).

    Examples:
        >>> LogisticClass(code="M", label="Medium").code
        'M'
    """

    code: str
    label: str | None = None


class EcoContribution(MiraklModel):
    """An eco-contribution of the offer (OF21 and OF24).

    Examples:
        >>> EcoContribution(epr_category_code="FR-DEA", eco_contribution_amount=3.59).producer_id
        >>> EcoContribution(epr_category_code="FR-DEA").epr_category_code
        'FR-DEA'
    """

    epr_category_code: str
    eco_contribution_amount: Decimal | None = None
    producer_id: str | None = None


class AdditionalField(MiraklModel):
    """A custom field of an offer (`value` is text, or a list of texts for multiple values).

    Examples:
        >>> AdditionalField(code="gift-wrap", type="BOOLEAN", value="true").value
        'true'
    """

    code: str
    type: str | None = None
    value: str | list[str] | None = None


class ProductReference(MiraklModel):
    """A product identifier (EAN, ...).

    Examples:
        >>> ProductReference(reference="9400016774345", reference_type="EAN").reference_type
        'EAN'
    """

    reference: str
    reference_type: str


class Offer(MiraklModel):
    """One of the shop's offers (OF21). Unused fields stay in `model_extra`.

    Examples:
        >>> Offer(offer_id=2135, shop_sku="S2002", product_sku="MKP1", quantity=4).quantity
        4
    """

    offer_id: int
    shop_sku: str
    product_sku: str
    product_title: str | None = None
    quantity: int = 0
    price: Decimal | None = None
    total_price: Decimal | None = None
    currency_iso_code: str | None = None
    state_code: Code = "11"
    active: bool | None = None
    inactivity_reasons: list[str] = Field(default_factory=list)
    description: str | None = None
    internal_description: str | None = None
    price_additional_info: str | None = None
    leadtime_to_ship: int | None = None
    min_order_quantity: int | None = None
    max_order_quantity: int | None = None
    min_quantity_alert: int | None = None
    package_quantity: int | None = None
    logistic_class: LogisticClass | None = None
    available_start_date: UtcDatetime | None = None
    available_end_date: UtcDatetime | None = None
    allow_quote_requests: bool | None = None
    discount: OfferDiscount | None = None
    all_prices: list[OfferPrice] = Field(default_factory=list)
    eco_contributions: list[EcoContribution] = Field(default_factory=list)
    offer_additional_fields: list[AdditionalField] = Field(default_factory=list)
    product_references: list[ProductReference] = Field(default_factory=list)
    product_tax_code: str | None = None
    msrp: Decimal | None = None
    channels: list[str] = Field(default_factory=list)


class OfferList(MiraklModel):
    """One page of OF21 (a page without `offers` is refused, never read as empty).

    Examples:
        >>> OfferList(offers=[], total_count=0).total_count
        0
    """

    offers: list[Offer]
    total_count: int | None = None


class VolumePriceUpdate(MiraklModel):
    """A volume tier sent with OF24.

    Examples:
        >>> VolumePriceUpdate(quantity_threshold=5, unit_origin_price=48).quantity_threshold
        5
    """

    quantity_threshold: int
    unit_origin_price: Decimal
    unit_discount_price: Decimal | None = None


class OfferPriceUpdate(MiraklModel):
    """A default (`channel_code` None) or channel price sent with OF24.

    Examples:
        >>> OfferPriceUpdate(channel_code="US", unit_origin_price=50).channel_code
        'US'
    """

    channel_code: str | None = None
    unit_origin_price: Decimal | None = None
    unit_discount_price: Decimal | None = None
    discount_start_date: UtcDatetime | None = None
    discount_end_date: UtcDatetime | None = None
    volume_prices: list[VolumePriceUpdate] = Field(default_factory=list)


class OfferDiscountUpdate(MiraklModel):
    """An offer's discount as OF24 takes it.

    Examples:
        >>> OfferDiscountUpdate(price=49).price
        Decimal('49')
    """

    price: Decimal | None = None
    start_date: UtcDatetime | None = None
    end_date: UtcDatetime | None = None
    ranges: list[PriceRange] = Field(default_factory=list)


class OfferUpdate(MiraklModel):
    """One offer sent with OF24, complete: Mirakl resets any field it is not sent (MIRAKL-Q06).

    Build it with `from_offer` from the offer OF21 returned, so every field the offer has is sent
    back; set only `update_delete="delete"` to delete the offer.

    Examples:
        >>> update = OfferUpdate(shop_sku="MUG-1", product_id="P1", product_id_type="SKU",
        ...                      price=12, quantity=3, state_code="11")
        >>> update.wire()["update_delete"]
        'update'
    """

    shop_sku: str
    product_id: str
    product_id_type: str
    price: Decimal
    quantity: int
    state_code: Code
    update_delete: str = "update"
    description: str | None = None
    internal_description: str | None = None
    price_additional_info: str | None = None
    leadtime_to_ship: int | None = None
    min_order_quantity: int | None = None
    max_order_quantity: int | None = None
    min_quantity_alert: int | None = None
    package_quantity: int | None = None
    logistic_class: str | None = None
    available_started: UtcDatetime | None = None
    available_ended: UtcDatetime | None = None
    allow_quote_requests: bool | None = None
    discount: OfferDiscountUpdate | None = None
    all_prices: list[OfferPriceUpdate] = Field(default_factory=list)
    eco_contributions: list[EcoContribution] = Field(default_factory=list)
    offer_additional_fields: list[AdditionalField] = Field(default_factory=list)
    product_tax_code: str | None = None
    msrp: Decimal | None = None

    @classmethod
    def from_offer(
        cls,
        offer: Offer,
        *,
        quantity: int | None = None,
        price: Decimal | int | str | None = None,
    ) -> OfferUpdate:
        """The complete OF24 update of `offer`, with a new `quantity` and/or `price`.

        Every field OF21 returned is carried over, so nothing is reset. A new `price` replaces
        the default price (and its quantity-one tier); channel prices and the discount stay.

        Raises:
            UnsupportedOperation: the offer has prices scoped by customer group, organisation or
                dates, which OF24 cannot carry (sending it would delete them): use PRI01.
            ValueError: `quantity` is negative or `price` is not positive.

        Examples:
            >>> offer = Offer(offer_id=1, shop_sku="A", product_sku="P", quantity=1, price=5,
            ...               discount=OfferDiscount(discount_price=4, origin_price=5))
            >>> update = OfferUpdate.from_offer(offer, price="6.50")
            >>> update.price, update.discount.price, update.quantity
            (Decimal('6.50'), Decimal('4'), 1)
        """
        if quantity is not None and quantity < 0:
            raise ValueError(f"quantity must be 0 or more, not {quantity}")
        new_price = Decimal(str(price)) if price is not None else None
        if new_price is not None and new_price <= 0:
            raise ValueError(f"price must be positive, not {new_price}")
        current_price = offer.price if offer.price is not None else _default_price(offer)
        if new_price is None and current_price is None:
            raise ValueError(f"offer {offer.shop_sku!r} has no price to send back: give one")
        return cls(
            shop_sku=offer.shop_sku,
            product_id=offer.product_sku,
            product_id_type="SKU",
            price=new_price if new_price is not None else current_price,
            quantity=offer.quantity if quantity is None else quantity,
            state_code=offer.state_code,
            description=offer.description,
            internal_description=offer.internal_description,
            price_additional_info=offer.price_additional_info,
            leadtime_to_ship=offer.leadtime_to_ship,
            min_order_quantity=offer.min_order_quantity,
            max_order_quantity=offer.max_order_quantity,
            min_quantity_alert=offer.min_quantity_alert,
            package_quantity=offer.package_quantity,
            logistic_class=offer.logistic_class.code if offer.logistic_class else None,
            available_started=offer.available_start_date,
            available_ended=offer.available_end_date,
            allow_quote_requests=offer.allow_quote_requests,
            discount=_discount(offer.discount),
            all_prices=[_price(item, new_price, offer.shop_sku) for item in offer.all_prices],
            eco_contributions=list(offer.eco_contributions),
            offer_additional_fields=list(offer.offer_additional_fields),
            product_tax_code=offer.product_tax_code,
            msrp=offer.msrp,
        )

    def wire(self) -> dict[str, Any]:
        """The JSON object OF24 takes for this offer (fields without a value left out).

        Examples:
            >>> OfferUpdate(shop_sku="A", product_id="P", product_id_type="SKU", price="9.90",
            ...             quantity=0, state_code="11").wire()["price"]
            9.9
        """
        wire: dict[str, Any] = json_numbers(
            _without_empty_lists(self.model_dump(exclude_none=True))
        )
        return wire


def iso(value: datetime) -> str:
    """A datetime as Mirakl writes it (UTC, `Z`)."""
    return ensure_utc(value).isoformat().replace("+00:00", "Z")


def _without_empty_lists(value: Any) -> Any:
    # An empty list says nothing Mirakl would keep: the offer had none of those to lose.
    if isinstance(value, dict):
        return {k: _without_empty_lists(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_without_empty_lists(item) for item in value]
    return value


def _default_price(offer: Offer) -> Decimal | None:
    for item in offer.all_prices:
        if item.channel_code is None and item.context is None:
            return item.price if item.price is not None else item.unit_origin_price
    return None


def _discount(discount: OfferDiscount | None) -> OfferDiscountUpdate | None:
    if discount is None:
        return None
    return OfferDiscountUpdate(
        price=discount.discount_price,
        start_date=discount.start_date,
        end_date=discount.end_date,
        ranges=list(discount.ranges),
    )


def _price(item: OfferPrice, new_price: Decimal | None, sku: str) -> OfferPriceUpdate:
    if item.context is not None and not item.context.is_channel_only:
        raise UnsupportedOperation(
            f"offer {sku!r} has a price scoped by customer or dates, which OF24 cannot send "
            "back (it would be deleted): update its prices with PRI01",
            marketplace="mirakl",
        )
    default = item.channel_code is None
    origin = new_price if default and new_price is not None else item.unit_origin_price
    tiers = [
        VolumePriceUpdate(
            quantity_threshold=tier.quantity_threshold,
            unit_origin_price=(
                new_price
                if default and new_price is not None and tier.quantity_threshold == 1
                else tier.unit_origin_price or origin or Decimal(0)
            ),
            unit_discount_price=tier.unit_discount_price,
        )
        for tier in item.volume_prices
    ]
    return OfferPriceUpdate(
        channel_code=item.channel_code,
        unit_origin_price=origin,
        unit_discount_price=item.unit_discount_price,
        discount_start_date=item.discount_start_date,
        discount_end_date=item.discount_end_date,
        volume_prices=tiers,
    )


def json_numbers(value: Any) -> Any:
    """`value` (a python-mode model dump) as JSON types, Decimals as JSON numbers.

    Mirakl's schemas want numbers, not the strings pydantic writes for Decimals. A Decimal of 15
    significant digits or fewer (every price) converts to a float whose JSON text is exactly its
    own; a longer one is refused rather than rounded.

    Examples:
        >>> from datetime import UTC, datetime
        >>> json_numbers({"a": [Decimal("9.90"), Decimal("3")],
        ...               "d": datetime(2026, 1, 1, tzinfo=UTC)})
        {'a': [9.9, 3], 'd': '2026-01-01T00:00:00Z'}
    """
    if isinstance(value, dict):
        return {key: json_numbers(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_numbers(item) for item in value]
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        if len(value.normalize().as_tuple().digits) > 15:
            raise ValueError(f"{value} has more digits than a JSON number carries exactly")
        return float(value)
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


class OffersUpdate(MiraklModel):
    """The OF24 request body: the offers to create, update or delete.

    Examples:
        >>> OffersUpdate(offers=[]).offers
        []
    """

    offers: list[OfferUpdate]


class OfferImportCreated(MiraklModel):
    """OF01's (and OF24's) answer: the import to track with OF02.

    Examples:
        >>> OfferImportCreated(import_id=2035, product_import_id=2036).import_id
        2035
    """

    import_id: int
    product_import_id: int | None = None


class OfferImportStatus(StrEnum):
    """The states of an offer import (OF02 `status`).

    Examples:
        >>> OfferImportStatus("COMPLETE").is_final, OfferImportStatus("RUNNING").is_final
        (True, False)
    """

    WAITING_SYNCHRONIZATION_PRODUCT = "WAITING_SYNCHRONIZATION_PRODUCT"
    WAITING = "WAITING"
    RUNNING = "RUNNING"
    COMPLETE = "COMPLETE"
    FAILED = "FAILED"

    @property
    def is_final(self) -> bool:
        """Whether the import will not change any more."""
        return self in (OfferImportStatus.COMPLETE, OfferImportStatus.FAILED)


class OfferImport(MiraklModel):
    """An offer import's status (OF02). COMPLETE may still carry error lines (MIRAKL-Q07).

    `status` is an `OfferImportStatus`, or the raw string for a state this SDK does not know
    (never treated as final).

    Examples:
        >>> OfferImport(import_id=1, status="COMPLETE", lines_in_error=2).has_errors
        True
    """

    import_id: int
    status: Annotated[OfferImportStatus | str, Field(union_mode="left_to_right")]
    mode: str | None = None
    date_created: UtcDatetime | None = None
    has_error_report: bool = False
    lines_read: int | None = None
    lines_in_success: int | None = None
    lines_in_error: int | None = None
    lines_in_pending: int | None = None
    offer_inserted: int | None = None
    offer_updated: int | None = None
    offer_deleted: int | None = None
    reason_status: str | None = None
    origin: str | None = None

    @property
    def is_final(self) -> bool:
        """Whether the import reached a state it will not leave."""
        return isinstance(self.status, OfferImportStatus) and self.status.is_final

    @property
    def has_errors(self) -> bool:
        """Whether some lines were refused (read them from OF03)."""
        return self.has_error_report or bool(self.lines_in_error)


class OfferImportList(MiraklModel):
    """OF04's answer: offer imports, newest first (seek pagination).

    A page without `data` is refused, never read as "no import".

    Examples:
        >>> OfferImportList(data=[OfferImport(import_id=5, status="RUNNING")]).data[0].import_id
        5
    """

    data: list[OfferImport]
    next_page_token: str | None = None
