"""Records and batch results as tables: rich in a terminal, HTML in Jupyter, buyer data masked."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser

from rich.console import Console
from rich.table import Table

from marketplace_sdk.core._display import (
    RecordsView,
    record_html,
    records_html,
    records_table,
    to_text,
    view,
)
from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Order,
    OrderLine,
    OrderTotals,
    Product,
    StockUpdate,
)
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import BatchResult, ItemResult

PERSONAL = ("Jeanne", "Dupont", "jeanne@example.com", "12 rue des Lilas", "75011", "0612345678")


def make_order(order_id: str = "1001", *, lines: int = 2) -> Order:
    return Order(
        order_id=order_id,
        created_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        updated_at=datetime(2026, 3, 1, 10, 0, tzinfo=UTC),
        marketplace_status="Paid",
        lines=tuple(
            OrderLine(
                line_id=f"L{n}",
                sku=f"MUG-{n}",
                quantity=n,
                unit_price=Money(amount="9.90", currency="EUR"),
            )
            for n in range(1, lines + 1)
        ),
        buyer=Buyer(name="Jeanne Dupont", email="jeanne@example.com", phone="0612345678"),
        shipping_address=Address(
            name="Jeanne Dupont",
            line1="12 rue des Lilas",
            city="Paris",
            postal_code="75011",
            country_code="FR",
            phone="0612345678",
        ),
        totals=OrderTotals(total=Money(amount="29.70", currency="EUR")),
        raw={"receipt_id": 1001, "buyer_email": "jeanne@example.com", "secret_marker": "RAWONLY"},
    )


class _Cells(HTMLParser):
    """The text of every `<td>` and `<th>` of an HTML table, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self._open = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.cells[-1] += data


def cells(markup: str) -> list[str]:
    parser = _Cells()
    parser.feed(markup)
    return parser.cells


def rich_output(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(renderable)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def test_a_record_renders_as_a_field_table_in_rich_and_in_jupyter() -> None:
    order = make_order()
    table = order.__rich__()
    assert isinstance(table, Table)
    assert [column.header for column in table.columns] == ["field", "value"]
    found = cells(order._repr_html_())
    pairs = dict(zip(found[2::2], found[3::2], strict=False))
    assert pairs["order_id"] == "1001"
    assert pairs["marketplace_status"] == "Paid"
    assert pairs["updated_at"] == "2026-03-01 10:00:00Z"
    assert pairs["totals.total"] == "29.70 EUR"
    assert pairs["shipping_address.city"] == "Paris"


def test_buyer_data_is_masked_exactly_as_in_the_repr() -> None:
    order = make_order()
    assert order.buyer is not None
    assert order.shipping_address is not None
    found = cells(order._repr_html_())
    pairs = dict(zip(found[2::2], found[3::2], strict=False))
    buyer_repr = dict(order.buyer.__repr_args__())
    address_repr = dict(order.shipping_address.__repr_args__())
    assert pairs["buyer.name"] == buyer_repr["name"] == "J*** D***"
    assert pairs["buyer.email"] == buyer_repr["email"]
    assert pairs["buyer.phone"] == buyer_repr["phone"]
    assert pairs["shipping_address.line1"] == address_repr["line1"]
    assert pairs["shipping_address.postal_code"] == address_repr["postal_code"]
    for rendered in (order._repr_html_(), rich_output(order), records_html([order])):
        for value in PERSONAL:
            assert value not in rendered


def test_raw_is_not_shown_but_stays_one_attribute_away() -> None:
    order = make_order()
    for rendered in (order._repr_html_(), rich_output(order), to_text(view([order]))):
        assert "RAWONLY" not in rendered
    assert isinstance(order.raw, dict)
    assert order.raw["secret_marker"] == "RAWONLY"


def test_order_lines_show_as_a_nested_table_in_the_field_table() -> None:
    text = to_text(make_order(lines=3), width=140)
    for sku in ("MUG-1", "MUG-2", "MUG-3"):
        assert sku in text
    assert "9.90 EUR" in text


def test_a_list_of_records_renders_one_row_per_record() -> None:
    orders = [make_order(str(n)) for n in range(1, 4)]
    table = records_table(orders)
    assert table.row_count == 3
    headers = [column.header for column in table.columns]
    assert headers[:4] == ["order_id", "created_at", "updated_at", "marketplace_status"]
    assert "raw" not in headers
    found = cells(view(orders)._repr_html_())
    width = len(headers)
    rows = [found[i : i + width] for i in range(width, len(found), width)]
    assert [row[0] for row in rows] == ["1", "2", "3"]
    assert rows[0][headers.index("lines")] == "2"
    assert rows[0][headers.index("totals")] == "29.70 EUR"


def test_columns_choose_and_order_what_a_list_shows() -> None:
    orders = [make_order("7"), make_order("8")]
    found = cells(records_html(orders, columns=["marketplace_status", "order_id"]))
    assert found == ["marketplace_status", "order_id", "Paid", "7", "Paid", "8"]


def test_a_long_list_says_how_many_rows_are_not_shown() -> None:
    updates = [StockUpdate(sku=f"S{n}", quantity=n) for n in range(12)]
    table = records_table(updates, max_rows=5)
    assert table.row_count == 5
    assert table.caption == "… and 7 more not shown"
    lazy = records_table(iter(updates), max_rows=5)
    assert lazy.row_count == 5
    assert lazy.caption == "… more not shown"
    assert records_table(updates[:5], max_rows=5).caption is None


def test_an_iterator_is_read_only_as_far_as_the_table_needs() -> None:
    pulled: list[int] = []

    def pages() -> Iterator[StockUpdate]:
        for n in range(1000):
            pulled.append(n)
            yield StockUpdate(sku=f"S{n}", quantity=1)

    records_table(pages(), max_rows=3)
    assert len(pulled) == 4


def test_a_batch_result_renders_one_row_per_item_with_outcome_and_reason() -> None:
    batch = BatchResult(
        [
            ItemResult.ok("SKU-1", marketplace_id="111"),
            ItemResult.rejected("SKU-2", code="ERR_105", message="price out of range"),
            ItemResult.retry_later("SKU-3", message="busy", retry_after=5),
        ]
    )
    table = batch.__rich__()
    assert table.row_count == 3
    assert table.title == "BatchResult: 3 items"
    found = cells(batch._repr_html_())
    headers = found[:5]
    assert headers == ["key", "outcome", "reason", "retry_after", "marketplace_id"]
    rows = [found[i : i + 5] for i in range(5, len(found), 5)]
    assert rows[0] == ["SKU-1", "ok", "—", "—", "111"]
    assert rows[1][:3] == ["SKU-2", "rejected", "ERR_105: price out of range"]
    assert rows[2][:4] == ["SKU-3", "retry_later", "busy", "5.0"]
    assert "ERR_105: price out of range" in rich_output(batch)


def test_an_item_result_is_a_record_and_renders_as_a_field_table() -> None:
    found = cells(ItemResult.rejected("SKU-9", message="unknown SKU")._repr_html_())
    assert found[:6] == ["field", "value", "key", "SKU-9", "outcome", "rejected"]


def test_html_escapes_marketplace_text() -> None:
    product = Product(sku="A&B", title="<script>alert(1)</script>", marketplace_id="1")
    markup = record_html(product)
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "A&amp;B" in markup


def test_a_view_holds_the_records_it_was_given() -> None:
    shown = view(iter([StockUpdate(sku="A", quantity=1)]), title="stock")
    assert isinstance(shown, RecordsView)
    assert len(shown.records) == 1
    assert "stock" in to_text(shown)
    assert "stock" in shown._repr_html_()
