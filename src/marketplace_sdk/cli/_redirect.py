"""Catch the OAuth redirect on a loopback port: the end of `etsy connect`'s consent step.

The seller's browser is sent back to `http://localhost:<port>/callback?code=...&state=...`;
`RedirectCatcher` listens there (127.0.0.1 only), answers the browser with a short page, and
hands the full redirect URL to the command, which checks `state` and exchanges the code.

Examples:
    >>> import httpx
    >>> with RedirectCatcher("http://127.0.0.1:0/callback") as catcher:
    ...     _ = httpx.get(f"http://127.0.0.1:{catcher.port}/callback?code=abc&state=s")
    ...     catcher.wait(5).endswith("/callback?code=abc&state=s")
    True
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from marketplace_sdk.cli._errors import BadInput

__all__ = ["RedirectCatcher"]

_PAGE = (
    b"<!doctype html><title>marketplace-sdk</title>"
    b"<p>Done: you can close this window and go back to the terminal.</p>"
)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        if urlsplit(self.path).path != self.server.path:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(_PAGE)))
        self.end_headers()
        self.wfile.write(_PAGE)
        self.server.catch(f"{self.server.base}{self.path}")

    def log_message(self, format: str, *args: object) -> None:
        # The query holds the authorization code: never log the request line.
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], path: str, base: str) -> None:
        super().__init__(address, _Handler)
        self.path = path
        self.base = base
        self.caught: str | None = None
        self.done = threading.Event()

    def catch(self, url: str) -> None:
        if self.caught is None:
            self.caught = url
        self.done.set()


class RedirectCatcher:
    """A one-shot HTTP listener on the loopback port of `redirect_uri`.

    Args:
        redirect_uri: the app's registered redirect URI (`http://localhost:8765/callback`);
            its host must be `localhost` or a loopback address, and port 0 picks a free one.

    Raises:
        BadInput: the URI is not a plain-HTTP loopback URI, or its port is taken.

    Examples:
        with RedirectCatcher("http://localhost:8765/callback") as catcher:
            redirect_url = catcher.wait(300)
    """

    def __init__(self, redirect_uri: str) -> None:
        """Bind the port at once (so the browser cannot come back before it listens)."""
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            raise BadInput(
                f"the redirect URI {redirect_uri!r} is not on this machine: use "
                "http://localhost:<port>/<path>, registered in the app's settings"
            )
        host = "::1" if parts.hostname == "::1" else "127.0.0.1"
        try:
            port = parts.port if parts.port is not None else 80
        except ValueError:
            raise BadInput(f"the redirect URI {redirect_uri!r} has no valid port") from None
        try:
            self._server = _Server(
                (host, port), parts.path or "/", f"{parts.scheme}://{parts.netloc}"
            )
        except OSError as error:
            raise BadInput(
                f"cannot listen on {host}:{port} for the redirect ({error.strerror}): "
                "free the port or register another redirect URI"
            ) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        """The port listened on."""
        return int(self._server.server_address[1])

    def start(self) -> None:
        """Start answering (in a background thread)."""
        self._thread.start()

    def wait(self, timeout: float) -> str | None:
        """The redirect URL the browser came back with, or `None` after `timeout` seconds."""
        self._server.done.wait(timeout)
        return self._server.caught

    def stop(self) -> None:
        """Stop listening and free the port."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

    def __enter__(self) -> RedirectCatcher:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
