"""Wire models of the Mirakl seller APIs (Catalog Manager and MMP), one module per area.

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

from marketplace_sdk.mirakl._models._base import LabelTranslation, MiraklModel, UtcDatetime
from marketplace_sdk.mirakl._models.account import Account, ContactInformation
from marketplace_sdk.mirakl._models.catalog import (
    Attribute,
    AttributeRole,
    Hierarchies,
    Hierarchy,
    NameValue,
    ProductAttributes,
    ValueList,
    ValueLists,
    ValueListValue,
)
from marketplace_sdk.mirakl._models.imports import (
    ConversionOption,
    ConversionOptions,
    ImportCreated,
    ImportIntegrationDetails,
    ImportStatus,
    ProductImport,
    ProductImportList,
)
from marketplace_sdk.mirakl._models.offers import (
    AdditionalField,
    EcoContribution,
    LogisticClass,
    Offer,
    OfferDiscount,
    OfferDiscountUpdate,
    OfferImport,
    OfferImportCreated,
    OfferImportStatus,
    OfferList,
    OfferPrice,
    OfferPriceContext,
    OfferPriceUpdate,
    OffersUpdate,
    OfferUpdate,
    PriceRange,
    ProductReference,
    VolumePrice,
    VolumePriceUpdate,
)
from marketplace_sdk.mirakl._models.orders import (
    Address,
    Cancelation,
    CancelationCreated,
    CancelationRequest,
    CancelationsCreated,
    Customer,
    LineDecision,
    Order,
    OrderLine,
    OrderList,
    OrderState,
    Refund,
    RefundCreated,
    RefundRequest,
    RefundsCreated,
    TaxAmount,
    Tracking,
)
from marketplace_sdk.mirakl._models.product_status import (
    IntegrationDetail,
    ProductSourceError,
    ProductSourceStatus,
    ProductSourceWarning,
    RejectionDetails,
    UniqueIdentifier,
)
from marketplace_sdk.mirakl._models.shipping import Carrier, CarrierList

__all__ = [
    "Account",
    "AdditionalField",
    "Address",
    "Attribute",
    "AttributeRole",
    "Cancelation",
    "CancelationCreated",
    "CancelationRequest",
    "CancelationsCreated",
    "Carrier",
    "CarrierList",
    "ContactInformation",
    "ConversionOption",
    "ConversionOptions",
    "Customer",
    "EcoContribution",
    "Hierarchies",
    "Hierarchy",
    "ImportCreated",
    "ImportIntegrationDetails",
    "ImportStatus",
    "IntegrationDetail",
    "LabelTranslation",
    "LineDecision",
    "LogisticClass",
    "MiraklModel",
    "NameValue",
    "Offer",
    "OfferDiscount",
    "OfferDiscountUpdate",
    "OfferImport",
    "OfferImportCreated",
    "OfferImportStatus",
    "OfferList",
    "OfferPrice",
    "OfferPriceContext",
    "OfferPriceUpdate",
    "OfferUpdate",
    "OffersUpdate",
    "Order",
    "OrderLine",
    "OrderList",
    "OrderState",
    "PriceRange",
    "ProductAttributes",
    "ProductImport",
    "ProductImportList",
    "ProductReference",
    "ProductSourceError",
    "ProductSourceStatus",
    "ProductSourceWarning",
    "Refund",
    "RefundCreated",
    "RefundRequest",
    "RefundsCreated",
    "RejectionDetails",
    "TaxAmount",
    "Tracking",
    "UniqueIdentifier",
    "UtcDatetime",
    "ValueList",
    "ValueListValue",
    "ValueLists",
    "VolumePrice",
    "VolumePriceUpdate",
]
