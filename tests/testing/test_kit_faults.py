"""FaultPlan matching and the fault semantics shared by transport and server."""

from __future__ import annotations

import threading

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.testing import MIXED_FAULTS, Fault, FaultKind, FaultPlan
from marketplace_sdk.testing._faults import apply_fault


def _request(method: str = "GET", path: str = "/v3/x") -> httpx.Request:
    return httpx.Request(method, f"http://sandbox{path}")


class CountingApp:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(200, headers={"x-remaining-this-second": "9"}, json={"ok": True})

    def operation_of(self, request: httpx.Request) -> str | None:
        return "getThing" if request.url.path == "/v3/thing" else None


def test_rule_fires_count_times_then_requests_pass() -> None:
    plan = FaultPlan()
    plan.add(Fault.error(503), count=2)
    app = CountingApp()
    statuses = [apply_fault(app, _request(), plan).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert app.calls == 1
    assert plan.pending() == 0


def test_rules_match_on_method_path_and_operation() -> None:
    plan = FaultPlan()
    plan.add(Fault.error(500), method="POST", path=r"/shipments$")
    plan.add(Fault.error(502), operation="getThing")
    app = CountingApp()
    assert apply_fault(app, _request("GET", "/a/shipments"), plan).status_code == 200
    assert apply_fault(app, _request("POST", "/a/shipments/1"), plan).status_code == 200
    assert apply_fault(app, _request("POST", "/a/shipments"), plan).status_code == 500
    assert apply_fault(app, _request("GET", "/v3/other"), plan).status_code == 200
    assert apply_fault(app, _request("GET", "/v3/thing"), plan).status_code == 502
    assert [fault.status for _, _, fault in plan.fired] == [500, 502]


def test_first_added_matching_rule_wins_and_clear_drops_all() -> None:
    plan = FaultPlan()
    plan.add(Fault.error(500))
    plan.add(Fault.error(502))
    assert apply_fault(CountingApp(), _request(), plan).status_code == 500
    plan.clear()
    assert plan.pending() == 0
    assert apply_fault(CountingApp(), _request(), plan).status_code == 200


def test_connect_error_and_timeout_before_do_not_reach_the_app() -> None:
    plan = FaultPlan()
    plan.add(Fault.connect_error())
    plan.add(Fault.timeout_before())
    app = CountingApp()
    with pytest.raises(httpx.ConnectError):
        apply_fault(app, _request(), plan)
    with pytest.raises(httpx.TimeoutException):
        apply_fault(app, _request(), plan)
    assert app.calls == 0


def test_timeout_after_apply_reaches_the_app_then_times_out() -> None:
    plan = FaultPlan()
    plan.add(Fault.timeout_after_apply())
    app = CountingApp()
    with pytest.raises(httpx.ReadTimeout):
        apply_fault(app, _request(), plan)
    assert app.calls == 1


def test_malformed_body_keeps_status_and_headers() -> None:
    plan = FaultPlan()
    plan.add(Fault.malformed())
    response = apply_fault(CountingApp(), _request(), plan)
    assert response.status_code == 200
    assert response.headers["x-remaining-this-second"] == "9"
    with pytest.raises(ValueError, match="Expecting"):
        response.json()


def test_rate_limited_answers_429_with_retry_after() -> None:
    plan = FaultPlan()
    plan.add(Fault.rate_limited(retry_after=7, body={"error": "slow down"}))
    response = apply_fault(CountingApp(), _request(), plan)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.json() == {"error": "slow down"}
    assert Fault.rate_limited(retry_after=0.5).headers == (("retry-after", "0.5"),)


def test_count_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="count"):
        FaultPlan().add(Fault.connect_error(), count=0)


@given(count=st.integers(min_value=1, max_value=40), threads=st.integers(min_value=1, max_value=8))
def test_concurrent_takers_fire_a_fault_exactly_count_times(count: int, threads: int) -> None:
    plan = FaultPlan()
    plan.add(Fault.error(500), count=count)
    hits: list[FaultKind] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(10):
            fault = plan.take(_request(), None)
            if fault is not None:
                with lock:
                    hits.append(fault.kind)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert len(hits) == min(count, 10 * threads)


def test_a_truncated_body_keeps_its_start_status_and_headers_and_reaches_the_app() -> None:
    plan = FaultPlan()
    plan.add(Fault.truncated(0.5))
    app = CountingApp()
    whole = app(_request()).content
    response = apply_fault(app, _request(), plan)
    assert app.calls == 2  # the server applied the request before the answer was cut
    assert response.status_code == 200
    assert response.headers["x-remaining-this-second"] == "9"
    assert response.content == whole[: len(whole) // 2]
    with pytest.raises(ValueError, match=r"Expecting|Unterminated"):
        response.json()


@pytest.mark.parametrize("keep", [-0.1, 1.0, 2.0])
def test_a_truncation_keeps_less_than_the_whole_body(keep: float) -> None:
    with pytest.raises(ValueError, match="keep"):
        Fault.truncated(keep)


def test_a_reset_before_does_not_reach_the_app_and_one_after_apply_does() -> None:
    plan = FaultPlan()
    plan.add(Fault.reset())
    plan.add(Fault.reset(after_apply=True))
    app = CountingApp()
    with pytest.raises(httpx.RemoteProtocolError):
        apply_fault(app, _request(), plan)
    assert app.calls == 0
    with pytest.raises(httpx.ReadError):
        apply_fault(app, _request(), plan)
    assert app.calls == 1


def _draws(plan: FaultPlan, requests: int) -> list[str | None]:
    drawn = []
    for _ in range(requests):
        fault = plan.take(_request(), "getThing")
        drawn.append(fault.label if fault is not None else None)
    return drawn


def test_random_faults_hit_about_their_rate_and_repeat_with_their_seed() -> None:
    one, two, other = FaultPlan(), FaultPlan(), FaultPlan()
    for plan, seed in ((one, 7), (two, 7), (other, 8)):
        plan.set_random(0.2, seed=seed)
    drawn = _draws(one, 2000)
    assert drawn == _draws(two, 2000)
    assert drawn != _draws(other, 2000)
    hits = [label for label in drawn if label is not None]
    assert 300 < len(hits) < 500
    # every class of the mix shows up, and the plan counts what it fired by class
    assert set(hits) == {fault.label for fault, _ in MIXED_FAULTS}
    assert sum(one.fired_by_label().values()) == len(hits)


def test_rules_go_before_random_faults_which_a_rate_of_zero_or_clear_stops() -> None:
    plan = FaultPlan()
    plan.set_random(1.0, seed=1, mix=[(Fault.error(503), 1)])
    plan.add(Fault.error(500))
    assert _draws(plan, 3) == ["http_500", "http_503", "http_503"]
    plan.set_random(0, seed=1)
    assert _draws(plan, 2) == [None, None]
    plan.set_random(1.0, seed=1, mix=[(Fault.error(503), 1)])
    plan.clear()
    assert _draws(plan, 1) == [None]


def test_random_faults_can_be_limited_to_some_operations() -> None:
    plan = FaultPlan()
    plan.set_random(1.0, seed=1, operations={"oauthToken"})
    assert plan.take(_request(), "getThing") is None
    assert plan.take(_request(), "oauthToken") is not None


@pytest.mark.parametrize(
    ("rate", "mix", "message"),
    [(1.5, MIXED_FAULTS, "rate"), (-0.1, MIXED_FAULTS, "rate"), (0.5, (), "mix")],
)
def test_a_bad_random_share_is_refused(
    rate: float, mix: tuple[tuple[Fault, float], ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        FaultPlan().set_random(rate, seed=1, mix=mix)
