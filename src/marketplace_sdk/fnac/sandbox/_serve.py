"""`marketplace-sdk sandbox serve fnac`: a seeded sandbox and its Mirakl catalogue on loopback.

The CLI imports this module only when the command runs (`FNAC_SANDBOX.server`).

Examples:
    with serve({"offers": 5, "orders": 1, "days": 30, "seed": 1, "port": 0,
                "mirakl_port": 0, "batch_delay": 0.0}) as served:
        print(served.details["base_url"], served.connect)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from marketplace_sdk.core._commands import Served, int_option, number_option
from marketplace_sdk.fnac.sandbox._app import FnacSandbox

__all__ = ["serve"]


@contextmanager
def serve(values: Mapping[str, object]) -> Iterator[Served]:
    """Serve a seeded FNAC sandbox (XML web services) and its Mirakl catalogue on 127.0.0.1.

    `values` are the command's options by name: `offers`, `orders`, `days`, `seed`, `port`,
    `mirakl_port` and `batch_delay` (seconds before an offer batch is applied).
    """
    offers, orders = int_option(values, "offers"), int_option(values, "orders")
    sandbox = FnacSandbox.seeded(
        offers=offers,
        orders=orders,
        days=int_option(values, "days"),
        seed=int_option(values, "seed"),
        batch_delay=number_option(values, "batch_delay"),
    )
    creds = sandbox.credentials
    with (
        sandbox.serve(port=int_option(values, "port")) as server,
        sandbox.mirakl.serve(port=int_option(values, "mirakl_port")) as mirakl,
    ):
        base_url = server.url + "/api.php/"
        details: dict[str, object] = {
            "marketplace": "fnac",
            "base_url": base_url,
            "mirakl_url": mirakl.url,
            "partner_id": creds.partner_id,
            "shop_id": creds.shop_id,
            "key": creds.key,
            "mirakl_api_key": creds.mirakl_api_key,
            "offers": offers,
            "orders": orders,
        }
        connect = (
            f"FNAC_KEY={creds.key} FNAC_MIRAKL_API_KEY={creds.mirakl_api_key} "
            f"marketplace-sdk fnac connect --profile sandbox --base-url {base_url} "
            f"--mirakl-url {mirakl.url} --partner-id {creds.partner_id} --shop-id {creds.shop_id}"
        )
        yield Served(details=details, connect=connect)
