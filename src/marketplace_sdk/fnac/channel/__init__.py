"""The FNAC channel: `FnacChannel` and `AsyncFnacChannel`, the `Channel` protocols for FNAC.

Offers, stock, prices and orders go through FNAC's XML web services (`FnacClient`); categories,
their attributes and the import of products FNAC does not know go through FNAC's Mirakl
catalogue (`MiraklCatalogClient`). The wire-to-canonical mapping lives in
`marketplace_sdk.fnac.mapping`; the decisions both channels share in `_shared`.

Example:
    >>> FnacChannel.__name__, AsyncFnacChannel.__name__
    ('FnacChannel', 'AsyncFnacChannel')
"""

from marketplace_sdk.fnac.channel._shared import (
    PENDING_IMPORT,
    PRODUCT_NOT_FOUND,
    CatalogueNotConfiguredError,
)
from marketplace_sdk.fnac.channel.aio import AsyncFnacChannel
from marketplace_sdk.fnac.channel.sync import FnacChannel

__all__ = [
    "PENDING_IMPORT",
    "PRODUCT_NOT_FOUND",
    "AsyncFnacChannel",
    "CatalogueNotConfiguredError",
    "FnacChannel",
]
