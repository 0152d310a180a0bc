"""Wire models of Etsy's seller taxonomy (categories) and their properties (attributes).

Examples:
    >>> node = SellerTaxonomyNode.model_validate({"id": 1, "name": "Jewelry", "level": 0,
    ...     "children": [{"id": 2, "name": "Rings", "level": 1, "parent_id": 1}]})
    >>> ", ".join(child.name for child in node.walk())
    'Jewelry, Rings'
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from marketplace_sdk.etsy._models.common import EtsyModel

__all__ = [
    "SellerTaxonomyNode",
    "TaxonomyNodeProperty",
    "TaxonomyPropertyScale",
    "TaxonomyPropertyValue",
]


class SellerTaxonomyNode(EtsyModel):
    """A seller taxonomy node and its children (schema `SellerTaxonomyNode`, recursive).

    Examples:
        >>> SellerTaxonomyNode(id=1, name="Art").children
        []
    """

    id: int
    name: str = ""
    level: int | None = None
    parent_id: int | None = None
    children: list[SellerTaxonomyNode] = Field(default_factory=list)
    full_path_taxonomy_ids: list[int] = Field(default_factory=list)

    def walk(self) -> Iterator[SellerTaxonomyNode]:
        """This node, then every descendant, depth first.

        Examples:
            >>> len(list(SellerTaxonomyNode(id=1, children=[SellerTaxonomyNode(id=2)]).walk()))
            2
        """
        yield self
        for child in self.children:
            yield from child.walk()


class TaxonomyPropertyScale(EtsyModel):
    """A measurement scale of a property (schema `TaxonomyPropertyScale`).

    Examples:
        >>> TaxonomyPropertyScale(scale_id=19, display_name="US/Canada").scale_id
        19
    """

    scale_id: int
    display_name: str = ""
    description: str | None = None


class TaxonomyPropertyValue(EtsyModel):
    """A possible value of a property (schema `TaxonomyPropertyValue`).

    Examples:
        >>> TaxonomyPropertyValue(value_id=1, name="Red").name
        'Red'
    """

    value_id: int | None = None
    name: str = ""
    scale_id: int | None = None
    equal_to: list[int] = Field(default_factory=list)


class TaxonomyNodeProperty(EtsyModel):
    """A property (category attribute) of a taxonomy node (schema `TaxonomyNodeProperty`).

    Examples:
        >>> TaxonomyNodeProperty(property_id=200, name="color", supports_variations=True).name
        'color'
    """

    property_id: int
    name: str = ""
    display_name: str | None = None
    is_required: bool = False
    supports_attributes: bool | None = None
    supports_variations: bool | None = None
    is_multivalued: bool | None = None
    max_values_allowed: int | None = None
    scales: list[TaxonomyPropertyScale] = Field(default_factory=list)
    possible_values: list[TaxonomyPropertyValue] = Field(default_factory=list)
    selected_values: list[TaxonomyPropertyValue] = Field(default_factory=list)
