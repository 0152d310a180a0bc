"""Mirakl Catalog Manager (MCM) seller client, for any Mirakl marketplace.

Mirakl runs the product catalogue of many marketplaces (Fnac Darty's "Mirakl Fnac" among them).
This package speaks its seller API for catalogue work: the shop (A01), product imports (P41
upload, P42 status, P51 list, P44-P47 reports, CM11 product statuses) and the operator's
catalogue structure (H11 categories, PM11 attributes, VL11 value lists), with each operation
held to the call frequency Mirakl states for it. Client methods carry Mirakl's operation names
(`get_account` is A01, `list_hierarchies` H11, `export_product_statuses` CM11). Nothing in it is
specific to one marketplace.

The sandbox entry point is `marketplace_sdk.mirakl.sandbox` (`MiraklCatalogSandbox`, a stateful
simulator of the same API for tests and notebooks); library code never imports it.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox
    >>> sandbox = MiraklCatalogSandbox(clock=FakeClock())
    >>> with MiraklCatalogClient(sandbox.api_key, base_url="https://acme.mirakl.net",
    ...                          transport=sandbox.transport(), clock=sandbox.clock) as client:
    ...     [category.code for category in client.list_hierarchies()]
    ['BOOKS', 'BOOKS-NOVELS', 'ELECTRONICS', 'ELECTRONICS-HEADPHONES']
"""

from marketplace_sdk.mirakl._async.client import AsyncMiraklCatalogClient
from marketplace_sdk.mirakl._limits import MCM_CALL_FREQUENCIES, mcm_buckets
from marketplace_sdk.mirakl._models import (
    Account,
    Attribute,
    ConversionOption,
    ConversionOptions,
    Hierarchy,
    ImportCreated,
    ImportStatus,
    ProductImport,
    ProductSourceStatus,
    ValueList,
    ValueListValue,
)
from marketplace_sdk.mirakl._reports import (
    ErrorReportLine,
    ReportFile,
    ReportParseError,
    errors_by_product,
    parse_error_report,
)
from marketplace_sdk.mirakl._shared.client import decode_error
from marketplace_sdk.mirakl._sync.client import MiraklCatalogClient

__all__ = [
    "MCM_CALL_FREQUENCIES",
    "Account",
    "AsyncMiraklCatalogClient",
    "Attribute",
    "ConversionOption",
    "ConversionOptions",
    "ErrorReportLine",
    "Hierarchy",
    "ImportCreated",
    "ImportStatus",
    "MiraklCatalogClient",
    "ProductImport",
    "ProductSourceStatus",
    "ReportFile",
    "ReportParseError",
    "ValueList",
    "ValueListValue",
    "decode_error",
    "errors_by_product",
    "mcm_buckets",
    "parse_error_report",
]
