"""The Mirakl seller operations (Catalog Manager, offers and orders), each a pure `Call`.

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
from marketplace_sdk.mirakl._endpoints.offers import (
    OF21_MAX_PAGE_SIZE,
    get_offer_error_report,
    get_offer_import,
    import_offers,
    list_offer_imports,
    list_offer_rows,
    list_offers,
    list_offers_paginator,
    read_offers,
    update_offers,
)
from marketplace_sdk.mirakl._endpoints.orders import (
    OR11_MAX_IDS,
    OR11_MAX_PAGE_SIZE,
    OR11_NEXT_PAGE_BUCKET,
    OrderDocument,
    accept_order,
    cancel_lines,
    cancel_order,
    list_carriers,
    list_order_documents,
    list_order_documents_paginator,
    list_orders,
    list_orders_paginator,
    refund_lines,
    ship_order,
    update_tracking,
)

__all__ = [
    "CM11_MAX_IDENTIFIERS",
    "CSV",
    "IMPORT_CONTENT_TYPES",
    "OF21_MAX_PAGE_SIZE",
    "OR11_MAX_IDS",
    "OR11_MAX_PAGE_SIZE",
    "OR11_NEXT_PAGE_BUCKET",
    "P51_MAX_PAGE_SIZE",
    "XLSX",
    "OrderDocument",
    "accept_order",
    "cancel_lines",
    "cancel_order",
    "export_product_statuses",
    "get_account",
    "get_error_report",
    "get_import",
    "get_new_product_report",
    "get_offer_error_report",
    "get_offer_import",
    "get_transformation_error_report",
    "get_transformed_file",
    "import_offers",
    "import_products",
    "list_attributes",
    "list_carriers",
    "list_hierarchies",
    "list_imports",
    "list_imports_paginator",
    "list_offer_imports",
    "list_offer_rows",
    "list_offers",
    "list_offers_paginator",
    "list_order_documents",
    "list_order_documents_paginator",
    "list_orders",
    "list_orders_paginator",
    "list_value_lists",
    "read_offers",
    "refund_lines",
    "ship_order",
    "update_offers",
    "update_tracking",
]
