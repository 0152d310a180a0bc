"""A `batch_status` report read straight into one `ItemResult` per SKU, for the offers push.

`BatchStatusResponse.from_xml` then `offer_results` build an `OfferStatus` model for every
`<offer>` before its result: three objects per offer the garbage collector then walks, for
100,000 offers a push. `read_batch_report` walks the report once and reads each SKU's
result directly, with the same outcome `offer_results` gives: an offer FNAC applied (status OK
or WARNING) is ok with its FNAC offer id, kept as that id (`ReportedResults`: its ok
`ItemResult` is built when read); any other offer is read the general way
(`OfferStatus.from_xml`), so its errors and their order are exactly those of the model.

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> report = read_batch_report(parse_xml(
    ...     '<batch_status_response status="OK"><batch_id>B1</batch_id>'
    ...     '<offer status="OK"><offer_fnac_id>F1</offer_fnac_id>'
    ...     '<offer_seller_id>SKU-1</offer_seller_id></offer>'
    ...     '<offer status="ERROR"><offer_seller_id>SKU-2</offer_seller_id>'
    ...     '<error code="ERR_1" severity="ERROR">bad price</error></offer>'
    ...     '</batch_status_response>'))
    >>> report.is_done, report.batch_id, report.results["SKU-1"].marketplace_id
    (True, 'B1', 'F1')
    >>> str(report.results["SKU-2"].reason)
    'ERR_1: bad price'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs
from lxml import etree

from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.fnac._mapping.products import offer_results, status_result
from marketplace_sdk.fnac._mapping.reported import ReportedResults
from marketplace_sdk.fnac._models import BatchStatusResponse, OfferStatus, ResponseStatus
from marketplace_sdk.fnac._xml import NAMESPACE, repair_double_encoding

__all__ = ["BatchReport", "read_batch_report", "read_plain_report", "report_of"]

_APPLIED = ("OK", "WARNING")
_NOT_DONE = frozenset({ResponseStatus.ACTIVE.value, ResponseStatus.RUNNING.value})
_SELLER_ID = "offer_seller_id"
_FNAC_ID = "offer_fnac_id"
# An offer's children as FNAC writes them (in its namespace or none) to their local name.
_TAGS = {
    tag: name
    for name in (_SELLER_ID, _FNAC_ID, "product_fnac_id", "error")
    for tag in (name, f"{{{NAMESPACE}}}{name}")
}


@attrs.frozen
class BatchReport:
    """Where a batch stands, and each reported offer's result by SKU.

    Attributes:
        status: the batch's status as FNAC sent it (`OK` when absent).
        batch_id: the batch's id, when the report names it.
        results: the result of each offer the report names, by SKU (a SKU's last line wins);
            a `ReportedResults` when read from FNAC's answer.

    Examples:
        >>> BatchReport("RUNNING", "B1", {}).is_done
        False
    """

    status: str
    batch_id: str | None
    results: Mapping[str, ItemResult]

    @property
    def is_done(self) -> bool:
        """Whether FNAC has finished processing the batch (not ACTIVE nor RUNNING)."""
        return self.status not in _NOT_DONE


def _text(node: etree._Element) -> str:
    return repair_double_encoding((node.text or "").strip())


# A report FNAC writes for a batch it applied, as it writes it: an XML declaration (UTF-8), the
# root in FNAC's namespace or none with its status, an optional batch id, then only offers OK
# or WARNING with an optional product id, an offer id and a seller id (in CDATA or not); every
# text printable ASCII without markup, entities, `>` or `]`; whitespace between tags. Such a
# document is well-formed XML without root errors, and is read from its bytes
# (`read_plain_report`) rather than parsed.
_TEXT = rb"[ -%'-;=?-~]*"  # printable ASCII but `&`, `<` and `>`
_OFFER = (
    rb'\s*<offer(?: status="(?:OK|WARNING)")?>'
    rb"\s*(?:<product_fnac_id>" + _TEXT + rb"</product_fnac_id>\s*)?"
    rb"<offer_fnac_id>(" + _TEXT + rb")</offer_fnac_id>"
    rb"\s*<offer_seller_id>(?:<!\[CDATA\[([ -\\^-~]*)\]\]>|(" + _TEXT + rb"))</offer_seller_id>"
    rb"\s*</offer>"
)
_PLAIN_OFFER = re.compile(_OFFER.decode())  # over the document once decoded: it is ASCII
_PLAIN_REPORT = re.compile(
    rb"\s*(?:<\?xml version=(?:\"1\.0\"|'1\.0')"
    rb"(?: encoding=(?:\"(?:utf-8|UTF-8)\"|'(?:utf-8|UTF-8)'))?\?>)?"
    rb'\s*<batch_status_response(?: xmlns="' + re.escape(NAMESPACE.encode()) + rb'")?'
    rb'(?: status="([A-Z_]*)")?>'
    rb"\s*(?:<batch_id>(" + _TEXT + rb")</batch_id>)?"
    rb"(?:" + _OFFER.replace(b"(", b"(?:").replace(b"(?:?:", b"(?:") + rb")*"
    rb"\s*</batch_status_response>\s*"
)


def read_plain_report(content: bytes) -> BatchReport | None:
    """The `BatchReport` of a `batch_status` answer that is exactly a plain report (every
    offer applied, ASCII ids, nothing else; see `_PLAIN_REPORT`), read from its bytes without
    parsing it: what `read_batch_report(read_envelope(...))` gives for it. `None` for any other
    document, to be parsed and read from its tree.

    Examples:
        >>> report = read_plain_report(b'<batch_status_response status="OK"><batch_id>B1'
        ...     b'</batch_id><offer status="OK"><offer_fnac_id>F1</offer_fnac_id>'
        ...     b'<offer_seller_id><![CDATA[SKU-1]]></offer_seller_id></offer>'
        ...     b'</batch_status_response>')
        >>> report.batch_id, report.results["SKU-1"].marketplace_id
        ('B1', 'F1')
        >>> read_plain_report(b'<batch_status_response><offer status="ERROR"/>'
        ...                   b'</batch_status_response>') is None
        True
    """
    whole = _PLAIN_REPORT.fullmatch(content)
    if whole is None:
        return None
    status, batch_id = whole.groups()
    applied: dict[str, str | None] = {}
    offers = _PLAIN_OFFER.findall(content.decode("ascii"))
    if offers:
        # Column by column, in C: a seller id is in CDATA or not, so one of the two is empty
        # and `max` is the other; a SKU's last line wins, and a line without one is left out.
        fnac_ids, in_cdata, as_text = zip(*offers, strict=True)
        skus = map(str.strip, map(max, in_cdata, as_text))
        applied.update(zip(skus, map(str.strip, fnac_ids), strict=True))
        applied.pop("", None)
    return BatchReport(
        (status and status.decode()) or "OK",
        None if batch_id is None else batch_id.strip().decode(),
        ReportedResults(applied),
    )


def read_batch_report(root: etree._Element) -> BatchReport:
    """Read a `<batch_status_response>` (its root errors already raised) into a `BatchReport`.

    The results are those `offer_results(BatchStatusResponse.from_xml(root))` gives.
    """
    status = root.get("status") or "OK"
    batch_id = None
    for item in root.iterchildren("{*}batch_id"):
        if not len(item):  # the first leaf one, as the model reads it
            batch_id = _text(item)
            break
    results = ReportedResults()
    tags = _TAGS
    for offer in root.iterchildren("{*}offer"):
        if (offer.get("status") or "OK") not in _APPLIED:
            refused = OfferStatus.from_xml(offer)
            if refused.offer_seller_id:
                results.add(status_result(refused.offer_seller_id, refused))
            continue
        sku: str | None = None
        fnac_id: str | None = None
        for item in offer:
            tag = item.tag
            name = tags.get(tag)
            if name is None:
                if not isinstance(tag, str):
                    continue
                name = tag[tag.rfind("}") + 1 :]  # another namespace: the local name
            if name == _SELLER_ID:
                if sku is None and not len(item):
                    text = (item.text or "").strip()
                    sku = text if text.isascii() else repair_double_encoding(text)
            elif name == _FNAC_ID and fnac_id is None and not len(item):
                text = (item.text or "").strip()
                fnac_id = text if text.isascii() else repair_double_encoding(text)
        if sku:
            results.add_applied(sku, fnac_id)
    return BatchReport(status, batch_id, results)


def report_of(answer: BatchStatusResponse) -> BatchReport:
    """The `BatchReport` of a response already read as a model (an `offers_update` FNAC
    answered without opening a batch, say).

    Examples:
        >>> report_of(BatchStatusResponse(status="ERROR")).is_done
        True
    """
    return BatchReport(str(answer.status), answer.batch_id, offer_results(answer))
