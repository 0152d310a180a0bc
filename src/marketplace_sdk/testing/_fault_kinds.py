"""What a sandbox fault is: its kind, how it is built, and the usual chaos mix.

`Fault` values are plain data; `marketplace_sdk.testing._faults` holds the plan that fires them
and the one place their semantics live (`apply_fault`).

Examples:
    >>> Fault.error(503).label, Fault.reset(after_apply=True).kind.value
    ('http_503', 'reset_after_apply')
    >>> sorted({fault.label for fault, _ in MIXED_FAULTS})[:3]
    ['http_429', 'http_500', 'http_502']
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping

import attrs
import httpx

__all__ = ["MIXED_FAULTS", "Fault", "FaultKind"]


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
    #: Call the app, then cut its body short (status and headers kept, framing correct): what
    #: a proxy or a dropped upstream stream hands over. The client sees a shorter document.
    TRUNCATED_BODY = "truncated_body"
    #: The server drops the connection before the request reaches the app.
    RESET_BEFORE = "reset_before"
    #: Call the app (its state changes), then the connection is reset before the answer.
    RESET_AFTER_APPLY = "reset_after_apply"
    #: Call the app (its state changes), then answer a status code and body in place of its
    #: answer: a server that did the work and still reported an error.
    STATUS_AFTER_APPLY = "status_after_apply"


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
        keep: the share of the body kept (TRUNCATED_BODY).

    Examples:
        >>> Fault.rate_limited(retry_after=2).status
        429
    """

    kind: FaultKind
    status: int = 500
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    retry_after: float | None = None
    keep: float = 0.5

    @property
    def label(self) -> str:
        """The fault's class in a chaos report: its kind, and its status for an error answer.

        Examples:
            >>> Fault.error(503).label, Fault.rate_limited().label, Fault.truncated().label
            ('http_503', 'http_429', 'truncated_body')
        """
        if self.kind in (FaultKind.STATUS, FaultKind.RATE_LIMITED):
            return f"http_{self.status}"
        if self.kind is FaultKind.STATUS_AFTER_APPLY:
            return f"http_{self.status}_after_apply"
        label: str = self.kind.value
        return label

    @classmethod
    def error(
        cls,
        status: int,
        body: bytes | Mapping[str, object] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        after_apply: bool = False,
    ) -> Fault:
        """Answer `status` with `body` (a mapping is sent as JSON) without calling the app.

        With `after_apply`, the app is called first (its state changes) and its answer is
        replaced: a write that was done although the server answered an error.

        Examples:
            >>> Fault.error(502, {"error": "bad gateway"}).body
            b'{"error": "bad gateway"}'
            >>> Fault.error(500, after_apply=True).label
            'http_500_after_apply'
        """
        if body is None:
            body = {"error": httpx.codes.get_reason_phrase(status) or "error"}
        content = body if isinstance(body, bytes) else json.dumps(dict(body)).encode()
        kind = FaultKind.STATUS_AFTER_APPLY if after_apply else FaultKind.STATUS
        return cls(kind=kind, status=status, body=content, headers=_freeze_headers(headers))

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
    def truncated(cls, keep: float = 0.5) -> Fault:
        """Let the app answer, then keep only the first `keep` share of its body.

        The answer is otherwise well formed (status, headers, a length that matches what is
        sent), so only the document itself shows that it was cut.

        Examples:
            >>> Fault.truncated(0.25).keep
            0.25
        """
        if not 0 <= keep < 1:
            raise ValueError("keep must be in [0, 1)")
        return cls(kind=FaultKind.TRUNCATED_BODY, keep=keep)

    @classmethod
    def reset(cls, *, after_apply: bool = False) -> Fault:
        """Drop the connection: before the app sees the request, or after it applied it.

        Examples:
            >>> Fault.reset().kind.value, Fault.reset(after_apply=True).kind.value
            ('reset_before', 'reset_after_apply')
        """
        return cls(kind=FaultKind.RESET_AFTER_APPLY if after_apply else FaultKind.RESET_BEFORE)

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


#: The usual chaos mix, `(fault, weight)`: server errors, 429s with `Retry-After`, timeouts and
#: resets before and after the server applied the request, and truncated bodies.
MIXED_FAULTS: tuple[tuple[Fault, float], ...] = (
    (Fault.error(500), 1),
    (Fault.error(502), 1),
    (Fault.error(503), 1),
    (Fault.error(504), 1),
    (Fault.rate_limited(retry_after=1), 1),
    (Fault.rate_limited(retry_after=5), 1),
    (Fault.timeout_before(), 1),
    (Fault.timeout_after_apply(), 1),
    (Fault.reset(), 1),
    (Fault.reset(after_apply=True), 1),
    (Fault.truncated(0.3), 1),
    (Fault.truncated(0.7), 1),
)
