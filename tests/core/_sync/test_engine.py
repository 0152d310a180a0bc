# Generated from tests/core/_async/test_engine.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The HTTP engine as a client sees it: retries, writes, auth renewal, errors, pagination.

Written once against `SyncEngine`; the same tests run against `SyncEngine` from the generated
twin in `tests/core/_sync/`.
"""

from __future__ import annotations

import json
import logging

import attrs
import httpx
import pydantic
import pytest
from tests.core.engine_support import (
    BASE,
    BearerAuth,
    CountingLimiter,
    Handler,
    RenewalServer,
    Script,
    TokenServer,
    config,
    decode,
    invalid_grant,
    json_call,
    offset_pages,
    revoked_grant,
)

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._config import ErrorDetails
from marketplace_sdk.core._engine import USER_AGENT
from marketplace_sdk.core._errors import (
    ApiError,
    AuthenticationError,
    DeadlineExceededError,
    ErrorClass,
    NotFoundError,
    PermissionDeniedError,
    QuotaExhaustedError,
    RateLimitedError,
    ResponseParseError,
    ServerError,
    TokenRefreshLostError,
    TokenRevokedError,
    TransportError,
    TransportTimeoutError,
)
from marketplace_sdk.core._pagination import OffsetPaginator, Page, TokenPaginator
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._sync.engine import SyncEngine


def engine_for(script: Handler, clock: FakeClock, **kwargs: object) -> SyncEngine:
    return SyncEngine(config(clock, **kwargs), transport=httpx.MockTransport(script))


def post(path: str) -> Call[int]:
    return Call(ApiRequest(method="POST", path=path), parse=lambda r: r.status_code)


# --- retries ---------------------------------------------------------------------------------


def test_retries_server_errors_on_reads_with_growing_jittered_backoff(
    clock: FakeClock,
) -> None:
    script = Script([httpx.Response(503), httpx.Response(502), httpx.Response(200, json=[1])])
    policy = RetryPolicy(base_delay=1.0, max_delay=30.0)
    with engine_for(script, clock, retry=policy) as engine:
        assert engine.call(json_call()) == [1]
    assert len(script.requests) == 3
    assert len(clock.sleeps) == 2
    first, second = clock.sleeps
    assert 0 <= first <= 1.0
    assert 0 <= second <= 2.0


def test_gives_up_after_max_attempts_with_the_last_error(clock: FakeClock) -> None:
    script = Script([httpx.Response(504, text="gateway")])
    with engine_for(script, clock, retry=RetryPolicy(max_attempts=3)) as engine:
        with pytest.raises(ServerError) as caught:
            engine.call(json_call())
    assert len(script.requests) == 3
    assert caught.value.status == 504
    assert caught.value.error_class is ErrorClass.TRANSIENT


def test_500_is_retried_on_reads(clock: FakeClock) -> None:
    script = Script([httpx.Response(500), httpx.Response(500), httpx.Response(200, json=[1])])
    with engine_for(script, clock) as engine:
        assert engine.call(json_call()) == [1]
    assert len(script.requests) == 3
    assert len(clock.sleeps) == 2


def test_a_500_on_a_read_is_retried_within_the_bounded_backoff(clock: FakeClock) -> None:
    script = Script([httpx.Response(500, text="oops")])
    policy = RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=2.0)
    with engine_for(script, clock, retry=policy) as engine:
        with pytest.raises(ServerError) as caught:
            engine.call(json_call())
    assert len(script.requests) == 4
    assert caught.value.status == 500
    assert all(0 <= wait <= 2.0 for wait in clock.sleeps)


def test_a_write_is_not_retried_on_500(clock: FakeClock) -> None:
    script = Script([httpx.Response(500), httpx.Response(201)])
    with engine_for(script, clock) as engine:
        with pytest.raises(ServerError):
            engine.call(post("/shipments"))
    assert len(script.requests) == 1


def test_retry_after_is_honoured_in_seconds(clock: FakeClock) -> None:
    script = Script(
        [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={})]
    )
    with engine_for(script, clock) as engine:
        engine.call(json_call())
    assert clock.sleeps == [7.0]


def test_retry_after_as_http_date(clock: FakeClock) -> None:
    script = Script(
        [
            httpx.Response(503, headers={"Retry-After": "Thu, 01 Jan 2026 00:00:12 GMT"}),
            httpx.Response(200, json={}),
        ]
    )
    with engine_for(script, clock) as engine:
        engine.call(json_call())
    # a 503's Retry-After is not a rate limit: backoff applies; the date is only parsed for 429
    assert len(clock.sleeps) == 1


def test_429_with_http_date_waits_until_that_date(clock: FakeClock) -> None:
    script = Script(
        [
            httpx.Response(429, headers={"Retry-After": "Thu, 01 Jan 2026 00:00:12 GMT"}),
            httpx.Response(200, json={}),
        ]
    )
    with engine_for(script, clock) as engine:
        engine.call(json_call())
    assert clock.sleeps == [12.0]


def test_a_retry_after_longer_than_allowed_is_raised_for_the_caller(
    clock: FakeClock,
) -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": "86400"}, text="daily")])
    with engine_for(script, clock) as engine:
        with pytest.raises(RateLimitedError) as caught:
            engine.call(json_call())
    assert caught.value.retry_after == 86400.0
    assert clock.sleeps == []
    assert len(script.requests) == 1


def test_429_is_retried_even_for_a_write(clock: FakeClock) -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(201)])
    with engine_for(script, clock) as engine:
        assert engine.call(post("/shipments")) == 201
    assert len(script.requests) == 2


def test_a_write_that_timed_out_after_sending_is_not_sent_again(clock: FakeClock) -> None:
    script = Script([httpx.ReadTimeout("read timed out"), httpx.Response(201)])
    with engine_for(script, clock) as engine:
        with pytest.raises(TransportTimeoutError) as caught:
            engine.call(post("/shipments"))
    assert len(script.requests) == 1
    assert caught.value.sent is True


def test_a_write_that_never_connected_is_retried(clock: FakeClock) -> None:
    script = Script([httpx.ConnectError("refused"), httpx.Response(201)])
    with engine_for(script, clock) as engine:
        assert engine.call(post("/shipments")) == 201
    assert len(script.requests) == 2


def test_a_write_is_not_retried_on_502(clock: FakeClock) -> None:
    script = Script([httpx.Response(502), httpx.Response(201)])
    with engine_for(script, clock) as engine:
        with pytest.raises(ServerError):
            engine.call(post("/offers"))
    assert len(script.requests) == 1


def test_an_idempotent_write_may_be_retried_after_a_timeout(clock: FakeClock) -> None:
    script = Script([httpx.ReadTimeout("slow"), httpx.Response(200, json={"ok": 1})])
    with engine_for(script, clock) as engine:
        assert engine.call(json_call("/inventory", method="PUT")) == {"ok": 1}


def test_overall_deadline_stops_retrying(clock: FakeClock) -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": "50"})])
    policy = RetryPolicy(max_attempts=10, deadline=120.0)
    with engine_for(script, clock, retry=policy) as engine:
        with pytest.raises(DeadlineExceededError) as caught:
            engine.call(json_call())
    assert sum(clock.sleeps) <= 120.0
    assert isinstance(caught.value.last_error, RateLimitedError)
    assert caught.value.error_class is ErrorClass.TRANSIENT


def test_transport_errors_on_reads_are_retried_then_raised(clock: FakeClock) -> None:
    script = Script([httpx.RemoteProtocolError("server hung up")])
    with engine_for(script, clock, retry=RetryPolicy(max_attempts=2)) as engine:
        with pytest.raises(TransportError) as caught:
            engine.call(json_call())
    assert len(script.requests) == 2
    assert "RemoteProtocolError" in str(caught.value)


# --- errors ------------------------------------------------------------------------------------


def test_errors_keep_the_marketplace_code_message_and_context(clock: FakeClock) -> None:
    script = Script([httpx.Response(404, json={"code": "LISTING_GONE", "error": "No listing 5"})])
    with engine_for(script, clock, error_decoder=decode) as engine:
        with pytest.raises(NotFoundError) as caught:
            engine.call(json_call("/listings/5"))
    error = caught.value
    assert (error.status, error.code, error.message) == (404, "LISTING_GONE", "No listing 5")
    assert error.request_id == "rq-1"
    assert error.method == "GET"
    assert error.url == f"{BASE}/listings/5"
    assert error.body == {"code": "LISTING_GONE", "error": "No listing 5"}
    assert "LISTING_GONE" in str(error)
    assert "No listing 5" in str(error)
    assert error.marketplace == "demo"


@pytest.mark.parametrize(
    ("status", "cls", "error_class"),
    [
        (401, AuthenticationError, ErrorClass.CONFIGURATION),
        (403, PermissionDeniedError, ErrorClass.CONFIGURATION),
        (404, NotFoundError, ErrorClass.SYSTEM),
        (429, RateLimitedError, ErrorClass.TRANSIENT),
        (500, ServerError, ErrorClass.TRANSIENT),
    ],
)
def test_status_codes_map_to_error_classes(
    clock: FakeClock, status: int, cls: type[ApiError], error_class: ErrorClass
) -> None:
    script = Script([httpx.Response(status, headers={"Retry-After": "9999"})])
    with engine_for(script, clock) as engine:
        with pytest.raises(cls) as caught:
            engine.call(json_call())
    assert caught.value.error_class is error_class


def test_an_error_inside_a_200_body_is_treated_like_an_http_error(clock: FakeClock) -> None:
    def parse(response: httpx.Response) -> object:
        raise ServerError("temporarily unavailable", code="ERR_999", status=None)

    script = Script([httpx.Response(200, text="<x/>")])
    call = Call(ApiRequest(method="GET", path="/q"), parse=parse)
    with engine_for(script, clock, retry=RetryPolicy(max_attempts=2)) as engine:
        with pytest.raises(ServerError) as caught:
            engine.call(call)
    assert len(script.requests) == 2
    assert caught.value.code == "ERR_999"
    assert caught.value.url == f"{BASE}/q"
    assert caught.value.status == 200


def test_malformed_bodies_become_response_parse_errors(clock: FakeClock) -> None:
    script = Script([httpx.Response(200, text="{not json")])
    with engine_for(script, clock) as engine:
        with pytest.raises(ResponseParseError) as caught:
            engine.call(json_call())
    assert caught.value.body_excerpt == "{not json"


def test_a_read_whose_answer_is_cut_short_is_retried_never_read_short(
    clock: FakeClock,
) -> None:
    cut, whole = '{"items": [1, 2', {"items": [1, 2, 3]}
    script = Script([httpx.Response(200, text=cut), httpx.Response(200, json=whole)])
    with engine_for(script, clock) as engine:
        assert engine.call(json_call()) == {"items": [1, 2, 3]}
    assert len(script.requests) == 2


def test_a_read_cut_short_every_time_raises_a_transient_parse_error(
    clock: FakeClock,
) -> None:
    script = Script([httpx.Response(200, text='{"items": [1, 2')])
    with engine_for(script, clock, retry=RetryPolicy(max_attempts=3)) as engine:
        with pytest.raises(ResponseParseError) as caught:
            engine.call(json_call())
    assert len(script.requests) == 3
    assert caught.value.error_class is ErrorClass.TRANSIENT


def test_a_write_whose_answer_is_cut_short_is_not_sent_again(clock: FakeClock) -> None:
    script = Script([httpx.Response(200, text='{"id": 1')])
    with engine_for(script, clock) as engine:
        with pytest.raises(ResponseParseError) as caught:
            engine.call(json_call("/things", method="POST"))
    assert len(script.requests) == 1
    assert caught.value.error_class is ErrorClass.TRANSIENT


def test_a_whole_answer_of_the_wrong_shape_is_a_system_error_not_retried(
    clock: FakeClock,
) -> None:
    class Item(pydantic.BaseModel):
        id: int

    script = Script([httpx.Response(200, json={"id": "not a number"})])
    call = Call(
        ApiRequest(method="GET", path="/item"),
        parse=lambda response: Item.model_validate_json(response.content),
    )
    with engine_for(script, clock) as engine:
        with pytest.raises(ResponseParseError) as caught:
            engine.call(call)
    assert len(script.requests) == 1
    assert caught.value.error_class is ErrorClass.SYSTEM


def test_requests_carry_the_user_agent_and_query(clock: FakeClock) -> None:
    script = Script([httpx.Response(200, json={})])
    with engine_for(script, clock) as engine:
        engine.call(json_call(params={"state": "active", "limit": 100, "skip": None}))
    sent = script.requests[0]
    assert sent.headers["user-agent"] == USER_AGENT
    assert sent.url.params.multi_items() == [("state", "active"), ("limit", "100")]


def test_a_broken_error_decoder_never_hides_the_error(clock: FakeClock) -> None:
    def broken(response: httpx.Response) -> ErrorDetails | None:
        raise KeyError("no such field")

    script = Script([httpx.Response(404, text="<html>gone</html>")])
    with engine_for(script, clock, error_decoder=broken) as engine:
        with pytest.raises(NotFoundError) as caught:
            engine.call(json_call())
    assert caught.value.message == "Not Found"
    assert caught.value.body is None
    assert caught.value.body_excerpt == "<html>gone</html>"


def test_a_custom_classifier_picks_the_error_class(clock: FakeClock) -> None:
    def classify(response: httpx.Response, details: ErrorDetails | None) -> type[ApiError] | None:
        return TokenRevokedError if "invalid_grant" in response.text else None

    script = Script([httpx.Response(400, json={"error": "invalid_grant"})])
    with engine_for(script, clock, classify=classify) as engine:
        with pytest.raises(TokenRevokedError):
            engine.call(json_call())


# --- secrets -----------------------------------------------------------------------------------


def test_no_secret_reaches_logs_reprs_or_exceptions(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "s3cr3t-token-value"
    body = json.dumps({"error": "bad", "access_token": secret})
    script = Script([httpx.Response(503, text=body), httpx.Response(400, text=body)])
    caplog.set_level(logging.DEBUG, logger="marketplace_sdk")
    with engine_for(script, clock, auth=BearerAuth(secret)) as engine:
        with pytest.raises(ApiError) as caught:
            engine.call(json_call(params={"token": secret, "page": 2}))
        error = caught.value
        texts = [str(error), repr(error), error.url or "", error.body_excerpt or "", repr(engine)]
    texts += [record.getMessage() for record in caplog.records]
    assert script.requests[0].headers["authorization"] == f"Bearer {secret}"
    assert caplog.records, "the engine logs its requests at DEBUG"
    for text in texts:
        assert secret not in text


# --- auth --------------------------------------------------------------------------------------


def test_a_refused_token_is_renewed_once_and_the_call_resent(clock: FakeClock) -> None:
    server = TokenServer()
    server.issued = 1  # the client's t0 is stale
    auth = BearerAuth()
    with engine_for(server, clock, auth=auth) as engine:
        assert engine.call(json_call()) == {"ok": True}
    assert auth.refreshes == 1
    assert server.calls == ["/items", "/token", "/items"]


def test_a_token_that_is_refused_after_renewal_raises(clock: FakeClock) -> None:
    script = Script(
        [httpx.Response(401), httpx.Response(200, json={"access_token": "t1"}), httpx.Response(401)]
    )
    auth = BearerAuth()
    with engine_for(script, clock, auth=auth) as engine:
        with pytest.raises(AuthenticationError):
            engine.call(json_call())
    assert auth.refreshes == 1


def test_a_revoked_grant_surfaces_as_token_revoked(clock: FakeClock) -> None:
    def revoked(response: httpx.Response) -> None:
        raise TokenRevokedError("the seller must reconnect the shop", code="invalid_grant")

    class RevokedAuth(BearerAuth):
        def refresh_call(self) -> Call[None]:
            return Call(
                ApiRequest(method="POST", path="/token", authenticated=False), parse=revoked
            )

    script = Script([httpx.Response(200, json={})])
    with engine_for(script, clock, auth=RevokedAuth(expired=True)) as engine:
        with pytest.raises(TokenRevokedError) as caught:
            engine.call(json_call())
    assert caught.value.error_class is ErrorClass.CONFIGURATION


# --- renewal under faults -----------------------------------------------------------------------


@pytest.mark.parametrize("expired", [True, False], ids=["expiring", "refused"])
def test_after_invalid_grant_no_call_sends_another_refresh(clock: FakeClock, expired: bool) -> None:
    server = RenewalServer([invalid_grant()])
    server.issued = 1  # the client's t0 is refused
    errors: list[TokenRevokedError] = []
    with engine_for(
        server, clock, auth=BearerAuth(expired=expired), classify=revoked_grant
    ) as engine:
        for _ in range(20):
            with pytest.raises(TokenRevokedError) as caught:
                engine.call(json_call())
            errors.append(caught.value)
    assert server.refreshes == 1
    assert {str(error) for error in errors} == {str(errors[0])}
    assert "invalid_grant" in errors[0].body_excerpt
    assert all(error.error_class is ErrorClass.CONFIGURATION for error in errors)


def test_a_reconnected_shop_renews_again_after_invalid_grant(clock: FakeClock) -> None:
    server = RenewalServer([invalid_grant(), "issue"])
    server.issued = 1
    auth = BearerAuth()
    with engine_for(server, clock, auth=auth, classify=revoked_grant) as engine:
        with pytest.raises(TokenRevokedError):
            engine.call(json_call())
        with pytest.raises(TokenRevokedError):
            engine.call(json_call())
        assert server.refreshes == 1
        auth.generation += 1  # the seller reconnected: new credentials were stored
        assert engine.call(json_call()) == {"ok": True}
    assert server.refreshes == 2


@pytest.mark.parametrize(
    "lost",
    [
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("peer closed the connection"),
        httpx.Response(200, text='{"access_token": "t'),
    ],
    ids=["timeout", "reset", "truncated"],
)
def test_a_lost_refresh_answer_is_never_resent_and_asks_for_a_reconnect(
    clock: FakeClock, lost: httpx.Response | Exception
) -> None:
    server = RenewalServer([lost, "issue"])
    server.issued = 1
    with engine_for(server, clock, auth=BearerAuth()) as engine:
        with pytest.raises(TokenRefreshLostError) as caught:
            engine.call(json_call())
        with pytest.raises(TokenRefreshLostError):
            engine.call(json_call())
    assert server.refreshes == 1
    error = caught.value
    assert isinstance(error, TokenRevokedError)
    assert error.error_class is ErrorClass.CONFIGURATION
    assert "reconnect the shop" in str(error)
    assert isinstance(error.__cause__, TransportError | ResponseParseError)


def test_a_refresh_is_not_resent_by_the_retry_of_the_read_it_serves(
    clock: FakeClock,
) -> None:
    server = RenewalServer([httpx.Response(503), "issue"])
    with engine_for(server, clock, auth=BearerAuth(expired=True)) as engine:
        with pytest.raises(ServerError) as caught:
            engine.call(json_call())
        assert server.refreshes == 1
        assert caught.value.status == 503
        # not a refusal: the next call may renew again, and does
        assert engine.call(json_call()) == {"ok": True}
    assert server.calls == ["/token", "/token", "/items"]


def test_a_renewal_whose_5xx_applies_nothing_is_retried_on_its_own(
    clock: FakeClock,
) -> None:
    class FiveHundredSafeAuth(BearerAuth):
        def refresh_call(self) -> Call[None]:
            call = super().refresh_call()
            return Call(attrs.evolve(call.request, retry_server_errors=True), parse=call.parse)

    server = RenewalServer([httpx.Response(500), httpx.Response(503), "issue"])
    auth = FiveHundredSafeAuth(expired=True)
    with engine_for(server, clock, auth=auth) as engine:
        assert engine.call(json_call()) == {"ok": True}
    assert server.calls == ["/token", "/token", "/token", "/items"]
    assert auth.refreshes == 1


# --- rate limits -------------------------------------------------------------------------------


def test_the_limiter_is_consulted_on_every_attempt(clock: FakeClock) -> None:
    limiter = CountingLimiter(allowance=2)
    script = Script([httpx.Response(503), httpx.Response(503), httpx.Response(200, json={})])
    with engine_for(script, clock, limiter=limiter) as engine:
        engine.call(json_call(bucket="orders"))
    assert limiter.buckets == ["orders"] * 3
    assert 1.0 in clock.sleeps


def test_the_limiter_waits_on_the_clock(clock: FakeClock) -> None:
    limiter = CountingLimiter(allowance=1)
    script = Script([httpx.Response(200, json={})])
    with engine_for(script, clock, limiter=limiter) as engine:
        engine.call(json_call())
        engine.call(json_call())
    assert clock.sleeps == [1.0]


def test_a_spent_quota_is_raised_at_once_and_names_the_marketplace(
    clock: FakeClock,
) -> None:
    class Spent:
        def reserve(self, bucket: str = "default", weight: int = 1) -> float:
            raise QuotaExhaustedError("daily budget spent", retry_after=3600.0)

    script = Script([httpx.Response(200, json={})])
    with engine_for(script, clock, limiter=Spent()) as engine:
        with pytest.raises(QuotaExhaustedError) as caught:
            engine.call(json_call())
    assert script.requests == []
    assert caught.value.marketplace == "demo"
    assert caught.value.retry_after == 3600.0
    assert caught.value.from_limiter is True


def test_a_retry_the_limiter_refuses_raises_the_failure_that_needed_it(
    clock: FakeClock,
) -> None:
    class OncePerHour:
        def __init__(self) -> None:
            self.used = False

        def reserve(self, bucket: str = "default", weight: int = 1) -> float:
            if self.used:
                raise QuotaExhaustedError("P41 allowed once per hour", retry_after=3599.0)
            self.used = True
            return 0.0

    script = Script([httpx.Response(503, text="maintenance")])
    with engine_for(script, clock, limiter=OncePerHour()) as engine:
        with pytest.raises(ServerError) as caught:
            engine.call(json_call())
    assert len(script.requests) == 1
    assert caught.value.status == 503
    assert any("once per hour" in note for note in caught.value.__notes__)


def test_a_refused_retry_after_a_connection_error_raises_that_error(
    clock: FakeClock,
) -> None:
    class Spent:
        calls = 0

        def reserve(self, bucket: str = "default", weight: int = 1) -> float:
            self.calls += 1
            if self.calls > 1:
                raise QuotaExhaustedError("spent", retry_after=60.0)
            return 0.0

    script = Script([httpx.ConnectError("refused")])
    with engine_for(script, clock, limiter=Spent()) as engine:
        with pytest.raises(TransportError) as caught:
            engine.call(json_call())
    assert caught.value.sent is False


# --- pagination --------------------------------------------------------------------------------


def test_pagination_is_lazy(clock: FakeClock) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        offset = int(request.url.params["offset"])
        items = list(range(offset, min(250, offset + 100)))
        return httpx.Response(200, json={"count": 250, "results": items})

    with engine_for(handler, clock) as engine:
        items = engine.paginate(OffsetPaginator(offset_pages, limit=100))
        assert requests == []
        first = [next(items) for _ in range(100)]
        assert len(requests) == 1
        assert first == list(range(100))
        next(items)
        assert len(requests) == 2
        rest = [item for item in items]
    assert len(requests) == 3
    assert rest[-1] == 249


def test_pagination_follows_next_tokens_lazily(clock: FakeClock) -> None:
    pages = {None: (["a", "b"], "p2"), "p2": (["c"], None)}
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("token")
        seen.append(token)
        items, following = pages[token]
        return httpx.Response(200, json={"items": items, "next": following})

    def fetch(token: str | None) -> Call[Page[str]]:
        return Call(
            ApiRequest(method="GET", path="/letters", params={"token": token}),
            parse=lambda r: Page(items=r.json()["items"], next_token=r.json()["next"]),
        )

    with engine_for(handler, clock) as engine:
        iterator = engine.paginate(TokenPaginator(fetch))
        assert seen == []
        assert next(iterator) == "a"
        assert seen == [None]
        assert [item for item in iterator] == ["b", "c"]
    assert seen == [None, "p2"]


def test_offset_pagination_stops_at_the_marketplace_cap(clock: FakeClock) -> None:
    requests: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        requests.append(offset)
        return httpx.Response(200, json={"count": 10**6, "results": list(range(100))})

    paginator = OffsetPaginator(offset_pages, limit=100, max_offset=300)
    with engine_for(handler, clock) as engine:
        items = [item for item in engine.paginate(paginator)]
    assert requests == [0, 100, 200, 300]
    assert len(items) == 400
    assert paginator.truncated is True


# --- the HTTP client ---------------------------------------------------------------------------


def test_an_engine_uses_a_given_http_client_and_leaves_it_open(clock: FakeClock) -> None:
    client = httpx.Client(
        base_url=BASE, transport=httpx.MockTransport(lambda r: httpx.Response(200, json=1))
    )
    with SyncEngine(config(clock), http_client=client) as engine:
        assert engine.call(json_call()) == 1
        assert "demo" in repr(engine)
    assert not client.is_closed
    client.close()


def test_per_call_timeouts_reach_the_transport(clock: FakeClock) -> None:
    seen: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions.get("timeout"))
        return httpx.Response(200, json={})

    with engine_for(handler, clock) as engine:
        engine.call(json_call(timeout=3.0))
    assert seen == [{"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}]
