"""The operator's catalogue structure: H11 categories, PM11 attributes, VL11 value lists.

Examples:
    >>> Hierarchy(code="59", parent_code="").parent_code is None
    True
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from marketplace_sdk.mirakl._models._base import LabelTranslation, MiraklModel, empty_as_none

__all__ = [
    "Attribute",
    "AttributeRole",
    "Hierarchies",
    "Hierarchy",
    "NameValue",
    "ProductAttributes",
    "ValueList",
    "ValueListValue",
    "ValueLists",
]


class Hierarchy(MiraklModel):
    """A catalogue category (H11). Top-level categories have no `parent_code`.

    Examples:
        >>> Hierarchy(code="59", label="Beauty", level=1, parent_code="").parent_code is None
        True
    """

    code: str
    label: str | None = None
    label_translations: list[LabelTranslation] = Field(default_factory=list)
    level: int | None = None
    # The document makes `parent_code` required, so a top-level category comes with "".
    parent_code: Annotated[str | None, BeforeValidator(empty_as_none)] = None


class Hierarchies(MiraklModel):
    """H11's answer: the categories, flattened, each naming its parent.

    Examples:
        >>> Hierarchies(hierarchies=[Hierarchy(code="59")]).hierarchies[0].code
        '59'
    """

    hierarchies: list[Hierarchy] = Field(default_factory=list)


class NameValue(MiraklModel):
    """A name and value pair (attribute type parameters, role parameters).

    Examples:
        >>> NameValue(name="LIST_CODE", value="Boolean").value
        'Boolean'
    """

    name: str | None = None
    value: str | None = None


class AttributeRole(MiraklModel):
    """A role an attribute plays (the product title, its main image...).

    Examples:
        >>> AttributeRole(type="MAIN_IMAGE").type
        'MAIN_IMAGE'
    """

    type: str | None = None
    parameters: list[NameValue] = Field(default_factory=list)


class Attribute(MiraklModel):
    """A product attribute of the operator's catalogue (PM11).

    `hierarchy_code` is empty for attributes shared by every category. A `LIST` attribute names
    its value list in `type_parameter` (see VL11).

    Examples:
        >>> attr = Attribute(code="color", type="LIST", type_parameter="colors",
        ...                  requirement_level="REQUIRED")
        >>> attr.is_required, attr.values_list_code
        (True, 'colors')
    """

    code: str
    label: str | None = None
    label_translations: list[LabelTranslation] = Field(default_factory=list)
    description: str | None = None
    description_translations: list[LabelTranslation] = Field(default_factory=list)
    hierarchy_code: str | None = None
    type: str | None = None
    type_parameter: str | None = None
    type_parameters: list[NameValue] = Field(default_factory=list)
    requirement_level: str | None = None
    required: bool | None = None
    variant: bool | None = None
    default_value: str | None = None
    example: str | None = None
    locale: str | None = None
    roles: list[AttributeRole] = Field(default_factory=list)
    channels: list[dict[str, str]] = Field(default_factory=list)
    transformations: str | None = None
    validations: str | None = None
    values_list: str | None = None
    unique_code: str | None = None

    @property
    def is_required(self) -> bool:
        """Whether a product of this attribute's category must give a value."""
        if self.requirement_level is not None:
            return self.requirement_level == "REQUIRED"
        return bool(self.required)

    @property
    def values_list_code(self) -> str | None:
        """The VL11 value list a `LIST` attribute draws from, when it has one."""
        if self.type not in ("LIST", "LIST_MULTIPLE_VALUES"):
            return None
        for param in self.type_parameters:
            if param.name == "LIST_CODE" and param.value:
                return param.value
        return self.type_parameter or self.values_list


class ProductAttributes(MiraklModel):
    """PM11's answer.

    Examples:
        >>> ProductAttributes(attributes=[]).attributes
        []
    """

    attributes: list[Attribute] = Field(default_factory=list)


class ValueListValue(MiraklModel):
    """One allowed value of a value list.

    Examples:
        >>> ValueListValue(code="Rings", label="Anneaux").label
        'Anneaux'
    """

    code: str
    label: str | None = None
    label_translations: list[LabelTranslation] = Field(default_factory=list)


class ValueList(MiraklModel):
    """A value list of the operator (VL11): the values a `LIST` attribute accepts.

    Examples:
        >>> ValueList(code="Jewellery", values=[ValueListValue(code="Rings")]).codes
        ['Rings']
    """

    code: str
    label: str | None = None
    label_translations: list[LabelTranslation] = Field(default_factory=list)
    values: list[ValueListValue] = Field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        """The allowed value codes, in Mirakl's order."""
        return [value.code for value in self.values]


class ValueLists(MiraklModel):
    """VL11's answer.

    Examples:
        >>> ValueLists().values_lists
        []
    """

    values_lists: list[ValueList] = Field(default_factory=list)
