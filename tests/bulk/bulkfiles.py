"""Builders of big bulk files for the tests: good rows, then chosen rows spoiled on purpose.

Each builder returns the rows (dicts by column) and the spoiled lines with the column the
report must name (`None` for a problem of the whole row).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl

from marketplace_sdk.bulk import layouts, template

#: The marketplaces that take bulk files (their descriptions have a bulk layout).
MARKETPLACES = tuple(layouts())

Row = dict[str, str]
Spoil = tuple[str | None, Callable[[list[Row], int], None]]


def ean13(number: int) -> str:
    """A valid EAN-13 built from `number` (12 digits, then the check digit)."""
    body = f"{number:012d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def write_rows(path: Path, header: tuple[str, ...], rows: list[Row]) -> Path:
    """Write rows as CSV or, for `.xlsx`, on the Products sheet of a workbook."""
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Products"
        sheet.append(list(header))
        for row in rows:
            sheet.append([row.get(name, "") for name in header])
        book.save(path)
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def etsy_rows(count: int, category: str) -> list[Row]:
    """`count` valid Etsy rows: single products, and every fourth product a group of 3 sizes."""
    rows: list[Row] = []
    product = 0
    while len(rows) < count:
        product += 1
        if product % 4 == 0 and count - len(rows) >= 3:
            for size, stock in (("S", "2"), ("M", "0"), ("L", "5")):
                rows.append(
                    {
                        "sku": f"TEE-{product:04d}-{size}",
                        "parent_sku": f"TEE-{product:04d}",
                        "title": f"Tee {product}",
                        "category_id": category,
                        "price": f"{20 + product % 7}.00",
                        "currency": "USD",
                        "stock": stock,
                        "variation_1_name": "Size",
                        "variation_1_value": size,
                    }
                )
        else:
            rows.append(
                {
                    "sku": f"MUG-{product:04d}",
                    "title": f"Mug {product}",
                    "description": "Stoneware.",
                    "category_id": category,
                    "price": f"{10 + product % 13}.50",
                    "selling_price": f"{9 + product % 13}.90" if product % 3 == 0 else "",
                    "currency": "USD",
                    "stock": str(1 + product % 9),
                }
            )
    return rows


def _set(column: str, value: str) -> Callable[[list[Row], int], None]:
    def spoil(rows: list[Row], index: int) -> None:
        rows[index][column] = value

    return spoil


def _price(value: str) -> Callable[[list[Row], int], None]:
    def spoil(rows: list[Row], index: int) -> None:
        rows[index]["price"] = value
        rows[index]["selling_price"] = ""

    return spoil


def _copy_sku_of(offset: int) -> Callable[[list[Row], int], None]:
    def spoil(rows: list[Row], index: int) -> None:
        rows[index]["sku"] = rows[index - offset]["sku"]

    return spoil


def _copy_value_of_previous(rows: list[Row], index: int) -> None:
    rows[index]["variation_1_value"] = rows[index - 1]["variation_1_value"]


def _variation_without_parent(rows: list[Row], index: int) -> None:
    rows[index]["variation_1_name"] = "Colour"
    rows[index]["variation_1_value"] = "Blue"


def _single(rows: list[Row], start: int) -> int:
    """The index of the first single-product row at or after `start` whose neighbours are too."""
    index = start
    while any(rows[i].get("parent_sku") for i in (index - 1, index)):
        index += 1
    return index


def _variation_not_first(rows: list[Row], start: int) -> int:
    """The index of a group's second row, at or after `start`."""
    index = start
    while not (
        rows[index].get("parent_sku")
        and rows[index - 1].get("parent_sku") == rows[index]["parent_sku"]
    ):
        index += 1
    return index


#: The 20 spoils of the Etsy file: (column the report names, change), and on which kind of row.
ETSY_SPOILS: list[tuple[str, Spoil]] = [
    ("single", ("title", _set("title", ""))),
    ("single", ("price", _price("12,50"))),
    ("single", ("price", _price("abc"))),
    ("single", ("price", _price("0.10"))),
    ("single", ("price", _price("60000"))),
    ("single", ("selling_price", _set("selling_price", "0.05"))),
    ("single", ("selling_price", _set("selling_price", "99.00"))),
    ("single", ("sku", _copy_sku_of(1))),
    ("single", ("sku", _copy_sku_of(2))),
    ("single", ("currency", _set("currency", "XYZ"))),
    ("single", ("stock", _set("stock", "-3"))),
    ("single", ("stock", _set("stock", "2.5"))),
    ("single", ("stock", _set("stock", "1000"))),
    ("single", ("variation_1_name", _variation_without_parent)),
    ("single", ("image_urls", _set("image_urls", "not-a-url"))),
    ("single", ("sku", _set("sku", ""))),
    ("variation", ("title", _set("title", "Another tee"))),
    ("variation", ("category_id", _set("category_id", "999999"))),
    ("variation", ("variation_1_value", _set("variation_1_value", ""))),
    ("variation", ("variation_1_value", _copy_value_of_previous)),
]


def etsy_file_with_bad_rows(count: int, category: str) -> tuple[list[Row], dict[int, str | None]]:
    """`count` Etsy rows with the 20 `ETSY_SPOILS` spread over them; the spoiled lines."""
    rows = etsy_rows(count, category)
    bad: dict[int, str | None] = {}
    step = count // (len(ETSY_SPOILS) + 1)
    for number, (kind, (column, spoil)) in enumerate(ETSY_SPOILS, start=1):
        start = number * step
        index = _single(rows, start) if kind == "single" else _variation_not_first(rows, start)
        spoil(rows, index)
        bad[index + 2] = column
    return rows, bad


def fnac_rows(count: int) -> list[Row]:
    """`count` valid FNAC rows on EANs `ean13(1)`, `ean13(2)`, ..."""
    return [
        {
            "sku": f"PEN-{number:04d}",
            "ean": ean13(number),
            "title": f"Pen {number}",
            "price": f"{1 + number % 40}.{number % 100:02d}",
            "selling_price": "",
            "currency": "EUR" if number % 2 else "",
            "stock": str(number % 50),
        }
        for number in range(1, count + 1)
    ]


FNAC_SPOILS: list[tuple[str | None, Callable[[list[Row], int], None]]] = [
    ("ean", _set("ean", "4006381333932")),
    ("ean", _set("ean", "12345")),
    ("ean", _set("ean", "")),
    ("title", _set("title", "")),
    ("price", _set("price", "0.50")),
    ("price", _set("price", "20000.01")),
    ("price", _set("price", "free")),
    ("price", _set("price", "")),
    ("selling_price", _set("selling_price", "80.00")),
    ("currency", _set("currency", "USD")),
    ("stock", _set("stock", "10000")),
    ("stock", _set("stock", "many")),
    ("stock", _set("stock", "")),
    ("sku", _copy_sku_of(3)),
    ("sku", _copy_sku_of(7)),
    ("sku", _set("sku", "")),
    ("image_urls", _set("image_urls", "ftp://files/pen.jpg")),
    ("price", _set("price", "-2")),
    ("stock", _set("stock", "-1")),
    ("currency", _set("currency", "EURO")),
]


def fnac_file_with_bad_rows(count: int) -> tuple[list[Row], dict[int, str | None]]:
    """`count` FNAC rows with the 20 `FNAC_SPOILS` spread over them; the spoiled lines."""
    rows = fnac_rows(count)
    bad: dict[int, str | None] = {}
    step = count // (len(FNAC_SPOILS) + 1)
    for number, (column, spoil) in enumerate(FNAC_SPOILS, start=1):
        index = number * step
        spoil(rows, index)
        bad[index + 2] = column
    return rows, bad


ETSY_HEADER = template("etsy").names
FNAC_HEADER = template("fnac").names
