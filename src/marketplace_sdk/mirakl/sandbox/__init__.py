"""A stateful Mirakl Catalog Manager simulator (`MiraklCatalogSandbox`) and its seed data.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> MiraklCatalogSandbox(clock=FakeClock())
    MiraklCatalogSandbox(shop_id=2000, imports=0)
"""

from marketplace_sdk.mirakl.sandbox._app import MiraklCatalogSandbox
from marketplace_sdk.mirakl.sandbox._seed import CatalogSeed, attribute, hierarchy, value_list

__all__ = ["CatalogSeed", "MiraklCatalogSandbox", "attribute", "hierarchy", "value_list"]
