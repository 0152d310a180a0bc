"""Marketplace descriptions and their registry: what the layers above core know of a marketplace.

Each marketplace package describes itself once, as a `MarketplaceDescription`: its key and
title, capabilities, status table, the statuses the 30-minute job syncs, its catalogue budget,
price bounds and rule, bulk-file layout, profile model, channel factories, webhook parser,
`connect` command and sandbox. `sync/`, `bulk/`, `support/` and `cli/` read descriptions and
never name a marketplace, so a new marketplace touches only its own package and one
registration line.

Registration: a package declares its description as an entry point of the group
`marketplace_sdk.marketplaces` (`etsy = "marketplace_sdk.etsy._description:ETSY"` in
`pyproject.toml`); the registry loads them on first use and keeps them. A host defining a
marketplace in its own process calls `register_marketplace` instead.

Examples:
    >>> from marketplace_sdk.core._registry import get_marketplace, marketplaces
    >>> keys = [description.key for description in marketplaces()]
    >>> all(get_marketplace(key).key == key for key in keys)
    True
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from importlib.metadata import entry_points
from typing import Generic, Protocol, TypeVar

import attrs
import httpx

from marketplace_sdk.core._async.channel import AsyncChannel
from marketplace_sdk.core._bulk_layout import BulkLayout
from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._commands import CommandSpec, ConnectFlow, SandboxSpec
from marketplace_sdk.core._errors import UnsupportedOperation
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceBounds
from marketplace_sdk.core._profiles import ProfileFiles, ShopProfile
from marketplace_sdk.core._status import StatusTable
from marketplace_sdk.core._sync.channel import Channel

__all__ = [
    "ENTRY_POINT_GROUP",
    "AsyncChannelFactory",
    "AsyncOpenedChannel",
    "CatalogueBudget",
    "ChannelFactory",
    "ChannelSetup",
    "ConnectCommand",
    "MarketplaceDescription",
    "OpenedChannel",
    "UnknownMarketplaceError",
    "WebhookParser",
    "get_marketplace",
    "marketplaces",
    "register_marketplace",
    "registered",
    "unregister_marketplace",
]

logger = logging.getLogger(__name__)

#: The entry-point group marketplace packages register their description in.
ENTRY_POINT_GROUP = "marketplace_sdk.marketplaces"

_KEY = re.compile(r"[a-z][a-z0-9_]*")

T = TypeVar("T")


@attrs.frozen
class CatalogueBudget:
    """How fast a catalogue import may read, by the marketplace's own limits.

    An import paces its requests (the marketplace's budget is counted in requests, not in
    products): it spends at most `daily_share` of the day's request budget where the channel
    knows it, at `requests_per_second` where the marketplace publishes no rate of its own.
    `skus` per `per` caps products too, for a marketplace that limits them.

    Attributes:
        skus: products per period, or `None` for no product cap.
        per: the period of `skus`.
        daily_share: the most of the day's request budget an import spends (0 to 1; a
            quarter by default, leaving the rest to order polling and stock pushes).
        requests_per_second: the import's own request rate, or `None` to run at the rate
            the channel's limiter allows.

    Examples:
        >>> str(CatalogueBudget(requests_per_second=1))
        "requests at 1/s, at most 25% of the day's budget"
        >>> str(CatalogueBudget(100, timedelta(seconds=1), requests_per_second=2))
        "requests at 2/s, at most 25% of the day's budget; at most 100 SKUs per 0:00:01"
    """

    skus: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )
    per: timedelta | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.gt(timedelta(0)))
    )
    daily_share: float = attrs.field(
        default=0.25,
        validator=attrs.validators.and_(attrs.validators.gt(0.0), attrs.validators.le(1.0)),
    )
    requests_per_second: float | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.gt(0.0))
    )

    def __str__(self) -> str:
        rate = self.requests_per_second
        pace = f"{rate:g}/s" if rate is not None else "the channel's rate"
        text = f"requests at {pace}, at most {self.daily_share:.0%} of the day's budget"
        if self.skus is not None:
            text += f"; at most {self.skus} SKUs per {self.per}"
        return text


@attrs.frozen(kw_only=True)
class ChannelSetup(Generic[T]):
    """What a channel factory gets besides the profile: the clock, transports, options, files.

    Attributes:
        clock: the time source.
        transports: httpx transports by role (`"api"`, and for a channel of two services the
            other's role, `"catalog"`), for in-process tests; a missing role goes over HTTP.
        options: the marketplace's own settings (`poll_interval` of a batch, say).
        files: where the profile's own files live (a token file), when they live on disk.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> ChannelSetup(clock=FakeClock()).transport("api") is None
        True
    """

    clock: Clock
    transports: Mapping[str, T] = attrs.field(factory=dict)
    options: Mapping[str, object] = attrs.field(factory=dict)
    files: ProfileFiles | None = None

    def transport(self, role: str = "api") -> T | None:
        """The transport of `role`, or `None` to reach the profile's URL over HTTP."""
        return self.transports.get(role)

    def number(self, name: str) -> float | None:
        """The option `name` as a number, `None` when not set.

        Raises:
            TypeError: the option is set to something else than a number.
        """
        value = self.options.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"option {name!r} must be a number, not {type(value).__name__}")
        return float(value)


@attrs.frozen
class OpenedChannel:
    """A channel a factory opened, and how to release the connections behind it.

    Examples:
        opened = OpenedChannel(channel, client.close)
    """

    channel: Channel
    close: Callable[[], None]


@attrs.frozen
class AsyncOpenedChannel:
    """An async channel a factory opened, and how to release the connections behind it.

    Examples:
        opened = AsyncOpenedChannel(channel, client.aclose)
    """

    channel: AsyncChannel
    aclose: Callable[[], Awaitable[None]]


#: Opens a sync channel from a profile of the marketplace and a setup.
ChannelFactory = Callable[[ShopProfile, ChannelSetup[httpx.BaseTransport]], OpenedChannel]
#: Opens an async channel from a profile of the marketplace and a setup.
AsyncChannelFactory = Callable[
    [ShopProfile, ChannelSetup[httpx.AsyncBaseTransport]], AsyncOpenedChannel
]


class WebhookParser(Protocol):
    """Reads a verified webhook event: which shop and which order it names.

    Each method raises the marketplace's own payload error for an event it cannot read.

    Examples:
        >>> class OrderEvents:  # a marketplace's parser, as its description names it
        ...     def shop_id(self, event: object) -> str | None:
        ...         return "42"
        ...     def order_id(self, event: object) -> str:
        ...         return "7"
        >>> parser: WebhookParser = OrderEvents()
        >>> parser.order_id({"type": "order.paid"})
        '7'
    """

    def shop_id(self, event: object) -> str | None:
        """The shop the event is for, when it says."""
        ...

    def order_id(self, event: object) -> str:
        """The order the event names."""
        ...

    def kind(self, event: object) -> str:
        """The event's type (`order.paid`), for logs."""
        ...

    def label(self, event: object) -> str:
        """The event in a message: its delivery id, else its type."""
        ...


@attrs.frozen(kw_only=True)
class ConnectCommand:
    """A marketplace's `connect` command: its help and options, and the flow that runs it.

    Examples:
        ConnectCommand(command=CommandSpec(help="Connect."), flow=connect)
    """

    command: CommandSpec
    flow: ConnectFlow


@attrs.frozen(kw_only=True)
class MarketplaceDescription:
    """Everything the layers above core need to know of one marketplace.

    Attributes:
        key: the marketplace's key (`etsy`): cursors, profiles, CLI group, `Channel.marketplace`.
        title: its name in messages and help (the capabilities' `marketplace`).
        summary: one line for its command group's help.
        capabilities: what it supports (`order_acceptance_required` among them).
        acceptance_line_states: the line states (its own words) of a line that awaits the
            seller's decision, which the acceptance job reads; empty for the job's default
            (FNAC's `ToAccept`).
        restock_statuses: the order statuses (its own words) after which it may have set the
            stock of the order's offers to 0 (a Mirakl operator on refusal, MIRAKL-Q09); the
            acceptance job pushes the OMS's stock of those SKUs again.
        status_table: the OMS status table.
        synced_statuses: the statuses the 30-minute order job syncs, in the seed's words.
        catalogue_budget: the catalogue import's default pace, from the marketplace's own limits.
        price_bounds: the range of prices it accepts.
        price_rule: `(price, selling price)` to the price sent, or a `PriceError`.
        currency: the one currency it trades in, when it has one (else the shop's).
        bulk_layout: its bulk-file templates, when it takes bulk files.
        profile_model: the stored profile of a connected shop (credentials, shop, API root).
        open_channel: opens a sync channel from a profile.
        open_async_channel: opens an async channel from a profile.
        webhook: reads its order webhooks, when it sends any.
        connect: the CLI's `connect` command.
        sandbox: the CLI's `sandbox serve <key>` command, when it has a sandbox.

    Examples:
        >>> from marketplace_sdk.core._registry import get_marketplace, marketplaces
        >>> description = marketplaces()[0]
        >>> get_marketplace(description.key) is description
        True
    """

    key: str = attrs.field(validator=attrs.validators.matches_re(_KEY))
    title: str
    summary: str
    capabilities: Capabilities
    acceptance_line_states: tuple[str, ...] = ()
    restock_statuses: tuple[str, ...] = ()
    status_table: StatusTable
    synced_statuses: tuple[str, ...]
    catalogue_budget: CatalogueBudget
    price_bounds: PriceBounds
    price_rule: Callable[[Money, Money | None], Money]
    currency: str | None = None
    bulk_layout: BulkLayout | None = None
    profile_model: type[ShopProfile]
    open_channel: ChannelFactory
    open_async_channel: AsyncChannelFactory
    webhook: WebhookParser | None = None
    connect: ConnectCommand
    sandbox: SandboxSpec | None = None

    @property
    def order_acceptance_required(self) -> bool:
        """Whether each order waits for the seller's acceptance (`Channel.accept_order`)."""
        return self.capabilities.order_acceptance_required

    def webhook_parser(self) -> WebhookParser:
        """The webhook parser.

        Raises:
            UnsupportedOperation: the marketplace sends no order webhooks.
        """
        if self.webhook is None:
            raise UnsupportedOperation(
                f"{self.title} sends no order webhooks the SDK reads", marketplace=self.key
            )
        return self.webhook


class UnknownMarketplaceError(LookupError):
    """No marketplace is registered under that key.

    Attributes:
        key: the key asked for.
        known: the keys registered.

    Examples:
        >>> str(UnknownMarketplaceError("amazon", ("etsy", "fnac")))
        "no marketplace 'amazon' is registered: use one of etsy, fnac"
    """

    def __init__(self, key: str, known: tuple[str, ...]) -> None:
        """Name the key asked for and the ones known."""
        hint = f"use one of {', '.join(known)}" if known else "none is (reinstall the package)"
        super().__init__(f"no marketplace {key!r} is registered: {hint}")
        self.key = key
        self.known = known


class _Registry:
    """The descriptions by key: the entry points' (loaded once) and the in-process ones."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._loaded: dict[str, MarketplaceDescription] | None = None
        self._added: dict[str, MarketplaceDescription] = {}
        self._removed: set[str] = set()

    def _from_entry_points(self) -> dict[str, MarketplaceDescription]:
        with self._lock:
            if self._loaded is None:
                found: dict[str, MarketplaceDescription] = {}
                for point in entry_points(group=ENTRY_POINT_GROUP):
                    description = point.load()
                    if not isinstance(description, MarketplaceDescription):
                        raise TypeError(
                            f"entry point {point.name} = {point.value} is not a "
                            "MarketplaceDescription"
                        )
                    if description.key != point.name:
                        raise ValueError(
                            f"entry point {point.name} describes marketplace {description.key!r}"
                        )
                    found[description.key] = description
                self._loaded = found
            return self._loaded

    def all(self) -> dict[str, MarketplaceDescription]:
        with self._lock:
            merged = {
                key: value
                for key, value in self._from_entry_points().items()
                if key not in self._removed
            }
            merged.update(self._added)
            return dict(sorted(merged.items()))

    def add(self, description: MarketplaceDescription, replace: bool) -> None:
        with self._lock:
            if not replace and description.key in self.all():
                raise ValueError(f"marketplace {description.key!r} is already registered")
            self._added[description.key] = description
            self._removed.discard(description.key)

    def remove(self, key: str) -> MarketplaceDescription:
        with self._lock:
            known = self.all()
            if key not in known:
                raise UnknownMarketplaceError(key, tuple(known))
            self._added.pop(key, None)
            if key in self._from_entry_points():
                self._removed.add(key)
            return known[key]


_REGISTRY = _Registry()


def marketplaces() -> tuple[MarketplaceDescription, ...]:
    """Every registered marketplace's description, by key.

    Examples:
        >>> [d.key for d in marketplaces()] == sorted(d.key for d in marketplaces())
        True
    """
    return tuple(_REGISTRY.all().values())


def get_marketplace(key: str) -> MarketplaceDescription:
    """The description of marketplace `key` (case and surrounding spaces ignored).

    Raises:
        UnknownMarketplaceError: no marketplace is registered under `key`.

    Examples:
        >>> get_marketplace("nowhere")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        marketplace_sdk.core._registry.UnknownMarketplaceError: no marketplace 'nowhere' ...
    """
    known = _REGISTRY.all()
    try:
        return known[key.strip().lower()]
    except KeyError:
        raise UnknownMarketplaceError(key, tuple(known)) from None


def register_marketplace(description: MarketplaceDescription, *, replace: bool = False) -> None:
    """Offer a marketplace defined in this process, as if its package had registered it.

    Raises:
        ValueError: a marketplace is already registered under its key (and not `replace`).

    Examples:
        register_marketplace(ACME)
        channel = open_channel("acme", profile)
    """
    _REGISTRY.add(description, replace)
    logger.debug("marketplace %s registered in process", description.key)


def unregister_marketplace(key: str) -> MarketplaceDescription:
    """Withdraw marketplace `key` from this process (a registered package's too); return it.

    Raises:
        UnknownMarketplaceError: no marketplace is registered under `key`.

    Examples:
        unregister_marketplace("acme")
    """
    return _REGISTRY.remove(key)


@contextmanager
def registered(description: MarketplaceDescription) -> Iterator[MarketplaceDescription]:
    """`register_marketplace` for the block only (tests, scripts).

    Examples:
        with registered(ACME):
            ...
    """
    register_marketplace(description)
    try:
        yield description
    finally:
        unregister_marketplace(description.key)
