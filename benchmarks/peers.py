"""Side by side with the published peer Etsy SDKs, on the same served Etsy sandbox.

The peers are the Etsy SDKs published on PyPI: `etsyv3` (0.0.7) and `etsy-python` (1.2.3). They
are installed for the benchmarks only (the `bench` extra, which `make bench` installs); without
them their rows say so. Both send every request to Etsy's host, hard-coded; a requests transport
adapter mounted on their own `requests.Session` sends it to the loopback sandbox instead,
path and query unchanged (`loopback_adapter`). Both send the keystring verbatim as `x-api-key`,
so they are given `keystring:shared_secret`, the form Etsy requires since 2026 (ETSY-Q24).

Set-up per run: an Etsy sandbox shop of `LISTINGS` listings (30 % with variations) and
`RECEIPTS` receipts, served over loopback on the system clock, enforcing 10 requests per second
(429 past them) and counting every request. Each SDK runs each task on a fresh sandbox:

- push stock: a new quantity for every SKU of every listing. A peer reads each listing's
  inventory and writes it back with the new quantities (`getListingInventory` then
  `updateListingInventory`, the only way their APIs offer), given the listing ids for free. The
  SDK's channel is given SKUs only (`push_stock`) and learns the listing ids itself.
- read all receipts: every receipt of the shop, 100 per page (the peers: the paging loop a
  user writes around `get_shop_receipts`; the SDK: `iter_receipts_by_created`).

Neither peer paces its calls or retries a 429, so each runs twice: as documented (a plain loop,
a failed listing skipped), and with the pacing and retry a user has to write around it
(`UserPacing`: one call every 1/10 s, a 429 waited out and retried). "applied" counts the
listings whose quantities the sandbox holds afterwards, read back from its state.

Run with `python -m benchmarks peers`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol
from urllib.parse import urlsplit

from benchmarks._harness import Figure, etsy_channel, etsy_client, median, repeat, report, served
from marketplace_sdk.core import SystemClock
from marketplace_sdk.core._models import StockUpdate
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy.sandbox import EtsySandbox

__all__ = ["TaskRun", "UserPacing", "loopback_adapter", "main", "run_all", "table"]

LISTINGS = 100
RECEIPTS = 1_000
ALLOWED_PER_SECOND = 10
PAGE = 100
#: The listings a push targets: on sale, so no re-activation (ETSY-Q03) muddies the counts.
PUSHABLE = ("active",)


class Limited(Exception):
    """A peer's call was refused with 429 (as the user's code has to notice it)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"429, retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class TaskRun:
    """One SDK doing one task on its own sandbox."""

    task: str
    sdk: str
    requests: int
    refused: int
    seconds: float
    done: int
    wanted: int
    note: str = ""

    @property
    def ideal_seconds(self) -> float:
        """The requests at exactly the allowed rate."""
        return self.requests / ALLOWED_PER_SECOND

    @property
    def vs_ideal(self) -> float:
        """Wall time over the ideal time."""
        return self.seconds / self.ideal_seconds if self.requests else float("nan")


class UserPacing:
    """The pacing and retry a user of a peer SDK writes: a call every `1 / rate` seconds, and a
    429 waited out (its Retry-After, else 1 s) and retried, up to `attempts` times."""

    def __init__(self, rate: float = ALLOWED_PER_SECOND, attempts: int = 5) -> None:
        self.interval = 1 / rate
        self.attempts = attempts
        self._next = time.monotonic()

    def call(self, function: Callable[[], Any]) -> Any:
        for attempt in range(self.attempts):
            now = time.monotonic()
            if self._next > now:
                time.sleep(self._next - now)
            self._next = max(self._next, time.monotonic()) + self.interval
            try:
                return function()
            except Limited as refused:
                if attempt + 1 == self.attempts:
                    raise
                time.sleep(refused.retry_after)
                self._next = time.monotonic()
        raise AssertionError("unreachable")


def _unpaced(function: Callable[[], Any]) -> Any:
    return function()


def loopback_adapter(url: str) -> Any:
    """A requests transport adapter sending every request to `url`, path and query kept."""
    from requests.adapters import HTTPAdapter

    class LoopbackAdapter(HTTPAdapter):
        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            parts = urlsplit(request.url)
            request.url = url + parts.path + (f"?{parts.query}" if parts.query else "")
            return super().send(request, *args, **kwargs)

    return LoopbackAdapter()


def _shop(seed: int) -> EtsySandbox:
    return EtsySandbox.seeded(
        listings=LISTINGS,
        variation_ratio=0.3,
        orders=RECEIPTS,
        seed=seed,
        duplicate_skus=0,
        clock=SystemClock(),
    )


def _targets(sandbox: EtsySandbox) -> dict[int, dict[str, int]]:
    """Each listing's SKUs and the new quantity each must get."""
    out: dict[int, dict[str, int]] = {}
    for number, listing in enumerate(sorted(sandbox.world.listings.values(), key=_id)):
        products = listing.inventory.products if listing.inventory is not None else []
        skus = [product.sku for product in products if product.sku]
        if listing.state in PUSHABLE and skus and len(skus) == len(products):
            out[listing.listing_id] = {sku: 1 + (number + n) % 40 for n, sku in enumerate(skus)}
    return out


def _id(listing: Any) -> int:
    return int(listing.listing_id)


def _applied(sandbox: EtsySandbox, targets: dict[int, dict[str, int]]) -> int:
    done = 0
    for listing_id, wanted in targets.items():
        products = sandbox.listing(listing_id).inventory.products
        if all(wanted.get(product.sku) == product.quantity for product in products):
            done += 1
    return done


def _api_key(sandbox: EtsySandbox) -> str:
    return f"{sandbox.keystring}:{sandbox.app.shared_secret.get_secret_value()}"


class _Peer(Protocol):
    """One peer SDK behind the three calls the tasks need, 429 raised as `Limited`."""

    def inventory(self, listing_id: int) -> dict[str, Any]: ...

    def write(self, listing_id: int, inventory: dict[str, Any], wanted: dict[str, int]) -> None: ...

    def receipts(self, shop_id: int, offset: int) -> list[Any]: ...


class _EtsyV3:
    def __init__(self, sandbox: EtsySandbox, url: str) -> None:
        from etsyv3 import EtsyAPI

        tokens = sandbox.connect()
        expiry = datetime.utcnow() + timedelta(seconds=tokens.expires_in)
        self.api = EtsyAPI(_api_key(sandbox), tokens.access_token, tokens.refresh_token, expiry)
        self.api.session.mount("https://", loopback_adapter(url))

    @staticmethod
    def _checked(body: Any) -> Any:
        # etsyv3 raises on 400-409 and 500 but hands a 429's error body back as the answer.
        if isinstance(body, dict) and "error" in body and len(body) == 1:
            raise Limited(1.0)
        return body

    def inventory(self, listing_id: int) -> dict[str, Any]:
        return dict(self._checked(self.api.get_listing_inventory(listing_id)))

    def write(self, listing_id: int, inventory: dict[str, Any], wanted: dict[str, int]) -> None:
        from etsyv3.models.listing_request import UpdateListingInventoryRequest

        request = UpdateListingInventoryRequest.generate_request_from_inventory_response(inventory)
        for product in request.products:
            for offering in product.offerings:
                offering["quantity"] = wanted[product.sku]
        self._checked(self.api.update_listing_inventory(listing_id, request))

    def receipts(self, shop_id: int, offset: int) -> list[Any]:
        # etsyv3 filters on was_paid=True, was_shipped=False unless told not to.
        page = self._checked(
            self.api.get_shop_receipts(
                shop_id,
                limit=PAGE,
                offset=offset,
                was_paid=None,
                was_shipped=None,
            )
        )
        return list(page["results"])


class _EtsyPython:
    def __init__(self, sandbox: EtsySandbox, url: str) -> None:
        from etsy_python.v3.resources.ListingInventory import ListingInventoryResource
        from etsy_python.v3.resources.Receipt import ReceiptResource
        from etsy_python.v3.resources.Session import EtsyClient

        tokens = sandbox.connect()
        expiry = datetime.now(UTC) + timedelta(seconds=tokens.expires_in)
        client = EtsyClient(_api_key(sandbox), tokens.access_token, tokens.refresh_token, expiry)
        client.session.mount("https://", loopback_adapter(url))
        self.listings = ListingInventoryResource(client)
        self.orders = ReceiptResource(client)

    @staticmethod
    def _checked(call: Callable[[], Any]) -> Any:
        from etsy_python.v3.exceptions.RequestException import RequestException

        try:
            return call().message
        except RequestException as error:
            if error.code == 429:
                raise Limited(1.0) from None
            raise

    def inventory(self, listing_id: int) -> dict[str, Any]:
        return dict(self._checked(lambda: self.listings.get_listing_inventory(listing_id)))

    def write(self, listing_id: int, inventory: dict[str, Any], wanted: dict[str, int]) -> None:
        from etsy_python.v3.models.Listing import UpdateListingInventoryRequest
        from etsy_python.v3.models.Product import Product

        products = [
            Product(
                sku=product["sku"],
                property_values=[
                    {key: value for key, value in prop.items() if key != "scale_name"}
                    for prop in product["property_values"]
                ],
                offerings=[
                    {
                        "price": offering["price"]["amount"] / offering["price"]["divisor"],
                        "quantity": wanted[product["sku"]],
                        "is_enabled": offering["is_enabled"],
                        "readiness_state_id": offering.get("readiness_state_id"),
                    }
                    for offering in product["offerings"]
                ],
            )
            for product in inventory["products"]
        ]
        request = UpdateListingInventoryRequest(
            products,
            price_on_property=inventory.get("price_on_property"),
            quantity_on_property=inventory.get("quantity_on_property"),
            sku_on_property=inventory.get("sku_on_property"),
            readiness_state_on_property=inventory.get("readiness_state_on_property"),
        )
        self._checked(lambda: self.listings.update_listing_inventory(listing_id, request))

    def receipts(self, shop_id: int, offset: int) -> list[Any]:
        page = self._checked(
            lambda: self.orders.get_shop_receipts(shop_id, limit=PAGE, offset=offset)
        )
        return list(page["results"])


PEERS: dict[str, Callable[[EtsySandbox, str], _Peer]] = {
    "etsyv3 0.0.7": _EtsyV3,
    "etsy-python 1.2.3": _EtsyPython,
}


def _measure(
    task: str, sdk: str, seed: int, work: Callable[[EtsySandbox, str], tuple[int, int, str]]
) -> TaskRun:
    sandbox = _shop(seed)
    with served(sandbox) as server:
        time.sleep(1.1)  # a fresh per-second window
        started = time.perf_counter()
        sandbox.calls.clear()
        done, wanted, note = work(sandbox, server.url)
        seconds = time.perf_counter() - started
        calls = [call for call in sandbox.calls.calls if not call.path.endswith("/oauth/token")]
    return TaskRun(
        task=task,
        sdk=sdk,
        requests=len(calls),
        refused=sum(1 for call in calls if call.status == 429),
        seconds=seconds,
        done=done,
        wanted=wanted,
        note=note,
    )


def _peer_push(
    make: Callable[[EtsySandbox, str], _Peer], paced: bool
) -> Callable[[EtsySandbox, str], tuple[int, int, str]]:
    def work(sandbox: EtsySandbox, url: str) -> tuple[int, int, str]:
        peer = make(sandbox, url)
        targets = _targets(sandbox)
        sandbox.calls.clear()
        call = UserPacing().call if paced else _unpaced
        failures: dict[str, int] = {}
        for listing_id, wanted in targets.items():
            try:
                inventory = call(partial(peer.inventory, listing_id))
                call(partial(peer.write, listing_id, inventory, wanted))
            except Exception as error:  # the plain loop skips a failed listing
                kind = type(error).__name__
                failures[kind] = failures.get(kind, 0) + 1
        note = ", ".join(f"{count} x {kind}" for kind, count in sorted(failures.items()))
        return _applied(sandbox, targets), len(targets), note

    return work


def _peer_receipts(
    make: Callable[[EtsySandbox, str], _Peer], paced: bool
) -> Callable[[EtsySandbox, str], tuple[int, int, str]]:
    def work(sandbox: EtsySandbox, url: str) -> tuple[int, int, str]:
        peer = make(sandbox, url)
        sandbox.calls.clear()
        call = UserPacing().call if paced else _unpaced
        seen: set[int] = set()
        offset = 0
        note = ""
        while True:
            try:
                page = call(partial(peer.receipts, sandbox.shop_id, offset))
            except Exception as error:
                note = f"stopped at offset {offset}: {type(error).__name__}"
                break
            seen.update(int(receipt["receipt_id"]) for receipt in page)
            if len(page) < PAGE:
                break
            offset += PAGE
        return len(seen), len(sandbox.world.receipts), note

    return work


def _sdk_push(sandbox: EtsySandbox, url: str) -> tuple[int, int, str]:
    targets = _targets(sandbox)
    channel = etsy_channel(sandbox, url)
    sandbox.calls.clear()
    updates = [
        StockUpdate(sku=sku, quantity=quantity)
        for wanted in targets.values()
        for sku, quantity in wanted.items()
    ]
    results = channel.push_stock(updates)
    refused = sum(1 for result in results if result.outcome is not Outcome.OK)
    return _applied(sandbox, targets), len(targets), f"{refused} items not ok" if refused else ""


def _sdk_receipts(sandbox: EtsySandbox, url: str) -> tuple[int, int, str]:
    client = etsy_client(sandbox, url)
    sandbox.calls.clear()
    end = int(SystemClock().now().timestamp()) + 60
    seen = {
        receipt.receipt_id for receipt in client.iter_receipts_by_created(sandbox.shop_id, 0, end)
    }
    return len(seen), len(sandbox.world.receipts), ""


def run_all(seed: int = 7) -> list[TaskRun]:
    """Every SDK on every task, each on a fresh sandbox seeded with `seed`."""
    out: list[TaskRun] = [
        _measure("push stock", "marketplace-sdk", seed, _sdk_push),
        _measure("read all receipts", "marketplace-sdk", seed, _sdk_receipts),
    ]
    for name, make in PEERS.items():
        try:
            __import__(name.split()[0].replace("-", "_"))
        except ImportError:
            for task in ("push stock", "read all receipts"):
                out.append(
                    TaskRun(task, name, 0, 0, 0.0, 0, 0, "not installed: pip install '.[bench]'")
                )
            continue
        for paced, how in ((False, "as documented"), (True, "+ user pacing/retry")):
            out.append(_measure("push stock", f"{name} {how}", seed, _peer_push(make, paced)))
            out.append(
                _measure("read all receipts", f"{name} {how}", seed, _peer_receipts(make, paced))
            )
    return out


def table(results: Sequence[Sequence[TaskRun]]) -> list[str]:
    """One line per (task, SDK): medians over the runs of requests, 429s, wall and wall / ideal."""
    rows = [
        f"  {'task':18} {'SDK':40} {'requests':>8} {'429s':>5} {'wall s':>7} "
        f"{'÷ ideal':>8} {'done':>11}  notes"
    ]
    for index, first in enumerate(results[0]):
        same = [result[index] for result in results]
        if not first.wanted and not first.requests:
            rows.append(f"  {first.task:18} {first.sdk:40} {'—':>8}  {first.note}")
            continue
        ratio = median([run.vs_ideal for run in same])
        rows.append(
            f"  {first.task:18} {first.sdk:40} {median([r.requests for r in same]):>8.0f} "
            f"{median([r.refused for r in same]):>5.0f} {median([r.seconds for r in same]):>7.1f} "
            f"{ratio:>7.2f}x {median([r.done for r in same]):>5.0f}/{first.wanted:<5} "
            f"{same[-1].note}"
        )
    return rows


#: What each peer's documented way leaves to its user, seen in its source and on the sandbox.
NOTES = (
    "etsyv3 0.0.7: no pacing, no retry; a 429 comes back as the answer, not an error (its body "
    "parsed as if it were the inventory); UpdateListingInventoryRequest sends empty arrays as "
    "null (property_values, *_on_property), which Etsy's spec does not allow: 400; "
    "get_shop_receipts filters to paid, unshipped receipts unless given was_paid=None, "
    "was_shipped=None.",
    "etsy-python 1.2.3: no pacing, no retry; a 429 raises RequestException (code 429, the "
    "rate-limit headers attached, no Retry-After); the user builds the inventory body.",
    "Both: x-api-key given as keystring:shared_secret (ETSY-Q24); the listing ids given for "
    "free (marketplace-sdk is given SKUs and learns the ids itself, requests included).",
    "'as documented' runs unpaced, so 429s come back at once: its wall / ideal under 1 is "
    "requests refused, not speed. done = listings whose quantities the sandbox holds after.",
)


def main() -> None:
    """Print the side-by-side table: medians of `runs()` runs, each ratio within its run."""
    results = repeat(run_all)
    sdk = [run for run in results[-1] if run.sdk == "marketplace-sdk"]
    figures = [
        Figure(
            f"marketplace-sdk {run.task}: 429s received",
            f"{median([r.refused for r in results_for(results, run)]):.0f}",
            "0",
            all(r.refused == 0 for r in results_for(results, run)),
        )
        for run in sdk
    ]
    report(
        f"Peer Etsy SDKs side by side: {LISTINGS} listings, {RECEIPTS:,} receipts, over loopback "
        f"at {ALLOWED_PER_SECOND} req/s (sandbox-enforced, counted by the sandbox)",
        figures,
        [*table(results), *NOTES],
    )


def results_for(results: Sequence[Sequence[TaskRun]], like: TaskRun) -> list[TaskRun]:
    """`like`'s row in every run."""
    return [
        run for result in results for run in result if (run.task, run.sdk) == (like.task, like.sdk)
    ]


if __name__ == "__main__":
    main()
