"""Product import operations: P41 upload, P42 status, P44-P47 report files, P51 list.

Examples:
    >>> get_import(7).request.path
    '/api/products/imports/7'
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

import httpx

from marketplace_sdk.core._pagination import OffsetPaginator, Page
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.mirakl._endpoints._common import JSON_HEADERS, get_request, iso, with_shop
from marketplace_sdk.mirakl._models import (
    ConversionOptions,
    ImportCreated,
    ImportStatus,
    ProductImport,
    ProductImportList,
)
from marketplace_sdk.mirakl._reports import ReportFile

__all__ = [
    "CSV",
    "IMPORT_CONTENT_TYPES",
    "P51_MAX_PAGE_SIZE",
    "XLSX",
    "get_error_report",
    "get_import",
    "get_new_product_report",
    "get_transformation_error_report",
    "get_transformed_file",
    "import_products",
    "list_imports",
    "list_imports_paginator",
]

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The upload content type by file extension (P41 takes CSV, XLSX or XML).
IMPORT_CONTENT_TYPES = {".csv": CSV, ".xlsx": XLSX, ".xml": "application/xml"}

#: The largest page Mirakl's offset pagination serves (`max`).
P51_MAX_PAGE_SIZE = 100


def import_products(
    content: bytes,
    *,
    filename: str,
    content_type: str | None = None,
    operator_format: bool | None = None,
    conversion_type: str | None = None,
    conversion_options: ConversionOptions | None = None,
    shop_id: int | None = None,
) -> Call[ImportCreated]:
    """P41: upload a product file (CSV, XLSX or XML) to create or update catalogue products.

    The upload is a write: the engine never resends it blindly (a timeout may have imported the
    file already; read P51 before trying again).

    Args:
        content: the file's bytes.
        filename: the file name sent to Mirakl; its extension picks the content type.
        content_type: the file's media type, when the extension does not say.
        operator_format: force the operator's product format.
        conversion_type: `STANDARD` or `AI_CONVERTER` (default: the shop's setting).
        conversion_options: the AI converter's options (with `AI_CONVERTER`).
        shop_id: the shop, for users with several.

    Raises:
        ValueError: when the content type cannot be told from the file name.

    Examples:
        >>> call = import_products(b"sku;title\\n", filename="products.csv")
        >>> call.request.files["file"][0], call.request.files["file"][2], call.request.idempotent
        ('products.csv', 'text/csv', False)
    """
    media = content_type or IMPORT_CONTENT_TYPES.get(PurePath(filename).suffix.lower())
    if media is None:
        raise ValueError(
            f"cannot tell the content type of {filename!r}: name it .csv, .xlsx or .xml, "
            "or pass content_type"
        )
    form: dict[str, str] = {}
    if operator_format is not None:
        form["operator_format"] = "true" if operator_format else "false"
    if conversion_type is not None:
        form["conversion_type"] = conversion_type
    if conversion_options is not None:
        form["conversion_options"] = conversion_options.model_dump_json(exclude_none=True)
    return Call(
        ApiRequest(
            method="POST",
            path="/api/products/imports",
            params=with_shop(shop_id),
            form=form,
            files={"file": (filename, content, media)},
            headers=JSON_HEADERS,
            idempotent=False,
            bucket="P41",
            operation="P41",
        ),
        parse=lambda response: ImportCreated.model_validate_json(response.content),
    )


def get_import(import_id: int, *, shop_id: int | None = None) -> Call[ProductImport]:
    """P42: the status of one product import.

    Examples:
        >>> get_import(7, shop_id=2000).request.query_params()
        [('shop_id', '2000')]
    """
    return Call(
        get_request("P42", f"/api/products/imports/{int(import_id)}", with_shop(shop_id)),
        parse=lambda response: ProductImport.model_validate_json(response.content),
    )


def _report(operation: str, suffix: str, import_id: int, shop_id: int | None) -> Call[ReportFile]:
    request = ApiRequest(
        method="GET",
        path=f"/api/products/imports/{int(import_id)}/{suffix}",
        params=with_shop(shop_id),
        bucket=operation,
        operation=operation,
    )
    return Call(request, parse=_report_file)


def _report_file(response: httpx.Response) -> ReportFile:
    headers = {name.lower(): value for name, value in response.headers.items()}
    return ReportFile.from_headers(response.content, headers)


def get_error_report(import_id: int, *, shop_id: int | None = None) -> Call[ReportFile]:
    """P44: the non-integrated products report (CSV when Catalog Manager is enabled).

    Read it with `marketplace_sdk.mirakl._reports.parse_error_report`.

    Examples:
        >>> get_error_report(12).request.path
        '/api/products/imports/12/error_report'
    """
    return _report("P44", "error_report", import_id, shop_id)


def get_new_product_report(import_id: int, *, shop_id: int | None = None) -> Call[ReportFile]:
    """P45: the added products report.

    Examples:
        >>> get_new_product_report(12).request.bucket
        'P45'
    """
    return _report("P45", "new_product_report", import_id, shop_id)


def get_transformed_file(import_id: int, *, shop_id: int | None = None) -> Call[ReportFile]:
    """P46: the file in the operator's format (CSV).

    Examples:
        >>> get_transformed_file(12).request.path
        '/api/products/imports/12/transformed_file'
    """
    return _report("P46", "transformed_file", import_id, shop_id)


def get_transformation_error_report(
    import_id: int, *, shop_id: int | None = None
) -> Call[ReportFile]:
    """P47: the source file error report, in the uploaded file's format (CSV, XLSX or XML).

    Examples:
        >>> get_transformation_error_report(12).request.path
        '/api/products/imports/12/transformation_error_report'
    """
    return _report("P47", "transformation_error_report", import_id, shop_id)


def list_imports(
    *,
    offset: int = 0,
    limit: int = P51_MAX_PAGE_SIZE,
    last_request_date: datetime | None = None,
    status: ImportStatus | str | None = None,
    has_transformed_file: bool | None = None,
    shop_id: int | None = None,
) -> Call[Page[ProductImport]]:
    """P51: one page of product imports, oldest first (offset pagination).

    Args:
        offset: the index of the first import of the page.
        limit: the page size (Mirakl's `max`, at most 100).
        last_request_date: only imports changed since then (timezone-aware).
        status: only imports in this status.
        has_transformed_file: only imports with (or without) a transformed file.
        shop_id: the shop, for users with several.

    Examples:
        >>> call = list_imports(offset=100, status=ImportStatus.COMPLETE)
        >>> dict(call.request.query_params())["offset"], dict(call.request.query_params())["status"]
        ('100', 'COMPLETE')
    """
    if not 1 <= limit <= P51_MAX_PAGE_SIZE:
        raise ValueError(f"limit must be between 1 and {P51_MAX_PAGE_SIZE}, not {limit}")
    params = with_shop(
        shop_id,
        offset=offset,
        max=limit,
        paginate=True,
        sort="dateCreated",
        order="asc",
        last_request_date=iso(last_request_date),
        status=str(status) if status is not None else None,
        has_transformed_file=has_transformed_file,
    )

    def parse(response: httpx.Response) -> Page[ProductImport]:
        data = ProductImportList.model_validate_json(response.content)
        return Page(items=data.product_import_trackings, total=data.total_count, cursor=offset)

    return Call(get_request("P51", "/api/products/imports", params), parse=parse)


def list_imports_paginator(
    *,
    page_size: int = P51_MAX_PAGE_SIZE,
    last_request_date: datetime | None = None,
    status: ImportStatus | str | None = None,
    has_transformed_file: bool | None = None,
    shop_id: int | None = None,
) -> OffsetPaginator[ProductImport]:
    """Every page of P51, fetched lazily by the engine's `paginate`.

    Examples:
        >>> pager = list_imports_paginator(page_size=50)
        >>> dict(pager.first().request.query_params())["max"]
        '50'
    """

    def fetch(offset: int, limit: int) -> Call[Page[ProductImport]]:
        return list_imports(
            offset=offset,
            limit=limit,
            last_request_date=last_request_date,
            status=status,
            has_transformed_file=has_transformed_file,
            shop_id=shop_id,
        )

    return OffsetPaginator(fetch, limit=page_size)
