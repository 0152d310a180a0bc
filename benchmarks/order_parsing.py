"""Order parsing rate: wire payloads to canonical `Order`s, in orders per second.

The payloads are real pages served by the sandboxes, recorded once through the SDK's own
clients (so they are what the clients receive), then parsed over and over for a few seconds:

- Etsy: a `getShopReceipts` page of 100 receipts with their transactions (and variations,
  shipments, refunds where the receipt has them), as JSON; read as the channel's `iter_orders`
  reads it: the page by `get_shop_receipt_documents`' parser (decoded by orjson, each receipt
  checked and dumped without its wire model), then each receipt mapped by
  `dumped_receipt_order` (`etsy._mapping.fast`, the same orders as `receipt_to_order`). The
  raw decode it is set beside is `json.loads`, the standard library's; orjson alone decodes
  the same page in about 40 % of that time.
- FNAC: an `orders_query` page of 100 orders with their order details, as XML; read as the
  channel's `iter_orders` reads it: the page's parser (envelope check, lxml) with each `<order>`
  read by `fnac._mapping.fast.read_order`, which takes an order of a shape seen before straight
  from its text to its canonical `Order` (no wire models) when every value reads plainly, and
  gives any other as its wire model (`Order.from_xml`), then mapped by `order_to_canonical`.
  Most of the mapping is thus in the first stage ("wire to model"): the second only passes the
  canonical orders on and maps the others.

Each figure is the total orders parsed divided by the time it took, over repeated whole pages
(at least `seconds` per marketplace); the two stages (wire to model, model to `Order`) are timed
separately too. Parsing is CPU work in one thread, so each stage is timed by that thread's CPU
time (`time.thread_time`): wall time on a shared machine also counts the time other processes
held the CPU, which no user of the SDK sees as parsing. The raw decode is timed the same way,
on the same page, in the same loop as the SDK's stages (one right after the other), so the
ratio sets the two side by side under the same conditions. The garbage collector is paused
during the raw decode only: the page it makes is freed at once and leaves the collector
nothing, while a full collection brought on by the SDK's pages could otherwise fall into the
decode and be counted as the decoder's (it did, halving the decoder's rate in some runs); the
SDK's stages pay for every collection that comes during them. The garbage the setup left
(the sandbox, its client) is collected before timing starts. The wall time is shown beside.

Run with `python -m benchmarks parsing`.
"""

from __future__ import annotations

import gc
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import httpx
from lxml import etree

from benchmarks._harness import Figure, median_figure, repeat, report
from marketplace_sdk import Order
from marketplace_sdk.core import Clock, FakeClock
from marketplace_sdk.etsy import EtsyClient, MemoryTokenStore, start_authorization
from marketplace_sdk.etsy._endpoints.receipts import ReceiptDocument, get_shop_receipt_documents
from marketplace_sdk.etsy._mapping.fast import dumped_receipt_order
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacClient, FnacCredentials, OrdersQueryRequest
from marketplace_sdk.fnac._endpoints import orders_read_pages
from marketplace_sdk.fnac._mapping import order_to_canonical
from marketplace_sdk.fnac._mapping.fast import read_order
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac.sandbox import FnacSandbox

__all__ = ["ParsingFigures", "etsy_page", "figures_of", "fnac_page", "main", "run"]

PAGE = 100
SECONDS = 4.0

R = TypeVar("R")


class RecordingTransport(httpx.BaseTransport):
    """Passes requests to `inner` and keeps every response, body read."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.responses: list[httpx.Response] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.responses.append(response)
        return response


def _copy(response: httpx.Response) -> httpx.Response:
    """A fresh response with the same status, headers, body and request."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=response.content,
        request=response.request,
    )


def etsy_page(size: int = PAGE, clock: Clock | None = None) -> httpx.Response:
    """A `getShopReceipts` answer of `size` receipts, served by a seeded Etsy sandbox."""
    clock = clock or FakeClock()
    sandbox = EtsySandbox.seeded(listings=200, orders=size, days=30, seed=5, clock=clock)
    recorder = RecordingTransport(sandbox.transport())
    secret = sandbox.app.shared_secret
    client = EtsyClient(
        sandbox.keystring, secret, MemoryTokenStore(), transport=recorder, clock=clock
    )
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
    client.connect(flow, sandbox.approve_consent(flow.url))
    page = client.get_shop_receipts(sandbox.shop_id, limit=min(size, PAGE))
    if len(page.items) != min(size, PAGE):
        raise RuntimeError(f"the sandbox served {len(page.items)} receipts, not {size}")
    return _copy(recorder.responses[-1])


def fnac_page(size: int = PAGE, clock: Clock | None = None, seed: int = 5) -> httpx.Response:
    """An `orders_query` answer of `size` orders, served by an FNAC sandbox seeded with `seed`."""
    clock = clock or FakeClock()
    sandbox = FnacSandbox.seeded(offers=200, orders=size, days=30, seed=seed, clock=clock)
    recorder = RecordingTransport(sandbox.transport())
    given = sandbox.credentials
    client = FnacClient(
        FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key),
        base_url=sandbox.base_url,
        transport=recorder,
        clock=clock,
    )
    orders = list(client.orders_query(OrdersQueryRequest(results_count=min(size, PAGE))))
    if len(orders) != size:
        raise RuntimeError(f"the sandbox served {len(orders)} orders, not {size}")
    return _copy(recorder.responses[-1])


@dataclass(frozen=True)
class ParsingFigures:
    """One marketplace's parsing rate."""

    marketplace: str
    payload: str
    page_bytes: int
    page_orders: int
    pages: int
    orders: int
    parse_seconds: float
    map_seconds: float
    raw_seconds: float
    wall_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """Time spent on both stages."""
        return self.parse_seconds + self.map_seconds

    @property
    def orders_per_second(self) -> float:
        """Orders taken from wire bytes to canonical `Order`s per second."""
        return self.orders / self.seconds

    @property
    def wall_per_second(self) -> float:
        """The same rate by wall time, which counts what else ran on the machine meanwhile."""
        return self.orders / self.wall_seconds if self.wall_seconds else math.inf

    @property
    def raw_per_second(self) -> float:
        """Orders per second the bare decoder (`json.loads`, lxml) gets through."""
        return self.orders / self.raw_seconds if self.raw_seconds else math.inf

    @property
    def times_raw(self) -> float:
        """How many times slower than the bare decoder the SDK's parsing and mapping run."""
        return self.seconds / self.raw_seconds if self.raw_seconds else math.inf

    def figures(self) -> list[Figure]:
        """The rate against the issue's goals."""
        return [
            Figure(
                f"{self.marketplace}: canonical orders/s",
                f"{self.orders_per_second:,.0f} ({self.payload}, {self.orders:,} orders; "
                f"wire to model {self.parse_seconds / self.seconds:.0%}, model to Order "
                f"{self.map_seconds / self.seconds:.0%}; CPU time, wall "
                f"{self.wall_per_second:,.0f}/s)",
                ">= 20,000",
                self.orders_per_second >= 20_000,
            ),
            Figure(
                f"{self.marketplace}: vs raw decode of the same bytes",
                f"{self.times_raw:.1f}x slower (raw {self.raw_per_second:,.0f} orders/s)",
                "<= 3x",
                self.times_raw <= 3.0,
            ),
        ]

    def lines(self) -> list[str]:
        """The figures as printable lines."""
        per_order = self.seconds / self.orders * 1e6
        return [
            f"{self.marketplace}: {self.payload}, {self.page_orders} orders a page "
            f"({self.page_bytes / 1024:,.0f} KiB, {self.page_bytes / self.page_orders:,.0f} "
            "bytes an order)",
            f"  {self.orders_per_second:,.0f} orders/s ({per_order:,.0f} µs an order) over "
            f"{self.pages} pages, {self.orders:,} orders, {self.seconds:.1f} s",
            f"  wire to model {self.parse_seconds / self.seconds:.0%} of the time, model to "
            f"Order {self.map_seconds / self.seconds:.0%} (CPU time; "
            f"{self.wall_per_second:,.0f} orders/s by wall time)",
        ]


def measure(
    marketplace: str,
    payload: str,
    response: httpx.Response,
    parse: Callable[[httpx.Response], Sequence[R]],
    to_order: Callable[[R], Order],
    seconds: float,
    decode: Callable[[bytes], object],
) -> ParsingFigures:
    """Parse `response` and map its orders again and again, for at least `seconds` of CPU.

    Each page is decoded bare (`decode`) and then parsed and mapped, each step timed by this
    thread's CPU time; the wall time of the SDK's two stages is kept beside.
    """
    content = response.content
    gc.collect()  # the setup's garbage (the sandbox, its client) is not parsing's to collect
    pages = orders = 0
    parsing = mapping = raw = wall = 0.0
    cpu = time.thread_time
    while parsing + mapping < seconds or pages == 0:
        fresh = _copy(response)
        # The bare decode's page is freed as soon as it is made, so it leaves the collector
        # nothing to do: it runs with the collector paused, or the collections the SDK's
        # allocations bring on would fall to it whenever its own allocations tip them over.
        # The SDK's stages pay for every collection that comes during them.
        gc.disable()
        start = cpu()
        decode(content)
        decoded = cpu()
        gc.enable()
        raw += decoded - start
        began = time.perf_counter()
        start = cpu()
        records = parse(fresh)
        middle = cpu()
        mapped = [to_order(record) for record in records]
        end = cpu()
        wall += time.perf_counter() - began
        parsing += middle - start
        mapping += end - middle
        pages += 1
        orders += len(mapped)
    return ParsingFigures(
        marketplace=marketplace,
        payload=payload,
        page_bytes=len(response.content),
        page_orders=orders // pages,
        pages=pages,
        orders=orders,
        parse_seconds=parsing,
        map_seconds=mapping,
        raw_seconds=raw,
        wall_seconds=wall,
    )


def _etsy_records(response: httpx.Response) -> Sequence[ReceiptDocument]:
    return get_shop_receipt_documents(0).parse(response).items


def _etsy_order(document: ReceiptDocument) -> Order:
    return dumped_receipt_order(document.data, document.raw)


def _fnac_records(response: httpx.Response) -> Sequence[Order | FnacOrder]:
    return orders_read_pages(None, read_order).first().parse(response).items


def _fnac_order(record: Order | FnacOrder) -> Order:
    # As the channel's `iter_orders`: a canonical order as it is, a wire one mapped.
    return record if isinstance(record, Order) else order_to_canonical(record)


def run(size: int = PAGE, seconds: float = SECONDS) -> list[ParsingFigures]:
    """Both marketplaces' parsing rates, on pages of `size` orders, `seconds` each."""
    return [
        measure(
            "Etsy",
            "getShopReceipts JSON",
            etsy_page(size),
            _etsy_records,
            _etsy_order,
            seconds,
            json.loads,
        ),
        measure(
            "FNAC",
            "orders_query XML",
            fnac_page(size),
            _fnac_records,
            _fnac_order,
            seconds,
            etree.fromstring,
        ),
    ]


def figures_of(runs: Sequence[list[ParsingFigures]]) -> list[Figure]:
    """Each marketplace's rates as the median over `runs`, every ratio taken within its run."""
    out: list[Figure] = []
    for index, last in enumerate(runs[-1]):
        mine = [run[index] for run in runs]
        out += [
            median_figure(
                f"{last.marketplace}: canonical orders/s",
                mine,
                lambda item: item.orders_per_second,
                "{:,.0f}",
                goal=">= 20,000",
                passes=lambda value: value >= 20_000,
                detail=(
                    f"{last.payload}, {last.orders:,} orders in the last run; wire to model "
                    f"{last.parse_seconds / last.seconds:.0%}, model to Order "
                    f"{last.map_seconds / last.seconds:.0%}; CPU time, wall "
                    f"{last.wall_per_second:,.0f}/s"
                ),
            ),
            median_figure(
                f"{last.marketplace}: times slower than the raw decode of the same bytes",
                mine,
                lambda item: item.times_raw,
                "{:.1f}x",
                goal="<= 3x",
                passes=lambda value: value <= 3.0,
                detail=f"raw {last.raw_per_second:,.0f} orders/s in the last run",
            ),
        ]
    return out


def main() -> None:
    """Print the parsing rates."""
    report(
        f"order parsing, wire pages of {PAGE} orders to canonical Orders, ~{SECONDS:.0f} s each "
        "(the pages the sandboxes serve, recorded once; parsing is CPU only, timed by CPU "
        "time, the raw decode beside it on the same page)",
        figures_of(repeat(run)),
    )


if __name__ == "__main__":
    main()
