"""What reading a bulk file gives: `BulkFile`, its `BulkListing`s or `BulkUpdate`s, held rows.

Examples:
    >>> from marketplace_sdk.core._models import StockUpdate
    >>> update = BulkUpdate(line=2, sku="MUG-01", stock=StockUpdate(sku="MUG-01", quantity=4))
    >>> update.changes
    ('stock',)
"""

from __future__ import annotations

from pathlib import Path

import attrs

from marketplace_sdk.bulk._errors import RowError
from marketplace_sdk.bulk._sheets import Format
from marketplace_sdk.core._bulk_layout import Mode
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, StockUpdate

__all__ = ["BulkFile", "BulkListing", "BulkUpdate", "HeldRow"]


@attrs.frozen
class BulkListing:
    """One product to list, from one row (or, for an Etsy group, from each of its rows).

    Attributes:
        draft: what `Channel.list_product` is given.
        rows: `(line, sku)` of every row it was made from, in file order.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> draft = ProductDraft(sku="A", title="A", stock=1, price=Money(amount=5, currency="EUR"))
        >>> BulkListing(draft=draft, rows=((2, "A"),)).lines
        (2,)
    """

    draft: ProductDraft
    rows: tuple[tuple[int, str], ...]

    @property
    def lines(self) -> tuple[int, ...]:
        """The lines of its rows."""
        return tuple(line for line, _ in self.rows)


@attrs.frozen
class BulkUpdate:
    """The changes one row of an update file asks for (any of price, stock, activation).

    Attributes:
        line: the row's line.
        sku: the SKU to change.
        price: the new price, if the row gives one.
        stock: the new quantity, if the row gives one.
        active: activate (True) or deactivate (False), if the row says.

    Examples:
        >>> BulkUpdate(line=3, sku="A", active=False).changes
        ('active',)
    """

    line: int
    sku: str
    price: PriceUpdate | None = None
    stock: StockUpdate | None = None
    active: bool | None = None

    @property
    def changes(self) -> tuple[str, ...]:
        """The names of what the row changes (`"price"`, `"stock"`, `"active"`)."""
        given = {"price": self.price, "stock": self.stock, "active": self.active}
        return tuple(name for name, value in given.items() if value is not None)


@attrs.frozen
class HeldRow:
    """A valid row not applied because another row it depends on is bad (an Etsy group's).

    Examples:
        >>> HeldRow(line=4, sku="TEE-M", reason="not listed: line(s) 5 of its group are bad").sku
        'TEE-M'
    """

    line: int
    sku: str
    reason: str


@attrs.frozen
class BulkFile:
    """A bulk file read and checked by `read_bulk_file`.

    Attributes:
        marketplace: the marketplace's key.
        mode: `"create"` or `"update"`.
        path: the file read.
        format: `"csv"` or `"xlsx"`.
        row_count: the rows read (blank rows are not counted).
        listings: the products to list (create mode), in file order.
        updates: the rows to apply (update mode), in file order.
        errors: every problem of every bad row, by line (a row may have several).
        held: valid rows not applied because of another bad row.

    Examples:
        >>> bulk = BulkFile(marketplace="fnac", mode="update", path=Path("x.csv"), format="csv",
        ...                 row_count=0, listings=(), updates=(), errors=(), held=())
        >>> bulk.is_valid, bulk.bad_lines
        (True, ())
    """

    marketplace: str
    mode: Mode
    path: Path
    format: Format
    row_count: int
    listings: tuple[BulkListing, ...]
    updates: tuple[BulkUpdate, ...]
    errors: tuple[RowError, ...]
    held: tuple[HeldRow, ...]

    @property
    def bad_lines(self) -> tuple[int, ...]:
        """The lines with at least one error, in order."""
        return tuple(sorted({error.line for error in self.errors}))

    @property
    def is_valid(self) -> bool:
        """Whether every row is valid."""
        return not self.errors

    @property
    def ready_count(self) -> int:
        """The rows that will be applied (each row of a group counts)."""
        return sum(len(listing.rows) for listing in self.listings) + len(self.updates)
