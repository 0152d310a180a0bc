# Generated from src/marketplace_sdk/core/_async/client.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""What every marketplace client shares: its engine, `with`, closing, and raw calls.

A marketplace client (Etsy's, FNAC's, Mirakl's) subclasses `ApiClient`, builds its
`SyncEngine` from its own configuration and adds one method per marketplace operation; the
connection pool, the context manager and the escape hatches (`call`, `paginate`) are here once.

Examples:
    >>> import asyncio, httpx
    >>> from marketplace_sdk.core._config import EngineConfig
    >>> from marketplace_sdk.core._request import ApiRequest, Call
    >>> config = EngineConfig(marketplace="demo", base_url="https://api.example")
    >>> transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"n": 1}))
    >>> def main() -> int:
    ...     with ApiClient(SyncEngine(config, transport=transport)) as client:
    ...         return client.call(
    ...             Call(ApiRequest(method="GET", path="/n"), parse=lambda r: r.json()["n"]))
    >>> main()
    1
"""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import Self, TypeVar

from marketplace_sdk.core._pagination import Paginator
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._sync.engine import SyncEngine

__all__ = ["ApiClient"]

R = TypeVar("R")
T = TypeVar("T")


class ApiClient:
    """A marketplace client over one engine (one connection pool, closed with the client).

    Examples:
        with EtsyClient(keystring, secret, store) as client:
            shop = client.get_shop(shop_id)
    """

    def __init__(self, engine: SyncEngine) -> None:
        """Send every call through `engine`; the client closes it."""
        self._engine = engine

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool.

        Examples:
            client.close()
        """
        self._engine.close()

    def call(self, call: Call[R]) -> R:
        """Send any `Call` of the marketplace's endpoints through this client.

        Examples:
            shop = client.call(endpoints.get_shop(shop_id))
        """
        return self._engine.call(call)

    def paginate(
        self, paginator: Paginator[T], *, quarantine: Quarantine | None = None
    ) -> Iterator[T]:
        """Iterate a paginator's records lazily, a page at a time.

        A record its wire model refused raises its `RecordError`, or goes to `quarantine`.

        Examples:
            for receipt in client.paginate(endpoints.receipts_by_created(42, t0, t1)): ...
        """
        return self._engine.paginate(paginator, quarantine=quarantine)
