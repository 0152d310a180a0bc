"""CM11: the status of the seller's source products in Mirakl Catalog Manager.

After an import completes, CM11 says per product (by the seller's `provider_unique_identifier`,
the shop SKU) whether it is `LIVE`, and if not why: the operator's rejections, synchronisation
and integration errors, and warnings per attribute.

Examples:
    >>> status = ProductSourceStatus.model_validate({
    ...     "provider_unique_identifier": "SKU-1", "status": "NOT_LIVE",
    ...     "errors": [{"code": "MCM-0L000", "message": "Not synchronized yet."}]})
    >>> status.is_live, status.errors[0].code
    (False, 'MCM-0L000')
"""

from __future__ import annotations

from pydantic import Field

from marketplace_sdk.mirakl._models._base import MiraklModel

__all__ = [
    "IntegrationDetail",
    "ProductSourceError",
    "ProductSourceStatus",
    "ProductSourceWarning",
    "RejectionDetails",
    "UniqueIdentifier",
]


class RejectionDetails(MiraklModel):
    """Why the operator rejected the product, in its own words.

    Examples:
        >>> RejectionDetails(reason_code="2", reason_label="Not for our audience").reason_code
        '2'
    """

    reason_code: str | None = None
    reason_label: str | None = None
    message: str | None = None


class IntegrationDetail(MiraklModel):
    """One attribute-level integration problem.

    Examples:
        >>> IntegrationDetail(attribute_code="color", code="WARNING").attribute_code
        'color'
    """

    attribute_code: str | None = None
    code: str | None = None
    message: str | None = None


class ProductSourceError(MiraklModel):
    """An acceptance, synchronisation or integration error on a product.

    Examples:
        >>> ProductSourceError(code="MCM-04012", message="Rejected", channels=["FR"]).channels
        ['FR']
    """

    code: str
    message: str | None = None
    channels: list[str] = Field(default_factory=list)
    rejection_details: RejectionDetails | None = None
    integration_details: list[IntegrationDetail] = Field(default_factory=list)


class ProductSourceWarning(MiraklModel):
    """A warning on one attribute of a product.

    Examples:
        >>> ProductSourceWarning(code="MCM-05000", attribute_code="title").attribute_code
        'title'
    """

    code: str
    message: str | None = None
    attribute_code: str | None = None


class UniqueIdentifier(MiraklModel):
    """A product identifier and its type (`EAN`, `ISBN`...).

    Examples:
        >>> UniqueIdentifier(code="EAN", value="9780441013593").value
        '9780441013593'
    """

    code: str
    value: str


class ProductSourceStatus(MiraklModel):
    """One product's status in Catalog Manager (an entry of CM11).

    Examples:
        >>> ProductSourceStatus(provider_unique_identifier="SKU-1", status="LIVE").is_live
        True
    """

    status: str
    provider_unique_identifier: str | None = None
    unique_identifiers: list[UniqueIdentifier] = Field(default_factory=list)
    errors: list[ProductSourceError] = Field(default_factory=list)
    warnings: list[ProductSourceWarning] = Field(default_factory=list)

    @property
    def is_live(self) -> bool:
        """Whether the product is live on the marketplace."""
        return self.status == "LIVE"
