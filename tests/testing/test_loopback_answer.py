"""The loopback server answers in one write, on a socket without Nagle's algorithm."""

from __future__ import annotations

import socket

import httpx

from marketplace_sdk.testing import LoopbackServer
from marketplace_sdk.testing._server import _answer, _Handler


def test_an_answer_is_one_buffer_of_status_headers_and_body() -> None:
    response = httpx.Response(
        201,
        headers={"x-limit-per-second": "10", "connection": "close", "transfer-encoding": "x"},
        content=b'{"ok":true}',
    )

    raw = _answer("HTTP/1.1", response, response.content, head=False)

    head, body = raw.split(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 201 Created"
    assert "x-limit-per-second: 10" in lines
    assert "content-length: 11" in lines
    assert not any(line.lower().startswith(("connection", "transfer-encoding")) for line in lines)
    assert body == b'{"ok":true}'


def test_a_head_answer_names_the_length_and_sends_no_body() -> None:
    response = httpx.Response(200, content=b"12345")

    raw = _answer("HTTP/1.1", response, b"12345", head=True)

    assert raw.endswith(b"content-length: 5\r\n\r\n")


def test_the_server_turns_nagle_off_and_keeps_the_connection_alive() -> None:
    assert _Handler.disable_nagle_algorithm is True
    app = lambda request: httpx.Response(200, json={"path": request.url.path})  # noqa: E731
    with LoopbackServer(app) as server, httpx.Client(base_url=server.url) as client:
        answers = [client.get(f"/n/{number}").json()["path"] for number in range(3)]
        head = client.head("/h")
    assert answers == ["/n/0", "/n/1", "/n/2"]
    assert head.status_code == 200
    assert head.content == b""
    assert socket.TCP_NODELAY  # the option the handler sets exists on this platform
