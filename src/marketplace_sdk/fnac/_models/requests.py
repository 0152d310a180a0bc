"""What the request models share: paging, date filters, optional texts, lists, update documents.

Requests are built with lxml in the FNAC namespace, their elements in the order of the service's
XSD: a query writes `query_root()` first (`results_count`, `<paging>`), then its filters; an
update service's document holds one element per item, each built by the item's `to_xml`.

Examples:
    >>> from marketplace_sdk.fnac._xml import to_bytes
    >>> root = element("incidents_query")
    >>> add_texts(root, status=None, opened_by="client")
    >>> add_list(root, "orders", "order", ["57BEAFDA828A8"])
    >>> to_bytes(root).endswith(b"<opened_by>client</opened_by>"
    ...                         b"<orders><order>57BEAFDA828A8</order></orders></incidents_query>")
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, ClassVar, Protocol

from lxml import etree
from pydantic import AfterValidator, Field

from marketplace_sdk.fnac._models.common import FnacModel
from marketplace_sdk.fnac._xml import element, format_datetime, sub_element

__all__ = [
    "AwareDateTime",
    "PagedQuery",
    "add_list",
    "add_texts",
    "date_range",
    "flag",
    "request_document",
]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("dates must be timezone-aware")
    return value


AwareDateTime = Annotated[datetime, AfterValidator(_aware)]
"""A datetime a request sends, refused when naive ("dates must be timezone-aware")."""


class PagedQuery(FnacModel):
    """The paging every query service that pages takes: `paging` and `results_count`.

    `paging` is the page wanted (from 1), `results_count` the page size, written as an attribute
    of the root.

    Examples:
        >>> from marketplace_sdk.fnac._xml import to_bytes
        >>> class CountsQuery(PagedQuery):
        ...     service = "counts_query"
        >>> to_bytes(CountsQuery(paging=2, results_count=20).query_root()).endswith(
        ...     b'results_count="20"><paging>2</paging></counts_query>')
        True
    """

    service: ClassVar[str]

    paging: Annotated[int, Field(ge=1)] | None = None
    results_count: Annotated[int, Field(ge=1)] | None = None

    def query_root(self) -> etree._Element:
        """The `<service>` root, with `results_count` and `<paging>` when they are set."""
        root = element(self.service)
        if self.results_count is not None:
            root.set("results_count", str(self.results_count))
        if self.paging is not None:
            sub_element(root, "paging", str(self.paging))
        return root


def date_range(
    parent: etree._Element, date_type: str | None, low: datetime | None, high: datetime | None
) -> etree._Element:
    """Append a `<date type=...><min/><max/></date>` filter to `parent`.

    Examples:
        >>> from marketplace_sdk.fnac._xml import to_bytes
        >>> root = element("q")
        >>> to_bytes(date_range(root, "Created", None, None)).endswith(b'type="Created"/>')
        True
    """
    node = (
        sub_element(parent, "date")
        if date_type is None
        else sub_element(parent, "date", type=date_type)
    )
    if low is not None:
        sub_element(node, "min", format_datetime(low))
    if high is not None:
        sub_element(node, "max", format_datetime(high))
    return node


def flag(value: bool | None) -> str | None:
    """A boolean as the query services write it (`TRUE` or `FALSE`); `None` stays `None`.

    Examples:
        >>> flag(True), flag(None)
        ('TRUE', None)
    """
    if value is None:
        return None
    return "TRUE" if value else "FALSE"


def add_texts(parent: etree._Element, **texts: str | None) -> None:
    """Append a `<name>text</name>` child to `parent` for each text that is not `None`, in order.

    Examples:
        >>> from marketplace_sdk.fnac._xml import to_bytes
        >>> root = element("q")
        >>> add_texts(root, offer_fnac_id=None, offer_seller_id="SKU-1")
        >>> to_bytes(root).endswith(b"><offer_seller_id>SKU-1</offer_seller_id></q>")
        True
    """
    for name, text in texts.items():
        if text is not None:
            sub_element(parent, name, text)


def add_list(parent: etree._Element, wrapper: str, item: str, texts: Sequence[str]) -> None:
    """Append `<wrapper><item>text</item>...</wrapper>` to `parent`, unless `texts` is empty.

    Examples:
        >>> from marketplace_sdk.fnac._xml import to_bytes
        >>> root = element("q")
        >>> add_list(root, "types", "type", ["1", "8"])
        >>> to_bytes(root).endswith(b"<types><type>1</type><type>8</type></types></q>")
        True
    """
    if texts:
        node = sub_element(parent, wrapper)
        for text in texts:
            sub_element(node, item, text)


class _Element(Protocol):
    def to_xml(self) -> etree._Element: ...


def request_document(service: str, items: Iterable[_Element]) -> etree._Element:
    """The `<service>` document of an update service: each item's element, in order.

    Examples:
        >>> from marketplace_sdk.fnac._models import OfferUpdate
        >>> from marketplace_sdk.fnac._xml import local_name
        >>> root = request_document("offers_update", [OfferUpdate(offer_reference="A")])
        >>> local_name(root[0]), len(root)
        ('offer', 1)
    """
    root = element(service)
    for item in items:
        root.append(item.to_xml())
    return root
