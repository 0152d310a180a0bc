"""The Mirakl mapping: the only place Mirakl's MMP wire records meet the canonical models.

* `orders`: OR11 orders to canonical orders (lines, money, buyer, address, shipment, refunds)
  and to the cancellations they report.

Examples:
    >>> from marketplace_sdk.mirakl._models import Order as MiraklOrder
    >>> order_cancellation(MiraklOrder(order_id="O-A", order_state="SHIPPING")) is None
    True
"""

from marketplace_sdk.mirakl._mapping.orders import (
    UNCHARGED_LINE_STATES,
    order_cancellation,
    order_raw,
    order_to_canonical,
)

__all__ = ["UNCHARGED_LINE_STATES", "order_cancellation", "order_raw", "order_to_canonical"]
