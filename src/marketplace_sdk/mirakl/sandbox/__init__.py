"""A stateful Mirakl Catalog Manager simulator (`MiraklCatalogSandbox`) and its seed data.

Examples:
    >>> from marketplace_sdk.core.clock import FakeClock
    >>> MiraklCatalogSandbox(clock=FakeClock())
    MiraklCatalogSandbox(shop_id=2000, imports=0)
"""

from marketplace_sdk.mirakl.sandbox.app import MiraklCatalogSandbox
from marketplace_sdk.mirakl.sandbox.seed import CatalogSeed, attribute, hierarchy, value_list

__all__ = ["CatalogSeed", "MiraklCatalogSandbox", "attribute", "hierarchy", "value_list"]
