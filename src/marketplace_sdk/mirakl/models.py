"""Wire models of the Mirakl Catalog Manager (MCM) seller API.

Field names are Mirakl's own (`import_id`, `transform_lines_read`). Models are lenient: fields the
SDK does not use are kept in `model_extra`, and fields Mirakl sometimes leaves out (or sends as
`null`, although the spec declares no nullable field) are optional, so an answer from a newer
Mirakl version still parses.

Examples:
    >>> status = ProductImport.model_validate({
    ...     "import_id": 2005, "import_status": "SENT", "shop_id": 2000,
    ...     "date_created": "2019-04-05T12:56:21Z", "transform_lines_read": 1})
    >>> status.import_status, status.is_final, status.date_created.isoformat()
    (<ImportStatus.SENT: 'SENT'>, False, '2019-04-05T12:56:21+00:00')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "Account",
    "Attribute",
    "AttributeRole",
    "ContactInformation",
    "ConversionOption",
    "ConversionOptions",
    "Hierarchies",
    "Hierarchy",
    "ImportCreated",
    "ImportIntegrationDetails",
    "ImportStatus",
    "LabelTranslation",
    "NameValue",
    "ProductAttributes",
    "ProductImport",
    "ProductImportList",
    "ValueList",
    "ValueListValue",
    "ValueLists",
]


def _as_utc(value: datetime) -> datetime:
    # Mirakl writes UTC with a `Z`; a value without an offset is read as UTC too.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _empty_as_none(value: object) -> object:
    return None if value == "" else value


#: A timestamp, always timezone-aware UTC once parsed.
UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class MiraklModel(BaseModel):
    """Base of the Mirakl wire models: immutable, unknown fields kept in `model_extra`.

    Examples:
        >>> LabelTranslation.model_validate({"locale": "fr", "value": "Bijoux", "x": 1}).model_extra
        {'x': 1}
    """

    model_config = ConfigDict(extra="allow", frozen=True)


class LabelTranslation(MiraklModel):
    """A label in one locale.

    Examples:
        >>> LabelTranslation(locale="fr", value="Protection solaire").value
        'Protection solaire'
    """

    locale: str | None = None
    value: str | None = None


class ImportStatus(StrEnum):
    """The states of a product import (P42 `import_status`).

    Examples:
        >>> ImportStatus("COMPLETE").is_final
        True
    """

    TRANSFORMATION_WAITING = "TRANSFORMATION_WAITING"
    TRANSFORMATION_RUNNING = "TRANSFORMATION_RUNNING"
    TRANSFORMATION_FAILED = "TRANSFORMATION_FAILED"
    WAITING = "WAITING"
    RUNNING = "RUNNING"
    SENT = "SENT"
    COMPLETE = "COMPLETE"
    CANCELLED = "CANCELLED"
    FAILED = "FAILED"

    @property
    def is_final(self) -> bool:
        """Whether the import will not change any more (its reports are then complete)."""
        return self in _FINAL_STATUSES


_FINAL_STATUSES = frozenset(
    {
        ImportStatus.TRANSFORMATION_FAILED,
        ImportStatus.COMPLETE,
        ImportStatus.CANCELLED,
        ImportStatus.FAILED,
    }
)


class ImportCreated(MiraklModel):
    """P41's answer: the id of the import that was just created.

    Examples:
        >>> ImportCreated.model_validate({"import_id": 2035}).import_id
        2035
    """

    import_id: int


class ConversionOption(MiraklModel):
    """One AI conversion option (`ENABLED` or `DISABLED`).

    Examples:
        >>> ConversionOption(status="ENABLED").status
        'ENABLED'
    """

    status: str | None = None


class ConversionOptions(MiraklModel):
    """The options of an `AI_CONVERTER` conversion (P41 request, P42 and P51 answers).

    Examples:
        >>> ConversionOptions(ai_rewrite=ConversionOption(status="DISABLED")).ai_rewrite
        ConversionOption(status='DISABLED')
    """

    ai_enrichment: ConversionOption | None = None
    ai_rewrite: ConversionOption | None = None
    ai_translation: ConversionOption | None = None


class ImportIntegrationDetails(MiraklModel):
    """How many products the operator integrated, rejected or could not synchronise.

    Examples:
        >>> ImportIntegrationDetails(rejected_products=2).rejected_products
        2
    """

    invalid_products: int | None = None
    products_not_accepted_in_time: int | None = None
    products_not_synchronized_in_time: int | None = None
    products_reimported: int | None = None
    products_successfully_synchronized: int | None = None
    products_with_synchronization_issues: int | None = None
    products_with_wrong_identifiers: int | None = None
    rejected_products: int | None = None


class ProductImport(MiraklModel):
    """A product import's status (P42, and each entry of P51).

    `import_status` is an `ImportStatus`, or the raw string when Mirakl sends a state this
    version of the SDK does not know (such an import is never treated as final).

    Examples:
        >>> ProductImport(import_id=1, import_status="COMPLETE", has_error_report=True).is_final
        True
    """

    import_id: int
    import_status: Annotated[ImportStatus | str, Field(union_mode="left_to_right")]
    shop_id: int | None = None
    date_created: UtcDatetime | None = None
    has_error_report: bool | None = None
    has_new_product_report: bool | None = None
    has_transformation_error_report: bool | None = None
    has_transformed_file: bool | None = None
    transform_lines_read: int | None = None
    transform_lines_in_success: int | None = None
    transform_lines_in_error: int | None = None
    transform_lines_with_warning: int | None = None
    reason_status: str | None = None
    conversion_type: str | None = None
    conversion_options: ConversionOptions | None = None
    integration_details: ImportIntegrationDetails | None = None

    @property
    def is_final(self) -> bool:
        """Whether the import reached a state it will not leave."""
        return isinstance(self.import_status, ImportStatus) and self.import_status.is_final


class ProductImportList(MiraklModel):
    """One page of P51: import statuses and the total count.

    Examples:
        >>> ProductImportList(total_count=0).product_import_trackings
        []
    """

    product_import_trackings: list[ProductImport] = Field(default_factory=list)
    total_count: int | None = None


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
    parent_code: Annotated[str | None, BeforeValidator(_empty_as_none)] = None


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


class ContactInformation(MiraklModel):
    """The shop's contact (personal data: kept out of reprs).

    Examples:
        >>> ContactInformation(email="shop@example.com", city="Paris")
        ContactInformation(city='Paris', country=None)
    """

    city: str | None = None
    country: str | None = None
    civility: str | None = Field(default=None, repr=False)
    firstname: str | None = Field(default=None, repr=False)
    lastname: str | None = Field(default=None, repr=False)
    email: str | None = Field(default=None, repr=False)
    phone: str | None = Field(default=None, repr=False)
    street1: str | None = Field(default=None, repr=False)
    street2: str | None = Field(default=None, repr=False)
    zip_code: str | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Iterable[tuple[str | None, object]]:
        # Extra fields (fax, phone_secondary...) are personal data too: keep them out.
        return [
            (key, value) for key, value in super().__repr_args__() if key in ("city", "country")
        ]


class Account(MiraklModel):
    """The seller's shop (A01). Billing, payment and KYC details stay in `model_extra`.

    Examples:
        >>> shop = Account.model_validate({"shop_id": 2000, "shop_name": "ACME",
        ...                                "shop_state": "OPEN", "grade": 4.5})
        >>> shop.shop_name, shop.grade
        ('ACME', Decimal('4.5'))
    """

    shop_id: int
    shop_name: str | None = None
    shop_state: str | None = None
    currency_iso_code: str | None = None
    channels: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)
    date_created: UtcDatetime | None = None
    last_updated_date: UtcDatetime | None = None
    is_professional: bool | None = None
    premium: bool | None = None
    free_shipping: bool | None = None
    offers_count: int | None = None
    orders_count: int | None = None
    evaluations_count: int | None = None
    grade: Decimal | None = None
    description: str | None = Field(default=None, repr=False)
    contact_informations: ContactInformation | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Iterable[tuple[str | None, object]]:
        # The extras hold bank details and balances: a repr shows only the declared fields.
        return [(k, v) for k, v in super().__repr_args__() if k in type(self).model_fields]
