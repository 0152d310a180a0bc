"""The commands every marketplace has: products, orders, stock and price pushes, the status
table and the capabilities (pushes live in `marketplace_sdk.cli._push_cmds`, the manual syncs
in `marketplace_sdk.cli._sync_cmds`).

`add_shop_commands(app, marketplace)` adds them to a marketplace's typer group, so
`marketplace-sdk etsy orders show 123` and `marketplace-sdk fnac orders show 123` are the same
code over the `Channel` protocol; the status table and capabilities come from the marketplace's
description.

Examples:
    >>> from typer.testing import CliRunner
    >>> group = typer.Typer()
    >>> add_shop_commands(group, "etsy")
    >>> "Delivered" in CliRunner().invoke(group, ["status-map"]).output
    True
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from marketplace_sdk.cli._context import profile_name
from marketplace_sdk.cli._errors import BadInput, handle_errors, status_usage
from marketplace_sdk.cli._options import JsonOption, ProfileOption, channel_for, command_group
from marketplace_sdk.cli._output import (
    capabilities_table,
    emit_json,
    order_detail,
    orders_table,
    out_console,
    products_table,
    read_all,
    status_map_table,
)
from marketplace_sdk.cli._push_cmds import add_push_commands
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._registry import get_marketplace

__all__ = ["add_shop_commands"]

_RawOption = Annotated[
    bool, typer.Option("--raw", help="With --json, include the marketplace's raw payload.")
]


def _utc(value: datetime) -> datetime:
    # A date typed without a zone is read as UTC, as the help says.
    return ensure_utc(value if value.tzinfo is not None else value.replace(tzinfo=UTC))


def _window(
    since: datetime | None, until: datetime | None, days: int, now: datetime
) -> tuple[datetime, datetime]:
    end = _utc(until) if until is not None else now
    start = _utc(since) if since is not None else end - timedelta(days=days)
    if start >= end:
        raise BadInput(f"--since ({start.isoformat()}) must be before --until ({end.isoformat()})")
    return start, end


def add_shop_commands(app: typer.Typer, marketplace: str) -> None:
    """Add `products`, `orders`, `stock`, `prices`, `status-map` and `capabilities` to `app`.

    Examples:
        add_shop_commands(group, "etsy")
    """
    products = command_group(app, "products", "Look up the shop's products.")
    orders = command_group(app, "orders", "Look up the shop's orders.")
    add_push_commands(app, marketplace)

    @products.command("list")
    def products_list(
        ctx: typer.Context,
        profile: ProfileOption = None,
        limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 50,
        as_json: JsonOption = False,
        raw: _RawOption = False,
    ) -> None:
        """List the shop's products (lazily, page by page).

        Example: marketplace-sdk etsy products list --limit 20
        """
        with handle_errors(profile_name(profile)):
            channel = channel_for(ctx, marketplace, profile)
            found = read_all(
                channel.iter_products(), "reading products", limit=limit, show=not as_json
            )
        if as_json:
            emit_json(found, raw=raw)
        else:
            out_console().print(products_table(found, title=f"{marketplace} products"))

    @products.command("show")
    def products_show(
        ctx: typer.Context,
        sku: Annotated[str, typer.Argument(help="The product's SKU.")],
        profile: ProfileOption = None,
        as_json: JsonOption = False,
        raw: _RawOption = False,
    ) -> None:
        """Show one product by SKU.

        Example: marketplace-sdk fnac products show SKU-00001 --json
        """
        with handle_errors(profile_name(profile)):
            product = channel_for(ctx, marketplace, profile).get_product(sku)
        if as_json:
            emit_json(product, raw=raw)
        else:
            out_console().print(products_table([product], title=f"Product {sku}"))

    @orders.command("list")
    def orders_list(
        ctx: typer.Context,
        profile: ProfileOption = None,
        since: Annotated[
            datetime | None, typer.Option(help="Window start (ISO date/time, UTC if no zone).")
        ] = None,
        until: Annotated[datetime | None, typer.Option(help="Window end (default: now).")] = None,
        days: Annotated[int, typer.Option(min=1, help="Window length without --since.")] = 7,
        status: Annotated[
            list[str] | None,
            typer.Option(
                "--status",
                "-s",
                help="Keep this status (seed words); repeatable. An unknown one is a usage "
                "error (exit 2) listing the valid ones.",
            ),
        ] = None,
        limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 0,
        as_json: JsonOption = False,
        raw: _RawOption = False,
    ) -> None:
        """List orders updated in a window, optionally by status.

        Example: marketplace-sdk etsy orders list --days 30 --status New
        """
        with handle_errors(profile_name(profile)), status_usage():
            state = get_state(ctx)
            start, end = _window(since, until, days, state.clock.now())
            channel = channel_for(ctx, marketplace, profile)
            items = channel.iter_orders(start, end, statuses=status or None)
            found = read_all(items, "reading orders", limit=limit, show=not as_json)
        if as_json:
            emit_json(found, raw=raw)
        else:
            title = f"{marketplace} orders {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
            out_console().print(orders_table(found, title=title))

    @orders.command("show")
    def orders_show(
        ctx: typer.Context,
        order_id: Annotated[str, typer.Argument(help="The marketplace's order id.")],
        profile: ProfileOption = None,
        as_json: JsonOption = False,
        raw: _RawOption = False,
    ) -> None:
        """Show one order by its marketplace id.

        Example: marketplace-sdk etsy orders show 1234567 --json
        """
        with handle_errors(profile_name(profile)):
            order = channel_for(ctx, marketplace, profile).get_order(order_id)
        if as_json:
            emit_json(order, raw=raw)
        else:
            out_console().print(order_detail(order))

    @app.command("status-map")
    def status_map(as_json: JsonOption = False) -> None:
        """Show how the OMS statuses map to the marketplace's (the seed's table).

        Example: marketplace-sdk fnac status-map
        """
        table = get_marketplace(marketplace).status_table
        if as_json:
            emit_json(
                [
                    {
                        "oms_statuses": [str(status) for status in row.oms_statuses],
                        "marketplace_status": row.marketplace_status,
                        "inbound": row.inbound.value,
                        "details": row.details,
                    }
                    for row in table
                ]
            )
        else:
            out_console().print(status_map_table(table))

    @app.command("capabilities")
    def capabilities(as_json: JsonOption = False) -> None:
        """Show what the marketplace supports and what it does not (the seed's limits).

        Example: marketplace-sdk etsy capabilities --json
        """
        caps = get_marketplace(marketplace).capabilities
        if as_json:
            emit_json(
                [
                    {
                        "name": row.name,
                        "title": row.title,
                        "value": row.value,
                        "explanation": row.explanation,
                    }
                    for row in caps.rows()
                ]
            )
        else:
            out_console().print(capabilities_table(caps))
