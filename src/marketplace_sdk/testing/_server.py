"""Serve a sandbox app over HTTP on a loopback address, for tools that need a real URL.

Examples:
    >>> import httpx
    >>> app = lambda request: httpx.Response(200, json={"method": request.method})
    >>> with LoopbackServer(app) as server:
    ...     httpx.post(server.url + "/echo").json()
    {'method': 'POST'}
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import httpx

from marketplace_sdk.testing._faults import App, FaultPlan, apply_fault, operation_of

__all__ = ["LoopbackServer"]

logger = logging.getLogger(__name__)

_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _answer(version: str, response: httpx.Response, content: bytes, head: bool) -> bytes:
    """The whole HTTP answer, status line to body, as the bytes of one socket write.

    One write, on a socket without Nagle's algorithm (`disable_nagle_algorithm`): headers and
    body written apart, the body waits for the client's delayed ACK of the headers, about 40 ms
    on every request.
    """
    lines = [f"{version} {response.status_code} {response.reason_phrase}"]
    lines += [
        f"{key}: {value}"
        for key, value in response.headers.multi_items()
        if key.lower() not in _HOP_BY_HOP
    ]
    lines.append(f"content-length: {len(content)}")
    head_bytes = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head_bytes if head else head_bytes + content


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        url = f"http://{self.headers.get('host') or 'localhost'}{self.path}"
        headers = [(key, value) for key, value in self.headers.items()]
        request = httpx.Request(self.command, url, headers=headers, content=body)
        try:
            response = apply_fault(self.server.app, request, self.server.faults)
            content = response.read()
        except httpx.TransportError as error:
            # A server cannot make its client time out without waiting for real; it drops the
            # connection instead, which the client sees as a transport error all the same.
            logger.info("sandbox fault on %s %s: %s", self.command, self.path, error)
            self.close_connection = True
            return
        except Exception:
            logger.exception("sandbox app failed on %s %s", self.command, self.path)
            content = b'{"error":"sandbox internal error"}'
            response = httpx.Response(500, headers={"content-type": "application/json"})
        self.log_request(response.status_code)
        self.wfile.write(_answer(self.protocol_version, response, content, self.command == "HEAD"))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("loopback %s", format % args)


class _SerialApp:
    """Serves one request at a time: sandboxes keep plain in-memory state."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            return self.app(request)

    def operation_of(self, request: httpx.Request) -> str | None:
        return operation_of(self.app, request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: App, faults: FaultPlan) -> None:
        self.app = app
        self.faults = faults
        super().__init__(address, _Handler)


class LoopbackServer:
    """A threaded HTTP server on a loopback address serving `app` (and its `FaultPlan`).

    Binding anything but a loopback address is refused: a sandbox is never exposed to a
    network. Port 0 (the default) picks a free port; read the address from `url`.

    Examples:
        >>> import httpx
        >>> server = LoopbackServer(lambda request: httpx.Response(204))
        >>> server.start()
        >>> httpx.get(server.url).status_code
        204
        >>> server.stop()
    """

    def __init__(
        self,
        app: App,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        faults: FaultPlan | None = None,
        serialize: bool = True,
    ) -> None:
        """Prepare a server for `app` on `host:port` (started by `start` or `with`).

        With `serialize` (the default) requests reach the app one at a time; an app that
        guards its own state passes `False`.
        """
        if not _is_loopback(host):
            raise ValueError(f"the sandbox server only binds loopback addresses, not {host!r}")
        self.app = app
        self.host = host
        self.port = port
        self.faults = faults if faults is not None else FaultPlan()
        self.serialize = serialize
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the running server, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError("the server is not running; call start() first")
        port = self._server.server_address[1]
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{port}"

    def start(self) -> None:
        """Bind and serve in a background thread."""
        if self._server is not None:
            return
        app = _SerialApp(self.app) if self.serialize else self.app
        server = _Server((self.host, self.port), app, self.faults)
        # A short poll keeps stop() quick; the cost is an idle wake-up every 50 ms.
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sandbox-loopback"
        )
        thread.daemon = True
        thread.start()
        self._server, self._thread = server, thread
        logger.info("sandbox listening on %s", self.url)

    def stop(self) -> None:
        """Stop serving and release the port."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
