"""Stock and price pushes of the Etsy channel, with Etsy's stock rules (mixed into the channel).

Each listing is read (100 a request), planned (`marketplace_sdk.etsy._shared.push`), and taken
off sale or put back on sale as `marketplace_sdk.etsy._shared.offsale` decides: Etsy refuses
an inventory with no stock (ETSY-Q01), may leave a deactivated listing in `edit` (ETSY-Q02)
and refuses some re-activations for good (ETSY-Q03). A SKU on several listings is one stock: it
is written to each of them, and its results are combined into one
(`marketplace_sdk.etsy._shared.push.combine`).

Examples:
    results = await channel.push_stock([StockUpdate(sku="MUG-01", quantity=0)])
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

import attrs

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError, NotFoundError, ServerError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._offsale import OffSale, OffSaleStore
from marketplace_sdk.core._results import BatchResult, ItemResult
from marketplace_sdk.etsy._async.client import AsyncEtsyClient
from marketplace_sdk.etsy._async.locks import AsyncKeyedLocks
from marketplace_sdk.etsy._models import Listing
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions, chunks
from marketplace_sdk.etsy._shared.index import SkuIndex
from marketplace_sdk.etsy._shared.offsale import (
    REACTIVATION_REFUSED,
    REFUSED,
    StockStep,
    fill_readiness,
    placeholder_of,
    plan_stock_state,
)
from marketplace_sdk.etsy._shared.push import (
    combine,
    plan_listing,
    plan_targets,
    readiness_of,
    reject_over_ceiling,
    resolve_prices,
    settle,
    spread_slots,
)

__all__ = ["AsyncEtsyStock"]

logger = logging.getLogger(__name__)


class AsyncEtsyStock:
    """Stock and price pushes over `self._client` (mixed into the Etsy channel).

    Examples:
        results = await channel.push_stock([StockUpdate(sku="MUG-01", quantity=4)])
    """

    _client: AsyncEtsyClient
    _shop_id: int
    _locks: AsyncKeyedLocks
    _options: EtsyChannelOptions
    _off_sale: OffSaleStore
    _derive_off_sale: bool
    _readiness: dict[int, dict[str, int]]
    last_push_watch: tuple[int, ...]
    # The channel's SKU index: every listing carrying each SKU (a full read until complete).
    _holders_for: Callable[[Iterable[str]], Awaitable[Mapping[str, tuple[int, ...]]]]
    _index: SkuIndex

    async def _push(self, items: Sequence[StockUpdate | PriceUpdate]) -> BatchResult:
        targets = plan_targets(items, await self._holders_for(item.sku for item in items))
        results = targets.results
        reject_over_ceiling(items, results, self._options.max_quantity)
        prices = resolve_prices(items, results)
        # A SKU on several listings is one stock: each listing gets its own write (a slot).
        slots = spread_slots(items, targets, settled=results.keys())
        absent: set[int] = set()
        records = self._off_sale.load("etsy", str(self._shop_id))
        before = dict(records)
        for chunk in chunks(slots.listing_ids, 100):
            # Read and write under the listings' locks: an overlapping push waits for this one.
            async with self._locks.holding(chunk):
                try:
                    listings = await self._client.get_listings_inventory_by_listing_ids(list(chunk))
                except MarketplaceError as error:
                    for listing_id in chunk:
                        positions = slots.by_listing[listing_id]
                        settle(listing_id, positions, slots.items, results, error)
                    continue
                read = {listing.listing_id: listing for listing in listings}
                for listing_id in chunk:
                    listing = read.get(listing_id)
                    positions = slots.by_listing[listing_id]
                    if listing is not None:
                        self._index.remember(listing)
                    absent.update(slots.absent_from(listing, positions))
                    await self._push_listing(
                        listing_id, listing, positions, slots.items, prices, results, records
                    )
        if any(isinstance(item, StockUpdate) for item in items):
            await self._watch(records, skip=set(slots.listing_ids))
        if records != before:
            self._off_sale.save("etsy", str(self._shop_id), records)
        return BatchResult(combine(slots, results, absent))

    async def _push_listing(
        self,
        listing_id: int,
        listing: Listing | None,
        positions: Sequence[int],
        items: Sequence[StockUpdate | PriceUpdate],
        prices: Mapping[int, Money],
        results: dict[int, ItemResult],
        records: dict[str, OffSale],
    ) -> None:
        if listing is not None:
            self._learn_readiness(listing)
        plan = plan_listing(listing_id, listing, positions, items, prices, results)
        if plan is None or plan.update is None or listing is None:
            return
        pushed = {
            items[p].sku.strip()
            for p in positions
            if p not in results and isinstance(items[p], StockUpdate)
        }
        record = records.get(str(listing_id))
        known = self._readiness.get(listing_id, {})
        step = plan_stock_state(
            listing_id,
            str(listing.state or ""),
            plan.update,
            pushed=pushed,
            record=record,
            derive=self._derive_off_sale,
            readiness=known,
        )
        if step.update is None:
            # Sold out by buyers: Etsy holds it at 0 and refuses any inventory write.
            for position in positions:
                if isinstance(items[position], PriceUpdate):
                    results.setdefault(
                        position,
                        ItemResult.rejected(
                            items[position].sku,
                            message=f"Etsy listing {listing_id} is sold out: its inventory cannot "
                            "be written until it is restocked",
                        ),
                    )
            records.pop(str(listing_id), None)
            settle(listing_id, positions, items, results)
            return
        saved = dict(record.extra.get("readiness") or {}) if record is not None else {}
        fill_readiness(step.update, {**saved, **known})
        error = await self._send_step(listing_id, step)
        key = str(listing_id)
        if isinstance(error, _DeactivationRefused):
            settle(listing_id, positions, items, results, error.cause)
            if error.cause.error_class is ErrorClass.TRANSIENT and step.record is not None:
                # Etsy may have deactivated it all the same (an answer lost, then retries
                # refused): remember it was on sale, or a restock would leave it off sale.
                records[key] = step.record
                self._off_sale.save("etsy", str(self._shop_id), records)
            return
        if isinstance(error, _WriteRefused):
            settle(listing_id, positions, items, results, error.cause)
            if step.deactivate and step.record is not None:
                # Deactivated, then the write failed: the listing is off sale all the same.
                records[key] = step.record
                self._off_sale.save("etsy", str(self._shop_id), records)
            return
        if isinstance(error, _ActivationRefused) and not refused_for_good(error.cause):
            # Not Etsy's refusal (a 503, a lost answer, 429s past the retries): the stock is
            # written, and the listing stays recorded for re-activation without a refusal, so
            # the host's retry of this result puts it back on sale.
            records[key] = OffSale(
                key,
                placeholder="",
                reactivate=True,
                extra={
                    k: v
                    for k, v in (record.extra if record is not None else {}).items()
                    if k != REFUSED
                },
            )
            self._off_sale.save("etsy", str(self._shop_id), records)
            settle(listing_id, positions, items, results, error.cause)
            return
        if isinstance(error, _ActivationRefused):
            # The stock is real now (no placeholder); activation is not asked again until the
            # seller acts on Etsy (the re-read of listings off sale then drops the record).
            records[key] = OffSale(
                key,
                placeholder="",
                reactivate=True,
                extra={**(record.extra if record is not None else {}), REFUSED: True},
            )
            message = (
                f"stock written to Etsy listing {listing_id}, but Etsy refused to put it back "
                f"on sale (renew or publish it on Etsy): {error.cause.message}"
            )
            for position in positions:
                results.setdefault(
                    position,
                    ItemResult.rejected(
                        items[position].sku, code=REACTIVATION_REFUSED, message=message
                    ),
                )
            return
        if step.record is not None:
            records[key] = step.record
            if step.deactivate:
                # Saved at once: a crash must not forget a listing the channel took off sale.
                self._off_sale.save("etsy", str(self._shop_id), records)
        else:
            records.pop(key, None)
        settle(listing_id, positions, items, results)

    async def _send_step(self, listing_id: int, step: StockStep) -> _StepError | None:
        """Deactivate, write, activate, as `step` says; the first failure, typed by stage."""
        if step.deactivate:
            try:
                await self._client.set_listing_state(self._shop_id, listing_id, "inactive")
            except MarketplaceError as error:
                return _DeactivationRefused(error)
        if step.update is not None:
            try:
                await self._client.update_listing_inventory(listing_id, step.update)
            except MarketplaceError as error:
                return _WriteRefused(error)
        if step.activate:
            try:
                await self._client.set_listing_state(self._shop_id, listing_id, "active")
            except MarketplaceError as error:
                if error.error_class is ErrorClass.CONFIGURATION:
                    raise
                logger.info("Etsy refused to re-activate listing %s: %s", listing_id, error)
                return _ActivationRefused(error)
        return None

    async def _watch(self, records: dict[str, OffSale], *, skip: set[int]) -> None:
        """Take off sale again the listings a seller re-activated by hand (ETSY-Q02)."""
        watched = sorted(int(key) for key in records if key.isdigit() and int(key) not in skip)
        again: list[int] = []
        for chunk in chunks(watched, 100):
            async with self._locks.holding(chunk):
                read = await self._read_watched(list(chunk))
                if read is None:
                    continue
                for listing_id in chunk:
                    listing = read.get(listing_id)
                    record = records[str(listing_id)]
                    if listing is None:
                        records.pop(str(listing_id), None)
                        continue
                    if str(listing.state or "").lower() != "active":
                        continue
                    inventory = listing.inventory
                    if inventory is None or placeholder_of(inventory) != record.placeholder:
                        # The seller changed the stock as well: the listing is theirs again.
                        records.pop(str(listing_id), None)
                        continue
                    try:
                        await self._client.set_listing_state(self._shop_id, listing_id, "inactive")
                    except MarketplaceError as error:
                        if error.error_class is ErrorClass.CONFIGURATION:
                            raise
                        logger.warning("could not take listing %s off sale: %s", listing_id, error)
                        continue
                    logger.warning(
                        "Etsy listing %s was re-activated without stock: taken off sale again",
                        listing_id,
                    )
                    again.append(listing_id)
        self.last_push_watch = tuple(again)

    async def _read_watched(self, ids: list[int]) -> dict[int, Listing] | None:
        """The listings `ids`; one Etsy no longer has is left out (read one by one then).
        `None` when they cannot be read now (the next push tries again)."""
        try:
            found = await self._client.get_listings_inventory_by_listing_ids(ids)
        except NotFoundError:
            found = []
            for listing_id in ids:
                try:
                    found += await self._client.get_listings_inventory_by_listing_ids([listing_id])
                except NotFoundError:
                    continue
                except MarketplaceError as error:
                    if error.error_class is ErrorClass.CONFIGURATION:
                        raise
                    return None
        except MarketplaceError as error:
            if error.error_class is ErrorClass.CONFIGURATION:
                raise
            logger.warning("could not re-read the listings taken off sale: %s", error)
            return None
        return {listing.listing_id: listing for listing in found}

    def _learn_readiness(self, listing: Listing) -> None:
        learnt = readiness_of(listing)
        if learnt:
            self._readiness.setdefault(listing.listing_id, {}).update(learnt)


@attrs.frozen
class _StepError:
    cause: MarketplaceError


class _DeactivationRefused(_StepError):
    pass


class _WriteRefused(_StepError):
    pass


class _ActivationRefused(_StepError):
    pass


def refused_for_good(error: MarketplaceError) -> bool:
    """Whether Etsy refused a re-activation in a way a retry does not fix (ETSY-Q03).

    A 4xx refusal and Etsy's 500 on a sold-out listing are; a 502/503/504, a lost answer or a
    rate limit past the retries are transient, and the re-activation is asked again.

    Examples:
        >>> refused_for_good(ServerError("Server Error", status=500))
        True
        >>> refused_for_good(ServerError("Service Unavailable", status=503))
        False
    """
    if isinstance(error, ServerError):
        return error.status == 500
    return error.error_class is not ErrorClass.TRANSIENT
