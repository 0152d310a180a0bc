"""A tiny method + path-template router that turns handler functions into a sandbox app.

Examples:
    >>> import httpx
    >>> router = Router()
    >>> @router.route("GET", "/v3/application/shops/{shop_id}", operation="getShop")
    ... def get_shop(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
    ...     return json_response(200, {"shop_id": int(params["shop_id"])})
    >>> router(httpx.Request("GET", "http://sandbox/v3/application/shops/7")).json()
    {'shop_id': 7}
    >>> router(httpx.Request("GET", "http://sandbox/nowhere")).status_code
    404
    >>> router.operation_of(httpx.Request("GET", "http://sandbox/v3/application/shops/7"))
    'getShop'
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

import attrs
import httpx

__all__ = ["Handler", "Route", "RouteMatch", "Router", "json_response"]

#: A route handler: the request and the path parameters taken from the template.
Handler = Callable[[httpx.Request, Mapping[str, str]], httpx.Response]

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def json_response(
    status: int, body: object, *, headers: Mapping[str, str] | None = None
) -> httpx.Response:
    """An `httpx.Response` with a compact JSON body.

    Examples:
        >>> json_response(201, {"id": 1}).headers["content-type"]
        'application/json'
    """
    content = json.dumps(body, separators=(",", ":"), default=str).encode()
    all_headers = {"content-type": "application/json", **(headers or {})}
    return httpx.Response(status, headers=all_headers, content=content)


def _compile(template: str) -> re.Pattern[str]:
    pattern = ""
    position = 0
    for match in _PARAM.finditer(template):
        pattern += re.escape(template[position : match.start()])
        pattern += f"(?P<{match.group(1)}>[^/]+)"
        position = match.end()
    pattern += re.escape(template[position:])
    return re.compile(f"^{pattern}/?$")


@attrs.frozen
class Route:
    """One registered route.

    Examples:
        >>> Route("GET", "/a/{x}", None, lambda request, params: json_response(200, {})).method
        'GET'
    """

    method: str
    template: str
    operation: str | None
    handler: Handler
    pattern: re.Pattern[str] = attrs.field(init=False)

    @pattern.default
    def _pattern(self) -> re.Pattern[str]:
        return _compile(self.template)


@attrs.frozen
class RouteMatch:
    """The route a request resolved to and its path parameters.

    Examples:
        >>> router = Router()
        >>> router.add("GET", "/a/{x}", lambda request, params: json_response(200, {}))
        >>> router.match(httpx.Request("GET", "http://s/a/1")).params
        {'x': '1'}
    """

    route: Route
    params: dict[str, str]


class Router:
    """Routes requests by method and path template; unknown paths answer 404 JSON.

    A path that exists under another method answers 405. The router is itself a sandbox app
    (`router(request) -> response`) and names the operation of a request for `FaultPlan` rules.

    Examples:
        >>> router = Router()
        >>> router.add("POST", "/items", lambda request, params: json_response(201, {}))
        >>> router(httpx.Request("GET", "http://s/items")).status_code
        405
    """

    def __init__(self) -> None:
        """Start with no routes."""
        self.routes: list[Route] = []

    def add(
        self, method: str, template: str, handler: Handler, *, operation: str | None = None
    ) -> None:
        """Register `handler` for `method` on `template` (`{name}` matches one path segment)."""
        self.routes.append(Route(method.upper(), template, operation, handler))

    def route(
        self, method: str, template: str, *, operation: str | None = None
    ) -> Callable[[Handler], Handler]:
        """Decorator form of `add`.

        Examples:
            >>> router = Router()
            >>> @router.route("GET", "/ping")
            ... def ping(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
            ...     return json_response(200, "pong")
            >>> router(httpx.Request("GET", "http://s/ping")).json()
            'pong'
        """

        def register(handler: Handler) -> Handler:
            self.add(method, template, handler, operation=operation)
            return handler

        return register

    def match(self, request: httpx.Request) -> RouteMatch | None:
        """The route for `request` (method and path both matching), or `None`."""
        path = request.url.path
        method = request.method.upper()
        for route in self.routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found is not None:
                return RouteMatch(route, found.groupdict())
        return None

    def operation_of(self, request: httpx.Request) -> str | None:
        """The operation name of the route `request` resolves to, if any."""
        found = self.match(request)
        return found.route.operation if found is not None else None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Dispatch `request` to its handler, or answer 404/405 JSON."""
        found = self.match(request)
        if found is not None:
            return found.route.handler(request, found.params)
        path = request.url.path
        if any(route.pattern.match(path) for route in self.routes):
            return json_response(405, {"error": f"Method {request.method} not allowed on {path}"})
        return json_response(404, {"error": f"No route for {request.method} {path}"})
