"""Mirakl catalogue structure (H11 hierarchies, PM11 attributes, VL11 value lists) to canonical
categories and category attributes, and a canonical draft to a P41 product import file.

Examples:
    >>> from marketplace_sdk.mirakl import Hierarchy
    >>> tree = [Hierarchy(code="BOOKS", label="Books", level=1),
    ...         Hierarchy(code="NOVELS", label="Novels", level=2, parent_code="BOOKS")]
    >>> [(c.id, c.parent_id, c.is_leaf) for c in hierarchies_to_categories(tree)]
    [('BOOKS', None, False), ('NOVELS', 'BOOKS', True)]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from marketplace_sdk.core._models import Category, CategoryAttribute, ProductDraft
from marketplace_sdk.mirakl import Attribute, Hierarchy, ValueList

__all__ = [
    "attribute_to_canonical",
    "draft_ean",
    "draft_to_import_csv",
    "hierarchies_to_categories",
]


def hierarchies_to_categories(hierarchies: Iterable[Hierarchy]) -> list[Category]:
    """One category per hierarchy node, in H11's order; a node no other names as parent is a leaf.

    Examples:
        See the module docstring.
    """
    nodes = list(hierarchies)
    parents = {node.parent_code for node in nodes if node.parent_code}
    return [
        Category(
            id=node.code,
            name=node.label or node.code,
            parent_id=node.parent_code,
            is_leaf=node.code not in parents,
            raw=node.model_dump(mode="json"),
        )
        for node in nodes
    ]


def attribute_to_canonical(
    attribute: Attribute, value_lists: Mapping[str, ValueList], *, category_id: str | None = None
) -> CategoryAttribute:
    """The canonical attribute for a PM11 attribute; list attributes carry their VL11 values.

    Required when its requirement level is REQUIRED (or, without a level, when `required`).

    Examples:
        >>> from marketplace_sdk.mirakl import ValueListValue
        >>> colours = ValueList(code="colours", values=[ValueListValue(code="red", label="Red")])
        >>> attribute = Attribute(code="colour", label="Colour", type="LIST",
        ...                       values_list="colours", requirement_level="REQUIRED")
        >>> found = attribute_to_canonical(attribute, {"colours": colours})
        >>> found.required, found.allowed_values
        (True, ('red',))
    """
    allowed: tuple[str, ...] = ()
    code = attribute.values_list_code
    if code:
        listed = value_lists.get(code)
        if listed is not None:
            allowed = tuple(value.code for value in listed.values)
    required = attribute.is_required or bool(attribute.required)
    return CategoryAttribute(
        id=attribute.code,
        name=attribute.label or attribute.code,
        category_id=attribute.hierarchy_code or category_id,
        required=required,
        allowed_values=allowed,
        multi_valued=attribute.type == "LIST_MULTIPLE_VALUES",
        raw=attribute.model_dump(mode="json"),
    )


def draft_ean(draft: ProductDraft) -> str | None:
    """The EAN of a draft, from its `ean` attribute (any case), when it has one.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> draft_ean(ProductDraft(sku="A", title="A", stock=1, attributes={"EAN": "123"},
        ...                        price=Money(amount="9.90", currency="EUR")))
        '123'
    """
    for name, value in draft.attributes.items():
        if name.strip().lower() == "ean" and value.strip():
            return value.strip()
    return None


def draft_to_import_csv(drafts: Sequence[ProductDraft]) -> bytes:
    """A P41 product file (semicolon-separated CSV, UTF-8) for drafts FNAC does not know yet.

    Columns: `category`, `shop-sku`, `title`, `description`, `ean`, `image`, then every other
    draft attribute by its name.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> draft = ProductDraft(sku="A", title="Mug", stock=1, category_id="HOME",
        ...                      price=Money(amount="9.90", currency="EUR"))
        >>> draft_to_import_csv([draft]).decode().splitlines()[1]
        'HOME;A;Mug;;;'
    """
    extra = sorted(
        {name for draft in drafts for name in draft.attributes if name.strip().lower() != "ean"}
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["category", "shop-sku", "title", "description", "ean", "image", *extra])
    for draft in drafts:
        writer.writerow(
            [
                draft.category_id or "",
                draft.sku,
                draft.title,
                draft.description,
                draft_ean(draft) or "",
                draft.image_urls[0] if draft.image_urls else "",
                *(draft.attributes.get(name, "") for name in extra),
            ]
        )
    return out.getvalue().encode()
