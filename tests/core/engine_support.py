"""What the engine tests share: canned transports, a test authenticator and limiter."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import datetime

import attrs
import httpx

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._config import EngineConfig, ErrorDetails
from marketplace_sdk.core._errors import ApiError, TokenRevokedError
from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._request import ApiRequest, Call

BASE = "https://api.example"
Handler = Callable[[httpx.Request], httpx.Response]


def json_call(path: str = "/items", *, method: str = "GET", **kwargs: object) -> Call[object]:
    return Call(
        ApiRequest(method=method, path=path, operation="op", **kwargs),  # type: ignore[arg-type]
        parse=lambda response: response.json(),
    )


def config(clock: FakeClock, **kwargs: object) -> EngineConfig:
    return EngineConfig(
        marketplace="demo",
        base_url=BASE,
        clock=clock,
        rng=random.Random(7),
        **kwargs,  # type: ignore[arg-type]
    )


class Script:
    """A transport handler answering from a list of canned outcomes, recording every request."""

    def __init__(self, outcomes: list[httpx.Response | Exception]) -> None:
        self.outcomes = outcomes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def decode(response: httpx.Response) -> ErrorDetails | None:
    body = response.json()
    return ErrorDetails(code=body.get("code"), message=body.get("error"), request_id="rq-1")


@attrs.define
class BearerAuth:
    """A test authenticator: token `t<generation>`, renewed by calling POST /token."""

    token: str = "t0"
    generation: int = 0
    refreshes: int = 0
    expired: bool = False
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def apply(self, request: ApiRequest) -> ApiRequest:
        return attrs.evolve(
            request, headers={**request.headers, "Authorization": f"Bearer {self.token}"}
        )

    def needs_refresh(self, now: datetime) -> bool:
        return self.expired

    def refresh_call(self) -> Call[None]:
        def parse(response: httpx.Response) -> None:
            with self.lock:
                self.refreshes += 1
                self.generation += 1
                self.token = response.json()["access_token"]
                self.expired = False

        return Call(
            ApiRequest(method="POST", path="/token", authenticated=False, operation="token"),
            parse=parse,
        )

    def can_recover(self, error: ApiError) -> bool:
        return error.status == 401


class TokenServer:
    """Accepts only the newest token; /token hands out the next one."""

    def __init__(self) -> None:
        self.issued = 0
        self.lock = threading.Lock()
        self.calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.calls.append(request.url.path)
            if request.url.path == "/token":
                self.issued += 1
                return httpx.Response(200, json={"access_token": f"t{self.issued}"})
            if request.headers.get("authorization") != f"Bearer t{self.issued}":
                return httpx.Response(401, json={"error": "invalid_token"})
            return httpx.Response(200, json={"ok": True})


class CountingLimiter:
    """Allows `allowance` calls, then asks for a one-second wait and refills."""

    def __init__(self, allowance: int) -> None:
        self.allowance = allowance
        self.left = allowance
        self.buckets: list[str] = []

    def reserve(self, bucket: str = "default", weight: int = 1) -> float:
        if self.left == 0:
            self.left = self.allowance
            return 1.0
        self.left -= 1
        self.buckets.append(bucket)
        return 0.0


def offset_pages(offset: int, limit: int) -> Call[Page[int]]:
    return Call(
        ApiRequest(method="GET", path="/numbers", params={"offset": offset, "limit": limit}),
        parse=lambda r: Page(items=r.json()["results"], total=r.json()["count"]),
    )


def revoked_grant(response: httpx.Response, details: ErrorDetails | None) -> type[ApiError] | None:
    """A classifier reading OAuth's `invalid_grant` as a revoked authorization."""
    return TokenRevokedError if b"invalid_grant" in response.content else None


class RenewalServer:
    """An API that accepts only `Bearer t<issued>`, and a /token endpoint answering from a script.

    Each scripted outcome is a response, an exception to raise, or "issue" (hand out the next
    token). The last outcome repeats.
    """

    def __init__(self, token_outcomes: list[httpx.Response | Exception | str]) -> None:
        self.issued = 0
        self.token_outcomes = token_outcomes
        self.lock = threading.Lock()
        self.calls: list[str] = []

    @property
    def refreshes(self) -> int:
        return self.calls.count("/token")

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.calls.append(request.url.path)
            if request.url.path == "/token":
                outcomes = self.token_outcomes
                outcome = outcomes.pop(0) if len(outcomes) > 1 else outcomes[0]
                if isinstance(outcome, Exception):
                    raise outcome
                if isinstance(outcome, httpx.Response):
                    return outcome
                self.issued += 1
                return httpx.Response(200, json={"access_token": f"t{self.issued}"})
            if request.headers.get("authorization") != f"Bearer t{self.issued}":
                return httpx.Response(401, json={"error": "invalid_token"})
            return httpx.Response(200, json={"ok": True})


def invalid_grant() -> httpx.Response:
    return httpx.Response(400, json={"error": "invalid_grant", "error_description": "revoked"})
