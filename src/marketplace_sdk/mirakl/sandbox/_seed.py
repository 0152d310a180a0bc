"""The sandbox's operator catalogue: categories, attributes, value lists and the seller's shop.

`CatalogSeed` holds them as plain JSON-ready data, in the shapes H11, PM11, VL11 and A01 answer
with (every field the MCM document requires is present, none is `null`). `CatalogSeed.default()`
is a small bookshop-and-electronics catalogue; tests build their own for edge cases.

Examples:
    >>> seed = CatalogSeed.default()
    >>> [h["code"] for h in seed.hierarchies][:2]
    ['BOOKS', 'BOOKS-NOVELS']
    >>> sorted(a["code"] for a in seed.attributes_for("BOOKS-NOVELS") if a["requirement_level"]
    ...        == "REQUIRED")
    ['author', 'category', 'format', 'shop-sku', 'title']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

__all__ = ["CatalogSeed", "attribute", "hierarchy", "value_list"]

#: A JSON object as the sandbox serves it.
Json = dict[str, Any]


def _labels(label: str) -> list[Json]:
    return [{"locale": "en", "value": label}]


def hierarchy(code: str, label: str, *, parent: str | None = None, level: int = 1) -> Json:
    """One H11 category (a top-level one has an empty `parent_code`).

    Examples:
        >>> hierarchy("BOOKS", "Books")["parent_code"]
        ''
    """
    return {
        "code": code,
        "label": label,
        "label_translations": _labels(label),
        "level": level,
        "parent_code": parent or "",
    }


def attribute(
    code: str,
    label: str,
    *,
    type: str = "TEXT",
    requirement: str = "OPTIONAL",
    hierarchy_code: str = "",
    values_list: str | None = None,
) -> Json:
    """One PM11 attribute; a `LIST` attribute names its value list.

    Examples:
        >>> attribute("color", "Colour", type="LIST", values_list="colors")["type_parameters"]
        [{'name': 'LIST_CODE', 'value': 'colors'}]
    """
    return {
        "code": code,
        "label": label,
        "label_translations": _labels(label),
        "description": label,
        "description_translations": _labels(label),
        "hierarchy_code": hierarchy_code,
        "type": type,
        "type_parameter": values_list or "",
        "type_parameters": [{"name": "LIST_CODE", "value": values_list}] if values_list else [],
        "requirement_level": requirement,
        "required": requirement == "REQUIRED",
        "roles": [],
        "variant": False,
    }


def value_list(code: str, label: str, values: Sequence[tuple[str, str]]) -> Json:
    """One VL11 value list from (code, label) pairs.

    Examples:
        >>> value_list("colors", "Colours", [("RED", "Red")])["values"][0]["code"]
        'RED'
    """
    return {
        "code": code,
        "label": label,
        "label_translations": _labels(label),
        "values": [
            {"code": value, "label": text, "label_translations": _labels(text)}
            for value, text in values
        ],
    }


def _default_account(shop_id: int) -> Json:
    return {
        "shop_id": shop_id,
        "shop_name": "Sandbox Shop",
        "shop_state": "OPEN",
        "currency_iso_code": "EUR",
        "channels": ["FR"],
        "domains": ["PRODUCT"],
        "date_created": "2025-01-15T09:00:00Z",
        "last_updated_date": "2025-06-01T09:00:00Z",
        "is_professional": True,
        "premium": False,
        "free_shipping": False,
        "payment_method_mandatory": False,
        "evaluations_count": 0,
        "offers_count": 0,
        "orders_count": 0,
        "billing_info": {"owner": "Sandbox Shop"},
        "contact_informations": {
            "city": "Paris",
            "country": "FRA",
            "email": "seller@sandbox.invalid",
            "lastname": "Sandbox",
            "street1": "1 rue de l'Exemple",
        },
        "default_billing_information": {
            "default_language": "fr_FR",
            "id": "sandbox-billing-1",
            "registration_address": {
                "city": "Paris",
                "country_iso_code": "FRA",
                "street_1": "1 rue de l'Exemple",
            },
        },
        "payment_details": {"paid_balance": 0, "payable_balance": 0, "pending_balance": 0},
        "pro_details": {"corporate_name": "Sandbox Shop SAS"},
        "shipping": {},
        "shipping_types": [],
        "shipping_zones": [],
        "shop_additional_fields": [],
    }


@attrs.frozen
class CatalogSeed:
    """The operator's catalogue and the seller's shop, as the sandbox serves them.

    Attributes:
        hierarchies: H11 categories (flattened, each naming its parent).
        attributes: PM11 attributes; an empty `hierarchy_code` applies to every category.
        value_lists: VL11 value lists.
        account: the A01 shop.

    Examples:
        >>> CatalogSeed.default().account["shop_id"]
        2000
    """

    hierarchies: Sequence[Json]
    attributes: Sequence[Json]
    value_lists: Sequence[Json]
    account: Json

    @classmethod
    def default(cls, shop_id: int = 2000) -> CatalogSeed:
        """A small catalogue: novels and headphones, with required and list attributes."""
        return cls(
            hierarchies=[
                hierarchy("BOOKS", "Books"),
                hierarchy("BOOKS-NOVELS", "Novels", parent="BOOKS", level=2),
                hierarchy("ELECTRONICS", "Electronics"),
                hierarchy("ELECTRONICS-HEADPHONES", "Headphones", parent="ELECTRONICS", level=2),
            ],
            attributes=[
                attribute("category", "Category", requirement="REQUIRED"),
                attribute("shop-sku", "Seller SKU", requirement="REQUIRED"),
                attribute("title", "Title", requirement="REQUIRED"),
                attribute("ean", "EAN", type="EAN", requirement="RECOMMENDED"),
                attribute("description", "Description", type="LONG_TEXT"),
                attribute("main-image", "Main image", type="MEDIA", requirement="RECOMMENDED"),
                attribute("author", "Author", requirement="REQUIRED", hierarchy_code="BOOKS"),
                attribute(
                    "format",
                    "Format",
                    type="LIST",
                    requirement="REQUIRED",
                    hierarchy_code="BOOKS-NOVELS",
                    values_list="book-formats",
                ),
                attribute(
                    "color",
                    "Colour",
                    type="LIST",
                    hierarchy_code="ELECTRONICS",
                    values_list="colors",
                ),
                attribute(
                    "connectivity",
                    "Connectivity",
                    type="LIST",
                    requirement="REQUIRED",
                    hierarchy_code="ELECTRONICS-HEADPHONES",
                    values_list="connectivity",
                ),
            ],
            value_lists=[
                value_list(
                    "book-formats",
                    "Book formats",
                    [("PAPERBACK", "Paperback"), ("HARDCOVER", "Hardcover"), ("EBOOK", "E-book")],
                ),
                value_list("colors", "Colours", [("BLACK", "Black"), ("WHITE", "White")]),
                value_list(
                    "connectivity", "Connectivity", [("WIRED", "Wired"), ("BT", "Bluetooth")]
                ),
            ],
            account=_default_account(shop_id),
        )

    @property
    def shop_id(self) -> int:
        """The seller's shop id."""
        return int(self.account["shop_id"])

    def hierarchy(self, code: str) -> Json | None:
        """The category with `code`, if the catalogue has it."""
        return next((h for h in self.hierarchies if h["code"] == code), None)

    def lineage(self, code: str) -> list[str]:
        """`code` and its ancestors' codes, nearest first."""
        codes: list[str] = []
        current = self.hierarchy(code)
        while current is not None and current["code"] not in codes:
            codes.append(current["code"])
            current = self.hierarchy(current["parent_code"]) if current["parent_code"] else None
        return codes

    def subtree(self, code: str | None, max_level: int | None = None) -> list[Json]:
        """H11's selection: `code` and its descendants (every category when `code` is None)."""
        if code is None:
            roots = [h for h in self.hierarchies if not h["parent_code"]]
        else:
            found = self.hierarchy(code)
            roots = [found] if found is not None else []
        selected: list[Json] = []
        frontier = [(root, 0) for root in roots]
        while frontier:
            node, depth = frontier.pop(0)
            selected.append(node)
            if max_level is None or depth < max_level:
                children = [h for h in self.hierarchies if h["parent_code"] == node["code"]]
                frontier.extend((child, depth + 1) for child in children)
        order = {h["code"]: index for index, h in enumerate(self.hierarchies)}
        return sorted(selected, key=lambda h: order[h["code"]])

    def attributes_for(self, code: str | None) -> list[Json]:
        """The attributes a product of category `code` has (shared ones included)."""
        if code is None:
            return list(self.attributes)
        lineage = set(self.lineage(code))
        return [
            a for a in self.attributes if not a["hierarchy_code"] or a["hierarchy_code"] in lineage
        ]

    def list_codes(self) -> Mapping[str, list[str]]:
        """Each value list's allowed codes."""
        return {vl["code"]: [v["code"] for v in vl["values"]] for vl in self.value_lists}
