"""The catalogue of Etsy behaviours the sandbox knows, in catalogue order (ETSY-Q01 first).

Each area keeps its entries in its own module; `ETSY_BEHAVIOURS` joins them.
"""

from marketplace_sdk.etsy.sandbox._behaviours._listings import ETSY_LISTINGS
from marketplace_sdk.etsy.sandbox._behaviours._orders import ETSY_ORDERS
from marketplace_sdk.etsy.sandbox._behaviours._shipping import ETSY_SHIPPING
from marketplace_sdk.etsy.sandbox._behaviours._stock import ETSY_STOCK
from marketplace_sdk.testing import Behaviour
from marketplace_sdk.testing._behaviours import catalogue_order

__all__ = ["ETSY_BEHAVIOURS"]

#: Every catalogued Etsy behaviour, reproduced or out of scope (the docs page prints it).
ETSY_BEHAVIOURS: tuple[Behaviour, ...] = catalogue_order(
    ETSY_STOCK + ETSY_LISTINGS + ETSY_ORDERS + ETSY_SHIPPING
)
