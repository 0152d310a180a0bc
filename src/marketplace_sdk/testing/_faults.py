"""Faults a sandbox injects on demand: error statuses, timeouts, dropped connections, bad bodies.

A `FaultPlan` is a thread-safe queue of `Fault` rules. Each rule matches requests by method,
path regex and/or operation name and fires `count` times; the in-process transport and the
loopback server both consult it before (and, for some kinds, after) calling the sandbox app.

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

import enum
import json
import re
import threading
from collections.abc import Callable, Mapping

import attrs
import httpx

__all__ = ["App", "Fault", "FaultKind", "FaultPlan", "apply_fault", "operation_of"]

#: A sandbox application: one request in, one response out, in process.
App = Callable[[httpx.Request], httpx.Response]


class FaultKind(enum.Enum):
    """What a fault does to a request.

    Examples:
        >>> FaultKind("timeout_after_apply") is FaultKind.TIMEOUT_AFTER_APPLY
        True
    """

    #: Answer with a status code and body; the app is not called.
    STATUS = "status"
    #: Time out before the request reaches the app (nothing changes on the server).
    TIMEOUT_BEFORE = "timeout_before"
    #: Call the app (its state changes), then time out while reading the answer.
    TIMEOUT_AFTER_APPLY = "timeout_after_apply"
    #: Fail to connect; the app is not called.
    CONNECT_ERROR = "connect_error"
    #: Call the app, then replace the body with bytes that are not valid JSON.
    MALFORMED_BODY = "malformed_body"
    #: Answer 429 with a `retry-after` header; the app is not called.
    RATE_LIMITED = "rate_limited"


def _freeze_headers(value: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple((value or {}).items())


@attrs.frozen(kw_only=True)
class Fault:
    """One injected failure. Build it with the class methods rather than by hand.

    Attributes:
        kind: what happens.
        status: the status code answered (STATUS and RATE_LIMITED).
        body: the body answered (STATUS, RATE_LIMITED, MALFORMED_BODY).
        headers: extra response headers.
        retry_after: seconds announced in `retry-after` (RATE_LIMITED).

    Examples:
        >>> Fault.rate_limited(retry_after=2).status
        429
    """

    kind: FaultKind
    status: int = 500
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    retry_after: float | None = None

    @classmethod
    def error(
        cls,
        status: int,
        body: bytes | Mapping[str, object] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer `status` with `body` (a mapping is sent as JSON) without calling the app.

        Examples:
            >>> Fault.error(502, {"error": "bad gateway"}).body
            b'{"error": "bad gateway"}'
        """
        if body is None:
            body = {"error": httpx.codes.get_reason_phrase(status) or "error"}
        content = body if isinstance(body, bytes) else json.dumps(dict(body)).encode()
        return cls(
            kind=FaultKind.STATUS, status=status, body=content, headers=_freeze_headers(headers)
        )

    @classmethod
    def timeout_before(cls) -> Fault:
        """Raise a timeout before the app sees the request.

        Examples:
            >>> Fault.timeout_before().kind.value
            'timeout_before'
        """
        return cls(kind=FaultKind.TIMEOUT_BEFORE)

    @classmethod
    def timeout_after_apply(cls) -> Fault:
        """Let the app apply the request, then raise a read timeout.

        Examples:
            >>> Fault.timeout_after_apply().kind.value
            'timeout_after_apply'
        """
        return cls(kind=FaultKind.TIMEOUT_AFTER_APPLY)

    @classmethod
    def connect_error(cls) -> Fault:
        """Fail to connect.

        Examples:
            >>> Fault.connect_error().kind.value
            'connect_error'
        """
        return cls(kind=FaultKind.CONNECT_ERROR)

    @classmethod
    def malformed(cls, body: bytes = b'{"results": [') -> Fault:
        """Let the app answer, then swap its body for `body` (truncated JSON by default).

        Examples:
            >>> Fault.malformed().body
            b'{"results": ['
        """
        return cls(kind=FaultKind.MALFORMED_BODY, body=body)

    @classmethod
    def rate_limited(
        cls,
        *,
        retry_after: float = 1,
        body: bytes | Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Fault:
        """Answer 429 with `retry-after` without calling the app.

        Examples:
            >>> dict(Fault.rate_limited(retry_after=3).headers)["retry-after"]
            '3'
        """
        if body is None:
            body = {"error": "Too Many Requests"}
        content = body if isinstance(body, bytes) else json.dumps(dict(body)).encode()
        all_headers = {"retry-after": _seconds_text(retry_after), **(headers or {})}
        return cls(
            kind=FaultKind.RATE_LIMITED,
            status=429,
            body=content,
            headers=_freeze_headers(all_headers),
            retry_after=retry_after,
        )


def _seconds_text(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)


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
    """A thread-safe, ordered list of faults waiting to fire.

    Rules are tried in the order they were added; the first one matching a request fires and
    its count goes down by one. A rule with no criteria matches every request.

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

    def take(self, request: httpx.Request, operation: str | None) -> Fault | None:
        """Return the fault for `request`, spending one use of it, or `None`."""
        with self._lock:
            for index, rule in enumerate(self._rules):
                if rule.matches(request, operation):
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        del self._rules[index]
                    self.fired.append((request.method, request.url.path, rule.fault))
                    return rule.fault
        return None

    def clear(self) -> None:
        """Drop every pending fault."""
        with self._lock:
            self._rules.clear()

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
    `httpx.ConnectTimeout`, `httpx.ReadTimeout`) for the network-shaped faults.

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
    if kind in (FaultKind.STATUS, FaultKind.RATE_LIMITED):
        headers = {"content-type": "application/json", **dict(fault.headers)}
        return httpx.Response(fault.status, headers=headers, content=fault.body, request=request)
    response = app(request)
    if kind is FaultKind.TIMEOUT_AFTER_APPLY:
        raise httpx.ReadTimeout("sandbox fault: timed out reading the answer", request=request)
    # MALFORMED_BODY: keep status and headers (rate-limit headers, say), break the body.
    kept = httpx.Headers(response.headers)
    kept.pop("content-length", None)
    kept.update(dict(fault.headers))
    return httpx.Response(response.status_code, headers=kept, content=fault.body, request=request)
