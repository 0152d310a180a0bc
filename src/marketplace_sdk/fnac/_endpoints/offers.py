"""Offers and batches: `auth`, `offers_update`, `batch_status`, `batch_query`, `offers_query`.

Examples:
    >>> batch_status("B1").request.path
    'batch_status'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import ClassVar

from lxml import etree

from marketplace_sdk.core._pagination import PageNumberPaginator
from marketplace_sdk.core._request import Call
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._endpoints._base import MAX_OFFERS_PER_UPDATE, chunked, paged, xml_call
from marketplace_sdk.fnac._models import (
    AuthRequest,
    AuthResponse,
    BatchQueryRequest,
    BatchQueryResponse,
    BatchStatusRequest,
    BatchStatusResponse,
    Offer,
    OffersQueryRequest,
    OffersQueryResponse,
    OffersUpdateRequest,
    OffersUpdateResponse,
    OfferUpdate,
)
from marketplace_sdk.fnac._models.offers import SentOffer, offer_rows_document
from marketplace_sdk.fnac._xml import parse_xml

__all__ = [
    "auth",
    "batch_query",
    "batch_status",
    "offer_rows_update",
    "offers_pages",
    "offers_query",
    "offers_update",
    "offers_update_calls",
]


def auth(credentials: FnacCredentials) -> Call[AuthResponse]:
    """`auth`: exchange the shop's credentials for a token (clients use `FnacTokenAuth`).

    Examples:
        >>> auth(FnacCredentials(partner_id="P", shop_id="S", key="k")).request.authenticated
        False
    """
    body = AuthRequest(
        partner_id=credentials.partner_id, shop_id=credentials.shop_id, key=credentials.key
    )
    return xml_call(body, AuthResponse.from_xml, idempotent=True, authenticated=False)


def offers_update(offers: Sequence[OfferUpdate]) -> Call[OffersUpdateResponse]:
    """`offers_update` for at most 10,000 offers; the answer names the batch to poll.

    Examples:
        >>> offers_update([OfferUpdate(offer_reference="SKU-1", quantity=0)]).request.operation
        'offers_update'
    """
    if len(offers) > MAX_OFFERS_PER_UPDATE:
        raise ValueError(f"offers_update takes at most {MAX_OFFERS_PER_UPDATE} offers per call")
    body = OffersUpdateRequest(offers=list(offers))
    return xml_call(body, OffersUpdateResponse.from_xml, idempotent=False, content=body.to_bytes())


def offer_rows_update(offers: Sequence[SentOffer]) -> Call[OffersUpdateResponse]:
    """`offers_update` for at most 10,000 offers of a stock or price push, rows or models: the
    document is written straight from the rows (`offer_rows_document`).

    Examples:
        >>> offer_rows_update([("SKU-1", 0, None)]).request.operation
        'offers_update'
    """
    if len(offers) > MAX_OFFERS_PER_UPDATE:
        raise ValueError(f"offers_update takes at most {MAX_OFFERS_PER_UPDATE} offers per call")
    if not offers:
        raise ValueError("offers_update needs at least one offer")
    document = _OffersUpdateDocument(offer_rows_document(offers))
    return xml_call(
        document, OffersUpdateResponse.from_xml, idempotent=False, content=document.content
    )


class _OffersUpdateDocument:
    """An `offers_update` document already written, as `xml_call` takes a body."""

    service: ClassVar[str] = "offers_update"

    def __init__(self, content: bytes) -> None:
        self.content = content

    def to_xml(self) -> etree._Element:
        """The document as a tree."""
        return parse_xml(self.content)


def offers_update_calls(offers: Iterable[OfferUpdate]) -> list[Call[OffersUpdateResponse]]:
    """One `offers_update` call per 10,000 offers.

    Examples:
        >>> len(offers_update_calls([OfferUpdate(offer_reference="A", quantity=1)]))
        1
    """
    return [offers_update(batch) for batch in chunked(offers, MAX_OFFERS_PER_UPDATE)]


def batch_status(batch_id: str) -> Call[BatchStatusResponse]:
    """`batch_status`: where an offers batch stands, with one outcome per offer when done.

    Examples:
        >>> batch_status("B1").request.is_idempotent
        True
    """
    return xml_call(
        BatchStatusRequest(batch_id=batch_id), BatchStatusResponse.from_xml, idempotent=True
    )


def batch_query(
    created_min: datetime | None = None, created_max: datetime | None = None
) -> Call[BatchQueryResponse]:
    """`batch_query`: the shop's offer batches.

    Examples:
        >>> batch_query().request.path
        'batch_query'
    """
    body = BatchQueryRequest(created_min=created_min, created_max=created_max)
    return xml_call(body, BatchQueryResponse.from_xml, idempotent=True)


def offers_query(request: OffersQueryRequest) -> Call[OffersQueryResponse]:
    """`offers_query`: one page of offers.

    Examples:
        >>> offers_query(OffersQueryRequest(paging=1)).request.path
        'offers_query'
    """
    return xml_call(request, OffersQueryResponse.from_xml, idempotent=True)


def offers_pages(request: OffersQueryRequest | None = None) -> PageNumberPaginator[Offer]:
    """Every offer matching `request`, page after page (`paging` is set per page).

    Examples:
        >>> offers_pages(OffersQueryRequest(results_count=50)).per_page
        50
    """
    return paged(request or OffersQueryRequest(), offers_query, lambda answer: answer.offers)
