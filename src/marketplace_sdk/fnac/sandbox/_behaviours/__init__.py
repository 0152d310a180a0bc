"""The catalogue of FNAC behaviours the sandbox knows, in catalogue order (FNAC-Q01 first).

Each area keeps its entries in its own module; `FNAC_BEHAVIOURS` joins them.
"""

from marketplace_sdk.fnac.sandbox._behaviours._offers import FNAC_OFFERS
from marketplace_sdk.fnac.sandbox._behaviours._order_actions import FNAC_ORDER_ACTIONS
from marketplace_sdk.fnac.sandbox._behaviours._orders import FNAC_ORDERS
from marketplace_sdk.fnac.sandbox._behaviours._platform import FNAC_PLATFORM
from marketplace_sdk.testing import Behaviour
from marketplace_sdk.testing._behaviours import catalogue_order

__all__ = ["FNAC_BEHAVIOURS"]

#: Every catalogued FNAC behaviour, reproduced or out of scope (the docs page prints it).
FNAC_BEHAVIOURS: tuple[Behaviour, ...] = catalogue_order(
    FNAC_OFFERS + FNAC_ORDERS + FNAC_ORDER_ACTIONS + FNAC_PLATFORM
)
