"""The sandbox's offer services: `offers_update` and its batches, `offers_query`, `pricing_query`.

`offers_update` only queues a batch and answers its id (FNAC-Q01). The batch is `ACTIVE`, then
`RUNNING`, and is applied once `batch_delay` seconds have passed on the sandbox clock;
`batch_status` then answers one `<offer>` per offer with the errors FNAC found (unknown product,
unknown offer to delete...) under a header that stays `OK` (FNAC-Q02). A batch's per-offer
detail is answered once: later calls get the bare header (FNAC-Q03). A call over FNAC's size
limit (FNAC-Q04), or with a value its schema bounds refuse (FNAC-Q06, FNAC-Q07), fails whole and
at once. Offers a call leaves out are untouched (FNAC-Q05), and an offer on a product FNAC's
catalogue does not know is refused, never created (FNAC-Q17). Each of these follows its switch in
`state.behaviours`.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.fnac._xml import child_text, parse_xml
    >>> state = ShopState(clock=FakeClock())
    >>> desk = OfferDesk(state)
    >>> answer = desk.offers_update(parse_xml(
    ...     "<offers_update><offer><offer_reference>S1</offer_reference>"
    ...     "<treatment>delete</treatment></offer></offers_update>"))
    >>> state.advance(desk.batch_delay)
    >>> desk.process_due()
    >>> status = desk.batch_status(parse_xml(
    ...     f"<batch_status><batch_id>{child_text(answer, 'batch_id')}</batch_id></batch_status>"))
    >>> status.get("status"), child_text(status[1], "error")
    ('OK', 'Offer not found: S1')
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from decimal import Decimal

import attrs
from lxml import etree

from marketplace_sdk.fnac._xml import child_text, children, local_name, sub_element
from marketplace_sdk.fnac.sandbox._filters import (
    Filter,
    apply_filters,
    bound,
    date_window,
    equals,
    one_of,
)
from marketplace_sdk.fnac.sandbox._state import Batch, BatchLine, Offer, Product, ShopState
from marketplace_sdk.fnac.sandbox._wire import (
    Codes,
    ServiceError,
    add_error,
    cdata,
    decimal_of,
    decimal_text,
    paged_answer,
    response_root,
    stamp,
)

__all__ = [
    "BATCH_FILTERS",
    "MAX_OFFERS_PER_CALL",
    "MAX_PRICING_REFERENCES",
    "OFFER_FILTERS",
    "OfferDesk",
]

logger = logging.getLogger(__name__)

#: Offers one `offers_update` call may carry.
MAX_OFFERS_PER_CALL = 10_000
#: Product references one `pricing_query` call may carry.
MAX_PRICING_REFERENCES = 10
MIN_PRICE = Decimal("0.90")
MAX_PRICE = Decimal("20000")
#: The largest offer quantity, from `quantity_0_9999` in the published common.xsd.
MAX_QUANTITY = 9999

#: FNAC's `product_state` codes: 1-4 used, 5-8 collectible, 10 refurbished, 11 new; no 9.
PRODUCT_STATES = frozenset({"11", "10", "1", "2", "3", "4", "5", "6", "7", "8"})
#: The schema's default for an `offers_update` offer without `<quantity>`.
SCHEMA_DEFAULT_QUANTITY = 1
_PRICING_TYPES = ("FnacId", "PartnerId", "Ean", "Isbn", "PartNumber", "CnetId")

#: The filters of `offers_query`, as OffersQueryService.xsd declares them.
OFFER_FILTERS: dict[str, Filter[Offer] | None] = {
    "paging": None,
    "date": date_window({"Created": lambda o: o.created_at, "Modified": lambda o: o.updated_at}),
    "quantity": bound(lambda o: o.quantity),
    "product_fnac_id": equals(lambda o: o.product.fnac_id),
    "offer_fnac_id": equals(lambda o: o.fnac_id),
    "offer_seller_id": equals(lambda o: o.sku),
    "with_free_shipping": Filter(lambda node, state: lambda o: o.free_shipping),
    "promotion_types": one_of(lambda o: o.promotion_type),
    "promotion_uids": one_of(lambda o: o.promotion_uid),
}

#: The filter of `batch_query` (BatchQueryService.xsd): batches created in a window.
BATCH_FILTERS: dict[str, Filter[Batch] | None] = {
    "date": date_window({"Created": lambda b: b.created_at}),
}


def _offer_fields(node: etree._Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in node:
        name = local_name(item)
        if name in ("product_reference", "offer_reference"):
            fields[name] = (item.text or "").strip()
            fields[f"{name}_type"] = item.get("type", "Ean" if name[0] == "p" else "SellerSku")
        elif name and len(item) == 0:
            fields[name] = (item.text or "").strip()
    return fields


@attrs.define
class OfferDesk:
    """Handlers of the offer services over one `ShopState`.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> OfferDesk(ShopState(clock=FakeClock())).batch_delay
        30.0
    """

    state: ShopState
    batch_delay: float = 30.0
    #: Seconds a done batch keeps its per-offer detail (FNAC-Q03, switch
    #: `details-read-once` off); with the switch on, the detail is answered once.
    batch_detail_ttl: float = 3600.0

    # -- offers_update and its batches -------------------------------------------------------

    def offers_update(self, request: etree._Element) -> etree._Element:
        """Queue the offers of the call as one batch and answer its id.

        With FNAC-Q01 off the batch is applied at once (the next `batch_status` reads it done).
        """
        behaviours = self.state.behaviours
        offers = children(request, "offer")
        if not offers:
            raise ServiceError(
                Codes.XML_VALIDATION,
                "XML Validation failed: Element 'offers_update': Missing child element(s). "
                "Expected is ( offer ).",
            )
        if len(offers) > MAX_OFFERS_PER_CALL and behaviours.on("FNAC-Q04"):
            raise ServiceError(Codes.TOO_MANY, Codes.TOO_MANY_MESSAGE)
        parsed = [_offer_fields(node) for node in offers]
        for node, fields in zip(offers, parsed, strict=True):
            # FNAC quotes the line of the element its schema refuses.
            line = node.sourceline if isinstance(node.sourceline, int) else 1
            if not fields.get("offer_reference"):
                raise ServiceError(
                    Codes.XML_VALIDATION,
                    "XML Validation failed: Element 'offer': Missing child element(s). "
                    f"Expected is one of ( offer_reference ). line: {line}",
                )
            if behaviours.on("FNAC-Q06"):
                self._check_bounds(fields, line)
        now = self.state.now()
        delay = self.batch_delay if behaviours.on("FNAC-Q01") else 0.0
        batch = Batch(self.state.new_uuid(), parsed, now, now + timedelta(seconds=delay))
        self.state.batches[batch.batch_id] = batch
        if delay == 0:
            self.process_due()
        root = response_root("offers_update")
        sub_element(root, "batch_id", batch.batch_id)
        return root

    def _states(self) -> frozenset[str] | None:
        """The `product_state` codes accepted, or `None` for any (FNAC-Q07 off)."""
        return PRODUCT_STATES if self.state.behaviours.on("FNAC-Q07") else None

    def _check_bounds(self, fields: dict[str, str], line: int) -> None:
        """FNAC-Q06: a value outside the schema's bounds fails the whole call, synchronously."""

        def refuse(name: str, value: str, bounds: str) -> ServiceError:
            return ServiceError(
                Codes.SCHEMA,
                f"XML Schema Validation failed: Element '{name}': [facet] The value '{value}' "
                f"is not accepted ({bounds}). line: {line}",
            )

        for name in ("price", "instead_of_price", "adherent_price"):
            if name in fields:
                price = decimal_of(fields[name])
                if price is None or not MIN_PRICE <= price <= MAX_PRICE:
                    raise refuse(name, fields[name], "price_090_20000")
        quantity = fields.get("quantity")
        if quantity is not None and not (quantity.isdigit() and int(quantity) <= MAX_QUANTITY):
            raise refuse("quantity", quantity, "quantity_0_9999")
        state = fields.get("product_state")
        states = self._states()
        if state is not None and states is not None and state not in states:
            raise refuse("product_state", state, "product_state")
        for name in ("description", "internal_comment"):
            if len(fields.get(name, "")) > 255:
                raise refuse(name, fields[name][:20] + "...", "string_255")

    def process_due(self) -> None:
        """Apply every batch whose delay has passed, oldest first."""
        now = self.state.now()
        for batch in sorted(self.state.batches.values(), key=lambda item: item.created_at):
            if not batch.done and batch.due_at <= now:
                batch.lines = [self._apply(fields) for fields in batch.offers]
                batch.done_at = now
                if not self.state.behaviours.on("FNAC-Q05"):
                    self._replace_catalogue(batch)
                logger.debug("sandbox batch %s applied", batch.batch_id)

    def _replace_catalogue(self, batch: Batch) -> None:
        """FNAC-Q05 off: the purge-and-replace FNAC does not have; absent offers go off sale."""
        named = {line.sku for line in batch.lines or []}
        for offer in self.state.offers.values():
            if offer.sku not in named and offer.quantity:
                offer.quantity, offer.updated_at = 0, self.state.now()

    def _apply(self, fields: dict[str, str]) -> BatchLine:
        sku = fields["offer_reference"]
        by_fnac_id = fields.get("offer_reference_type") == "FnacId"
        offer = self._find_offer(sku, by_fnac_id)
        line = BatchLine(sku if offer is None else offer.sku)
        if fields.get("treatment") == "delete":
            if offer is None:
                line.errors.append((Codes.OFFER_NOT_FOUND, f"Offer not found: {sku}"))
            else:
                del self.state.offers[offer.sku]
                line.product_fnac_id, line.offer_fnac_id = offer.product.fnac_id, offer.fnac_id
            return line
        price = decimal_of(fields.get("price"))
        if "price" in fields and (price is None or not MIN_PRICE <= price <= MAX_PRICE):
            line.errors.append(
                (Codes.PRICE_RANGE, f"Price '{fields['price']}' must be between 0.90 and 20000")
            )
        quantity_text = fields.get("quantity")
        quantity = int(quantity_text) if quantity_text and quantity_text.isdigit() else None
        if quantity_text is not None and (quantity is None or quantity > MAX_QUANTITY):
            line.errors.append(
                (
                    Codes.QUANTITY_RANGE,
                    f"Quantity '{quantity_text}' must be between 0 and {MAX_QUANTITY}",
                )
            )
        state = fields.get("product_state")
        states = self._states()
        if state is not None and states is not None and state not in states:
            line.errors.append((Codes.MISSING_FIELD, f"Unknown product_state '{state}'"))
        if offer is None:
            reference = fields.get("product_reference", "")
            kind = fields.get("product_reference_type", "Ean")
            product = self.state.product_by_reference(kind, reference)
            if product is None and reference and not self.state.behaviours.on("FNAC-Q17"):
                product = self._create_product(kind, reference)
            if product is None:
                line.errors.append((Codes.PRODUCT_NOT_FOUND, f"Product not found: {reference}"))
            elif price is None or state is None:
                line.errors.append(
                    (Codes.MISSING_FIELD, "A new offer needs a price and a product_state")
                )
            if line.errors or product is None or price is None or state is None:
                return line
            now = self.state.now()
            offer = Offer(
                sku=sku,
                fnac_id=self.state.new_uuid(),
                product=product,
                price=price,
                quantity=SCHEMA_DEFAULT_QUANTITY if quantity is None else quantity,
                product_state=state,
                created_at=now,
                updated_at=now,
            )
            self.state.offers[sku] = offer
        elif line.errors:
            return line
        else:
            if price is not None:
                offer.price = price
            if quantity is not None:
                offer.quantity = quantity
            elif self.state.behaviours.on("FNAC-Q06.omitted-quantity-resets"):
                offer.quantity = SCHEMA_DEFAULT_QUANTITY
            if state is not None:
                offer.product_state = state
            offer.updated_at = self.state.now()
        for name in ("description", "internal_comment", "showcase"):
            if name in fields:
                setattr(offer, name, fields[name][:255])
        line.product_fnac_id, line.offer_fnac_id = offer.product.fnac_id, offer.fnac_id
        return line

    def _create_product(self, kind: str, reference: str) -> Product | None:
        """FNAC-Q17 off: an offer on an unknown EAN creates the product (FNAC never does)."""
        if kind != "Ean":
            return None
        product = Product(
            ean=reference, fnac_id=str(7_000_000 + len(self.state.products)), name=reference
        )
        self.state.products[reference] = product
        return product

    def _find_offer(self, reference: str, by_fnac_id: bool) -> Offer | None:
        if not by_fnac_id:
            return self.state.offers.get(reference)
        wanted = reference.upper()
        return next((o for o in self.state.offers.values() if o.fnac_id == wanted), None)

    def _phase(self, batch: Batch) -> str:
        if batch.lines is not None:
            # FNAC-Q02: the header stays OK whatever happened to each offer.
            failed = any(line.errors for line in batch.lines)
            return "ERROR" if failed and not self.state.behaviours.on("FNAC-Q02") else "OK"
        halfway = batch.created_at + (batch.due_at - batch.created_at) / 2
        return "ACTIVE" if self.state.now() < halfway else "RUNNING"

    def _details_purged(self, batch: Batch) -> bool:
        """FNAC-Q03: whether `batch_status` now answers the bare header only."""
        behaviours = self.state.behaviours
        if batch.done_at is None or not behaviours.on("FNAC-Q03"):
            return False
        if behaviours.on("FNAC-Q03.details-read-once") and batch.details_served:
            return True
        return self.state.now() >= batch.done_at + timedelta(seconds=self.batch_detail_ttl)

    def batch_status(self, request: etree._Element) -> etree._Element:
        """The status of one batch; once processed, one `<offer>` per offer of the call.

        The detail is answered once when FNAC-Q03 and its switch `details-read-once` are on
        (only `batch_detail_ttl` seconds with the switch off); then the header alone.
        """
        batch_id = (child_text(request, "batch_id") or "").upper()
        batch = self.state.batches.get(batch_id)
        if batch is None:
            raise ServiceError(Codes.BATCH_NOT_FOUND, f"Batch not found: {batch_id}")
        root = response_root("batch_status", self._phase(batch))
        sub_element(root, "batch_id", batch.batch_id)
        if self._details_purged(batch):
            return root
        for line in batch.lines or []:
            node = sub_element(root, "offer", status=line.status)
            sub_element(node, "product_fnac_id", line.product_fnac_id)
            sub_element(node, "offer_fnac_id", line.offer_fnac_id)
            cdata(node, "offer_seller_id", line.sku)
            for code, message in line.errors:
                add_error(node, code, message)
        batch.details_served = batch.lines is not None
        return root

    def batch_query(self, request: etree._Element) -> etree._Element:
        """Batches still waiting (or, with a `Created` date filter, every batch in the window)."""
        batches = sorted(self.state.batches.values(), key=lambda item: item.created_at)
        if children(request, "date"):
            listed = apply_filters(batches, request, self.state, BATCH_FILTERS)
        else:
            listed = [b for b in batches if not b.done]
        root = response_root("batch_query")
        for batch in listed:
            node = sub_element(root, "batch", status=self._phase(batch))
            sub_element(node, "batch_id", batch.batch_id)
            sub_element(node, "nb_lines", str(len(batch.offers)))
            sub_element(node, "created_at", stamp(batch.created_at))
        phases = [self._phase(batch) for batch in batches if not batch.done]
        sub_element(root, "nb_batch_running", str(phases.count("RUNNING")))
        sub_element(root, "nb_batch_active", str(phases.count("ACTIVE")))
        return root

    # -- offers_query ---------------------------------------------------------------------

    def offers_query(self, request: etree._Element) -> etree._Element:
        """The shop's offers, filtered (every filter of `OFFER_FILTERS`) and paged.

        Without `<paging>` the answer carries no paging fields, as FNAC's recorded answer to
        such a request shows: it holds the first `results_count` offers and nothing says
        whether more follow (the SDK always sends `<paging>`).
        """
        offers = sorted(self.state.offers.values(), key=lambda item: (item.created_at, item.sku))
        offers = apply_filters(offers, request, self.state, OFFER_FILTERS)
        root, page = paged_answer("offers_query", request, offers)
        if not children(request, "paging"):
            for node in list(root):
                root.remove(node)
        for offer in page:
            self._write_offer(root, offer)
        return root

    def _write_offer(self, root: etree._Element, offer: Offer) -> None:
        node = sub_element(root, "offer")
        cdata(node, "product_name", offer.product.name)
        sub_element(node, "product_fnac_id", offer.product.fnac_id)
        sub_element(node, "offer_fnac_id", offer.fnac_id)
        cdata(node, "offer_seller_id", offer.sku)
        sub_element(node, "product_state", offer.product_state)
        sub_element(node, "price", decimal_text(offer.price))
        fee = (offer.price * Decimal("0.12") + Decimal("0.50")).quantize(Decimal("0.01"))
        sub_element(node, "fee_excluding_taxes", decimal_text(fee))
        sub_element(node, "fee_including_all_taxes", decimal_text(fee))
        sub_element(node, "quantity", str(offer.quantity))
        cdata(node, "description", offer.description)
        cdata(node, "internal_comment", offer.internal_comment)
        cdata(node, "product_url", offer.product.url)
        cdata(node, "image", offer.product.image)
        sub_element(node, "nb_messages", "0")
        sub_element(node, "showcase", offer.showcase)

    # -- pricing_query --------------------------------------------------------------------

    def pricing_query(self, request: etree._Element) -> etree._Element:
        """The best prices on up to ten products, in the recorded samples' shape."""
        references = children(request, "product_reference")
        if len(references) > MAX_PRICING_REFERENCES and self.state.behaviours.on("FNAC-Q04"):
            raise ServiceError(Codes.TOO_MANY, Codes.TOO_MANY_MESSAGE)
        for line, node in enumerate(references, start=1):
            kind = node.get("type", "Ean")
            if kind not in _PRICING_TYPES:
                raise ServiceError(
                    Codes.SCHEMA,
                    "XML Schema Validation failed: Element 'product_reference', attribute "
                    f"'type': The value '{kind}' is not an element of the set "
                    f"{{{', '.join(repr(t) for t in _PRICING_TYPES)}}}. line: {line}",
                )
        root = response_root("pricing_query")
        for node in references:
            kind, value = node.get("type", "Ean"), (node.text or "").strip()
            item = sub_element(root, "pricing_product")
            sub_element(item, "product_reference", value, type=kind)
            product = self.state.product_by_reference(kind, value) if value else None
            if product is None:
                reason = "Product not found." if value else "No prices found."
                add_error(item, Codes.PRICING_NOT_FOUND, f"Service Pricing : {reason}")
                continue
            cdata(item, "product_name", product.name)
            sub_element(item, "image_url", product.image)
            own = request.get("sellers") != "others"
            for price, shipping, offer_status in self._market_prices(product.ean, own=own):
                pricing = sub_element(item, "pricing", type="professional")
                sub_element(pricing, "price", decimal_text(price))
                sub_element(pricing, "shipping_price", format(shipping, "f"))
                sub_element(pricing, "offer_status", offer_status)
        return root

    def _market_prices(self, ean: str, *, own: bool = True) -> list[tuple[Decimal, Decimal, str]]:
        # Competitors' prices are derived from the EAN, so they are stable across runs;
        # `sellers="others"` leaves the shop's own offers out.
        digest = hashlib.sha256(ean.encode()).digest()
        base = Decimal(500 + digest[0] * 20) / 100
        mine = [o for o in self.state.offers.values() if own and o.product.ean == ean]
        prices = [
            (base, Decimal("4.99000"), "11"),
            (base * Decimal("0.8"), Decimal("3.99000"), "2"),
        ]
        prices += [(o.price, Decimal("4.99000"), o.product_state) for o in mine]
        return sorted(
            ((p.quantize(Decimal("0.01")), s, state) for p, s, state in prices),
            key=lambda item: item[0],
        )
