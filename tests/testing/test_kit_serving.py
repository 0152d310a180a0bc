"""Router, in-process transport and loopback server serving the same app."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import pytest

from marketplace_sdk.testing import (
    CallLog,
    Fault,
    LoopbackServer,
    Router,
    SandboxTransport,
    json_response,
)


def make_app() -> tuple[Router, list[int]]:
    router = Router()
    items: list[int] = []

    @router.route("POST", "/items", operation="createItem")
    def create(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        items.append(int(request.content or b"0"))
        return json_response(201, {"count": len(items)})

    @router.route("GET", "/items/{item_id}", operation="getItem")
    def get(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        index = int(params["item_id"])
        if index >= len(items):
            return json_response(404, {"error": "no such item"})
        return json_response(200, {"value": items[index], "q": request.url.params.get("q")})

    return router, items


def test_router_dispatches_and_answers_404_and_405() -> None:
    router, _ = make_app()
    assert router(httpx.Request("POST", "http://s/items", content=b"5")).json() == {"count": 1}
    assert router(httpx.Request("GET", "http://s/items/0?q=a")).json() == {"value": 5, "q": "a"}
    assert router(httpx.Request("GET", "http://s/items/0/")).status_code == 200
    assert router(httpx.Request("DELETE", "http://s/items/0")).status_code == 405
    missing = router(httpx.Request("GET", "http://s/elsewhere"))
    assert missing.status_code == 404
    assert "elsewhere" in missing.json()["error"]
    assert router.operation_of(httpx.Request("GET", "http://s/items/3")) == "getItem"
    assert router.operation_of(httpx.Request("GET", "http://s/items/3/x")) is None


def test_transport_serves_sync_client_and_reads_the_body() -> None:
    router, items = make_app()
    with httpx.Client(transport=SandboxTransport(router), base_url="http://sandbox") as client:
        assert client.post("/items", content=b"41").status_code == 201
        assert client.get("/items/0").json()["value"] == 41
    assert items == [41]


async def test_transport_serves_async_client_with_faults_by_operation() -> None:
    router, items = make_app()
    transport = SandboxTransport(router)
    transport.faults.add(Fault.timeout_after_apply(), operation="createItem")
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post("/items", content=b"3")
        # The write happened although the client saw a timeout.
        assert items == [3]
        response = await client.get("/items/0")
        assert response.json()["value"] == 3


def test_loopback_server_round_trip_and_faults() -> None:
    router, items = make_app()
    log = CallLog()

    def app(request: httpx.Request) -> httpx.Response:
        response = router(request)
        log.record(
            request.method, request.url.path, router.operation_of(request), response.status_code
        )
        return response

    with LoopbackServer(app) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=server.url) as client:
            assert client.post("/items", content=b"9").json() == {"count": 1}
            assert client.get("/items/0", params={"q": "é"}).json() == {"value": 9, "q": "é"}
            server.faults.add(Fault.error(503), path=r"^/items/0$")
            assert client.get("/items/0").status_code == 503
            server.faults.add(Fault.timeout_before())
            with pytest.raises(httpx.TransportError):
                client.get("/items/0")
            assert client.get("/nowhere").status_code == 404
    assert items == [9]
    assert [(call.operation, call.status) for call in log] == [
        ("createItem", 201),
        ("getItem", 200),
        (None, 404),
    ]


def test_loopback_server_faults_by_operation_name() -> None:
    router, _ = make_app()
    with LoopbackServer(router) as server:
        server.faults.add(Fault.rate_limited(retry_after=2), operation="createItem")
        response = httpx.post(server.url + "/items", content=b"1")
        assert response.status_code == 429
        assert response.headers["retry-after"] == "2"
        assert httpx.post(server.url + "/items", content=b"1").status_code == 201


def test_loopback_server_truncates_bodies_and_drops_connections_after_applying() -> None:
    router, items = make_app()
    with LoopbackServer(router) as server, httpx.Client(base_url=server.url) as client:
        server.faults.add(Fault.truncated(0.5), operation="createItem")
        cut = client.post("/items", content=b"1")
        assert cut.status_code == 201
        assert cut.content == b'{"count":1}'[:5]
        server.faults.add(Fault.reset(after_apply=True), operation="createItem")
        with pytest.raises(httpx.TransportError):
            client.post("/items", content=b"2")
        server.faults.add(Fault.reset(), operation="createItem")
        with pytest.raises(httpx.TransportError):
            client.post("/items", content=b"3")
    assert items == [1, 2]  # the truncated and the reset-after answers were applied, not the last


def test_loopback_server_refuses_non_loopback_hosts() -> None:
    with pytest.raises(ValueError, match="loopback"):
        LoopbackServer(lambda request: httpx.Response(200), host="0.0.0.0")


def test_loopback_server_url_needs_a_running_server() -> None:
    server = LoopbackServer(lambda request: httpx.Response(200))
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.url


def test_call_log_counts_by_operation() -> None:
    log = CallLog()
    log.record("get", "/a", "getA", 200)
    log.record("GET", "/a", "getA", 429)
    log.record("GET", "/b", None, 404)
    assert log.count() == 3
    assert log.count("getA") == 2
    assert log.calls[0].method == "GET"
    assert log.by_operation() == {"getA": 2}
    log.clear()
    assert len(log) == 0
