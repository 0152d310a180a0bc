"""Sans-I/O description of one API call: what to send (`ApiRequest`) and how to read the answer.

Every marketplace operation is written once as a function returning a `Call`: the request plus a
pure `parse` function. The sync and async engines only differ in how they send it.

Examples:
    >>> import httpx
    >>> call = Call(
    ...     ApiRequest(method="GET", path="/ping", operation="ping"),
    ...     parse=lambda response: response.json()["ok"],
    ... )
    >>> call.request.is_idempotent
    True
    >>> call.parse(httpx.Response(200, json={"ok": True}))
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs
import httpx

__all__ = ["ApiRequest", "Call", "FileField", "QueryValue"]

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

#: A query parameter value; sequences repeat the parameter, `None` leaves it out.
QueryValue = str | int | float | bool | None | Sequence[str | int]

#: A multipart file field: (file name, content, content type).
FileField = tuple[str, bytes, str]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def _upper(value: str) -> str:
    return value.upper()


@attrs.frozen(kw_only=True)
class ApiRequest:
    """One HTTP request, described as data.

    Attributes:
        method: HTTP method.
        path: path relative to the client's `base_url` (or an absolute URL).
        params: query parameters; `None` values are dropped, sequences repeat the key.
        json: a JSON body.
        form: form fields (urlencoded, or multipart when `files` is set).
        files: multipart file fields.
        content: a raw body (XML, say); set the content type in `headers`.
        headers: extra headers.
        idempotent: whether sending twice is harmless; defaults from the method.
        retry_server_errors: a 5xx answer proves the marketplace applied nothing, so a 5xx is
            retried even when the request is not idempotent (Etsy's token endpoint, whose
            refresh rotates the token yet answers an occasional 500 that a retry fixes:
            ETSY-Q25). A lost answer is still never resent.
        bucket: the rate-limit bucket the call spends from.
        operation: the marketplace's operation name, for logs and metrics.
        authenticated: whether the client's auth hook adds credentials.
        timeout: a per-call timeout in seconds overriding the client's.

    Examples:
        >>> ApiRequest(method="post", path="/offers", json={"a": 1}).is_idempotent
        False
    """

    method: str = attrs.field(converter=_upper)
    path: str
    params: Mapping[str, QueryValue] = attrs.field(factory=dict)
    json: Any = None
    form: Mapping[str, str] | None = None
    files: Mapping[str, FileField] | None = None
    content: bytes | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    idempotent: bool | None = None
    retry_server_errors: bool = False
    bucket: str = "default"
    operation: str = ""
    authenticated: bool = True
    timeout: float | None = None

    @property
    def is_idempotent(self) -> bool:
        """`idempotent` when given, else True for GET, HEAD, OPTIONS, PUT and DELETE."""
        if self.idempotent is not None:
            return self.idempotent
        return self.method in _IDEMPOTENT_METHODS

    def query_params(self) -> list[tuple[str, str | int | float | bool | None]]:
        """The query string as ordered pairs, `None` dropped, booleans as `true`/`false`.

        Examples:
            >>> ApiRequest(method="GET", path="/", params={"a": [1, 2], "b": None,
            ...            "c": True}).query_params()
            [('a', '1'), ('a', '2'), ('c', 'true')]
        """
        pairs: list[tuple[str, str | int | float | bool | None]] = []
        for key, value in self.params.items():
            if value is None:
                continue
            if isinstance(value, str):
                pairs.append((key, value))
            elif isinstance(value, bool | int | float):
                pairs.append((key, _scalar(value)))
            else:
                pairs.extend((key, _scalar(item)) for item in value)
        return pairs

    def to_httpx(self, client: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """Build the `httpx.Request` this describes, on `client`'s base URL and defaults."""
        extensions: dict[str, Any] = {}
        if self.timeout is not None:
            extensions["timeout"] = httpx.Timeout(self.timeout).as_dict()
        return client.build_request(
            self.method,
            self.path,
            params=self.query_params() or None,
            json=self.json,
            data=dict(self.form) if self.form is not None else None,
            files=dict(self.files) if self.files is not None else None,
            content=self.content,
            headers=dict(self.headers),
            extensions=extensions or None,
        )


def _scalar(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@attrs.frozen
class Call(Generic[R_co]):
    """A request and the pure function that turns its response into a typed result.

    `parse` receives only successful responses (the engine has already raised for HTTP errors);
    it may still raise an `ApiError` for errors reported inside a 200 body.

    Examples:
        >>> Call(ApiRequest(method="GET", path="/"), parse=lambda r: r.status_code).request.method
        'GET'
    """

    request: ApiRequest
    parse: Callable[[httpx.Response], R_co]

    def map(self, func: Callable[[R_co], R]) -> Call[R]:
        """A call with the same request whose result is `func(parse(response))`.

        Examples:
            >>> call = Call(ApiRequest(method="GET", path="/"), parse=lambda r: 2)
            >>> call.map(lambda n: n * 10).parse(httpx.Response(200))
            20
        """
        parse = self.parse
        return Call(self.request, parse=lambda response: func(parse(response)))
