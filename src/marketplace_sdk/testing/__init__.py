"""Simulator kit shared by the marketplace sandboxes.

It never imports a marketplace package. A sandbox is an *app*: a callable taking an
`httpx.Request` and returning an `httpx.Response`, usually built on `Router`. The kit serves an
app in process (`SandboxTransport`, for `httpx.Client(transport=...)`) or on a loopback port
(`LoopbackServer`), injects failures on demand (`Fault`, `FaultPlan`), and keeps a `CallLog`.
Time in sandboxes comes from an injected `marketplace_sdk.core._clock.Clock` (`FakeClock` in
tests), so token expiry and rate windows are simulated without waiting.

Examples:
    >>> import httpx
    >>> from collections.abc import Mapping
    >>> router = Router()
    >>> @router.route("GET", "/ping", operation="ping")
    ... def ping(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
    ...     return json_response(200, {"pong": True})
    >>> transport = SandboxTransport(router)
    >>> transport.faults.add(Fault.error(503), operation="ping")
    >>> client = httpx.Client(transport=transport, base_url="http://sandbox")
    >>> [client.get("/ping").status_code for _ in range(2)]
    [503, 200]
"""

from marketplace_sdk.testing._behaviours import (
    Behaviour,
    BehaviourError,
    Behaviours,
    Switch,
)
from marketplace_sdk.testing._calllog import CallLog
from marketplace_sdk.testing._faults import MIXED_FAULTS, Fault, FaultKind, FaultPlan
from marketplace_sdk.testing._router import Router, json_response
from marketplace_sdk.testing._server import LoopbackServer
from marketplace_sdk.testing._transport import SandboxTransport

__all__ = [
    "MIXED_FAULTS",
    "Behaviour",
    "BehaviourError",
    "Behaviours",
    "CallLog",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "LoopbackServer",
    "Router",
    "SandboxTransport",
    "Switch",
    "json_response",
]
