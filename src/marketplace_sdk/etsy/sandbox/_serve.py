"""`marketplace-sdk sandbox serve etsy`: a seeded sandbox on a loopback port, and how to connect.

The CLI imports this module only when the command runs (`ETSY_SANDBOX.server`).

Examples:
    with serve({"listings": 5, "orders": 1, "days": 30, "seed": 1, "port": 0,
                "redirect_uri": None}) as served:
        print(served.details["base_url"], served.connect)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from marketplace_sdk.core._commands import Served, int_option, list_option
from marketplace_sdk.etsy._connect import DEFAULT_REDIRECT_URI
from marketplace_sdk.etsy.sandbox._app import EtsySandbox

__all__ = ["serve"]


@contextmanager
def serve(values: Mapping[str, object]) -> Iterator[Served]:
    """Serve a seeded Etsy sandbox (OAuth consent, listings, receipts) on 127.0.0.1.

    `values` are the command's options by name: `listings`, `orders`, `days`, `seed`, `port`
    and `redirect_uri` (the redirect URIs the test app accepts besides the CLI's default).
    """
    listings, orders = int_option(values, "listings"), int_option(values, "orders")
    sandbox = EtsySandbox.seeded(
        listings=listings,
        orders=orders,
        days=int_option(values, "days"),
        seed=int_option(values, "seed"),
        duplicate_skus=min(5, listings),
    )
    for uri in list_option(values, "redirect_uri") or [DEFAULT_REDIRECT_URI]:
        if uri not in sandbox.app.redirect_uris:
            sandbox.app.redirect_uris.append(uri)
    secret = sandbox.app.shared_secret.get_secret_value()  # a made-up test value, shown
    with sandbox.serve(port=int_option(values, "port")) as server:
        details: dict[str, object] = {
            "marketplace": "etsy",
            "base_url": server.url,
            "keystring": sandbox.keystring,
            "shared_secret": secret,
            "redirect_uris": " ".join(sandbox.app.redirect_uris),
            "shop_id": sandbox.shop_id,
            "listings": listings,
            "orders": orders,
        }
        connect = (
            f"ETSY_SHARED_SECRET={secret} marketplace-sdk etsy connect --profile sandbox "
            f"--base-url {server.url} --keystring {sandbox.keystring} "
            f"--redirect-uri {sandbox.app.redirect_uris[-1]}"
        )
        yield Served(details=details, connect=connect)
