"""FaultPlan matching and the fault semantics shared by transport and server."""

from __future__ import annotations

import threading

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.testing import Fault, FaultKind, FaultPlan
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
