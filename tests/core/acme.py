"""A third marketplace defined in a test: every part of a description, as small as it gets.

It touches nothing in sync/, bulk/ or cli/: registered in process (`registered(ACME)`), it is
offered by `open_channel`, the CLI's groups, the scheduler's standard schedule and the bulk
templates, like Etsy and FNAC.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

import httpx
from pydantic import SecretStr

from marketplace_sdk.core import (
    AsyncOpenedChannel,
    BulkLayout,
    BulkTemplate,
    CatalogueBudget,
    ChannelSetup,
    CommandSpec,
    ConnectCommand,
    Connected,
    ConnectEnv,
    ConnectUI,
    MarketplaceDescription,
    OpenedChannel,
    OptionSpec,
    SandboxSpec,
    Served,
    ShopProfile,
    Styled,
)
from marketplace_sdk.core._bulk_layout import (
    SKU_COLUMN,
    Column,
    Kind,
    Requirement,
    price_column,
    selling_price_column,
    stock_column,
)
from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._models import Order, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceBounds
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.core._status import OmsStatus, StatusRow, StatusTable

CAPABILITIES = Capabilities(marketplace="Acme", order_acceptance_required=True)
BOUNDS = PriceBounds(Decimal("1"), Decimal("100"), marketplace="Acme", currency="EUR")


def resolve_price(price: Money, selling_price: Money | None) -> Money:
    return BOUNDS.check(price)


class AcmeProfile(ShopProfile):
    marketplace: Literal["acme"] = "acme"
    shop_id: str
    api_key: SecretStr
    base_url: str = "https://api.acme.example"


class AcmeChannel:
    """What the CLI's commands use of a channel, answered from memory."""

    marketplace = "acme"
    capabilities = CAPABILITIES

    def __init__(self, shop_id: str) -> None:
        self.shop_id = shop_id
        self.closed = False
        self.pushed: list[StockUpdate] = []

    def iter_orders(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: Sequence[str] | None = None,
        quarantine: object = None,
    ) -> Iterator[Order]:
        return iter(())

    def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        self.pushed.extend(updates)
        return [ItemResult.ok(update.sku) for update in updates]


OPENED: list[AcmeChannel] = []


def open_acme(profile: ShopProfile, setup: ChannelSetup[httpx.BaseTransport]) -> OpenedChannel:
    assert isinstance(profile, AcmeProfile)
    channel = AcmeChannel(profile.shop_id)
    OPENED.append(channel)

    def close() -> None:
        channel.closed = True

    return OpenedChannel(channel, close)  # type: ignore[arg-type]


def open_async_acme(
    profile: ShopProfile, setup: ChannelSetup[httpx.AsyncBaseTransport]
) -> AsyncOpenedChannel:
    raise NotImplementedError


def connect(values: Mapping[str, object], ui: ConnectUI, env: ConnectEnv) -> Connected:
    ui.say(Styled("Acme:", "green"), " key accepted")
    path = env.save(
        AcmeProfile(name=env.profile, shop_id=str(values["shop"]), api_key=values["api_key"])
    )
    return Connected(
        details={"marketplace": "acme", "profile": env.profile, "profile_file": str(path)},
        lines=((Styled("Connected", "green"), f" Acme shop {values['shop']}"),),
    )


@contextmanager
def serve(values: Mapping[str, object]) -> Iterator[Served]:
    yield Served(
        details={"marketplace": "acme", "base_url": "http://127.0.0.1:1", "seed": values["seed"]},
        connect="marketplace-sdk acme connect --shop 7",
    )


_CURRENCY = Column("currency", Kind.CURRENCY, Requirement.OPTIONAL, "EUR only.", ("EUR",))
_COLUMNS = (
    SKU_COLUMN,
    price_column(BOUNDS, "Acme is sent this price."),
    selling_price_column(""),
    _CURRENCY,
    stock_column(50, ""),
)

ACME = MarketplaceDescription(
    key="acme",
    title="Acme",
    summary="Acme: connect a shop, look up, push, sync.",
    capabilities=CAPABILITIES,
    status_table=StatusTable(
        marketplace="Acme", rows=(StatusRow(tuple(OmsStatus), "Open", "Every status."),)
    ),
    synced_statuses=("Open",),
    catalogue_budget=CatalogueBudget(10, timedelta(minutes=1)),
    price_bounds=BOUNDS,
    price_rule=resolve_price,
    currency="EUR",
    bulk_layout=BulkLayout(
        create=BulkTemplate(
            marketplace="acme",
            mode="create",
            columns=_COLUMNS,
            max_stock=50,
            resolve_price=resolve_price,
            default_currency="EUR",
        ),
        update=BulkTemplate(
            marketplace="acme",
            mode="update",
            columns=_COLUMNS,
            max_stock=50,
            resolve_price=resolve_price,
            default_currency="EUR",
        ),
    ),
    profile_model=AcmeProfile,
    open_channel=open_acme,
    open_async_channel=open_async_acme,
    connect=ConnectCommand(
        command=CommandSpec(
            help="Connect an Acme shop.\n\nExample: marketplace-sdk acme connect --shop 7",
            options=(
                OptionSpec("shop", "The shop's id.", envvar="ACME_SHOP"),
                OptionSpec("api_key", "The API key.", envvar="ACME_KEY", prompt=True, secret=True),
            ),
        ),
        flow=connect,
    ),
    sandbox=SandboxSpec(
        command=CommandSpec(
            help="Serve an Acme sandbox.",
            options=(OptionSpec("seed", "Same seed, same shop.", type=int, default=1),),
        ),
        server="tests.core.acme:serve",
    ),
)
