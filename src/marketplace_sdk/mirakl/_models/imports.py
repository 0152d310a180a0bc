"""Product import models: P41's answer, P42's status, P51's list.

Examples:
    >>> ProductImport(import_id=1, import_status="COMPLETE").is_final
    True
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from marketplace_sdk.mirakl._models._base import MiraklModel, UtcDatetime

__all__ = [
    "ConversionOption",
    "ConversionOptions",
    "ImportCreated",
    "ImportIntegrationDetails",
    "ImportStatus",
    "ProductImport",
    "ProductImportList",
]


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

    @property
    def unknown_status(self) -> str | None:
        """The raw `import_status` when this SDK does not know it (Mirakl adds states without
        notice), else `None`.

        Examples:
            >>> ProductImport(import_id=1, import_status="NEW_STATE").unknown_status
            'NEW_STATE'
            >>> ProductImport(import_id=1, import_status="SENT").unknown_status is None
            True
        """
        status = self.import_status
        return None if isinstance(status, ImportStatus) else status


class ProductImportList(MiraklModel):
    """One page of P51: import statuses and the total count.

    Examples:
        >>> ProductImportList(total_count=0).product_import_trackings
        []
    """

    product_import_trackings: list[ProductImport] = Field(default_factory=list)
    total_count: int | None = None
