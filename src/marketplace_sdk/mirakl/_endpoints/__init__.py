"""The Mirakl Catalog Manager seller operations, each written once as a pure `Call`.

Every function returns a `Call`: the request (path relative to the instance URL,
`https://<instance>.mirakl.net`) and the pure function that reads the answer. The `bucket` of each
request is the operation code (`"P41"`), so the client's rate limiter enforces each operation's
own call frequency (`marketplace_sdk.mirakl._limits`). The API key is added by the client's
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

from marketplace_sdk.mirakl._endpoints.catalog import (
    CM11_MAX_IDENTIFIERS,
    export_product_statuses,
    get_account,
    list_attributes,
    list_hierarchies,
    list_value_lists,
)
from marketplace_sdk.mirakl._endpoints.imports import (
    CSV,
    IMPORT_CONTENT_TYPES,
    P51_MAX_PAGE_SIZE,
    XLSX,
    get_error_report,
    get_import,
    get_new_product_report,
    get_transformation_error_report,
    get_transformed_file,
    import_products,
    list_imports,
    list_imports_paginator,
)

__all__ = [
    "CM11_MAX_IDENTIFIERS",
    "CSV",
    "IMPORT_CONTENT_TYPES",
    "P51_MAX_PAGE_SIZE",
    "XLSX",
    "export_product_statuses",
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
