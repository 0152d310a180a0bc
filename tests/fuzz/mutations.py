"""Hypothesis strategies that turn a valid recorded payload into a malformed one.

A payload is a seed (a real answer, cut to one record) with one to four mutations: a value
replaced by a hostile one (a huge or negative number, a float, a string where a number belongs,
an unknown currency or country, a date past the year 9999, text nested past the recursion
limit), a field removed, a value wrapped in a list, a record duplicated; then, now and then, the
serialised body is cut short or has a byte overwritten. Mutations stay close to valid, so most
payloads still parse and reach the mapping, where silent losses hide.

Examples:
    >>> from hypothesis import find
    >>> body = find(json_payloads([b'{"a": 1}']), lambda body: b"a" not in body)
    >>> len(body) <= 2  # the field gone: the body cut short, or the field removed
    True

"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st
from lxml import etree

__all__ = ["csv_payloads", "json_payloads", "nasty_texts", "xml_payloads"]

#: Strings that are almost right, right in another field, or wrong in a way parsers disagree on.
_TRICKY_TEXTS = [
    "", " ", "0", "-1", "-0.01", "1e400", "1E+999999", "9" * 400, "12.345", "NaN", "Infinity",
    "abc", "２３", "²", "٣", "EURO", "eur", "usd", "FRA", "FR", "fr", "UK", "ZZ", "ZZZ", "XK",
    "On Hold", "Refused", "Cancelled", "Canceled", "Fully Refunded", "paid", "Error",
    "2026-13-45T00:00:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
    "2016-08-25T10:44:25+02:00", "true", "FALSE", "null", "[REDACTED]", "x" * 10_000,
    "ÃƒÂ©", "\u202e\u200b", "🏷️",
]  # fmt: skip

_HUGE_INTS = [10**20, -(10**20), 2**63, 2**64 + 1, 10**12, -1, 0, 1, 7, 3, 10**400]


def nasty_texts() -> st.SearchStrategy[str]:
    """Text a field may carry: tricky strings, short random text, long numbers."""
    return _NASTY_TEXTS


_NASTY_TEXTS: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(_TRICKY_TEXTS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=12),
    st.integers().map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)


#: A JSON document nested far past Python's recursion limit (built as bytes: `json.dumps`
#: could not write it).
_DEEP_JSON = b'{"a":' * 2_000 + b"[" * 50_000 + b"]" * 50_000 + b"}" * 2_000


_JSON_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(_HUGE_INTS),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    _NASTY_TEXTS,
    # Fresh containers each draw: a mutation may change them in place.
    st.builds(list),
    st.builds(dict),
    st.builds(lambda: {"amount": 1, "divisor": 7, "currency_code": "USD"}),
    st.builds(lambda: {"amount": 100, "divisor": 100, "currency_code": "EURO"}),
)
_INTS = st.one_of(st.sampled_from(_HUGE_INTS), st.integers(-(2**40), 2**40))
_MONEY = st.fixed_dictionaries(
    {
        "amount": st.one_of(st.sampled_from(_HUGE_INTS), st.integers(-(10**6), 10**6)),
        "divisor": st.sampled_from([100, 100, 1, 1000, 7, 3, 0, -100]),
        "currency_code": st.sampled_from(
            ["EUR", "USD", "usd", "EURO", "", "XXX", "JPY", "€", "US"]
        ),
    }
)


def _like(value: Any) -> st.SearchStrategy[Any]:
    """A hostile value of the same JSON type as `value`: it still parses, the mapping sees it."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return _INTS
    if isinstance(value, str):
        return _NASTY_TEXTS
    if isinstance(value, dict) and "currency_code" in value:
        return _MONEY
    return _JSON_VALUES


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _mutate_json(draw: st.DrawFn, doc: Any) -> Any:
    paths = _paths(doc)[1:]
    if not paths:
        return draw(_JSON_VALUES)
    path = paths[draw(st.integers(0, len(paths) - 1))]
    parent, key = _parent(doc, path), path[-1]
    operation = draw(
        st.sampled_from(["alike", "alike", "alike", "replace", "delete", "wrap", "dup"])
    )
    if operation == "alike":
        parent[key] = draw(_like(parent[key]))
    elif operation == "replace":
        parent[key] = draw(_JSON_VALUES)
    elif operation == "delete":
        del parent[key]
    elif operation == "wrap":
        parent[key] = [parent[key]]
    elif isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[key])))
    else:
        parent[key] = json.loads(json.dumps(parent[key]))
    return doc


def _damage(draw: st.DrawFn, body: bytes) -> bytes:
    choice = draw(st.integers(0, 19))
    if choice == 0 and body:  # cut short
        return body[: draw(st.integers(0, len(body) - 1))]
    if choice == 1 and body:  # one byte overwritten (invalid UTF-8 among others)
        at = draw(st.integers(0, len(body) - 1))
        return body[:at] + bytes([draw(st.integers(0, 255))]) + body[at + 1 :]
    if choice == 2:  # double-encoded UTF-8 (FNAC-Q15)
        return body.decode("utf-8", "replace").encode("utf-8").decode("latin-1").encode("utf-8")
    return body


def json_payloads(seeds: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """Malformed JSON bodies from `seeds` (valid JSON documents)."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        doc = json.loads(seeds[draw(st.integers(0, len(seeds) - 1))])
        for _ in range(draw(st.integers(1, 4))):
            doc = _mutate_json(draw, doc)
        body = json.dumps(doc).encode()
        if draw(st.integers(0, 49)) == 0:
            body = _DEEP_JSON
        return _damage(draw, body)

    return build()


def _mutate_xml(draw: st.DrawFn, root: etree._Element) -> None:
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    element = elements[draw(st.integers(0, len(elements) - 1))]
    operation = draw(st.sampled_from(["text", "text", "text", "remove", "dup", "child", "attr"]))
    parent = element.getparent()
    if operation == "text" or (parent is None and operation in {"remove", "dup"}):
        element.text = draw(nasty_texts())
    elif operation == "remove" and parent is not None:
        parent.remove(element)
    elif operation == "dup" and parent is not None:
        parent.append(etree.fromstring(etree.tostring(element)))
    elif operation == "child":
        name = draw(st.sampled_from(["order_detail", "offer", "error", "state", "price", "x"]))
        etree.SubElement(element, f"{{{root.nsmap.get(None, '')}}}{name}").text = draw(
            nasty_texts()
        )
    else:
        element.set(draw(st.sampled_from(["status", "code", "severity"])), draw(nasty_texts()))


def xml_payloads(seeds: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """Malformed XML bodies from `seeds` (valid XML documents)."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        root = etree.fromstring(seeds[draw(st.integers(0, len(seeds) - 1))])
        for _ in range(draw(st.integers(1, 4))):
            _mutate_xml(draw, root)
        body = etree.tostring(root, xml_declaration=True, encoding="utf-8")
        if draw(st.integers(0, 49)) == 0:
            body = b"<a>" * 300_000 + b"</a>" * 300_000  # past lxml's depth limit
        return _damage(draw, body)

    return build()


def csv_payloads(seeds: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """Malformed CSV bodies from `seeds` (valid CSV files)."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        lines = seeds[draw(st.integers(0, len(seeds) - 1))].decode("utf-8").splitlines()
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(lines) - 1))
            cells = lines[at].split(";")
            cell = draw(st.integers(0, len(cells) - 1))
            operation = draw(st.sampled_from(["cell", "cell", "cut", "quote", "huge", "drop"]))
            if operation == "cell":
                cells[cell] = draw(nasty_texts())
            elif operation == "cut":
                cells = cells[:cell]
            elif operation == "quote":
                cells[cell] = '"' + cells[cell]
            elif operation == "huge":
                cells[cell] = "y" * 200_000  # past the csv module's field size limit
            elif len(lines) > 1:
                del lines[at]
                continue
            lines[at] = ";".join(cells)
        separator = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        return _damage(draw, separator.join(lines).encode("utf-8"))

    return build()
