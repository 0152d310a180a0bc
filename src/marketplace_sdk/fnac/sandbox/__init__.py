"""FNAC sandbox: a stateful simulator of FNAC's XML web services for tests, demos and notebooks.

It is an independent implementation of the server (it never imports the client's wire models),
answering in the shape of FNAC's recorded samples: auth and token expiry, offers applied through
batches that finish after a delay, orders moving Created -> Accepted -> ToShip -> Shipped ->
Received (plus Refused, Cancelled, NotReceived, Refunded, Error), paging, limits, messages,
incidents, comments, invoices and carriers. Faults are injected on demand through the simulator
kit's `FaultPlan`; it serves in process (`transport()`) or on loopback (`serve()`).

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> sandbox = FnacSandbox.seeded(offers=5, orders=3, clock=FakeClock())
    >>> order = sandbox.place_order(["SKU-00001"])
    >>> order.state, sandbox.cancel_order(order.order_id).state
    ('Created', 'Cancelled')
"""

from marketplace_sdk.fnac.sandbox._app import QUERY_FILTERS, FnacSandbox
from marketplace_sdk.fnac.sandbox._auth import SandboxCredentials
from marketplace_sdk.fnac.sandbox._connect import connect_channel
from marketplace_sdk.fnac.sandbox._offers import MAX_OFFERS_PER_CALL, MAX_PRICING_REFERENCES
from marketplace_sdk.fnac.sandbox._orders import MAX_ORDERS_PER_CALL
from marketplace_sdk.fnac.sandbox._wire import Codes

__all__ = [
    "MAX_OFFERS_PER_CALL",
    "MAX_ORDERS_PER_CALL",
    "MAX_PRICING_REFERENCES",
    "QUERY_FILTERS",
    "Codes",
    "FnacSandbox",
    "SandboxCredentials",
    "connect_channel",
]
