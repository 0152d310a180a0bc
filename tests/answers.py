"""Transports that alter real answers: cut short, as a dropped connection or a proxy would, or
rewritten, as a marketplace sending one odd record would.

The sandbox answers in full; an `AlteringTransport` passes each request to it and, for the
answers whose request path ends with `path`, replaces the body with `alter(body)` (`times`
times, or always; `active` turns it off). The status and headers stay those of the real answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx


class AlteringTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Serve through `inner`, altering the body of matching answers."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        path: str | tuple[str, ...],
        alter: Callable[[bytes], bytes],
        *,
        times: int | None = None,
    ) -> None:
        """Alter the answers to requests whose path ends with `path` (or one of several);
        `times=None`: every one."""
        self.inner = inner
        self.path = path
        self.alter = alter
        self.remaining = times
        self.active = True
        self.altered = 0

    def _maybe_alter(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if not self.active or not request.url.path.endswith(self.path) or self.remaining == 0:
            return response
        if self.remaining is not None:
            self.remaining -= 1
        self.altered += 1
        headers = httpx.Headers(response.headers)
        headers.pop("content-length", None)
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=self.alter(response.content),
            request=request,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request synchronously."""
        assert isinstance(self.inner, httpx.BaseTransport)
        response = self.inner.handle_request(request)
        response.read()
        return self._maybe_alter(request, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request for an `httpx.AsyncClient`."""
        assert isinstance(self.inner, httpx.AsyncBaseTransport)
        response = await self.inner.handle_async_request(request)
        await response.aread()
        return self._maybe_alter(request, response)


def cut_in_half(body: bytes) -> bytes:
    """The first half of `body`."""
    return body[: len(body) // 2]


class CuttingTransport(AlteringTransport):
    """Serve through `inner`, cutting the body of matching answers in half (once by default)."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        path: str,
        *,
        times: int | None = 1,
    ) -> None:
        """Cut the answers to requests whose path ends with `path`; `times=None`: every one."""
        super().__init__(inner, path, cut_in_half, times=times)

    @property
    def cut(self) -> int:
        """How many answers were cut."""
        return self.altered


def etsy_record_altered(id_field: str, record_id: int, **fields: Any) -> Callable[[bytes], bytes]:
    """Set `fields` on the Etsy record whose `id_field` is `record_id`, in a page of results or
    alone, as Etsy sending one odd record would (a string where its schema has a number)."""

    def alter(body: bytes) -> bytes:
        data = json.loads(body)
        records = data.get("results", []) if "results" in data else [data]
        for record in records:
            if record.get(id_field) == record_id:
                record.update(fields)
        return json.dumps(data).encode()

    return alter


def xml_record_altered(tag: str, marker: str, old: str, new: str) -> Callable[[bytes], bytes]:
    """In each `<tag>` element that holds `marker`, replace `old` with `new`: one record of an
    XML answer made odd, the rest of the answer left whole."""
    pattern = re.compile(rf"<{tag}>.*?</{tag}>", flags=re.S)

    def alter(body: bytes) -> bytes:
        def change(block: re.Match[str]) -> str:
            text = block.group(0)
            return text.replace(old, new) if marker in text else text

        return pattern.sub(change, body.decode()).encode()

    return alter
