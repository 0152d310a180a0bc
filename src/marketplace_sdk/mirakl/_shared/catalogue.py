"""The operator's catalogue structure (H11, PM11, VL11) as canonical categories and attributes,
and canonical drafts as a P41 product file. Nothing here sends a request.

An MMP operator serves the same catalogue operations as Catalog Manager (H11 hierarchies, PM11
attributes, VL11 value lists, P41 product imports), so the channel reads them through the
existing `MiraklCatalogClient` on the operator's URL with the shop's key.

Examples:
    >>> from marketplace_sdk.mirakl._models import Hierarchy
    >>> tree = [Hierarchy(code="HOME", label="Home", level=1),
    ...         Hierarchy(code="MUGS", label="Mugs", level=2, parent_code="HOME")]
    >>> [(c.id, c.parent_id, c.is_leaf) for c in categories(tree)]
    [('HOME', None, False), ('MUGS', 'HOME', True)]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from marketplace_sdk.core._models import Category, CategoryAttribute, ProductDraft
from marketplace_sdk.mirakl._models import Attribute, Hierarchy, ValueList

__all__ = ["applicable_attributes", "categories", "category_attribute", "product_file"]


def categories(hierarchies: Iterable[Hierarchy]) -> list[Category]:
    """One category per H11 node, in H11's order; a node that is nobody's parent is a leaf.

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


def applicable_attributes(
    category_id: str, tree: Sequence[Hierarchy], attributes: Sequence[Attribute]
) -> list[Attribute]:
    """The PM11 attributes of a category: the shared ones and those of it or its ancestors.

    PM11 may be called once an hour: the channel reads every attribute once and filters here.

    Examples:
        >>> tree = [Hierarchy(code="HOME"), Hierarchy(code="MUGS", parent_code="HOME")]
        >>> every = [Attribute(code="ean"), Attribute(code="volume", hierarchy_code="MUGS"),
        ...          Attribute(code="volts", hierarchy_code="TOOLS")]
        >>> [a.code for a in applicable_attributes("MUGS", tree, every)]
        ['ean', 'volume']
    """
    parent_of = {node.code: node.parent_code for node in tree}
    lineage: set[str] = set()
    current: str | None = category_id
    while current is not None and current not in lineage:
        lineage.add(current)
        current = parent_of.get(current)
    return [
        item for item in attributes if not item.hierarchy_code or item.hierarchy_code in lineage
    ]


def category_attribute(
    attribute: Attribute, value_lists: Mapping[str, ValueList], *, category_id: str
) -> CategoryAttribute:
    """The canonical attribute of a PM11 attribute; a list attribute carries its VL11 codes.

    Examples:
        >>> from marketplace_sdk.mirakl._models import ValueListValue
        >>> colours = ValueList(code="c", values=[ValueListValue(code="red", label="Red")])
        >>> found = category_attribute(Attribute(code="colour", type="LIST", values_list="c",
        ...     requirement_level="REQUIRED"), {"c": colours}, category_id="MUGS")
        >>> found.required, found.allowed_values, found.category_id
        (True, ('red',), 'MUGS')
    """
    listed = value_lists.get(attribute.values_list_code or "")
    return CategoryAttribute(
        id=attribute.code,
        name=attribute.label or attribute.code,
        category_id=attribute.hierarchy_code or category_id,
        required=attribute.is_required or bool(attribute.required),
        allowed_values=tuple(value.code for value in listed.values) if listed else (),
        multi_valued=attribute.type == "LIST_MULTIPLE_VALUES",
        raw=attribute.model_dump(mode="json"),
    )


def product_file(drafts: Sequence[ProductDraft]) -> bytes:
    """A P41 product file (`;`, UTF-8): `category`, `shop-sku`, `title`, `description`,
    `image`, then each draft attribute by its name.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> draft = ProductDraft(sku="MUG", title="Mug", stock=1, category_id="MUGS",
        ...     attributes={"ean": "123"}, price=Money(amount="9.90", currency="EUR"))
        >>> product_file([draft]).decode().splitlines()
        ['category;shop-sku;title;description;image;ean', 'MUGS;MUG;Mug;;;123']
    """
    extra = sorted({name for draft in drafts for name in draft.attributes})
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["category", "shop-sku", "title", "description", "image", *extra])
    for draft in drafts:
        writer.writerow(
            [
                draft.category_id or "",
                draft.sku,
                draft.title,
                draft.description,
                draft.image_urls[0] if draft.image_urls else "",
                *(draft.attributes.get(name, "") for name in extra),
            ]
        )
    return out.getvalue().encode("utf-8")
