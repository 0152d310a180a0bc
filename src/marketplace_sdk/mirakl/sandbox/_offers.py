"""The MMP sandbox's offers and their imports (OF01 files, OF24 JSON), processed on the clock.

An import is queued at once and answered with its id; it shows WAITING, then RUNNING, and is
applied to the shop's offers when its processing delay has passed, ending COMPLETE. A line the
operator refuses (an unknown product, a bad price, deleting an offer that does not exist) does
not stop the others: the import still ends COMPLETE, with the line in the OF03 error report
(MIRAKL-Q07). With MIRAKL-Q07 off, one bad line fails the whole import and nothing is applied.

OF24 is not a patch (MIRAKL-Q06): a field an offer is sent without is reset to its default;
with the behaviour off it keeps its value. REPLACE imports are served faithfully: every offer
the file does not name is deleted (MIRAKL-Q05). The deprecated PARTIAL_UPDATE is refused.

Examples:
    >>> row_errors({"sku": "A", "product-id": "P", "product-id-type": "SKU", "price": "x",
    ...             "state": "11"}, {"P"})
    ['Invalid price [x]']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

__all__ = [
    "OFFER_DEFAULTS",
    "OfferImport",
    "OfferStore",
    "csv_rows",
    "json_rows",
    "row_errors",
]

#: What OF24 resets an omitted field to (MIRAKL-Q06), by OF01 column.
OFFER_DEFAULTS: Mapping[str, str] = {
    "description": "",
    "internal-description": "",
    "price-additional-info": "",
    "quantity": "0",
    "min-quantity-alert": "",
    "discount-price": "",
    "discount-start-date": "",
    "discount-end-date": "",
    "leadtime-to-ship": "",
    "min-order-quantity": "",
    "max-order-quantity": "",
    "package-quantity": "",
    "logistic-class": "",
    "available-start-date": "",
    "available-end-date": "",
}

#: OF24 JSON field to OF01 column.
_JSON_COLUMNS = {
    "shop_sku": "sku",
    "product_id": "product-id",
    "product_id_type": "product-id-type",
    "price": "price",
    "quantity": "quantity",
    "state_code": "state",
    "update_delete": "update-delete",
    "description": "description",
    "internal_description": "internal-description",
    "price_additional_info": "price-additional-info",
    "min_quantity_alert": "min-quantity-alert",
    "leadtime_to_ship": "leadtime-to-ship",
    "min_order_quantity": "min-order-quantity",
    "max_order_quantity": "max-order-quantity",
    "package_quantity": "package-quantity",
    "logistic_class": "logistic-class",
    "available_started": "available-start-date",
    "available_ended": "available-end-date",
}

Row = dict[str, str]


def csv_rows(content: bytes) -> tuple[list[str], list[Row]]:
    """An OF01 file's header and rows (`;`-separated, UTF-8, quoted or not)."""
    text = content.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    lines = [line for line in reader if any(cell.strip() for cell in line)]
    if not lines:
        return [], []
    header = [cell.strip() for cell in lines[0]]
    return header, [dict(zip(header, line, strict=False)) for line in lines[1:]]


def json_rows(offers: Sequence[Mapping[str, Any]]) -> list[Row]:
    """OF24 offers as OF01 rows; a field not sent is absent from its row."""
    rows: list[Row] = []
    for offer in offers:
        row: Row = {}
        for field, column in _JSON_COLUMNS.items():
            value = offer.get(field)
            if value is not None:
                row[column] = str(value).lower() if isinstance(value, bool) else str(value)
        discount = offer.get("discount")
        if isinstance(discount, Mapping) and discount.get("price") is not None:
            row["discount-price"] = str(discount["price"])
        rows.append(row)
    return rows


def row_errors(row: Row, products: Collection[str]) -> list[str]:
    """What the operator refuses in one import line (empty when it is fine)."""
    action = (row.get("update-delete") or "update").strip().lower()
    if not row.get("sku", "").strip():
        return ["The offer sku is required"]
    if action == "delete":
        return []
    if action != "update":
        return [f"Invalid update-delete value [{action}]"]
    errors = []
    if row.get("product-id", "") not in products:
        errors.append("The product does not exist")
    try:
        if Decimal(row.get("price", "")) <= 0:
            errors.append(f"Invalid price [{row['price']}]")
    except InvalidOperation:
        errors.append(f"Invalid price [{row.get('price', '')}]")
    quantity = row.get("quantity", "0") or "0"
    if not quantity.isdigit():
        errors.append(f"Invalid quantity [{quantity}]")
    if not row.get("state", "").strip():
        errors.append("The offer state is required")
    return errors


@attrs.define
class OfferImport:
    """One offer import (OF01 or OF24) and, once applied, its outcome."""

    import_id: int
    mode: str
    created: datetime
    started: float
    delay: float
    header: list[str]
    rows: list[Row]
    partial: bool  # OF24 rows omit fields; OF01 rows carry every column of the file
    all_or_nothing: bool
    applied: bool = False
    failed: bool = False
    reason: str = ""
    errors: list[tuple[int, Row, str]] = attrs.Factory(list)
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    def status(self, now: float) -> str:
        if self.applied:
            return "FAILED" if self.failed else "COMPLETE"
        return "RUNNING" if now - self.started >= self.delay / 3 else "WAITING"

    def due(self, now: float) -> bool:
        return not self.applied and now - self.started >= self.delay

    def tracking(self, now: float, date: Callable[[datetime], str]) -> dict[str, object]:
        """OF02's answer."""
        done = self.applied
        errors = len(self.errors) if done else 0
        return {
            "import_id": self.import_id,
            "date_created": date(self.created),
            "status": self.status(now),
            "mode": self.mode,
            "type": "MIRAKL",
            "reason_status": self.reason,
            "has_error_report": done and bool(self.errors),
            "lines_read": len(self.rows) if done else 0,
            "lines_in_error": errors,
            "lines_in_success": len(self.rows) - errors if done and not self.failed else 0,
            "lines_in_pending": 0 if done else len(self.rows),
            "offer_inserted": self.inserted,
            "offer_updated": self.updated,
            "offer_deleted": self.deleted,
        }

    def error_report(self) -> bytes:
        """OF03's file: the refused lines, their line number and reason."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        header = [*self.header, "error-line", "error-message"]
        writer.writerow(header)
        for line, row, message in self.errors:
            writer.writerow([row.get(column, "") for column in self.header] + [line, message])
        return buffer.getvalue().encode("utf-8")


class OfferStore:
    """The shop's offers by SKU, and the imports that change them.

    Examples:
        >>> store = OfferStore({"P1": "Kettle"}, lambda name: True)
        >>> store.offers
        {}
    """

    def __init__(self, products: Mapping[str, str], switches: Callable[[str], bool]) -> None:
        self.products = dict(products)  # product sku -> title
        self.on = switches
        self.offers: dict[str, dict[str, str]] = {}
        self.offer_ids: dict[str, int] = {}
        self.imports: dict[int, OfferImport] = {}
        self._next_offer = 2001  # the seed's offers, in order, match the order lines' offer_id

    def put(self, row: Row) -> None:
        """Create or replace an offer from a complete row."""
        sku = row["sku"]
        if sku not in self.offer_ids:
            self.offer_ids[sku] = self._next_offer
            self._next_offer += 1
        self.offers[sku] = {**OFFER_DEFAULTS, **row}

    def zero(self, skus: Sequence[str]) -> None:
        """Set the stock of these offers to 0 (an operator's answer to a refused order)."""
        for sku in skus:
            if sku in self.offers:
                self.offers[sku]["quantity"] = "0"

    def settle(self, now: float) -> None:
        """Apply every import whose processing has ended, oldest first."""
        for job in sorted(self.imports.values(), key=lambda job: job.import_id):
            if job.due(now):
                self._apply(job)

    def _apply(self, job: OfferImport) -> None:
        job.applied = True
        for number, row in enumerate(job.rows, start=2 if not job.partial else 1):
            sku = row.get("sku", "")
            deleting = (row.get("update-delete") or "").strip().lower() == "delete"
            problems = row_errors(row, self.products)
            if deleting and sku not in self.offers:
                problems = [f"The offer {sku} does not exist and cannot be deleted"]
            if problems:
                job.errors.append((number, row, "; ".join(problems)))
        if job.errors and job.all_or_nothing:
            job.failed = True
            job.reason = "Lines in error: nothing was imported"
            return
        refused = {id(row) for _, row, _ in job.errors}
        named = {row.get("sku", "") for row in job.rows}  # REPLACE keeps refused lines' offers
        for row in job.rows:
            if id(row) in refused:
                continue
            sku = row["sku"]
            if (row.get("update-delete") or "").strip().lower() == "delete":
                self.offers.pop(sku, None)
                job.deleted += 1
                continue
            keep = job.partial and not self.on("MIRAKL-Q06")
            base = self.offers.get(sku, {}) if keep else {}
            if sku in self.offers:
                job.updated += 1
            else:
                job.inserted += 1
            self.put({**base, **{k: v for k, v in row.items() if k != "update-delete"}})
        if job.mode == "REPLACE":
            for sku in [sku for sku in self.offers if sku not in named]:
                del self.offers[sku]
                job.deleted += 1
