"""The filters of the sandbox's `*_query` services, one table per service, applied one way.

Each query service has a table naming every child element its XSD declares: a `Filter` that
reads one such element into a test on a record, or `None` for an element the handler reads
itself (`paging`, `sort_by`). `apply_filters` applies the table: records must pass every filter
the request names; a filter named several times is passed by any of its occurrences (two
`<order>` elements ask for either order), except the bounds (`date`, `quantity`, `rate`),
which must all hold (a `GreaterThan` and a `LessThan` make a range). Filters sharing a `group`
(`type` and `types`) count as one. An element the table does not name is refused loudly, so a
filter the XSD declares is never silently ignored.

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> table = {"sku": Filter(lambda node, state: lambda item: item == node.text)}
    >>> apply_filters(["a", "b", "c"], parse_xml("<q><sku>a</sku><sku>c</sku></q>"), None, table)
    ['a', 'c']
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Generic, TypeVar

import attrs
from lxml import etree

from marketplace_sdk.fnac._xml import child_text, local_name, parse_datetime
from marketplace_sdk.fnac.sandbox._state import ShopState
from marketplace_sdk.fnac.sandbox._wire import Codes, ServiceError, in_window

__all__ = [
    "QUANTITY_MODES",
    "Filter",
    "apply_filters",
    "bound",
    "date_window",
    "equals",
    "one_of",
    "text_of",
]

T = TypeVar("T")

#: A test on one record.
Predicate = Callable[[T], bool]

#: The comparisons of `offer_quantity_constraint` (offers' quantity, comments' rate).
QUANTITY_MODES: dict[str, Callable[[int, int], bool]] = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanOrEquals": operator.le,
    "GreaterThanOrEquals": operator.ge,
}


@attrs.frozen
class Filter(Generic[T]):
    """How one declared filter element reads: the element (and the shop) to a record test.

    `every`: repeated occurrences must all hold (bounds), instead of any one of them.
    `group`: filters of one group are one filter (`order` and `orders` name orders alike).

    Examples:
        >>> Filter(lambda node, state: bool).every
        False
    """

    read: Callable[[etree._Element, ShopState], Predicate[T]]
    every: bool = False
    group: str | None = None


def text_of(node: etree._Element) -> str:
    """The element's text, stripped and upper-cased (ids and codes match case aside).

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> text_of(parse_xml("<a> x1 </a>"))
        'X1'
    """
    return "".join(str(part) for part in node.itertext()).strip().upper()


def equals(pick: Callable[[T], str], *, group: str | None = None) -> Filter[T]:
    """A filter on one text: the record's `pick` equals the element's text (case aside).

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> equals(str.upper).read(parse_xml("<a>x</a>"), None)("x")
        True
    """

    def read(node: etree._Element, state: ShopState) -> Predicate[T]:
        wanted = text_of(node)
        return lambda item: pick(item).upper() == wanted

    return Filter(read, group=group)


def one_of(pick: Callable[[T], str], *, group: str | None = None) -> Filter[T]:
    """A filter on a list element (`<types><type>1</type>...`): any of its children's texts.

    An empty list asks for nothing in particular, and passes every record.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> test = one_of(str).read(parse_xml("<t><type>1</type><type>2</type></t>"), None)
        >>> test("2"), test("3")
        (True, False)
    """

    def read(node: etree._Element, state: ShopState) -> Predicate[T]:
        wanted = {text_of(item) for item in node if isinstance(item.tag, str)}
        if not wanted:
            return lambda item: True
        return lambda item: pick(item).upper() in wanted

    return Filter(read, group=group)


def date_window(dates: Mapping[str, Callable[[T], datetime | None]]) -> Filter[T]:
    """A `<date type=...><min/><max/></date>` filter; `dates` gives each type's date.

    A type the records carry no date for (`ShippedAt` on a message) matches no record; the
    key `""` serves a `<date>` without a type (shop invoices).

    Examples:
        >>> from datetime import UTC
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> node = parse_xml('<date type="A"><min>2026-01-01T00:00:00+00:00</min></date>')
        >>> date_window({"A": lambda d: d}).read(node, None)(datetime(2026, 2, 1, tzinfo=UTC))
        True
    """

    def read(node: etree._Element, state: ShopState) -> Predicate[T]:
        pick = dates.get(node.get("type", ""))
        low = parse_datetime(child_text(node, "min"))
        high = parse_datetime(child_text(node, "max"))
        if pick is None:
            return lambda item: False
        return lambda item: in_window(pick(item), low, high)

    return Filter(read, every=True)


def bound(pick: Callable[[T], int]) -> Filter[T]:
    """A `<name mode="GreaterThan" value="3"/>` filter (the XSD's defaults: Equals, 0).

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> bound(int).read(parse_xml('<rate mode="LessThan" value="3"/>'), None)(2)
        True
    """

    def read(node: etree._Element, state: ShopState) -> Predicate[T]:
        test = QUANTITY_MODES[node.get("mode", "Equals")]
        wanted = int(node.get("value", "0") or 0)
        return lambda item: test(pick(item), wanted)

    return Filter(read, every=True)


def apply_filters(
    items: Sequence[T],
    request: etree._Element,
    state: ShopState,
    table: Mapping[str, Filter[T] | None],
) -> list[T]:
    """The records of `items` that pass every filter of `request`, as `table` reads them.

    Raises:
        ServiceError: the request names an element `table` does not know.
    """
    groups: dict[str, tuple[bool, list[Predicate[T]]]] = {}
    for node in request:
        if not isinstance(node.tag, str):
            continue
        name = local_name(node)
        if name not in table:
            raise ServiceError(
                Codes.XML_VALIDATION,
                f"XML Validation failed: the sandbox does not read <{name}> in "
                f"<{local_name(request)}>",
            )
        found = table[name]
        if found is None:
            continue
        every, tests = groups.setdefault(found.group or name, (found.every, []))
        try:
            tests.append(found.read(node, state))
        except (KeyError, ValueError) as error:
            # The XSD refuses such a value first; a sandbox run without the XSDs still answers
            # as FNAC does for a value outside its type, never with a crash.
            raise ServiceError(
                Codes.SCHEMA,
                f"XML Schema Validation failed: <{name}> holds a value its type refuses ({error})",
            ) from None
    kept = list(items)
    for every, tests in groups.values():
        combine = all if every else any
        kept = [item for item in kept if combine(test(item) for test in tests)]
    return kept
