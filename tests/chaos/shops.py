"""The shops a chaos run drives: a sandbox, its channel, and the outside world's moves on it.

One class per marketplace, with what the chaos harness needs of each: the sandbox's own order
ids, a buyer ordering and cancelling, the OMS deciding what to ship, carriers delivering, the
shipments the marketplace holds, and (re)connecting the shop the way a host does. And the
`Killer`, which kills the host process around the requests a shop's channel sends.
"""

from __future__ import annotations

import abc
import os
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import httpx

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy._auth import MemoryTokenStore, start_authorization
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions
from marketplace_sdk.etsy._sync.channel import EtsyChannel
from marketplace_sdk.etsy._sync.client import EtsyClient
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._sync.channel import FnacChannel
from marketplace_sdk.fnac._sync.client import FnacClient
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.mirakl.sandbox._connect import connect_channel as connect_mirakl
from marketplace_sdk.testing import FaultPlan, SandboxTransport

#: `MARKETPLACE_SDK_CHAOS=full` runs the issue's size (300 orders of history per shop).
SCALE_ENV = "MARKETPLACE_SDK_CHAOS"


class Killed(BaseException):
    """The process died (a SIGKILL): nothing after this point runs, no handler sees it."""


class Killer:
    """Kills the process at random points, from a seeded generator, while it is armed."""

    def __init__(self, seed: int, rate: float) -> None:
        self.rng = random.Random(seed)
        self.rate = rate
        self.armed = False
        self.kills: Counter[str] = Counter()

    def maybe(self, where: str, rate: float | None = None) -> None:
        """Die here, now and then (at `rate`, or the killer's own)."""
        if self.armed and self.rng.random() < (self.rate if rate is None else rate):
            self.kills[where] += 1
            raise Killed(where)


class KillingApp:
    """A sandbox app whose client process may die before its request is applied, or after."""

    def __init__(self, app: Any, killer: Killer) -> None:
        self.app, self.killer = app, killer

    def operation_of(self, request: httpx.Request) -> str | None:
        name: str | None = self.app.operation_of(request)
        return name

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.killer.maybe("before the request was applied")
        response: httpx.Response = self.app(request)
        self.killer.maybe("after the request was applied, before the answer")
        return response


@attrs.frozen
class ChaosSize:
    """How big a shop and how long a day."""

    history_orders: int = 60
    listings: int = 40
    history_days: int = 90
    hours: int = 24
    orders_per_hour: int = 1

    @classmethod
    def from_env(cls) -> ChaosSize:
        """The default size, or the issue's (300 orders of history) with `SCALE_ENV=full`."""
        if os.environ.get(SCALE_ENV, "").lower() == "full":
            return cls(history_orders=300, listings=200)
        return cls()


def seeded(client: Any, seed: int) -> Any:
    """`client`, its retry jitter drawn from a generator seeded with `seed`.

    The jitter decides how far each backoff moves the simulated clock, and so when tokens
    expire: unseeded, two runs of one seed would part ways. (The clients take no generator;
    the engine's config holds it.)
    """
    client._engine.config.rng.seed(seed)
    return client


class Shop(abc.ABC):
    """One sandbox shop, its channel, and the outside world's moves on it."""

    marketplace: str
    #: The token endpoint: its operation, as the sandbox names it, and how its path ends
    #: (empty for a marketplace whose key never expires, Mirakl's).
    token_operation: str = ""
    token_path: str = ""
    sandbox: Any
    channel: Any
    clock: FakeClock
    seed: int
    #: Clients made so far: each one's jitter is seeded with the shop's seed and this count.
    clients: int = 0

    def next_seed(self) -> int:
        """The seed of the next client's jitter."""
        self.clients += 1
        return self.seed * 1_000 + self.clients

    @property
    def has_token_endpoint(self) -> bool:
        """Whether the shop's authorization goes through a token endpoint (Etsy, FNAC)."""
        return bool(self.token_operation)

    def token_calls(self) -> tuple[int, int]:
        """Requests the token endpoint served, and how many of them it refused (4xx)."""
        if not self.has_token_endpoint:
            return 0, 0
        calls = [call for call in self.sandbox.calls if call.operation == self.token_operation]
        return len(calls), sum(1 for call in calls if 400 <= call.status < 500)

    def token_faults(self) -> int:
        """Faults fired on the token endpoint."""
        if not self.has_token_endpoint:
            return 0
        return sum(1 for _, path, _ in self.faults.fired if path.endswith(self.token_path))

    @abc.abstractmethod
    def order_ids(self) -> set[str]:
        """Every order the marketplace holds (its own state)."""

    @abc.abstractmethod
    def buyer_orders(self, rng: random.Random) -> str:
        """A buyer orders an in-stock product."""

    @abc.abstractmethod
    def buyer_cancels(self, order_id: str) -> None:
        """The buyer cancels an unshipped order."""

    @abc.abstractmethod
    def shippable(self, order: Order) -> bool:
        """Whether the OMS ships an order it holds in this state."""

    @abc.abstractmethod
    def deliver_some(self, order_ids: Sequence[str], rng: random.Random) -> None:
        """Carriers deliver some shipped orders."""

    @abc.abstractmethod
    def shipments_of(self, order_id: str) -> list[str]:
        """The tracking numbers the marketplace holds for an order (one per shipment)."""

    @abc.abstractmethod
    def connect(self) -> Any:
        """A new channel on the shop, connected the way a host connects one (PKCE on Etsy)."""

    @abc.abstractmethod
    def stock_skus(self) -> list[str]:
        """The SKUs whose stock a host pushes (one quantity each on the marketplace)."""

    @abc.abstractmethod
    def quantity_of(self, sku: str) -> int:
        """The quantity the marketplace holds for `sku`, once what it accepted is processed."""

    def reconnect(self, *, attempts: int = 20) -> None:
        """The seller connects the shop again (after the SDK said to), trying until it works."""
        for _ in range(attempts):
            try:
                self.channel = self.connect()
            except MarketplaceError:
                self.clock.advance(60)  # the seller tries again a minute later
                continue
            return
        raise AssertionError(f"{self.marketplace}: could not reconnect in {attempts} attempts")

    def restart(self) -> None:
        """The host process starts again: a new channel from what the host stored."""
        self.channel = self.connect()

    def arm(self, killer: Killer) -> None:
        """Let `killer` kill the process around every request the shop's channels send."""
        original = self.sandbox.transport

        def transport() -> SandboxTransport:
            served: SandboxTransport = original()
            served.app = KillingApp(served.app, killer)
            return served

        self.sandbox.transport = transport
        self.restart()

    @property
    def faults(self) -> FaultPlan:
        """The sandbox's fault plan (the token endpoint's requests go through it too)."""
        plan: FaultPlan = self.sandbox.faults
        return plan


class EtsyShop(Shop):
    marketplace = "etsy"
    token_operation = "oauthToken"
    token_path = "/oauth/token"

    def __init__(self, seed: int, size: ChaosSize, clock: FakeClock) -> None:
        self.clock, self.seed = clock, seed
        self.sandbox = EtsySandbox.seeded(
            listings=size.listings,
            orders=size.history_orders,
            days=size.history_days,
            seed=seed,
            clock=clock,
        )
        self.tokens = MemoryTokenStore()  # the host's store: it outlives a process
        self.channel = self.connect()

    def order_ids(self) -> set[str]:
        return {str(receipt_id) for receipt_id in self.sandbox.world.receipts}

    def buyer_orders(self, rng: random.Random) -> str:
        active = sorted(
            listing.listing_id
            for listing in self.sandbox.world.listings.values()
            if listing.state == "active"
            and all(o.quantity > 0 for p in listing.inventory.products for o in p.offerings)
        )
        return str(self.sandbox.place_order(rng.choice(active)))

    def buyer_cancels(self, order_id: str) -> None:
        self.sandbox.cancel_order(int(order_id))

    def shippable(self, order: Order) -> bool:
        receipt = self.sandbox.receipt(int(order.order_id))
        return order.marketplace_status == "New" and not receipt.is_canceled

    def deliver_some(self, order_ids: Sequence[str], rng: random.Random) -> None:
        for order_id in order_ids:
            receipt = self.sandbox.receipt(int(order_id))
            if receipt.is_shipped and not receipt.is_delivered and rng.random() < 0.3:
                self.sandbox.mark_delivered(int(order_id))

    def shipments_of(self, order_id: str) -> list[str]:
        return [s.tracking_code for s in self.sandbox.receipt(int(order_id)).shipments]

    def _products(self, states: Sequence[str]) -> dict[str, list[Any]]:
        # Every product carrying each SKU: a SKU on several listings is one physical stock.
        products: dict[str, list[Any]] = {}
        for listing in self.sandbox.world.listings.values():
            if listing.state in states and listing.inventory is not None:
                for product in listing.inventory.products:
                    if product.sku and len(product.offerings) == 1:
                        products.setdefault(product.sku, []).append(product)
        return products

    def stock_skus(self) -> list[str]:
        # SKUs on several listings (the seeded shop has some) are checked on every listing.
        return sorted(self._products(["active"]))

    def quantity_of(self, sku: str) -> int:
        # A listing whose stock went to 0 is sold out (ETSY-Q03): it still holds its SKUs.
        # Listings carrying one SKU that disagree read as -1, which no OMS quantity equals.
        products = self._products(["active", "sold_out", "inactive"])[sku]
        quantities = {int(product.offerings[0].quantity) for product in products}
        return quantities.pop() if len(quantities) == 1 else -1

    def connect(self) -> Any:
        client = self._client()
        flow = start_authorization(self.sandbox.keystring, self.sandbox.app.redirect_uris[0])
        client.connect(flow, self.sandbox.approve_consent(flow.url))
        return self._channel(client)

    def restart(self) -> None:
        # A new process reads the shop's tokens back from the host's store.
        self.channel = self._channel(self._client())

    def _client(self) -> EtsyClient:
        client = EtsyClient(
            self.sandbox.keystring,
            self.sandbox.app.shared_secret,
            self.tokens,
            transport=self.sandbox.transport(),
            clock=self.clock,
        )
        return seeded(client, self.next_seed())

    def _channel(self, client: EtsyClient) -> EtsyChannel:
        profile = next(iter(self.sandbox.world.profiles), None)
        options = EtsyChannelOptions(shipping_profile_id=profile)
        return EtsyChannel(client, self.sandbox.shop_id, clock=self.clock, options=options)


class FnacShop(Shop):
    marketplace = "fnac"
    token_operation = "auth"
    token_path = "/auth"

    def __init__(self, seed: int, size: ChaosSize, clock: FakeClock) -> None:
        self.clock, self.seed = clock, seed
        self.sandbox = FnacSandbox.seeded(
            offers=size.listings,
            orders=size.history_orders,
            days=size.history_days,
            seed=seed,
            clock=clock,
        )
        self.channel = self.connect()

    def order_ids(self) -> set[str]:
        return set(self.sandbox.state.orders)

    def buyer_orders(self, rng: random.Random) -> str:
        stocked = sorted(sku for sku, offer in self.sandbox.state.offers.items() if offer.quantity)
        order_id: str = self.sandbox.place_order([rng.choice(stocked)]).order_id
        return order_id

    def buyer_cancels(self, order_id: str) -> None:
        self.sandbox.cancel_order(order_id)

    def shippable(self, order: Order) -> bool:
        held = self.sandbox.order(order.order_id)
        return order.marketplace_status == "To be Shipped" and held.state == "ToShip"

    def deliver_some(self, order_ids: Sequence[str], rng: random.Random) -> None:
        for order_id in order_ids:
            if self.sandbox.order(order_id).state == "Shipped" and rng.random() < 0.3:
                self.sandbox.mark_received(order_id)

    def shipments_of(self, order_id: str) -> list[str]:
        return sorted({line.tracking_number for line in self.sandbox.order(order_id).lines})

    def stock_skus(self) -> list[str]:
        return sorted(self.sandbox.state.offers)

    def quantity_of(self, sku: str) -> int:
        self.sandbox.advance(0)  # the batches due by now are applied
        quantity: int = self.sandbox.state.offers[sku].quantity
        return quantity

    def connect(self) -> Any:
        given = self.sandbox.credentials
        credentials = FnacCredentials(
            partner_id=given.partner_id, shop_id=given.shop_id, key=given.key
        )
        client = FnacClient(
            credentials,
            base_url=self.sandbox.base_url,
            transport=self.sandbox.transport(),
            clock=self.clock,
        )
        return FnacChannel(seeded(client, self.next_seed()))


class MiraklShop(Shop):
    """A Mirakl operator's shop: its customers order and cancel on the operator's side, the
    shop accepts (the accept job), ships once Mirakl has debited the customer (SHIPPING)."""

    marketplace = "mirakl"

    def __init__(self, seed: int, size: ChaosSize, clock: FakeClock) -> None:
        self.clock, self.seed = clock, seed
        shop = ShopSeed.generated(
            clock.now(),
            offers=size.listings,
            orders=size.history_orders,
            days=size.history_days,
            seed=seed,
        )
        self.sandbox = MiraklSandbox(clock=clock, shop=shop)
        self.channel = self.connect()

    def order_ids(self) -> set[str]:
        return set(self.sandbox.orders)

    def buyer_orders(self, rng: random.Random) -> str:
        stocked = sorted(
            sku for sku, row in self.sandbox.offers.offers.items() if int(row["quantity"]) > 0
        )
        order_id: str = self.sandbox.place_order([rng.choice(stocked)]).order_id
        return order_id

    def buyer_cancels(self, order_id: str) -> None:
        self.sandbox.cancel_order(order_id)

    def shippable(self, order: Order) -> bool:
        held = self.sandbox.order(order.order_id)
        return order.marketplace_status == "SHIPPING" and held.state == "SHIPPING"

    def deliver_some(self, order_ids: Sequence[str], rng: random.Random) -> None:
        for order_id in order_ids:
            if self.sandbox.order(order_id).state == "SHIPPED" and rng.random() < 0.3:
                self.sandbox.mark_received(order_id)

    def shipments_of(self, order_id: str) -> list[str]:
        # Mirakl holds one tracking per order (OR23) and ships it once (OR24): a second
        # shipment would be a second OR24 on a shipped order, which Mirakl refuses.
        held = self.sandbox.order(order_id)
        tracking = held.carrier.get("tracking_number")
        return [str(tracking)] if tracking and held.shipped_at is not None else []

    def stock_skus(self) -> list[str]:
        return sorted(self.sandbox.offers.offers)

    def quantity_of(self, sku: str) -> int:
        self.sandbox.settle()  # the imports due by now are applied
        return int(self.sandbox.offers.offers[sku]["quantity"])

    def connect(self) -> Any:
        channel = connect_mirakl(self.sandbox, clock=self.clock)
        seeded(channel._seller, self.next_seed())
        return channel


class ChannelSlot:
    """The channel the host holds for a shop: the current one, replaced when it reconnects."""

    def __init__(self, shop: Shop) -> None:
        self._shop = shop

    def __getattr__(self, name: str) -> Any:
        return getattr(self._shop.channel, name)


SHOPS: dict[str, Callable[[int, ChaosSize, FakeClock], Shop]] = {
    "etsy": EtsyShop,
    "fnac": FnacShop,
    "mirakl": MiraklShop,
}
