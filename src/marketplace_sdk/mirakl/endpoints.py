"""The Mirakl Catalog Manager seller operations, each written once as a pure `Call`.

Every function returns a `Call`: the request (path relative to the instance URL,
`https://<instance>.mirakl.net`) and the pure function that reads the answer. The `bucket` of each
request is the operation code (`"P41"`), so the client's rate limiter enforces each operation's
own call frequency (`marketplace_sdk.mirakl.limits`). The API key is added by the client's
`StaticHeaderAuth`, never here.

Every operation takes `shop_id` for users with access to several shops; without it Mirakl uses
the key's default shop.

Examples:
    >>> call = get_import(2005)
    >>> call.request.method, call.request.path, call.request.bucket
    ('GET', '/api/products/imports/2005', 'P42')
    >>> import httpx
    >>> call.parse(httpx.Response(200, json={"import_id": 2005, "import_status": "SENT"})).is_final
    False
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

import httpx

from marketplace_sdk.core.clock import ensure_utc
from marketplace_sdk.core.pagination import OffsetPaginator, Page
from marketplace_sdk.core.request import ApiRequest, Call, QueryValue
from marketplace_sdk.mirakl.models import (
    Account,
    Attribute,
    ConversionOptions,
    Hierarchies,
    Hierarchy,
    ImportCreated,
    ImportStatus,
    ProductAttributes,
    ProductImport,
    ProductImportList,
    ValueList,
    ValueLists,
)
from marketplace_sdk.mirakl.reports import ReportFile

__all__ = [
    "CSV",
    "IMPORT_CONTENT_TYPES",
    "P51_MAX_PAGE_SIZE",
    "XLSX",
    "get_account",
    "get_error_report",
    "get_import",
    "get_new_product_report",
    "get_transformation_error_report",
    "get_transformed_file",
    "import_products",
    "list_attributes",
    "list_hierarchies",
    "list_imports",
    "list_imports_paginator",
    "list_value_lists",
]

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The upload content type by file extension (P41 takes CSV, XLSX or XML).
IMPORT_CONTENT_TYPES = {".csv": CSV, ".xlsx": XLSX, ".xml": "application/xml"}

#: The largest page Mirakl's offset pagination serves (`max`).
P51_MAX_PAGE_SIZE = 100

_JSON = {"Accept": "application/json"}


def _params(shop_id: int | None, **params: QueryValue) -> dict[str, QueryValue]:
    return {**params, "shop_id": shop_id}


def _get(operation: str, path: str, params: dict[str, QueryValue]) -> ApiRequest:
    return ApiRequest(
        method="GET",
        path=path,
        params=params,
        headers=_JSON,
        bucket=operation,
        operation=operation,
    )


def get_account(*, shop_id: int | None = None) -> Call[Account]:
    """A01: the seller's shop (name, state, currency, channels...).

    Examples:
        >>> get_account().request.path
        '/api/account'
    """
    return Call(
        _get("A01", "/api/account", _params(shop_id)),
        parse=lambda response: Account.model_validate_json(response.content),
    )


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
            params=_params(shop_id),
            form=form,
            files={"file": (filename, content, media)},
            headers=_JSON,
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
        _get("P42", f"/api/products/imports/{int(import_id)}", _params(shop_id)),
        parse=lambda response: ProductImport.model_validate_json(response.content),
    )


def _report(operation: str, suffix: str, import_id: int, shop_id: int | None) -> Call[ReportFile]:
    request = ApiRequest(
        method="GET",
        path=f"/api/products/imports/{int(import_id)}/{suffix}",
        params=_params(shop_id),
        bucket=operation,
        operation=operation,
    )
    return Call(request, parse=_report_file)


def _report_file(response: httpx.Response) -> ReportFile:
    headers = {name.lower(): value for name, value in response.headers.items()}
    return ReportFile.from_headers(response.content, headers)


def get_error_report(import_id: int, *, shop_id: int | None = None) -> Call[ReportFile]:
    """P44: the non-integrated products report (CSV when Catalog Manager is enabled).

    Read it with `marketplace_sdk.mirakl.reports.parse_error_report`.

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


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return ensure_utc(value).isoformat().replace("+00:00", "Z")


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
    params = _params(
        shop_id,
        offset=offset,
        max=limit,
        paginate=True,
        sort="dateCreated",
        order="asc",
        last_request_date=_iso(last_request_date),
        status=str(status) if status is not None else None,
        has_transformed_file=has_transformed_file,
    )

    def parse(response: httpx.Response) -> Page[ProductImport]:
        data = ProductImportList.model_validate_json(response.content)
        return Page(items=data.product_import_trackings, total=data.total_count, cursor=offset)

    return Call(_get("P51", "/api/products/imports", params), parse=parse)


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


def list_hierarchies(
    *,
    hierarchy: str | None = None,
    max_level: int | None = None,
    shop_id: int | None = None,
) -> Call[list[Hierarchy]]:
    """H11: the catalogue categories under `hierarchy` (all of them by default), flattened.

    Examples:
        >>> list_hierarchies(hierarchy="59", max_level=1).request.query_params()
        [('hierarchy', '59'), ('max_level', '1')]
    """
    params = _params(shop_id, hierarchy=hierarchy, max_level=max_level)
    return Call(
        _get("H11", "/api/hierarchies", params),
        parse=lambda response: Hierarchies.model_validate_json(response.content).hierarchies,
    )


def list_attributes(
    *,
    hierarchy: str | None = None,
    max_level: int | None = None,
    all_operator_attributes: bool | None = None,
    with_roles: bool | None = None,
    shop_id: int | None = None,
) -> Call[list[Attribute]]:
    """PM11: the product attributes of `hierarchy` and its parents and children (all by default).

    Examples:
        >>> list_attributes(hierarchy="3012").request.headers["Accept"]
        'application/json'
    """
    params = _params(
        shop_id,
        hierarchy=hierarchy,
        max_level=max_level,
        all_operator_attributes=all_operator_attributes,
        with_roles=with_roles,
    )
    return Call(
        _get("PM11", "/api/products/attributes", params),
        parse=lambda response: ProductAttributes.model_validate_json(response.content).attributes,
    )


def list_value_lists(
    *, code: str | None = None, shop_id: int | None = None
) -> Call[list[ValueList]]:
    """VL11: the operator's value lists (one list when `code` is given).

    Examples:
        >>> list_value_lists(code="colors").request.path
        '/api/values_lists'
    """
    return Call(
        _get("VL11", "/api/values_lists", _params(shop_id, code=code)),
        parse=lambda response: ValueLists.model_validate_json(response.content).values_lists,
    )
