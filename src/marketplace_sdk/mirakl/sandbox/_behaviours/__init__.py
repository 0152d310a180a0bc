"""The catalogue of Mirakl behaviours the sandbox knows, in catalogue order (MIRAKL-Q01 first)."""

from marketplace_sdk.mirakl.sandbox._behaviours._seller_apis import MIRAKL
from marketplace_sdk.testing import Behaviour
from marketplace_sdk.testing._behaviours import catalogue_order

__all__ = ["MIRAKL_BEHAVIOURS"]

#: Every catalogued Mirakl behaviour, reproduced or out of scope (the docs page prints it).
MIRAKL_BEHAVIOURS: tuple[Behaviour, ...] = catalogue_order(MIRAKL)
