"""Faults a sandbox injects on demand: error statuses, timeouts, dropped connections, bad bodies.

A `FaultPlan` is a thread-safe queue of `Fault` rules. Each rule matches requests by method,
path regex and/or operation name and fires `count` times; the in-process transport and the
loopback server both consult it before (and, for some kinds, after) calling the sandbox app.
A plan can also fault a share of every request at random (`FaultPlan.set_random`), drawn from a
seeded generator so a chaos run is the same every time; `MIXED_FAULTS` is the usual mix.

Examples:
    >>> import httpx
    >>> plan = FaultPlan()
    >>> plan.add(Fault.error(503), operation="getShop", count=2)
    >>> request = httpx.Request("GET", "http://sandbox/v3/application/shops/1")
    >>> plan.take(request, "getShop").kind
    <FaultKind.STATUS: 'status'>
    >>> plan.pending()
    1
"""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Sequence

import attrs
import httpx

from marketplace_sdk.testing._fault_kinds import MIXED_FAULTS, Fault, FaultKind

__all__ = [
    "MIXED_FAULTS",
    "App",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "apply_fault",
    "operation_of",
]

#: A sandbox application: one request in, one response out, in process.
App = Callable[[httpx.Request], httpx.Response]


@attrs.define
class _Random:
    rate: float
    rng: random.Random
    faults: tuple[Fault, ...]
    weights: tuple[float, ...]
    operations: frozenset[str] | None

    def draw(self, operation: str | None) -> Fault | None:
        if self.operations is not None and operation not in self.operations:
            return None
        if self.rng.random() >= self.rate:
            return None
        fault: Fault = self.rng.choices(self.faults, weights=self.weights)[0]
        return fault


@attrs.define
class _Rule:
    fault: Fault
    method: str | None
    path: re.Pattern[str] | None
    operation: str | None
    remaining: int

    def matches(self, request: httpx.Request, operation: str | None) -> bool:
        if self.method is not None and request.method.upper() != self.method:
            return False
        if self.path is not None and not self.path.search(request.url.path):
            return False
        return self.operation is None or self.operation == operation


class FaultPlan:
    """A thread-safe, ordered list of faults waiting to fire, and an optional random share.

    Rules are tried in the order they were added; the first one matching a request fires and
    its count goes down by one. A rule with no criteria matches every request. A request no
    rule matches is faulted at random when `set_random` asked for it.

    Examples:
        >>> import httpx
        >>> plan = FaultPlan()
        >>> plan.add(Fault.timeout_before(), method="POST", path=r"/shipments$")
        >>> plan.take(httpx.Request("GET", "http://s/x/shipments"), None) is None
        True
        >>> plan.take(httpx.Request("POST", "http://s/x/shipments"), None).kind.value
        'timeout_before'
    """

    def __init__(self) -> None:
        """Start with no faults."""
        self._rules: list[_Rule] = []
        self._random: _Random | None = None
        self._lock = threading.Lock()
        self.fired: list[tuple[str, str, Fault]] = []

    def add(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        count: int = 1,
    ) -> None:
        """Queue `fault` for the next `count` requests matching every given criterion.

        Args:
            fault: what happens.
            method: HTTP method to match (any when `None`).
            path: a regular expression searched in the URL path.
            operation: the app's operation name (e.g. an OpenAPI operationId).
            count: how many matching requests the fault hits.
        """
        if count < 1:
            raise ValueError("count must be at least 1")
        rule = _Rule(
            fault=fault,
            method=method.upper() if method else None,
            path=re.compile(path) if path is not None else None,
            operation=operation,
            remaining=count,
        )
        with self._lock:
            self._rules.append(rule)

    def set_random(
        self,
        rate: float,
        *,
        seed: int,
        mix: Sequence[tuple[Fault, float]] = MIXED_FAULTS,
        operations: Collection[str] | None = None,
    ) -> None:
        """Fault a share `rate` of the requests no rule matches, drawn from `mix` by weight.

        The draws come from a generator seeded with `seed`: the same requests in the same
        order meet the same faults. `operations` limits the random faults to those operations
        (every request when `None`). A rate of 0 stops them.

        Examples:
            >>> import httpx
            >>> plan = FaultPlan()
            >>> plan.set_random(1.0, seed=3, mix=[(Fault.error(503), 1)])
            >>> plan.take(httpx.Request("GET", "http://s/x"), None).label
            'http_503'
            >>> plan.set_random(0, seed=3)
            >>> plan.take(httpx.Request("GET", "http://s/x"), None) is None
            True
        """
        if not 0 <= rate <= 1:
            raise ValueError("rate must be in [0, 1]")
        if rate and not mix:
            raise ValueError("a random share needs at least one fault in its mix")
        with self._lock:
            if rate == 0:
                self._random = None
                return
            self._random = _Random(
                rate=rate,
                rng=random.Random(seed),
                faults=tuple(fault for fault, _ in mix),
                weights=tuple(weight for _, weight in mix),
                operations=frozenset(operations) if operations is not None else None,
            )

    def take(self, request: httpx.Request, operation: str | None) -> Fault | None:
        """Return the fault for `request`, spending one use of it, or `None`."""
        with self._lock:
            fault = self._take_rule(request, operation)
            if fault is None and self._random is not None:
                fault = self._random.draw(operation)
            if fault is not None:
                self.fired.append((request.method, request.url.path, fault))
            return fault

    def _take_rule(self, request: httpx.Request, operation: str | None) -> Fault | None:
        for index, rule in enumerate(self._rules):
            if rule.matches(request, operation):
                rule.remaining -= 1
                if rule.remaining == 0:
                    del self._rules[index]
                return rule.fault
        return None

    def fired_by_label(self) -> Counter[str]:
        """How many faults fired, by `Fault.label` (a chaos run's report).

        Examples:
            >>> FaultPlan().fired_by_label()
            Counter()
        """
        with self._lock:
            return Counter(fault.label for _, _, fault in self.fired)

    def clear(self) -> None:
        """Drop every pending fault, and the random share."""
        with self._lock:
            self._rules.clear()
            self._random = None

    def pending(self) -> int:
        """How many uses are left across all rules."""
        with self._lock:
            return sum(rule.remaining for rule in self._rules)


def operation_of(app: App, request: httpx.Request) -> str | None:
    """The operation name `app` gives `request`, when the app can tell (see `Router`).

    Examples:
        >>> operation_of(lambda request: httpx.Response(200), httpx.Request("GET", "http://s/"))
    """
    namer = getattr(app, "operation_of", None)
    if namer is None:
        return None
    name = namer(request)
    return name if isinstance(name, str) else None


def apply_fault(app: App, request: httpx.Request, plan: FaultPlan | None) -> httpx.Response:
    """Run `app` on `request` under `plan`: the one place fault semantics live.

    Raises the httpx exception a real client would see (`httpx.ConnectError`,
    `httpx.ConnectTimeout`, `httpx.ReadTimeout`, `httpx.RemoteProtocolError` for a connection
    dropped before the answer, `httpx.ReadError` for one reset after it) for the network-shaped
    faults.

    Examples:
        >>> import httpx
        >>> app = lambda request: httpx.Response(200, json={"ok": True})
        >>> plan = FaultPlan()
        >>> plan.add(Fault.error(503))
        >>> apply_fault(app, httpx.Request("GET", "http://s/"), plan).status_code
        503
        >>> apply_fault(app, httpx.Request("GET", "http://s/"), plan).status_code
        200
    """
    fault = plan.take(request, operation_of(app, request)) if plan is not None else None
    if fault is None:
        return app(request)
    kind = fault.kind
    if kind is FaultKind.CONNECT_ERROR:
        raise httpx.ConnectError("sandbox fault: connection refused", request=request)
    if kind is FaultKind.TIMEOUT_BEFORE:
        raise httpx.ConnectTimeout("sandbox fault: timed out before sending", request=request)
    if kind is FaultKind.RESET_BEFORE:
        raise httpx.RemoteProtocolError(
            "sandbox fault: server disconnected without sending a response", request=request
        )
    if kind in (FaultKind.STATUS, FaultKind.RATE_LIMITED):
        headers = {"content-type": "application/json", **dict(fault.headers)}
        return httpx.Response(fault.status, headers=headers, content=fault.body, request=request)
    response = app(request)
    if kind is FaultKind.STATUS_AFTER_APPLY:
        headers = {"content-type": "application/json", **dict(fault.headers)}
        return httpx.Response(fault.status, headers=headers, content=fault.body, request=request)
    if kind is FaultKind.TIMEOUT_AFTER_APPLY:
        raise httpx.ReadTimeout("sandbox fault: timed out reading the answer", request=request)
    if kind is FaultKind.RESET_AFTER_APPLY:
        raise httpx.ReadError("sandbox fault: connection reset by peer", request=request)
    # MALFORMED_BODY and TRUNCATED_BODY: keep status and headers (rate-limit headers, say),
    # break the body.
    content = response.read()
    body = content[: int(len(content) * fault.keep)] if kind is FaultKind.TRUNCATED_BODY else None
    kept = httpx.Headers(response.headers)
    kept.pop("content-length", None)
    kept.update(dict(fault.headers))
    return httpx.Response(
        response.status_code,
        headers=kept,
        content=fault.body if body is None else body,
        request=request,
    )
