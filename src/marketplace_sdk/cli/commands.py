"""The commands every marketplace has: products, orders, stock and price pushes, the status
table and the capabilities (the manual syncs live in `marketplace_sdk.cli.sync_cmds`).

`add_shop_commands(app, marketplace)` adds them to a marketplace's typer group, so
`marketplace-sdk etsy orders show 123` and `marketplace-sdk fnac orders show 123` are the same
code over the `Channel` protocol.

Example:
    >>> from typer.testing import CliRunner
    >>> group = typer.Typer()
    >>> add_shop_commands(group, "etsy")
    >>> "Orders" in CliRunner().invoke(group, ["status-map"]).output
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from marketplace_sdk.cli.context import close_channel, open_channel, profile_name
from marketplace_sdk.cli.errors import BadInput, ExitCode, handle_errors
from marketplace_sdk.cli.inputs import (
    prices_from_args,
    prices_from_file,
    stock_from_args,
    stock_from_file,
)
from marketplace_sdk.cli.output import (
    capabilities_table,
    emit_json,
    err_console,
    order_detail,
    orders_table,
    out_console,
    products_table,
    progress,
    results_table,
    status_map_table,
    summary,
)
from marketplace_sdk.cli.profiles import EtsyProfile
from marketplace_sdk.cli.state import get_state
from marketplace_sdk.core.capabilities import Capabilities
from marketplace_sdk.core.channel import Channel
from marketplace_sdk.core.clock import ensure_utc
from marketplace_sdk.core.models import PriceUpdate, StockUpdate
from marketplace_sdk.core.results import ItemResult
from marketplace_sdk.core.status import StatusTable
from marketplace_sdk.etsy import ETSY_CAPABILITIES, ETSY_STATUS_TABLE
from marketplace_sdk.fnac import FNAC_CAPABILITIES, FNAC_STATUS_TABLE

__all__ = [
    "CAPABILITIES",
    "STATUS_TABLES",
    "JsonOption",
    "ProfileOption",
    "add_shop_commands",
    "channel_for",
    "push_in_batches",
    "report_results",
]

#: Each marketplace's status table.
STATUS_TABLES: dict[str, StatusTable] = {"etsy": ETSY_STATUS_TABLE, "fnac": FNAC_STATUS_TABLE}
#: Each marketplace's capabilities.
CAPABILITIES: dict[str, Capabilities] = {"etsy": ETSY_CAPABILITIES, "fnac": FNAC_CAPABILITIES}

#: `--profile/-p`: which stored shop to use.
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        envvar="MARKETPLACE_SDK_PROFILE",
        help="The stored shop to use (default: 'default').",
        show_default=False,
    ),
]
#: `--json`: machine-readable output on stdout.
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
_RawOption = Annotated[
    bool, typer.Option("--raw", help="With --json, include the marketplace's raw payload.")
]
U = TypeVar("U", StockUpdate, PriceUpdate)

_FileOption = Annotated[
    Path | None,
    typer.Option("--file", "-f", help="A CSV or JSON file of updates.", dir_okay=False),
]
_BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Updates sent per marketplace call.")
]


def channel_for(ctx: typer.Context, marketplace: str, profile: str | None) -> Channel:
    """The channel of `profile`, closed when the command ends.

    Example:
        channel = channel_for(ctx, "etsy", profile)
    """
    state = get_state(ctx)
    channel = open_channel(
        marketplace,
        profile,
        store=state.store,
        clock=state.clock,
        poll_interval=state.poll_interval,
    )
    ctx.call_on_close(lambda: close_channel(channel))
    return channel


def push_in_batches(
    updates: Sequence[U],
    push: Callable[[Sequence[U]], Sequence[ItemResult]],
    *,
    label: str,
    batch_size: int,
) -> list[ItemResult]:
    """Send `updates` through `push` in batches of `batch_size`, with a progress bar.

    Example:
        results = push_in_batches(updates, channel.push_stock, label="stock", batch_size=500)
    """
    results: list[ItemResult] = []
    with progress() as bar:
        task = bar.add_task(f"pushing {label}", total=len(updates))
        for start in range(0, len(updates), batch_size):
            chunk = updates[start : start + batch_size]
            results.extend(push(chunk))
            bar.advance(task, len(chunk))
    return results


def report_results(results: Sequence[ItemResult], *, as_json: bool, title: str) -> None:
    """Print per-item results; exit 1 when any item was rejected or must be retried.

    Example:
        report_results(channel.push_stock(updates), as_json=False, title="Stock")
    """
    counts = summary(results)
    if as_json:
        emit_json(
            {"summary": counts, "results": [item.model_dump(mode="json") for item in results]}
        )
    else:
        out_console().print(results_table(results, title=title))
        err_console().print(
            f"{counts['ok']} ok, {counts['rejected']} rejected, {counts['retry_later']} to retry"
        )
    if counts["ok"] != len(results):
        raise typer.Exit(int(ExitCode.FAILED))


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

    Example:
        add_shop_commands(etsy_app, "etsy")
    """
    products = typer.Typer(help="Look up the shop's products.", no_args_is_help=True)
    orders = typer.Typer(help="Look up the shop's orders.", no_args_is_help=True)
    stock = typer.Typer(help="Push stock levels to the shop.", no_args_is_help=True)
    prices = typer.Typer(help="Push prices to the shop.", no_args_is_help=True)
    app.add_typer(products, name="products")
    app.add_typer(orders, name="orders")
    app.add_typer(stock, name="stock")
    app.add_typer(prices, name="prices")

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
            found = []
            with progress(not as_json) as bar:
                task = bar.add_task("reading products", total=limit or None)
                for product in islice(channel.iter_products(), limit or None):
                    found.append(product)
                    bar.advance(task)
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
            typer.Option("--status", "-s", help="Keep this status (seed words); repeatable."),
        ] = None,
        limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 0,
        as_json: JsonOption = False,
        raw: _RawOption = False,
    ) -> None:
        """List orders updated in a window, optionally by status.

        Example: marketplace-sdk etsy orders list --days 30 --status New
        """
        with handle_errors(profile_name(profile)):
            state = get_state(ctx)
            start, end = _window(since, until, days, state.clock.now())
            channel = channel_for(ctx, marketplace, profile)
            found = []
            with progress(not as_json) as bar:
                task = bar.add_task("reading orders", total=limit or None)
                items = channel.iter_orders(start, end, statuses=status or None)
                for order in islice(items, limit or None):
                    found.append(order)
                    bar.advance(task)
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

    @stock.command("push")
    def stock_push(
        ctx: typer.Context,
        levels: Annotated[
            list[str] | None, typer.Argument(help="SKU=QUANTITY pairs.", show_default=False)
        ] = None,
        file: _FileOption = None,
        profile: ProfileOption = None,
        batch_size: _BatchOption = 500,
        as_json: JsonOption = False,
    ) -> None:
        """Set stock levels from SKU=QTY arguments or a file (CSV: sku,quantity).

        Example: marketplace-sdk etsy stock push MUG-1=4 MUG-2=0
        """
        with handle_errors(profile_name(profile)):
            updates = _collect(levels, file, stock_from_args, stock_from_file)
            channel = channel_for(ctx, marketplace, profile)
            results = push_in_batches(
                updates, channel.push_stock, label="stock", batch_size=batch_size
            )
        report_results(results, as_json=as_json, title="Stock push")

    @prices.command("push")
    def prices_push(
        ctx: typer.Context,
        values: Annotated[
            list[str] | None,
            typer.Argument(help="SKU=PRICE or SKU=PRICE:SELLING_PRICE.", show_default=False),
        ] = None,
        file: _FileOption = None,
        currency: Annotated[
            str | None, typer.Option(help="ISO currency (default: the shop's).")
        ] = None,
        profile: ProfileOption = None,
        batch_size: _BatchOption = 500,
        as_json: JsonOption = False,
    ) -> None:
        """Set prices from arguments or a file (CSV: sku,price[,selling_price][,currency]).

        Example: marketplace-sdk etsy prices push MUG-1=12.50:9.99
        """
        with handle_errors(profile_name(profile)):
            money = (currency or _shop_currency(ctx, marketplace, profile)).upper()
            updates = _collect(
                values,
                file,
                lambda args: prices_from_args(args, currency=money),
                lambda path: prices_from_file(path, currency=money),
            )
            channel = channel_for(ctx, marketplace, profile)
            results = push_in_batches(
                updates, channel.push_prices, label="prices", batch_size=batch_size
            )
        report_results(results, as_json=as_json, title="Price push")

    @app.command("status-map")
    def status_map(as_json: JsonOption = False) -> None:
        """Show how the OMS statuses map to the marketplace's (the seed's table).

        Example: marketplace-sdk fnac status-map
        """
        table = STATUS_TABLES[marketplace]
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
        caps = CAPABILITIES[marketplace]
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


def _collect(
    arguments: list[str] | None,
    file: Path | None,
    from_args: Callable[[list[str]], list[U]],
    from_file: Callable[[Path], list[U]],
) -> list[U]:
    if bool(arguments) == (file is not None):
        raise BadInput("give either SKU=VALUE arguments or --file, not both and not neither")
    return from_file(file) if file is not None else from_args(arguments or [])


def _shop_currency(ctx: typer.Context, marketplace: str, profile: str | None) -> str:
    if marketplace == "fnac":
        return "EUR"
    stored = get_state(ctx).store.load(marketplace, profile_name(profile))
    if isinstance(stored, EtsyProfile) and stored.currency_code:
        return stored.currency_code
    raise BadInput("the shop's currency is not known: give --currency (for example USD)")
