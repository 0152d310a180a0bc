"""Stateful Mirakl simulators and their seed data.

`MiraklCatalogSandbox` answers Catalog Manager (the FNAC catalogue); `MiraklSandbox` adds a
seeded MMP shop: offers (OF01-OF04, OF21, OF24), orders (OR11-OR30) and carriers (SH21).
`connect_channel` (and `connect_async_channel`) opens a `MiraklChannel` on its shop.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> MiraklCatalogSandbox(clock=FakeClock())
    MiraklCatalogSandbox(shop_id=2000, imports=0)
"""

from marketplace_sdk.mirakl.sandbox._app import MiraklCatalogSandbox
from marketplace_sdk.mirakl.sandbox._connect import connect_async_channel, connect_channel
from marketplace_sdk.mirakl.sandbox._order_records import Timings
from marketplace_sdk.mirakl.sandbox._seed import CatalogSeed, attribute, hierarchy, value_list
from marketplace_sdk.mirakl.sandbox._shop import MiraklSandbox
from marketplace_sdk.mirakl.sandbox._shop_seed import ShopSeed

__all__ = [
    "CatalogSeed",
    "MiraklCatalogSandbox",
    "MiraklSandbox",
    "ShopSeed",
    "Timings",
    "attribute",
    "connect_async_channel",
    "connect_channel",
    "hierarchy",
    "value_list",
]
