"""Offer batches: `batch_status` (the per-offer outcome of an `offers_update`) and `batch_query`.

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> status = BatchStatusResponse.from_xml(parse_xml(
    ...     '<batch_status_response status="OK"><batch_id>B1</batch_id>'
    ...     '<offer status="ERROR"><offer_seller_id>SKU-1</offer_seller_id>'
    ...     '<error code="ERR_1" severity="ERROR">bad price</error></offer>'
    ...     '</batch_status_response>'))
    >>> status.is_done, status.offers[0].offer_seller_id, status.offers[0].errors[0].message
    (True, 'SKU-1', 'bad price')
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Self, cast

from lxml import etree
from pydantic import Field

from marketplace_sdk.core._models.trusted import trusted_factory
from marketplace_sdk.fnac._models.common import (
    FnacError,
    FnacModel,
    FnacResponse,
    OptDateTime,
    OptInt,
    OptStr,
    Outcome,
    Repeated,
    ResponseStatus,
    StatusValue,
    status_of,
)
from marketplace_sdk.fnac._models.requests import date_range
from marketplace_sdk.fnac._xml import NAMESPACE, element, repair_double_encoding, sub_element

__all__ = [
    "BatchInfo",
    "BatchQueryRequest",
    "BatchQueryResponse",
    "BatchStatusRequest",
    "BatchStatusResponse",
    "OfferStatus",
]


class BatchStatusRequest(FnacModel):
    """The body of `batch_status`.

    Examples:
        >>> BatchStatusRequest(batch_id="B1").service
        'batch_status'
    """

    service: ClassVar[str] = "batch_status"

    batch_id: Annotated[str, Field(min_length=1)]

    def to_xml(self) -> etree._Element:
        """The `<batch_status>` document."""
        root = element(self.service)
        sub_element(root, "batch_id", self.batch_id)
        return root


class OfferStatus(Outcome):
    """The outcome of one offer of a batch.

    Examples:
        >>> OfferStatus(status="OK", offer_seller_id="SKU-1").ok
        True
    """

    status: StatusValue = ResponseStatus.OK
    product_fnac_id: OptStr = None
    offer_fnac_id: OptStr = None
    offer_seller_id: OptStr = None
    errors: list[FnacError] = Field(default_factory=list)

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read an `<offer status=...>` of a batch status.

        A batch's report holds up to 10,000 of them, so each is read in one walk over its
        children into an instance built without validating again: every value here is a
        stripped text (as `leaf_texts` reads it), a status from `ResponseStatus` or kept as
        sent, and `FnacError`s.
        """
        if cls is not OfferStatus:  # a subclass may read more: the general, validated way
            return cls.read(node, status=status_of(node))
        values: dict[str, object] = {}
        errors: list[FnacError] = []
        for item in node:
            tag = item.tag
            name = _OFFER_TAGS.get(tag)
            if name is None:
                if not isinstance(tag, str):
                    continue
                name = tag[tag.rfind("}") + 1 :]  # another namespace: the local name
            if name == "error":
                errors.append(FnacError.from_xml(item))
            elif name in _OFFER_TEXTS and name not in values and not len(item):
                values[name] = repair_double_encoding((item.text or "").strip())
        status = status_of(node)
        return cast(
            Self, _offer_status(status=_STATUSES.get(status, status), errors=errors, **values)
        )


_OFFER_TEXTS = frozenset({"product_fnac_id", "offer_fnac_id", "offer_seller_id"})
# The tags of an offer's children as FNAC writes them (in its namespace, or none) to their name.
_OFFER_TAGS = {
    tag: name for name in (*_OFFER_TEXTS, "error") for tag in (name, f"{{{NAMESPACE}}}{name}")
}
_STATUSES: dict[str, ResponseStatus] = {status.value: status for status in ResponseStatus}
_offer_status = trusted_factory(OfferStatus)


class BatchStatusResponse(FnacResponse):
    """Where a batch stands; `offers` holds one outcome per offer once it is processed.

    Examples:
        >>> BatchStatusResponse(status="RUNNING").is_done
        False
    """

    batch_id: OptStr = None
    offers: list[OfferStatus] = Field(default_factory=list)

    repeated = (Repeated("offers", "offer", OfferStatus),)

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read a `<batch_status_response>`: its envelope, `batch_id` and every `<offer>`.

        Reads what `FnacResponse.from_xml` reads without looking at each offer twice: the
        only leaf field is `batch_id`, found among the root's `<batch_id>` children.
        """
        if cls is not BatchStatusResponse:
            return super().from_xml(node)
        offers = [OfferStatus.from_xml(item) for item in node.iterchildren("{*}offer")]
        fields: dict[str, object] = {"offers": offers}
        for item in node.iterchildren("{*}batch_id"):
            if not len(item):  # the first leaf one, as `leaf_texts` reads it
                fields["batch_id"] = repair_double_encoding((item.text or "").strip())
                break
        return cls.model_validate({**fields, **cls.envelope(node)})

    @property
    def is_done(self) -> bool:
        """Whether FNAC has finished processing the batch (not ACTIVE nor RUNNING)."""
        return self.status not in {ResponseStatus.ACTIVE, ResponseStatus.RUNNING}


class BatchQueryRequest(FnacModel):
    """The body of `batch_query`: the shop's batches, optionally created in a window.

    Examples:
        >>> BatchQueryRequest().service
        'batch_query'
    """

    service: ClassVar[str] = "batch_query"

    created_min: datetime | None = None
    created_max: datetime | None = None

    def to_xml(self) -> etree._Element:
        """The `<batch_query>` document."""
        root = element(self.service)
        if self.created_min is not None or self.created_max is not None:
            date_range(root, "Created", self.created_min, self.created_max)
        return root


class BatchInfo(FnacModel):
    """One batch listed by `batch_query`.

    Examples:
        >>> BatchInfo(status="RUNNING", batch_id="B1").batch_id
        'B1'
    """

    status: StatusValue = ResponseStatus.OK
    batch_id: OptStr = None
    nb_lines: OptInt = None
    created_at: OptDateTime = None

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read a `<batch status=...>` element."""
        return cls.read(node, status=status_of(node))


class BatchQueryResponse(FnacResponse):
    """The shop's batches and how many are running or waiting.

    Examples:
        >>> BatchQueryResponse(nb_batch_running=0, nb_batch_active=1).nb_batch_active
        1
    """

    batches: list[BatchInfo] = Field(default_factory=list)
    nb_batch_running: OptInt = None
    nb_batch_active: OptInt = None

    repeated = (Repeated("batches", "batch", BatchInfo),)
