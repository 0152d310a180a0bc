"""FNAC's XML dialect: building request documents and reading responses.

Requests are built with lxml in the FNAC namespace (`NAMESPACE`). Responses must be
well-formed: a body cut short (a dropped connection, a proxy's truncated answer) is refused, never
read as a shorter document, since a page missing its last orders would look complete and the
sync would move past them. Within that, reading is lenient where FNAC's recorded answers need it,
because the live service diverges from its 2017 schemas: control characters that XML forbids
are removed before parsing; bytes that are not valid in the document's encoding (FNAC sends
malformed UTF-8 at times, FNAC-Q15) are decoded as U+FFFD instead of failing the answer, and
text FNAC encoded twice ("reÃ§u") is decoded once more (`repair_double_encoding`); the
parser resolves no entities and never touches the network (XXE-safe); elements are looked up
by local name (with or without the namespace), unknown elements are ignored and missing ones
read as `None`. Dates may be empty, carry `+02:00` or `+0200` offsets, or a one-digit hour; they
come back as UTC. A date that cannot be read at all is an error where the record it belongs to is
one an OMS syncs (`read_datetime`: an order's dates), and empty with a warning elsewhere
(`parse_datetime`).

Examples:
    >>> root = parse_xml(b'<a xmlns="http://www.fnac.com/schemas/mp-dialog.xsd"><b>x\\x01y</b></a>')
    >>> child_text(root, "b")
    'xy'
    >>> parse_datetime("2016-08-25T10:44:25+0200").isoformat()
    '2016-08-25T08:44:25+00:00'
    >>> try:
    ...     parse_xml(b"<orders_query_response><order><order_id>1</order_id>")
    ... except etree.XMLSyntaxError:
    ...     print("cut short: refused")
    cut short: refused
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import cast
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from lxml import etree

__all__ = [
    "NAMESPACE",
    "UnreadableDateError",
    "child",
    "child_text",
    "children",
    "element",
    "format_datetime",
    "format_decimal",
    "leaf_texts",
    "local_name",
    "parse_datetime",
    "parse_xml",
    "read_datetime",
    "repair_double_encoding",
    "strip_invalid_xml_chars",
    "sub_element",
    "to_bytes",
    "xml_text",
]

logger = logging.getLogger(__name__)

#: The namespace of every FNAC web-service message.
NAMESPACE = "http://www.fnac.com/schemas/mp-dialog.xsd"

#: FNAC's servers run on Paris time; a date without an offset is read in that zone.
FNAC_TIMEZONE = ZoneInfo("Europe/Paris")

# Bytes that are never allowed in an XML 1.0 document. They are single bytes in UTF-8 and in the
# Latin encodings alike, so removing them from the raw bytes is safe whatever the encoding.
_INVALID_BYTE_SET = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
# The same characters written as character references (&#1; &#x1F;).
_INVALID_REFS = re.compile(
    rb"&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01])|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]));"
)


# Characters XML 1.0 cannot carry at all, in text we write.
_INVALID_CHARS = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (control characters, U+FFFE, ...).

    Text from a seller's catalogue can hold such characters; FNAC could not read them, and lxml
    refuses to write them, so they are dropped.

    Examples:
        >>> xml_text("Blu-ray\x0b disc\ufffe")
        'Blu-ray disc'
    """
    return _INVALID_CHARS.sub("", value)


def strip_invalid_xml_chars(data: bytes) -> bytes:
    """Remove the control characters (raw or as references) that XML 1.0 forbids.

    Examples:
        >>> strip_invalid_xml_chars(b"<a>x\\x0by&#x1F;z&#10;</a>")
        b'<a>xyz&#10;</a>'
    """
    data = data.translate(None, _INVALID_BYTE_SET)
    # Looking for `&` alone is a memchr, a tenth of the time of looking for `&#`.
    return _INVALID_REFS.sub(b"", data) if b"&" in data and b"&#" in data else data


def _parser() -> etree.XMLParser:
    # A parser per document: lxml parsers must not be shared between threads. It does not
    # recover from broken markup: recovering is what turns a truncated page into a short one.
    return etree.XMLParser(
        recover=False,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
    )


_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def _declared_encoding(raw: bytes) -> str:
    match = _DECLARED_ENCODING.match(raw)
    return match.group(1).decode("ascii") if match else "utf-8"


def _badly_encoded(raw: bytes) -> str | None:
    """The document decoded with U+FFFD for its invalid bytes, when it has any; else `None`."""
    encoding = _declared_encoding(raw)
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return _DECLARATION.sub(b"", raw).decode(encoding, errors="replace")
    return None  # correctly encoded: the syntax error is a real one


def parse_xml(data: bytes | str) -> etree._Element:
    """Parse a well-formed response body and return its root element.

    Control characters XML forbids are dropped, and bytes invalid in the document's encoding
    read as U+FFFD (both happen in FNAC's answers); anything else that is not well-formed XML,
    a body cut short above all, is refused.

    Raises:
        ValueError: the body is empty.
        lxml.etree.XMLSyntaxError: the body is not well-formed XML (truncated, say).

    Examples:
        >>> local_name(parse_xml("<auth_response status='OK'><token>t</token></auth_response>"))
        'auth_response'
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if isinstance(data, str):
        # A str was already decoded; an encoding declaration would now be a lie.
        raw = _DECLARATION.sub(b"", raw)
    cleaned = strip_invalid_xml_chars(raw).strip()
    if not cleaned:
        raise ValueError("empty XML document")
    try:
        return etree.fromstring(cleaned, _parser())
    except etree.XMLSyntaxError as error:
        text = _badly_encoded(cleaned)
        if text is None:
            raise
        try:
            root = etree.fromstring(text, _parser())
        except etree.XMLSyntaxError:
            raise error from None  # not only bad bytes: report what the bytes showed first
    logger.warning("FNAC answer held bytes invalid in its encoding; they read as U+FFFD")
    return root


def local_name(node: etree._Element) -> str:
    """The element's tag without its namespace.

    Examples:
        >>> local_name(element("offer"))
        'offer'
    """
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_KEPT:
            _LOCAL_NAMES[tag] = name
    return name


#: Local names of the tags seen, looked up for every element read (a document names a few
#: dozen); bounded, so a document of endless distinct tags cannot grow it.
_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_KEPT = 4096


def children(node: etree._Element, name: str) -> list[etree._Element]:
    """The direct children called `name` (namespace ignored), in document order.

    Examples:
        >>> len(children(parse_xml("<a><b/><c/><b/></a>"), "b"))
        2
    """
    # `{*}name` matches the name in any namespace or none, and elements only (no comments).
    return list(node.iterchildren(f"{{*}}{name}"))


def child(node: etree._Element, name: str) -> etree._Element | None:
    """The first direct child called `name`, or `None`.

    Examples:
        >>> child(parse_xml("<a><b/></a>"), "c") is None
        True
    """
    for item in node:
        if local_name(item) == name:
            return item
    return None


# A UTF-8 lead byte followed by a continuation byte, both read as Latin-1 or cp1252 characters:
# the trace of text encoded twice ("reÃ§u" for "reçu").
_TWICE_ENCODED = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)


def repair_double_encoding(text: str) -> str:
    """`text` decoded once more when it is UTF-8 that was decoded as Latin-1 (FNAC-Q15).

    Only text showing the trace of a second encoding, and that decodes cleanly, is changed;
    anything else comes back as it was.

    Examples:
        >>> repair_double_encoding("Article non reÃ§u"), repair_double_encoding("Ã  la")
        ('Article non reçu', 'Ã  la')
    """
    if text.isascii() or not _TWICE_ENCODED.search(text):
        return text
    for codec in ("latin-1", "cp1252"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def _text(node: etree._Element) -> str:
    return repair_double_encoding("".join(cast(Iterator[str], node.itertext())).strip())


def child_text(node: etree._Element, name: str) -> str | None:
    """The stripped text of the first child called `name`; `None` when there is no such child.

    Examples:
        >>> doc = parse_xml("<a><b> 1 </b><c/></a>")
        >>> child_text(doc, "b"), child_text(doc, "c"), child_text(doc, "d")
        ('1', '', None)
    """
    found = child(node, name)
    return None if found is None else _text(found)


def leaf_texts(node: etree._Element) -> dict[str, str]:
    """Text of every direct child that has no element children (first occurrence wins).

    This is what response models are validated from; nested elements are read separately.

    Examples:
        >>> leaf_texts(parse_xml("<a><b>1</b><c><d/></c><b>2</b></a>"))
        {'b': '1'}
    """
    values: dict[str, str] = {}
    known = _LOCAL_NAMES.get
    for item in node:
        tag = item.tag
        name = (known(tag) if isinstance(tag, str) else "") or local_name(item)
        if not name or name in values or len(item):
            continue
        # A leaf's whole text is its `.text`: the parser drops comments and processing
        # instructions, and anything else inside an element is a child, which a leaf has not.
        text = item.text
        text = text.strip() if text else ""
        values[name] = text if text.isascii() else repair_double_encoding(text)
    return values


def element(tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A new element in the FNAC namespace (the default namespace of the document).

    Examples:
        >>> to_bytes(element("batch_status")).endswith(
        ...     b'<batch_status xmlns="http://www.fnac.com/schemas/mp-dialog.xsd"/>')
        True
    """
    # lxml-stubs type nsmap keys as str, but None is how lxml spells the default namespace.
    nsmap: dict[str | None, str] = {None: NAMESPACE}
    node = etree.Element(f"{{{NAMESPACE}}}{tag}", nsmap=nsmap)  # type: ignore[arg-type]
    for key, value in attributes.items():
        node.set(key, xml_text(value))
    if text is not None:
        node.text = xml_text(text)
    return node


def sub_element(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    """Append a child in the FNAC namespace to `parent` and return it.

    Examples:
        >>> root = element("batch_status")
        >>> sub_element(root, "batch_id", "B1").text
        'B1'
    """
    node = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    for key, value in attributes.items():
        node.set(key, xml_text(value))
    if text is not None:
        node.text = xml_text(text)
    return node


def to_bytes(root: etree._Element) -> bytes:
    """Serialize a document as UTF-8 with an XML declaration.

    Examples:
        >>> to_bytes(element("a")).startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        True
    """
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def format_datetime(value: datetime) -> str:
    """An aware datetime as FNAC expects it (ISO 8601 with offset, UTC, no microseconds).

    Raises:
        ValueError: `value` is naive.

    Examples:
        >>> format_datetime(datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC))
        '2026-01-02T03:04:05+00:00'
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("FNAC dates must be timezone-aware")
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def format_decimal(value: Decimal | int) -> str:
    """A number in plain notation (never an exponent), as the XSD decimal type wants.

    Examples:
        >>> format_decimal(Decimal("1E+1")), format_decimal(Decimal("10.50"))
        ('10', '10.50')
    """
    if isinstance(value, int):
        return str(value)
    return format(value, "f")


class UnreadableDateError(ValueError):
    """A FNAC date that reads as no date at all (`read_datetime`)."""


def read_datetime(value: str | datetime | None) -> datetime | None:
    """Read a FNAC date as timezone-aware UTC; empty gives `None`, unreadable is an error.

    Accepts `+02:00` and `+0200` offsets, `Z`, one-digit hours; a date without offset is read
    in Paris time. Used for the dates of a record an OMS syncs (an order and its lines), where
    a date read as empty would silently become another one (an order's creation is then its
    latest line date): the record is refused instead, and set aside with its error.

    Raises:
        UnreadableDateError: `value` reads as no date.
        ValueError: `value` is a date no UTC datetime can hold (past the year 9999 once
            converted, say).

    Examples:
        >>> read_datetime("2016-10-28T9:50:04+01:00").isoformat()
        '2016-10-28T08:50:04+00:00'
        >>> read_datetime("") is None
        True
        >>> read_datetime("2026-13-45")
        Traceback (most recent call last):
        ...
        marketplace_sdk.fnac._xml.UnreadableDateError: unreadable FNAC date '2026-13-45'
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _in_utc(value, value)
    if len(value) <= _CACHED_DATE_CHARS:
        return _read_date_cached(value)
    return _read_date(value)


#: Date texts up to this long are read once each (an order's dates repeat on its lines, and a
#: datetime is immutable); the cache holds at most 1,024 of them.
_CACHED_DATE_CHARS = 64


def _read_date(value: str) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = dateutil_parser.parse(text)
        except (ValueError, OverflowError):
            raise UnreadableDateError(f"unreadable FNAC date {text[:40]!r}") from None
    return _in_utc(parsed, value)


_read_date_cached = lru_cache(maxsize=1024)(_read_date)


def _in_utc(parsed: datetime, value: str | datetime) -> datetime:
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=FNAC_TIMEZONE)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"FNAC date {value!s:.40} is out of range in UTC") from None


def parse_datetime(value: str | datetime | None) -> datetime | None:
    """Read a FNAC date leniently, as timezone-aware UTC; empty or unreadable gives `None`.

    As `read_datetime`, but a date that reads as no date is logged and read as empty: for the
    answers whose dates an OMS does not sync (messages, incidents, batches, invoices).

    Examples:
        >>> parse_datetime("2016-10-28T9:50:04+01:00").isoformat()
        '2016-10-28T08:50:04+00:00'
        >>> parse_datetime("") is None
        True
    """
    try:
        return read_datetime(value)
    except UnreadableDateError as error:
        logger.warning("%s read as empty", error)
        return None
