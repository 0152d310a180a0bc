"""What every marketplace client shares: its engine, `async with`, closing, and raw calls.

A marketplace client (Etsy's, FNAC's, Mirakl's) subclasses `AsyncApiClient`, builds its
`AsyncEngine` from its own configuration and adds one method per marketplace operation; the
connection pool, the context manager and the escape hatches (`call`, `paginate`) are here once.

Examples:
    >>> import asyncio, httpx
    >>> from marketplace_sdk.core._config import EngineConfig
    >>> from marketplace_sdk.core._request import ApiRequest, Call
    >>> config = EngineConfig(marketplace="demo", base_url="https://api.example")
    >>> transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"n": 1}))
    >>> async def main() -> int:
    ...     async with AsyncApiClient(AsyncEngine(config, transport=transport)) as client:
    ...         return await client.call(
    ...             Call(ApiRequest(method="GET", path="/n"), parse=lambda r: r.json()["n"]))
    >>> asyncio.run(main())
    1
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import TracebackType
from typing import Self, TypeVar

from marketplace_sdk.core._async.engine import AsyncEngine
from marketplace_sdk.core._pagination import Paginator
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._request import Call

__all__ = ["AsyncApiClient"]

R = TypeVar("R")
T = TypeVar("T")


class AsyncApiClient:
    """A marketplace client over one engine (one connection pool, closed with the client).

    Examples:
        async with AsyncEtsyClient(keystring, secret, store) as client:
            shop = await client.get_shop(shop_id)
    """

    def __init__(self, engine: AsyncEngine) -> None:
        """Send every call through `engine`; the client closes it."""
        self._engine = engine

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool.

        Examples:
            await client.aclose()
        """
        await self._engine.aclose()

    async def call(self, call: Call[R]) -> R:
        """Send any `Call` of the marketplace's endpoints through this client.

        Examples:
            shop = await client.call(endpoints.get_shop(shop_id))
        """
        return await self._engine.call(call)

    def paginate(
        self, paginator: Paginator[T], *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[T]:
        """Iterate a paginator's records lazily, a page at a time.

        A record its wire model refused raises its `RecordError`, or goes to `quarantine`.

        Examples:
            async for receipt in client.paginate(endpoints.receipts_by_created(42, t0, t1)): ...
        """
        return self._engine.paginate(paginator, quarantine=quarantine)
