"""Building blocks of the canonical records: base classes and constrained types.

Examples:
    >>> class Note(Record):
    ...     text: str
    >>> note = Note(text="hi", raw={"id": 1})
    >>> note == Note(text="hi"), note.raw
    (True, {'id': 1})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    SkipValidation,
    StringConstraints,
)

from marketplace_sdk.core._clock import ensure_utc

if TYPE_CHECKING:  # rendering is loaded only when a record is shown
    from rich.table import Table

__all__ = ["CanonicalModel", "Quantity", "Record", "Sku", "UtcDatetime"]

#: A stock-keeping unit: surrounding spaces stripped, never empty.
Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A timezone-aware datetime, converted to UTC (naive datetimes are refused).
UtcDatetime = Annotated[AwareDatetime, AfterValidator(ensure_utc)]
#: A count of items: zero or more.
Quantity = Annotated[int, Field(ge=0)]


def _freeze(value: object) -> object:
    if isinstance(value, dict):
        return frozenset((key, _freeze(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


class CanonicalModel(BaseModel):
    """Base of the canonical records: frozen, no unknown fields, equality by content.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> StockUpdate(sku="A", quantity=1) == StockUpdate(sku=" A ", quantity=1)
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, BaseModel)
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash((type(self), _freeze(self.model_dump())))


class Record(CanonicalModel):
    """A canonical record built from a marketplace payload, which `raw` keeps.

    `raw` holds JSON-shaped data: a decoded JSON body, a wire model's
    `model_dump(mode="json")`, or an XML document as text. It is not in `repr`, equality,
    hashing or JSON output.

    Examples:
        >>> from marketplace_sdk.core._models import Category
        >>> category = Category(id="7", name="Mugs", raw={"taxonomy_id": 7})
        >>> category.raw, "raw" in repr(category), "raw" in category.model_dump_json()
        ({'taxonomy_id': 7}, False, False)
    """

    #: Kept as given, neither validated nor copied: the mappers hand over payloads that are JSON
    #: already (a decoded body, a `model_dump(mode="json")`), and walking them again took 45 %
    #: of the Etsy order mapping's time. Do not mutate a payload after handing it over.
    raw: Annotated[JsonValue, SkipValidation] = Field(default=None, repr=False, exclude=True)

    def __rich__(self) -> Table:
        """The record as a field table in a rich console (buyer data masked as in repr)."""
        from marketplace_sdk.core._display import record_table

        return record_table(self)

    def _repr_html_(self) -> str:
        """The record as a field table in Jupyter (buyer data masked as in repr)."""
        from marketplace_sdk.core._display import record_html

        return record_html(self)
