"""Offers: `offers_update` (price, stock, condition, deletion) and `offers_query`.

An offer is the seller's listing of a product FNAC knows: `offer_reference` is the seller's SKU,
`product_reference` the product (an EAN by default).

Examples:
    >>> from marketplace_sdk.fnac._xml import to_bytes
    >>> offer = OfferUpdate(offer_reference="SKU-1", quantity=3)
    >>> request = OffersUpdateRequest(offers=[offer])
    >>> b"<quantity>3</quantity>" in to_bytes(request.to_xml())
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar, Literal, Self, cast

from lxml import etree
from pydantic import Field, model_validator

from marketplace_sdk.core._models.trusted import trusted_factory
from marketplace_sdk.fnac._models.common import (
    FnacModel,
    FnacResponse,
    OptDecimal,
    OptInt,
    OptStr,
    ProductReferenceType,
    ProductState,
    ProductStateValue,
    Records,
    RecordsResponse,
)
from marketplace_sdk.fnac._models.requests import (
    AwareDateTime,
    PagedQuery,
    add_texts,
    date_range,
    request_document,
)
from marketplace_sdk.fnac._xml import (
    NAMESPACE,
    child_text,
    element,
    format_decimal,
    leaf_texts,
    sub_element,
    to_bytes,
)

__all__ = [
    "MAX_PRICE",
    "MIN_PRICE",
    "Offer",
    "OfferDateType",
    "OfferReferenceType",
    "OfferRow",
    "OfferUpdate",
    "OffersQueryRequest",
    "OffersQueryResponse",
    "OffersUpdateRequest",
    "OffersUpdateResponse",
    "QuantityMode",
    "SentOffer",
    "offer_rows_document",
    "sent_reference",
    "sent_update",
]

#: FNAC's price bounds (`price_090_20000`): strictly above 0.89, at most 20,000.
MIN_PRICE = Decimal("0.90")
MAX_PRICE = Decimal("20000")

Price = Annotated[Decimal, Field(ge=MIN_PRICE, le=MAX_PRICE)]

# What `OffersUpdateRequest.to_bytes` writes without lxml: offers setting these fields only,
# with a reference lxml would write unchanged (printable ASCII without & < >).
_SIMPLE_FIELDS = frozenset({"offer_reference", "offer_reference_type", "quantity", "price"})
_PLAIN_TEXT = re.compile(r"[ -%'-;=?-~]*")
_PLAIN_LINES = re.compile(r"[ -%'-;=?-~\n]*")

_DOCUMENT_START = f"<?xml version='1.0' encoding='utf-8'?>\n<offers_update xmlns=\"{NAMESPACE}\">\n"
Text255 = Annotated[str, Field(max_length=255)]


class OfferReferenceType(StrEnum):
    """How an offer is identified in an update (`offer_reference_type`).

    Examples:
        >>> OfferReferenceType.SELLER_SKU.value
        'SellerSku'
    """

    FNAC_ID = "FnacId"
    SELLER_SKU = "SellerSku"


class OfferDateType(StrEnum):
    """Which date an `offers_query` date filter applies to (`offer_state_constraint`).

    Examples:
        >>> OfferDateType.MODIFIED.value
        'Modified'
    """

    CREATED = "Created"
    MODIFIED = "Modified"


class QuantityMode(StrEnum):
    """Comparison of a quantity filter (`offer_quantity_constraint`).

    Examples:
        >>> QuantityMode.GREATER_THAN.value
        'GreaterThan'
    """

    EQUALS = "Equals"
    LESS_THAN = "LessThan"
    GREATER_THAN = "GreaterThan"
    LESS_THAN_OR_EQUALS = "LessThanOrEquals"
    GREATER_THAN_OR_EQUALS = "GreaterThanOrEquals"


class OfferUpdate(FnacModel):
    """One `<offer>` of `offers_update`: create, change or delete (`treatment="delete"`) an offer.

    Only `offer_reference` is required: a stock-only update sends the SKU and `quantity`. A new
    offer needs `product_reference`, `price` and `product_state` too.

    Examples:
        >>> from pydantic import ValidationError
        >>> try:
        ...     OfferUpdate(offer_reference="SKU-1", price=Decimal("0.5"))
        ... except ValidationError as err:
        ...     err.errors()[0].get("loc")
        ('price',)
    """

    offer_reference: Annotated[str, Field(min_length=1)]
    offer_reference_type: OfferReferenceType = OfferReferenceType.SELLER_SKU
    product_reference: str | None = None
    product_reference_type: ProductReferenceType = ProductReferenceType.EAN
    price: Price | None = None
    product_state: ProductState | None = None
    quantity: Annotated[int, Field(ge=0, le=9999)] | None = None
    description: Text255 | None = None
    internal_comment: Text255 | None = None
    showcase: Annotated[int, Field(ge=0)] | None = None
    instead_of_price: Price | None = None
    adherent_price: Price | None = None
    is_shipping_free: bool | None = None
    treatment: Literal["delete"] | None = None
    pictures: list[Annotated[str, Field(max_length=255)]] = Field(
        default_factory=list, max_length=4
    )
    logistic_type_id: Text255 | None = None
    time_to_ship: int | None = None

    def to_xml(self) -> etree._Element:
        """The `<offer>` element (elements in the XSD's order; `xs:all` accepts any)."""
        node = element("offer")
        if self.product_reference is not None:
            sub_element(
                node,
                "product_reference",
                self.product_reference,
                type=self.product_reference_type.value,
            )
        sub_element(
            node, "offer_reference", self.offer_reference, type=self.offer_reference_type.value
        )
        add_texts(
            node,
            price=_decimal(self.price),
            product_state=self.product_state,
            quantity=_int(self.quantity),
            description=self.description,
            internal_comment=self.internal_comment,
            showcase=_int(self.showcase),
            instead_of_price=_decimal(self.instead_of_price),
            adherent_price=_decimal(self.adherent_price),
            is_shipping_free=_bool(self.is_shipping_free),
            treatment=self.treatment,
        )
        if self.pictures:
            pictures = sub_element(node, "pictures")
            for number, url in enumerate(self.pictures, start=1):
                sub_element(pictures, f"picture_{number}", url)
        add_texts(
            node, logistic_type_id=self.logistic_type_id, time_to_ship=_int(self.time_to_ship)
        )
        return node


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format_decimal(value)


def _int(value: int | None) -> str | None:
    return None if value is None else str(value)


def _bool(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


class OffersUpdateRequest(FnacModel):
    """The body of `offers_update` (FNAC takes at most 10,000 offers per call; the endpoint splits).

    Examples:
        >>> OffersUpdateRequest(offers=[OfferUpdate(offer_reference="A")]).service
        'offers_update'
    """

    service: ClassVar[str] = "offers_update"

    offers: list[OfferUpdate] = Field(min_length=1)

    def to_xml(self) -> etree._Element:
        """The `<offers_update>` document (header attributes are added by the authenticator).

        Each `<offer>` starts a line of its own: FNAC refuses a call its schema refuses whole,
        quoting the line of the element at fault (FNAC-Q06), and one offer per line lets that
        line name the offer (`offer_at_line`).
        """
        root = request_document(self.service, self.offers)
        root.text = "\n"
        for node in root:
            node.tail = "\n"
        return root

    def to_bytes(self) -> bytes:
        """The document as `to_bytes(self.to_xml())` writes it, written directly when every
        offer sets its reference, quantity and price only (a stock or price push: 10,000
        offers a call, where building the tree took more CPU than FNAC's own work).

        Examples:
            >>> from marketplace_sdk.fnac._xml import to_bytes
            >>> request = OffersUpdateRequest(offers=[OfferUpdate(offer_reference="A",
            ...     quantity=2, price=Decimal("9.90"))])
            >>> request.to_bytes() == to_bytes(request.to_xml())
            True
        """
        lines = [_DOCUMENT_START]
        plain = _PLAIN_TEXT.fullmatch
        for offer in self.offers:
            reference = offer.offer_reference
            if not offer.model_fields_set <= _SIMPLE_FIELDS or plain(reference) is None:
                return to_bytes(self.to_xml())
            line = f'<offer><offer_reference type="{offer.offer_reference_type.value}">{reference}'
            line += "</offer_reference>"
            if offer.price is not None:
                line += f"<price>{offer.price:f}</price>"
            if offer.quantity is not None:
                line += f"<quantity>{offer.quantity}</quantity>"
            lines.append(line + "</offer>\n")
        lines.append("</offers_update>")
        return "".join(lines).encode()


class OffersUpdateResponse(FnacResponse):
    """The batch FNAC opened for an `offers_update`; poll it with `batch_status`.

    Examples:
        >>> OffersUpdateResponse(batch_id="B1").batch_id
        'B1'
    """

    batch_id: OptStr = None


class OffersQueryRequest(PagedQuery):
    """The body of `offers_query`: one page of the shop's offers, optionally filtered.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from marketplace_sdk.fnac._xml import to_bytes
        >>> req = OffersQueryRequest(paging=2, date_type=OfferDateType.MODIFIED,
        ...                          date_min=datetime(2026, 1, 1, tzinfo=UTC))
        >>> b'<date type="Modified"><min>2026-01-01T00:00:00+00:00</min></date>' in to_bytes(
        ...     req.to_xml())
        True
    """

    service: ClassVar[str] = "offers_query"

    date_type: OfferDateType | None = None
    date_min: AwareDateTime | None = None
    date_max: AwareDateTime | None = None
    quantity_mode: QuantityMode | None = None
    quantity_value: Annotated[int, Field(ge=0)] | None = None
    product_fnac_id: str | None = None
    offer_fnac_id: str | None = None
    offer_seller_id: str | None = None
    with_fees: bool | None = None

    @model_validator(mode="after")
    def _date_needs_type(self) -> OffersQueryRequest:
        if (self.date_min or self.date_max) and self.date_type is None:
            raise ValueError("a date filter needs date_type (Created or Modified)")
        return self

    def to_xml(self) -> etree._Element:
        """The `<offers_query>` document."""
        root = self.query_root()
        if self.with_fees is not None:
            root.set("with_fees", "true" if self.with_fees else "false")
        if self.date_type is not None:
            date_range(root, self.date_type.value, self.date_min, self.date_max)
        if self.quantity_mode is not None or self.quantity_value is not None:
            attributes = {"mode": (self.quantity_mode or QuantityMode.EQUALS).value}
            attributes["value"] = str(self.quantity_value or 0)
            sub_element(root, "quantity", **attributes)
        add_texts(
            root,
            product_fnac_id=self.product_fnac_id,
            offer_fnac_id=self.offer_fnac_id,
            offer_seller_id=self.offer_seller_id,
        )
        return root


class Offer(FnacModel):
    """One offer of the shop, as `offers_query` returns it.

    Examples:
        >>> Offer(offer_seller_id="SKU-1", price="20", quantity="16").price
        Decimal('20')
    """

    product_name: OptStr = None
    product_fnac_id: OptStr = None
    offer_fnac_id: OptStr = None
    offer_seller_id: OptStr = None
    product_state: ProductStateValue = None
    price: OptDecimal = None
    instead_of_price: OptDecimal = None
    adherent_price: OptDecimal = None
    fee_excluding_taxes: OptDecimal = None
    fee_including_all_taxes: OptDecimal = None
    promotion_code_id: OptInt = None
    promotion_code_adherent_id: OptInt = None
    quantity: OptInt = None
    description: OptStr = None
    internal_comment: OptStr = None
    product_url: OptStr = None
    image: OptStr = None
    nb_messages: OptInt = None
    showcase: OptInt = None
    time_to_ship: OptInt = None

    @property
    def sku(self) -> str | None:
        """The seller's SKU (`offer_seller_id`)."""
        return self.offer_seller_id

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read an `<offer>` element (an empty element reads as absent, text fields aside)."""
        data = {key: value for key, value in leaf_texts(node).items() if value or key in _KEEP}
        return cls.model_validate(data)


_KEEP = frozenset({"description", "internal_comment", "product_name"})


def _offer_id(node: etree._Element) -> str | None:
    # As the mapping names an offer: by the seller's SKU, else FNAC's id.
    return child_text(node, "offer_seller_id") or child_text(node, "offer_fnac_id") or None


class OffersQueryResponse(RecordsResponse):
    """One page of offers; an `<offer>` the model refuses is its `RecordError` on `refused`.

    Examples:
        >>> OffersQueryResponse(page=1, total_paging=1).has_more
        False
    """

    offers: list[Offer] = Field(default_factory=list)

    records = Records("offers", "offer", Offer, kind="product", record_id=_offer_id, raw=leaf_texts)


#: An offer of a stock or price push as the channel sends it: its seller reference, the
#: quantity and the price (`None` for one it does not set). A plain tuple, checked where it is
#: made: a push makes 100,000, and the garbage collector stops walking a tuple of strings and
#: numbers once it has seen it, where an `OfferUpdate` stays two objects to walk each time.
OfferRow = tuple[str, int | None, Decimal | None]
#: What an `offers_update` of the channel carries: full offer updates, or rows.
SentOffer = OfferUpdate | OfferRow

_trusted_update = trusted_factory(OfferUpdate)


def sent_reference(offer: SentOffer) -> str:
    """The seller reference of an offer sent as a model or a row.

    Examples:
        >>> sent_reference(("SKU-1", 3, None)), sent_reference(OfferUpdate(offer_reference="B"))
        ('SKU-1', 'B')
    """
    return offer[0] if isinstance(offer, tuple) else offer.offer_reference


def sent_update(offer: SentOffer) -> OfferUpdate:
    """The offer as an `OfferUpdate` (a row's values were checked where it was made).

    Examples:
        >>> sent_update(("SKU-1", 3, Decimal("9.90"))).price
        Decimal('9.90')
    """
    if not isinstance(offer, tuple):
        return offer
    reference, quantity, price = offer
    values: dict[str, object] = {"offer_reference": reference}
    if price is not None:
        values["price"] = price
    if quantity is not None:
        values["quantity"] = quantity
    return _trusted_update(**values)


def _rows_of(offers: Sequence[SentOffer]) -> Sequence[OfferRow] | None:
    """`offers` when every one is a row (a tuple of reference, quantity, price) with a str
    reference, checked in C for the whole chunk; `None` otherwise."""
    if offers and set(map(type, offers)) != {tuple}:
        return None
    rows = cast(Sequence[OfferRow], offers)
    if rows and (set(map(len, rows)) != {3} or set(map(type, [row[0] for row in rows])) != {str}):
        return None
    return rows


def offer_rows_document(offers: Sequence[SentOffer]) -> bytes:
    """The `offers_update` document of `offers`, as `OffersUpdateRequest.to_bytes` writes it,
    written straight from the rows when every offer is one with a plain reference.

    Examples:
        >>> rows = [("A", 2, Decimal("9.90")), ("B", None, Decimal("5.00"))]
        >>> request = OffersUpdateRequest(offers=[sent_update(row) for row in rows])
        >>> offer_rows_document(rows) == request.to_bytes()
        True
    """
    # Every row a tuple with a plain reference, checked in C for the whole chunk: the
    # references joined by a newline (which no plain reference holds) are plain but for them.
    rows = _rows_of(offers)
    references = None if rows is None else "\n".join([row[0] for row in rows])
    if (
        rows is None
        or references is None
        or references.count("\n") != max(len(rows) - 1, 0)
        or _PLAIN_LINES.fullmatch(references) is None
    ):
        return OffersUpdateRequest(offers=[sent_update(item) for item in offers]).to_bytes()
    lines = [_DOCUMENT_START]
    start = '<offer><offer_reference type="SellerSku">'
    for reference, quantity, price in rows:
        if price is None:
            line = f"{start}{reference}</offer_reference>"
        else:
            line = f"{start}{reference}</offer_reference><price>{price:f}</price>"
        if quantity is not None:
            line += f"<quantity>{quantity}</quantity>"
        lines.append(line + "</offer>\n")
    lines.append("</offers_update>")
    return "".join(lines).encode()
