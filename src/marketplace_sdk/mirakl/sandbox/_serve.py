"""`marketplace-sdk sandbox serve mirakl`: a seeded Mirakl operator's seller API on loopback.

The CLI imports this module only when the command runs (`MIRAKL_SANDBOX.server`).

Examples:
    with serve({"offers": 5, "orders": 10, "days": 30, "seed": 1, "port": 0,
                "import_delay": 0.0}) as served:
        print(served.details["base_url"], served.connect)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from marketplace_sdk.core._clock import SystemClock
from marketplace_sdk.core._commands import Served, int_option, number_option
from marketplace_sdk.mirakl.sandbox._shop import MiraklSandbox
from marketplace_sdk.mirakl.sandbox._shop_seed import ShopSeed

__all__ = ["serve"]


@contextmanager
def serve(values: Mapping[str, object]) -> Iterator[Served]:
    """Serve a seeded Mirakl shop (offers, orders, carriers, catalogue) on 127.0.0.1.

    `values` are the command's options by name: `offers`, `orders`, `days`, `seed`, `port`
    and `import_delay` (seconds from an offer or product import to its end).
    """
    clock = SystemClock()
    offers, orders = int_option(values, "offers"), int_option(values, "orders")
    shop = ShopSeed.generated(
        clock.now(),
        offers=offers,
        orders=orders,
        days=int_option(values, "days"),
        seed=int_option(values, "seed"),
    )
    sandbox = MiraklSandbox(
        clock=clock, shop=shop, processing_delay=number_option(values, "import_delay")
    )
    with sandbox.serve(port=int_option(values, "port")) as server:
        details: dict[str, object] = {
            "marketplace": "mirakl",
            "base_url": server.url,
            "api_key": sandbox.api_key,
            "shop_id": sandbox.seed.shop_id,
            "offers": offers,
            "orders": orders,
        }
        connect = (
            f"MIRAKL_API_KEY={sandbox.api_key} marketplace-sdk mirakl connect "
            f"--profile sandbox --base-url {server.url}"
        )
        yield Served(details=details, connect=connect)
