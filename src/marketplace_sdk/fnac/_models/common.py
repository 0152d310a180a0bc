"""Types shared by every FNAC message: enums from `state.xsd`, errors, addresses, paging, and the
reading every response model builds on (request documents are built with `requests`).

Response models are validated from the leaf texts of their element (see
`marketplace_sdk.fnac._xml.leaf_texts`), so empty elements read as `None` for numbers and dates, and
an unknown enum value is kept as its raw string instead of failing the whole page. A model's
repeated child elements (`<error>`, `<order_detail>`, ...) are declared once as `Repeated` lists
and read by the shared `FnacModel.from_xml`; a model overrides it only for what leaf texts do not
carry (attributes, nested records).

The records an OMS syncs (`<order>`, `<offer>`) are read one at a time (`Records`, on a
`RecordsResponse`): the answer's envelope and paging fields are read as a whole, and a record
its model refuses (a number that is not one, a date that cannot be read) is that record's
`RecordError`, kept on the answer's `refused` while the other records are read.

Examples:
    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(OrderStateValue).validate_python("Lost")
    'Lost'
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> FnacError.from_xml(parse_xml('<error code="ERR_120" severity="ERROR">Not found</error>'))
    FnacError(code='ERR_120', severity=<Severity.ERROR: 'ERROR'>, message='Not found')
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Self, TypeVar

import attrs
from lxml import etree
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from marketplace_sdk.core._records import RefusedRecord, read_records
from marketplace_sdk.fnac._xml import child, children, leaf_texts, parse_datetime, read_datetime

__all__ = [
    "ERRORS",
    "Address",
    "FnacError",
    "FnacModel",
    "FnacResponse",
    "ItemStatus",
    "LineOutcome",
    "OptBool",
    "OptDateTime",
    "OptDecimal",
    "OptInt",
    "OptStr",
    "OrderDetailState",
    "OrderDetailStateValue",
    "OrderState",
    "OrderStateValue",
    "Outcome",
    "PagedResponse",
    "ProductReferenceType",
    "ProductState",
    "ProductStateValue",
    "RecordDateTime",
    "Records",
    "RecordsResponse",
    "Repeated",
    "ResponseStatus",
    "Severity",
    "SortOrder",
    "StatusValue",
    "errors_of",
    "read_address",
    "status_of",
]


def _empty_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _bool(value: object) -> object:
    value = _empty_to_none(value)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return value


OptStr = str | None
"""An optional string, kept as sent (empty stays empty)."""
OptDecimal = Annotated[Decimal | None, BeforeValidator(_empty_to_none)]
"""An optional decimal; an empty element reads as `None`."""
OptInt = Annotated[int | None, BeforeValidator(_empty_to_none)]
"""An optional integer; an empty element reads as `None`."""
OptBool = Annotated[bool | None, BeforeValidator(_bool)]
"""An optional boolean from `true`/`false`/`TRUE`/`FALSE`/`1`/`0`; empty reads as `None`."""
OptDateTime = Annotated[datetime | None, BeforeValidator(parse_datetime)]
"""An optional UTC datetime read leniently (empty, `+0200`, one-digit hour; unreadable: empty)."""
RecordDateTime = Annotated[datetime | None, BeforeValidator(read_datetime)]
"""A date of a record an OMS syncs: as `OptDateTime`, but an unreadable one refuses the record."""


class FnacModel(BaseModel):
    """Base of every FNAC wire model: immutable, unknown fields ignored, read from XML.

    `from_xml` reads a model from the leaf texts of its element plus its `repeated` lists; a model
    whose element carries more (attributes, nested records) extends it through `read`.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> class Thing(FnacModel):
        ...     name: str
        ...     errors: list[FnacError] = []
        ...     repeated = (ERRORS,)
        >>> Thing.model_validate({"name": "a", "unknown": 1}).name
        'a'
        >>> thing = Thing.from_xml(parse_xml('<t><name>b</name><error code="E1">no</error></t>'))
        >>> thing.name, thing.errors[0].code
        ('b', 'E1')
    """

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    #: The lists read from repeated child elements, if the model has any.
    repeated: ClassVar[tuple[Repeated[Any], ...]] = ()

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read the model from its element: leaf texts as fields, and its `repeated` lists."""
        return cls.read(node)

    @classmethod
    def read(cls, node: etree._Element, **fields: object) -> Self:
        """`node` read as `from_xml` does, with `fields` (read by the caller) on top."""
        lists = {item.field: item.values_in(node) for item in cls.repeated}
        return cls.model_validate({**leaf_texts(node), **lists, **fields})


M = TypeVar("M", bound=FnacModel)
T = TypeVar("T")


@attrs.frozen
class Repeated(Generic[M]):
    """A list field read from repeated child elements: one `model` per `<tag>` (in `<wrapper>`).

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> errors = Repeated("errors", "error", FnacError, wrapper="errors")
        >>> node = parse_xml('<a><errors><error code="E"/></errors></a>')
        >>> errors.values_in(node)[0].code
        'E'
    """

    field: str
    tag: str
    model: type[M]
    wrapper: str | None = None

    def values_in(self, node: etree._Element) -> list[M]:
        """Each `<tag>` child of `node` (of its `<wrapper>` child, if any) read as `model`."""
        parent = node if self.wrapper is None else child(node, self.wrapper)
        if parent is None:
            return []
        return [self.model.from_xml(item) for item in children(parent, self.tag)]


class ResponseStatus(StrEnum):
    """The `status` of a response, batch, order or item (`status_code` in the XSD).

    Examples:
        >>> ResponseStatus("RUNNING").is_final
        False
    """

    OK = "OK"
    ACTIVE = "ACTIVE"
    RUNNING = "RUNNING"
    WARNING = "WARNING"
    ERROR = "ERROR"
    FATAL = "FATAL"

    @property
    def is_final(self) -> bool:
        """Whether processing is over (not `ACTIVE` nor `RUNNING`)."""
        return self not in {ResponseStatus.ACTIVE, ResponseStatus.RUNNING}


class Severity(StrEnum):
    """Severity of an `<error>` (`severity_code`).

    Examples:
        >>> Severity("WARNING").value
        'WARNING'
    """

    WARNING = "WARNING"
    ERROR = "ERROR"
    FATAL = "FATAL"


class OrderState(StrEnum):
    """State of a whole order (`order_state`).

    Examples:
        >>> OrderState("ToShip") is OrderState.TO_SHIP
        True
    """

    CREATED = "Created"
    ACCEPTED = "Accepted"
    REFUSED = "Refused"
    TO_SHIP = "ToShip"
    SHIPPED = "Shipped"
    NOT_RECEIVED = "NotReceived"
    RECEIVED = "Received"
    CANCELLED = "Cancelled"
    REFUNDED = "Refunded"
    ERROR = "Error"


class OrderDetailState(StrEnum):
    """State of one order line (`order_detail_state`).

    Examples:
        >>> OrderDetailState("ToAccept").name
        'TO_ACCEPT'
    """

    TO_ACCEPT = "ToAccept"
    ACCEPTED = "Accepted"
    REFUSED = "Refused"
    TO_SHIP = "ToShip"
    SHIPPED = "Shipped"
    NOT_RECEIVED = "NotReceived"
    RECEIVED = "Received"
    REFUNDED = "Refunded"
    CANCELLED = "Cancelled"


class ProductState(StrEnum):
    """Condition of the item offered (`product_state`).

    Examples:
        >>> ProductState.NEW.value
        '11'
    """

    NEW = "11"
    REFURBISHED = "10"
    USED_LIKE_NEW = "1"
    USED_VERY_GOOD = "2"
    USED_GOOD = "3"
    USED_ACCEPTABLE = "4"
    COLLECTIBLE_LIKE_NEW = "5"
    COLLECTIBLE_VERY_GOOD = "6"
    COLLECTIBLE_GOOD = "7"
    COLLECTIBLE_ACCEPTABLE = "8"


class ProductReferenceType(StrEnum):
    """How a product is identified (`product_reference_type`).

    Examples:
        >>> ProductReferenceType.EAN.value
        'Ean'
    """

    FNAC_ID = "FnacId"
    PARTNER_ID = "PartnerId"
    EAN = "Ean"
    ISBN = "Isbn"
    PART_NUMBER = "PartNumber"
    CNET_ID = "CnetId"


class SortOrder(StrEnum):
    """Sort direction for queries that accept one.

    Examples:
        >>> SortOrder.DESC.value
        'DESC'
    """

    ASC = "ASC"
    DESC = "DESC"


StatusValue = Annotated[ResponseStatus | str, Field(union_mode="left_to_right")]
"""A `ResponseStatus`, or the raw string when FNAC sends one it does not document."""
OrderStateValue = Annotated[
    OrderState | str | None, Field(union_mode="left_to_right"), BeforeValidator(_empty_to_none)
]
"""An `OrderState`, the raw string for an unknown state, or `None` when empty."""
OrderDetailStateValue = Annotated[
    OrderDetailState | str | None,
    Field(union_mode="left_to_right"),
    BeforeValidator(_empty_to_none),
]
"""An `OrderDetailState`, the raw string for an unknown state, or `None` when empty."""
ProductStateValue = Annotated[
    ProductState | str | None, Field(union_mode="left_to_right"), BeforeValidator(_empty_to_none)
]
"""A `ProductState`, the raw string for an unknown one, or `None` when empty."""


class FnacError(FnacModel):
    """One `<error code=... severity=...>message</error>` of a response.

    Examples:
        >>> FnacError(code="ERR_105", severity=Severity.ERROR, message="too many").is_warning
        False
    """

    code: str | None = None
    severity: Annotated[Severity | str, Field(union_mode="left_to_right")] = Severity.ERROR
    message: str = ""

    @property
    def is_warning(self) -> bool:
        """Whether the error is only a warning (the element was processed)."""
        return self.severity == Severity.WARNING

    @classmethod
    def from_xml(cls, node: etree._Element) -> FnacError:
        """Read an `<error>` element."""
        text = "".join(str(part) for part in node.itertext()).strip()
        return cls(
            code=node.get("code") or None,
            severity=(node.get("severity") or Severity.ERROR.value).upper(),
            message=text,
        )


#: The `<error>` children of an element, as its `errors` list.
ERRORS = Repeated("errors", "error", FnacError)


def errors_of(node: etree._Element) -> list[FnacError]:
    """The `<error>` children of `node`.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> errors_of(parse_xml('<a><error code="ERR_1"/></a>'))[0].code
        'ERR_1'
    """
    return [FnacError.from_xml(item) for item in children(node, "error")]


def status_of(node: etree._Element) -> str:
    """The `status` attribute of a response root or an item; `OK` when absent or empty.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> status_of(parse_xml('<offer status="ERROR"/>')), status_of(parse_xml("<batch/>"))
        ('ERROR', 'OK')
    """
    return node.get("status") or ResponseStatus.OK.value


class Address(FnacModel):
    """A shipping or billing address (`address`). Its repr hides the buyer's personal data.

    Examples:
        >>> Address(firstname="Ada", lastname="L", city="Paris", country="FRA")
        Address(city='Paris', country='FRA')
    """

    firstname: OptStr = None
    lastname: OptStr = None
    company: OptStr = None
    address1: OptStr = None
    address2: OptStr = None
    address3: OptStr = None
    zipcode: OptStr = None
    city: OptStr = None
    state: OptStr = None
    country: OptStr = None
    phone: OptStr = None
    mobile: OptStr = None
    fnac_shop_ref: OptInt = None
    nif: OptStr = None

    def __repr__(self) -> str:
        return f"Address(city={self.city!r}, country={self.country!r})"

    __str__ = __repr__


class PagedResponse(FnacModel):
    """Paging fields of the query services that page (`page`, `total_paging`, ...).

    Examples:
        >>> PagedResponse(page=1, total_paging=3).has_more, PagedResponse().has_more
        (True, False)
    """

    page: OptInt = None
    total_paging: OptInt = None
    nb_total_per_page: OptInt = None
    nb_total_result: OptInt = None

    _refused: list[RefusedRecord] = PrivateAttr(default_factory=list)

    @property
    def refused(self) -> tuple[RefusedRecord, ...]:
        """The records of this page their model refused (only a `RecordsResponse` has any)."""
        return tuple(self._refused)

    @property
    def has_more(self) -> bool:
        """Whether pages follow this one.

        From `page` and `total_paging`, else from the result counts; an answer without paging
        fields is taken as the only page (so a listing can never loop on the same page).
        """
        if self.page is not None and self.total_paging is not None:
            return self.page < self.total_paging
        counts = (self.page, self.nb_total_per_page, self.nb_total_result)
        if None not in counts:
            page, per_page, total = (value or 0 for value in counts)
            return page * per_page < total
        return False


def read_address(node: etree._Element, name: str) -> Address | None:
    """The address child `name` of `node`, or `None`.

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> read_address(parse_xml("<o><shipping_address><city>X</city></shipping_address></o>"),
        ...              "shipping_address").city
        'X'
    """
    found = child(node, name)
    return None if found is None else Address.from_xml(found)


class FnacResponse(FnacModel):
    """What every response carries: its `status` and the WARNING-severity errors at its root.

    Root errors of severity ERROR or FATAL never reach a model: they are raised as typed errors
    (see `marketplace_sdk.fnac._errors`).

    Examples:
        >>> FnacResponse().status
        <ResponseStatus.OK: 'OK'>
    """

    status: StatusValue = ResponseStatus.OK
    warnings: list[FnacError] = Field(default_factory=list)

    @staticmethod
    def envelope(root: etree._Element) -> dict[str, Any]:
        """The `status` and `warnings` of a response root, as model fields."""
        return {
            "status": status_of(root),
            "warnings": [error for error in errors_of(root) if error.is_warning],
        }

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read a `<service>_response` root: its envelope, leaf fields and `repeated` lists."""
        return cls.read(node, **cls.envelope(node))


@attrs.frozen
class Records(Generic[M]):
    """A list of records read one at a time from repeated `<tag>` children (see the module).

    A record `model` refuses is that record's `RecordError`: `kind`, the id `record_id` reads
    from the element (when it can), and `raw`, the element as JSON-shaped data.

    Examples:
        >>> from marketplace_sdk.fnac._xml import child_text, parse_xml
        >>> class Thing(FnacModel):
        ...     count: OptInt = None
        >>> things = Records("things", "thing", Thing, kind="product",
        ...     record_id=lambda node: child_text(node, "name"), raw=leaf_texts)
        >>> read, refused = things.read_in(parse_xml("<a><thing><count>1</count></thing>"
        ...     "<thing><name>B</name><count>x</count></thing></a>"))
        >>> [thing.count for thing in read], refused[0].error.record_id, refused[0].position
        ([1], 'B', 1)
    """

    field: str
    tag: str
    model: type[M]
    kind: str
    record_id: Callable[[etree._Element], str | None]
    raw: Callable[[etree._Element], object]

    def read_in(self, node: etree._Element) -> tuple[list[M], list[RefusedRecord]]:
        """The records read from `node`'s `<tag>` children, and those their model refused."""
        return self.read_with(node, self.model.from_xml)

    def read_with(
        self, node: etree._Element, read: Callable[[etree._Element], T]
    ) -> tuple[list[T], list[RefusedRecord]]:
        """`read_in`, each child read by `read` (which refuses what the model refuses, and may
        read a child as something else than the model)."""
        return read_records(
            children(node, self.tag),
            read,
            kind=self.kind,
            record_id=self.record_id,
            raw=self.raw,
            marketplace="fnac",
            shape=f"FNAC's <{self.tag}>",
        )


class RecordsResponse(FnacResponse, PagedResponse):
    """A page of records an OMS syncs: the envelope read whole, each record on its own.

    Examples:
        >>> RecordsResponse().refused
        ()
    """

    #: The page's records: a subclass declares them.
    records: ClassVar[Records[Any] | None] = None

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read the response; a record its model refuses goes to `refused`, not the error."""
        if cls.records is None:
            return super().from_xml(node)
        values, refused = cls.records.read_in(node)
        answer = cls.read(node, **cls.envelope(node), **{cls.records.field: values})
        answer._refused = refused
        return answer


class Outcome(FnacModel):
    """Base of the per-item outcomes of an update: a `status` and the item's `<error>`s.

    Each outcome declares its own `status` and `errors` fields, where its element has them (the
    field order follows the XSD); this base reads the `errors` and says whether the item applied.

    Examples:
        >>> class LineOutcome(Outcome):
        ...     line: int
        ...     status: StatusValue = ResponseStatus.OK
        >>> LineOutcome(line=1, status="WARNING").ok, LineOutcome(line=2, status="FATAL").ok
        (True, False)
    """

    if TYPE_CHECKING:
        status: StatusValue

    repeated: ClassVar[tuple[Repeated[Any], ...]] = (ERRORS,)

    @property
    def ok(self) -> bool:
        """Whether the item was applied (status OK or WARNING)."""
        # A tuple, not a set: comparing strings is cheaper than hashing enum members, and a
        # batch report asks this of every offer.
        return self.status in ("OK", "WARNING")


class LineOutcome(Outcome):
    """The outcome for one order line (an `<order_detail>` of an update answer).

    Examples:
        >>> LineOutcome(order_detail_id="2", status="ERROR", state="Shipped").ok
        False
    """

    order_detail_id: OptInt = None
    status: StatusValue = ResponseStatus.OK
    state: OrderDetailStateValue = None
    errors: list[FnacError] = Field(default_factory=list)


class ItemStatus(Outcome):
    """The outcome for one item of an update (a comment reply, a message action).

    Examples:
        >>> ItemStatus(id="m1", status="OK").ok
        True
    """

    id: str | None = None
    status: StatusValue = ResponseStatus.OK
    errors: list[FnacError] = Field(default_factory=list)

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read an item element carrying `status` and `id` attributes and `<error>` children."""
        return cls.read(node, id=node.get("id"), status=status_of(node))
