"""The SDK's public parse paths, each with its seeds, its run and its silent-loss oracle.

A parse path is what a user's code does with one answer of a marketplace: the engine reads the
body (`handle_response` with the endpoint's `Call`, exactly as a client does), then the
mapping turns each record into a canonical one, a record at a time (a `RecordError` sets that
record aside, as the sync jobs do). The fuzz suite sends malformed bodies down each path and
asks two things:

- **only typed errors**: anything raised is a `MarketplaceError` (`ResponseParseError` for a
  body that cannot be read, `RecordError` for one record, the webhook errors for a delivery);
- **no silent loss**: a field the OMS uses, present and valid in the input, is present in the
  output. The fields, per record kind, are `OMS_FIELDS`; the oracle reads the input on its own
  (plain `json` and `lxml`) and only judges fields it finds valid.

Examples:
    >>> sorted(OMS_FIELDS)[:3]
    ['batch result', 'cancellation', 'error report line']
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

import attrs
import httpx
from hypothesis import strategies as st
from iso3166 import countries_by_alpha2, countries_by_alpha3
from lxml import etree
from tests.fuzz.mutations import csv_payloads, json_payloads, nasty_texts, xml_payloads
from tests.recorded_payloads import cassette_bodies

from marketplace_sdk import MarketplaceError, RecordError, StockUpdate
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._responses import handle_response
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy._endpoints import (
    get_listing_inventory,
    get_listings_by_shop,
    get_me,
    get_shop,
    get_shop_receipt,
    get_shop_receipts,
)
from marketplace_sdk.etsy._mapping import (
    listing_to_product,
    plan_inventory_write,
    receipt_to_cancellation,
    receipt_to_order,
)
from marketplace_sdk.etsy._webhooks import ORDER_WEBHOOKS, WebhookVerifier, sign
from marketplace_sdk.fnac._async.client import _read_report
from marketplace_sdk.fnac._endpoints import batch_status, offers_query, orders_query
from marketplace_sdk.fnac._endpoints._base import xml_call
from marketplace_sdk.fnac._errors import decode_error as fnac_decode_error
from marketplace_sdk.fnac._mapping import (
    batch_results,
    offer_to_product,
    order_cancellation,
    order_to_canonical,
    read_batch_report,
    reported_results,
    stock_updates,
)
from marketplace_sdk.fnac._models import BatchStatusRequest, OffersQueryRequest, OrdersQueryRequest
from marketplace_sdk.fnac._xml import repair_double_encoding
from marketplace_sdk.mirakl._endpoints import get_error_report, get_import
from marketplace_sdk.mirakl._reports import parse_error_report

__all__ = ["OMS_FIELDS", "PATHS", "ParsePath", "Result", "run_case"]

#: The fields the OMS uses, per record kind: present and valid in the input, they must be in
#: the output.
OMS_FIELDS: dict[str, tuple[str, ...]] = {
    "order": (
        "order id", "status (an unknown one kept as sent)", "line ids", "line sku",
        "line quantity", "line unit price", "total", "totals adding up (refused and "
        "cancelled lines out)", "buyer e-mail", "address name", "address company",
        "address line 1", "address city", "address postal code", "address country (alpha-2)",
        "shipment tracking number", "shipment carrier",
    ),
    "cancellation": ("order id", "cancelled line ids"),
    "product": ("sku", "variant skus", "title", "price", "stock", "image", "marketplace id"),
    "inventory write": ("every product sku written back or rejected with a reason",),
    "shop": ("user id", "shop id", "shop name", "currency"),
    "batch result": ("the outcome FNAC reported for each offer sent",),
    "import": ("import id", "import status", "has error report"),
    "error report line": ("one line per data row", "message", "line number"),
    "webhook event": ("event type", "shop id", "receipt id"),
    "page of records": ("the odd record set aside as its RecordError",
                        "the other records delivered"),
}  # fmt: skip

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs"
_CURRENCY = re.compile(r"[A-Za-z]{3}")


@attrs.frozen
class Result:
    """What one payload did on one path: nothing wrong, a typed error, an untyped one, losses,
    and how many records came out set aside as their `RecordError`."""

    typed: str | None = None
    untyped: str | None = None
    lost: tuple[str, ...] = ()
    set_aside: int = 0


@attrs.frozen
class ParsePath:
    """One public parse path: its seeds, how a payload runs, and its loss oracle."""

    name: str
    kind: str
    payloads: Callable[[], st.SearchStrategy[Any]]
    run: Callable[[Any], Any]
    lost: Callable[[Any, Any], Iterator[str]]


def run_case(path: ParsePath, payload: Any) -> Result:
    """Send `payload` down `path` and judge what came out."""
    try:
        output = path.run(payload)
    except MarketplaceError as error:
        return Result(typed=type(error).__name__)
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        return Result(untyped=type(error).__name__)
    try:
        lost = tuple(path.lost(payload, output))
    except Exception:  # the oracle cannot read this input: it judges nothing
        lost = ()
    outputs = output if isinstance(output, list) else [output]
    return Result(lost=lost, set_aside=sum(isinstance(item, RecordError) for item in outputs))


# --- running a body the way a client does --------------------------------------------------------

_CONFIGS = {
    "etsy": EngineConfig(marketplace="etsy", base_url="https://openapi.etsy.com"),
    "fnac": EngineConfig(
        marketplace="fnac", base_url="https://vendeur.fnac.com/api.php/",
        error_decoder=fnac_decode_error,
    ),
    "mirakl": EngineConfig(marketplace="mirakl", base_url="https://mirakl.example"),
}  # fmt: skip


def through_engine(marketplace: str, call: Call[Any], body: bytes, content_type: str) -> Any:
    """The call's result for a 200 answer with `body`, read as the engine reads it."""
    config = _CONFIGS[marketplace]
    request = call.request
    url = config.base_url.rstrip("/") + "/" + request.path.lstrip("/")
    response = httpx.Response(
        200,
        content=body,
        headers={"content-type": content_type},
        request=httpx.Request(request.method, url),
    )
    return handle_response(config, call, request, response)


def each_record(records: Sequence[Any], mapping: Callable[[Any], Any]) -> list[Any]:
    """Each record mapped, a `RecordError` kept in its place (the sync quarantines it).

    `records` are a page's entries in the order sent (`Page.entries()`): a record the wire
    model refused is already its `RecordError`, and stays one.
    """
    mapped: list[Any] = []
    for record in records:
        if isinstance(record, RecordError):
            mapped.append(record)
            continue
        try:
            mapped.append(mapping(record))
        except RecordError as error:
            mapped.append(error)
    return mapped


def fnac_entries(answer: Any, field: str) -> list[Any]:
    """An FNAC answer's records in the order sent, a refused one as its `RecordError`."""
    return Page(items=getattr(answer, field), refused=answer.refused).entries()


# --- validity, as the oracle judges it -----------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _money(value: object) -> Decimal | None:
    """The amount an Etsy money object stands for, when it is valid; else `None`."""
    if not isinstance(value, dict):
        return None
    amount, divisor, currency = (value.get(k) for k in ("amount", "divisor", "currency_code"))
    if not (_is_int(amount) and _is_int(divisor) and isinstance(currency, str)):
        return None
    if divisor < 1 or not _CURRENCY.fullmatch(currency) or len(str(amount)) > 30:
        return None
    with localcontext() as context:
        context.prec = 100
        context.traps[Inexact] = True
        try:
            return Decimal(amount) / Decimal(divisor)
        except Inexact:
            return None


def _decimal(text: str | None) -> Decimal | None:
    if text is None or len(text) > 30:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _int_text(text: str | None) -> int | None:
    if text is None or not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 18:
        return None
    return int(text)


def _ok(output: object) -> bool:
    return output is not None and not isinstance(output, RecordError)


def _get(record: object, *names: str) -> Any:
    for name in names:
        record = getattr(record, name, None)
    return record


# --- Etsy ----------------------------------------------------------------------------------------


def _etsy_seed_records() -> dict[str, list[dict[str, Any]]]:
    receipts: list[dict[str, Any]] = []
    sample = SPECS / "etsy" / "samples" / "getShopReceipts.response.json"
    if sample.is_file():
        receipts += json.loads(sample.read_bytes())["results"]
    for body in cassette_bodies("etsy_whole_flow.yaml", "/receipts"):
        receipts += json.loads(body)["results"]
    listings = [
        listing
        for body in cassette_bodies("etsy_whole_flow.yaml", "/listings")
        for listing in json.loads(body)["results"]
    ]
    inventories = [json.loads(b) for b in cassette_bodies("etsy_whole_flow.yaml", "/inventory")]
    inventory_sample = SPECS / "etsy" / "samples" / "getListingInventory.response.json"
    if inventory_sample.is_file():
        inventories.append(json.loads(inventory_sample.read_bytes()))
    return {"receipts": receipts, "listings": listings, "inventories": inventories}


_ETSY = _etsy_seed_records()
_RECEIPT_PAGES = [json.dumps({"count": 1, "results": [r]}).encode() for r in _ETSY["receipts"]]
_RECEIPTS = [json.dumps(r).encode() for r in _ETSY["receipts"]]
_LISTING_PAGES = [
    json.dumps({"count": 1, "results": [listing]}).encode() for listing in _ETSY["listings"][:12]
]
_INVENTORIES = [json.dumps(inventory).encode() for inventory in _ETSY["inventories"]]
_SHOPS = [
    b'{"user_id": 12345678, "shop_id": 23456789}',
    json.dumps(
        {
            "shop_id": 23456789, "user_id": 12345678, "shop_name": "KnotsAndLoops",
            "currency_code": "EUR", "created_timestamp": 1695659962, "is_vacation": False,
            "url": "https://www.etsy.com/shop/KnotsAndLoops", "listing_active_count": 12,
            "shipping_from_country_iso": "FR", "languages": ["fr", "en"],
        }
    ).encode(),
]  # fmt: skip

_KNOWN_RECEIPT_STATUSES = {
    "paid", "completed", "open", "payment processing", "canceled", "fully refunded",
    "partially refunded",
}  # fmt: skip


def _adds_up(order: Any) -> bool:
    totals = order.totals
    if totals.items is None:
        return True
    parts = (totals.items, totals.shipping, totals.tax)
    computed = sum((m.amount for m in parts if m is not None), Decimal(0))
    computed -= totals.discount.amount if totals.discount is not None else Decimal(0)
    return bool(computed == totals.total.amount)


def _lost_in_receipt(receipt: dict[str, Any], order: Any) -> Iterator[str]:
    if _is_int(receipt.get("receipt_id")) and order.order_id != str(receipt["receipt_id"]):
        yield "order id"
    status = _text(receipt.get("status"))
    unknown = status is not None and status.lower() not in _KNOWN_RECEIPT_STATUSES
    if unknown and order.marketplace_status != status:
        yield "status (an unknown one kept as sent)"
    lines = {line.line_id: line for line in order.lines}
    for item in receipt.get("transactions") or []:
        if not isinstance(item, dict) or not _is_int(item.get("transaction_id")):
            continue
        if not _is_int(item.get("quantity")) or item["quantity"] < 1:
            continue
        line = lines.get(str(item["transaction_id"]))
        if line is None:
            yield "line ids"
            continue
        if _text(item.get("sku")) is not None and line.sku != _text(item.get("sku")):
            yield "line sku"
        if line.quantity != item["quantity"]:
            yield "line quantity"
        price = _money(item.get("price"))
        if price is not None and line.unit_price.amount != price:
            yield "line unit price"
    total = _money(receipt.get("grandtotal"))
    if total is not None and order.totals.total.amount != total:
        yield "total"
    if not _adds_up(order):
        yield "totals adding up (refused and cancelled lines out)"
    if _text(receipt.get("buyer_email")) and _get(order, "buyer", "email") != receipt.get(
        "buyer_email"
    ):
        yield "buyer e-mail"
    address = order.shipping_address
    for field, name in (("name", "name"), ("first_line", "line1"), ("city", "city"),
                        ("zip", "postal_code")):  # fmt: skip
        if _text(receipt.get(field)) and getattr(address, name, None) != receipt.get(field):
            yield f"address {name.replace('line1', 'line 1').replace('_', ' ')}"
    country = _text(receipt.get("country_iso"))
    known = country is not None and country.upper() in countries_by_alpha2
    if known and _get(address, "country_code") != str(country).upper():
        yield "address country (alpha-2)"
    shipments = getattr(order, "shipments", None) or ()
    numbers = {getattr(s, "tracking_number", None) for s in shipments}
    carriers = {getattr(s, "carrier", None) for s in shipments}
    for shipment in receipt.get("shipments") or []:
        if not isinstance(shipment, dict):
            continue
        if _text(shipment.get("tracking_code")) and _text(shipment["tracking_code"]) not in numbers:
            yield "shipment tracking number"
        if _text(shipment.get("carrier_name")) and _text(shipment["carrier_name"]) not in carriers:
            yield "shipment carrier"


def _receipts_in(body: bytes) -> list[Any]:
    doc = json.loads(body)
    return doc["results"] if isinstance(doc, dict) and isinstance(doc["results"], list) else []


def _lost_orders(body: bytes, mapped: list[Any]) -> Iterator[str]:
    for receipt, order in zip(_receipts_in(body), mapped, strict=False):
        if isinstance(receipt, dict) and _ok(order):
            yield from _lost_in_receipt(receipt, order)


def _run_etsy_orders(body: bytes) -> list[Any]:
    page = through_engine("etsy", get_shop_receipts(1), body, "application/json")
    return each_record(page.entries(), receipt_to_order)


def _run_etsy_cancellation(body: bytes) -> Any:
    receipt = through_engine("etsy", get_shop_receipt(1, 1), body, "application/json")
    return each_record([receipt], receipt_to_cancellation)[0]


def _lost_cancellation(body: bytes, output: Any) -> Iterator[str]:
    receipt = json.loads(body)
    if not _ok(output):
        status = _text(receipt.get("status"))
        if output is None and status is not None and status.lower() == "canceled":
            yield "order id"  # a cancelled receipt reported as no cancellation
        return
    if _is_int(receipt.get("receipt_id")) and output.order_id != str(receipt["receipt_id"]):
        yield "order id"


def _run_etsy_products(body: bytes) -> list[Any]:
    page = through_engine("etsy", get_listings_by_shop(1, includes=["Inventory"]), body,
                          "application/json")  # fmt: skip
    return each_record(page.entries(), listing_to_product)


def _lost_products(body: bytes, mapped: list[Any]) -> Iterator[str]:
    for listing, product in zip(_receipts_in(body), mapped, strict=False):
        if not isinstance(listing, dict) or isinstance(product, RecordError):
            continue
        products = (listing.get("inventory") or {}).get("products") or []
        skus = [
            _text(p.get("sku"))
            for p in products
            if isinstance(p, dict) and p.get("is_deleted") is not True and _text(p.get("sku"))
        ]
        if product is None:
            if skus:
                yield "sku"
            continue
        if _is_int(listing.get("listing_id")) and product.marketplace_id != str(
            listing["listing_id"]
        ):
            yield "marketplace id"
        got = {product.sku, *(variant.sku for variant in product.variants)}
        if any(sku not in got for sku in skus):
            yield "variant skus" if product.variants else "sku"
        if _text(listing.get("title")) and product.title != listing.get("title"):
            yield "title"


def _run_etsy_inventory(body: bytes) -> Any:
    inventory = through_engine("etsy", get_listing_inventory(1), body, "application/json")
    skus = {product.sku: 5 for product in inventory.products if product.sku}
    return plan_inventory_write(1, inventory, stock=skus)


def _lost_inventory(body: bytes, plan: Any) -> Iterator[str]:
    products = json.loads(body).get("products") or []
    wanted = {_text(p.get("sku")) for p in products if isinstance(p, dict)} - {None}
    written = {p.sku for p in plan.update.products} if plan.update is not None else set()
    if wanted - written - set(plan.rejected):
        yield "every product sku written back or rejected with a reason"


def _run_etsy_shop(body: bytes) -> Any:
    call = get_shop(1) if b'"shop_name"' in body else get_me()
    return through_engine("etsy", call, body, "application/json")


def _lost_shop(body: bytes, output: Any) -> Iterator[str]:
    shop = output
    doc = json.loads(body)
    for field, name in (("user_id", "user id"), ("shop_id", "shop id")):
        if _is_int(doc.get(field)) and getattr(shop, field, None) != doc[field]:
            yield name
    if _text(doc.get("shop_name")) and getattr(shop, "shop_name", None) != doc["shop_name"]:
        yield "shop name"


_WEBHOOK_SECRET = "whsec_" + "ZXRzeS13ZWJob29rLWZ1enotc2VjcmV0LTMyYnl0ZXM="
_WEBHOOK_BODIES = [
    json.dumps(
        {
            "event_type": event,
            "resource_url": f"https://openapi.etsy.com/v3/application/shops/42/receipts/{n}",
            "shop_id": 42,
        }
    ).encode()
    for n, event in enumerate(["order.paid", "order.canceled", "order.shipped", "order.delivered"])
]


def _webhook_payloads() -> st.SearchStrategy[tuple[str, bytes, bool]]:
    now = int(FakeClock().now().timestamp())
    stamps = st.one_of(
        st.just(str(now)),
        st.just(str(now)),
        st.sampled_from([str(10**20), str(-(10**20)), str(10**12), str(2**63), "9" * 5000]),
        nasty_texts(),
    )
    signed = st.sampled_from([True, True, True, False])
    return st.tuples(stamps, json_payloads(_WEBHOOK_BODIES), signed)


def _run_webhook(case: tuple[str, bytes, bool]) -> Any:
    stamp, body, signed = case
    seconds = _int_text(stamp.strip())
    signature = sign(_WEBHOOK_SECRET, "msg_1", seconds, body) if signed and seconds else "v1,AAAA"
    headers = {"webhook-id": "msg_1", "webhook-timestamp": stamp, "webhook-signature": signature}
    event = WebhookVerifier(_WEBHOOK_SECRET, clock=FakeClock()).verify(headers, body)
    return event, ORDER_WEBHOOKS.shop_id(event), ORDER_WEBHOOKS.order_id(event)


def _lost_webhook(case: tuple[str, bytes, bool], output: Any) -> Iterator[str]:
    event, shop_id, order_id = output
    doc = json.loads(case[1])
    kind = _text(doc.get("event_type"))
    if kind is not None and str(event.event_type) not in {kind, kind.lower()}:
        yield "event type"
    if _is_int(doc.get("shop_id")) and shop_id != str(doc["shop_id"]):
        yield "shop id"
    match = re.search(r"/receipts/(\d+)", str(doc.get("resource_url", "")))
    if match and order_id != str(int(match[1])):
        yield "receipt id"


# --- FNAC ----------------------------------------------------------------------------------------


def _split(body: bytes, tag: str, keep: int = 8) -> list[bytes]:
    """One document per `<tag>` record of `body` (the envelope kept), at most `keep`."""
    root = etree.fromstring(body)
    records = [item for item in root if etree.QName(item).localname == tag]
    if not records:
        return [etree.tostring(root, xml_declaration=True, encoding="utf-8")]
    documents = []
    for record in records[:keep]:
        copy = etree.fromstring(etree.tostring(root))
        for item in [i for i in copy if etree.QName(i).localname == tag]:
            copy.remove(item)
        copy.append(etree.fromstring(etree.tostring(record)))
        documents.append(etree.tostring(copy, xml_declaration=True, encoding="utf-8"))
    return documents


def _fnac_seeds(sample: str, cassette: str, tag: str) -> list[bytes]:
    bodies = cassette_bodies("fnac_whole_flow.yaml", cassette)
    path = SPECS / "fnac-legacy" / "samples" / sample
    if path.is_file():
        bodies.insert(0, path.read_bytes())
    return [document for body in bodies if body.strip() for document in _split(body, tag)]


_FNAC_ORDERS = _fnac_seeds("query_orders_response.xml", "/orders_query", "order")
_FNAC_OFFERS = _fnac_seeds("query_offers_response.xml", "/offers_query", "offer")
_FNAC_BATCHES = _fnac_seeds("get_batch_status_response.xml", "/batch_status", "offer")


def _xml(body: bytes) -> etree._Element:
    return etree.fromstring(body, etree.XMLParser(recover=False, resolve_entities=False))


def _leaves(node: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in node:
        if not isinstance(item.tag, str) or len(item):
            continue
        # Text FNAC encoded twice is read decoded once more (FNAC-Q15): that is its value.
        text = repair_double_encoding("".join(item.itertext()).strip())
        values.setdefault(etree.QName(item).localname, text)
    return values


def _kids(node: etree._Element, tag: str) -> list[etree._Element]:
    return [i for i in node if isinstance(i.tag, str) and etree.QName(i).localname == tag]


_UNCHARGED = {"Refused", "Cancelled"}


def _lost_in_fnac_order(node: etree._Element, order: Any) -> Iterator[str]:
    leaves = _leaves(node)
    if leaves.get("order_id") and order.order_id != leaves["order_id"]:
        yield "order id"
    if leaves.get("client_email") and _get(order, "buyer", "email") != leaves["client_email"]:
        yield "buyer e-mail"
    lines = {line.line_id: line for line in order.lines}
    numbers: set[str] = set()
    for detail in _kids(node, "order_detail"):
        fields = _leaves(detail)
        if fields.get("tracking_number"):
            numbers.add(fields["tracking_number"])
        detail_id = _int_text(fields.get("order_detail_id") or None)
        if detail_id is None:
            continue
        line = lines.get(str(detail_id))
        if line is None:
            yield "line ids"
            continue
        if fields.get("offer_seller_id") and line.sku != fields["offer_seller_id"]:
            yield "line sku"
        quantity = _int_text(fields.get("quantity") or None)
        if quantity is not None and quantity >= 1 and line.quantity != quantity:
            yield "line quantity"
        price = _decimal(fields.get("price") or None)
        if price is not None and line.unit_price.amount != price:
            yield "line unit price"
    if not _adds_up(order):
        yield "totals adding up (refused and cancelled lines out)"
    else:
        charged = [ln for ln in order.lines if ln.marketplace_status not in _UNCHARGED]
        if order.totals.items.amount != sum((ln.line_total.amount for ln in charged), Decimal(0)):
            yield "totals adding up (refused and cancelled lines out)"
    shipments = getattr(order, "shipments", None) or ()
    if numbers - {getattr(s, "tracking_number", None) for s in shipments}:
        yield "shipment tracking number"
    [address] = _kids(node, "shipping_address")[:1] or [None]
    if address is None:
        return
    fields = _leaves(address)
    mapped = order.shipping_address
    if fields.get("company") and _get(mapped, "company") != fields["company"]:
        yield "address company"
    country = fields.get("country", "").upper()
    alpha2 = countries_by_alpha3[country].alpha2 if country in countries_by_alpha3 else None
    if alpha2 is not None and _get(mapped, "country_code") != alpha2:
        yield "address country (alpha-2)"
    for field, name in (("city", "city"), ("zipcode", "postal_code")):
        if fields.get(field) and getattr(mapped, name, None) != fields[field]:
            yield f"address {name.replace('_', ' ')}"


def _records_in(body: bytes, tag: str) -> list[etree._Element]:
    return _kids(_xml(body), tag)


def _run_fnac_orders(body: bytes) -> list[Any]:
    answer = through_engine("fnac", orders_query(OrdersQueryRequest()), body, "text/xml")
    return each_record(fnac_entries(answer, "orders"), order_to_canonical)


def _lost_fnac_orders(body: bytes, mapped: list[Any]) -> Iterator[str]:
    for node, order in zip(_records_in(body, "order"), mapped, strict=False):
        if _ok(order):
            yield from _lost_in_fnac_order(node, order)


def _run_fnac_cancellations(body: bytes) -> list[Any]:
    answer = through_engine("fnac", orders_query(OrdersQueryRequest()), body, "text/xml")
    return each_record(fnac_entries(answer, "orders"), order_cancellation)


def _lost_fnac_cancellations(body: bytes, mapped: list[Any]) -> Iterator[str]:
    for node, cancellation in zip(_records_in(body, "order"), mapped, strict=False):
        if not _ok(cancellation):
            continue
        leaves = _leaves(node)
        if leaves.get("order_id") and cancellation.order_id != leaves["order_id"]:
            yield "order id"
        states = [_leaves(d).get("state") for d in _kids(node, "order_detail")]
        ids = [
            _int_text(_leaves(d).get("order_detail_id") or None)
            for d in _kids(node, "order_detail")
        ]
        cancelled = {
            str(i)
            for i, s in zip(ids, states, strict=True)
            if i is not None and s in {"Cancelled", "Refused", "Refunded"}
        }
        if cancellation.line_ids and cancelled - set(cancellation.line_ids):
            yield "cancelled line ids"


def _run_fnac_products(body: bytes) -> list[Any]:
    answer = through_engine("fnac", offers_query(OffersQueryRequest()), body, "text/xml")
    return each_record(fnac_entries(answer, "offers"), offer_to_product)


def _lost_fnac_products(body: bytes, mapped: list[Any]) -> Iterator[str]:
    for node, product in zip(_records_in(body, "offer"), mapped, strict=False):
        if not _ok(product):
            continue
        fields = _leaves(node)
        if fields.get("offer_seller_id") and product.sku != fields["offer_seller_id"]:
            yield "sku"
        price = _decimal(fields.get("price") or None)
        if price is not None and _get(product, "price", "amount") != price:
            yield "price"
        quantity = _int_text(fields.get("quantity") or None)
        if quantity is not None and quantity >= 0 and product.stock != quantity:
            yield "stock"
        if fields.get("product_name") and product.title != fields["product_name"]:
            yield "title"
        if fields.get("image") and product.image_urls != (fields["image"],):
            yield "image"


_BATCH_SKUS = [f"SKU-{n:05d}" for n in range(1, 11)] + ["B76A-CD5-153", "B067-F0D-75E"]


def _run_fnac_batch(body: bytes) -> list[Any]:
    answer = through_engine("fnac", batch_status("B-1"), body, "text/xml")
    prepared = stock_updates(_stock(sku) for sku in _BATCH_SKUS)
    return batch_results(prepared, [answer])


def _run_fnac_batch_report(body: bytes) -> list[Any]:
    # The channel's push reads the report straight into results (`read_batch_report`).
    # Its route reads a plain report from its bytes (`_read_report`), any other from the tree.
    call = xml_call(BatchStatusRequest(batch_id="B-1"), read_batch_report, idempotent=True)
    report = through_engine("fnac", Call(call.request, parse=_read_report), body, "text/xml")
    prepared = stock_updates(_stock(sku) for sku in _BATCH_SKUS)
    return reported_results(prepared, report.results, running=not report.is_done)


def _stock(sku: str) -> StockUpdate:
    return StockUpdate(sku=sku, quantity=1)


def _lost_fnac_batch(body: bytes, results: list[Any]) -> Iterator[str]:
    by_key = {result.key: result for result in results}
    for node in _records_in(body, "offer"):
        sku = _leaves(node).get("offer_seller_id")
        result = by_key.get(sku or "")
        waiting = result is not None and result.outcome is Outcome.RETRY_LATER
        if waiting and "does not mention" in (result.reason.message if result.reason else ""):
            yield "the outcome FNAC reported for each offer sent"


# --- Mirakl --------------------------------------------------------------------------------------

_IMPORTS = [
    json.dumps(
        {
            "import_id": 2041, "import_status": status, "shop_id": 2001,
            "date_created": "2026-01-05T10:44:25.040Z", "has_error_report": status == "COMPLETE",
            "has_new_product_report": False, "has_transformation_error_report": False,
            "has_transformed_file": True, "transform_lines_read": 12,
            "transform_lines_in_success": 10, "transform_lines_in_error": 2,
            "transform_lines_with_warning": 0, "reason_status": None,
            "integration_details": {
                "products_read": 12, "products_successfully_synchronized": 10,
                "products_with_synchronization_issues": 2, "products_with_wrong_identifiers": 0,
                "products_not_synchronized": 0, "products_not_accepted": 0,
                "invalid_products": 0, "rejected_products": 0,
            },
        }
    ).encode()
    for status in ("WAITING", "RUNNING", "COMPLETE", "FAILED", "TRANSFORMATION_WAITING")
]  # fmt: skip

_REPORTS = [
    b"error-line;error-message;sku;title;category\n"
    b"3;Attribute is required: [title];A-1;;TSHIRT\n"
    b"7;The category is unknown.;A-2;Mug;NOPE\n"
    b'9;"Bad value: ""XL;XXL"" for [size]";A-3;Tee;TSHIRT\n',
    b"sku,errors,warnings\nB-1,Incorrect number of fields.,\nB-2,,Image too small\n",
    b"line\tmessage\tean\n2\tEAN unknown\t3700000000001\n",
]


def _run_mirakl_import(body: bytes) -> Any:
    return through_engine("mirakl", get_import(2041), body, "application/json")


def _lost_mirakl_import(body: bytes, status: Any) -> Iterator[str]:
    doc = json.loads(body)
    if _is_int(doc.get("import_id")) and status.import_id != doc["import_id"]:
        yield "import id"
    if _text(doc.get("import_status")) and str(status.import_status) != doc["import_status"]:
        yield "import status"
    flag = doc.get("has_error_report")
    if isinstance(flag, bool) and status.has_error_report != flag:
        yield "has error report"


def _run_mirakl_report(body: bytes) -> Any:
    report = through_engine("mirakl", get_error_report(2041), body, "text/csv")
    return parse_error_report(report.content)


def _lost_mirakl_report(body: bytes, lines: list[Any]) -> Iterator[str]:
    text = body.decode("utf-8-sig")
    first = text.splitlines()[0]
    counts = {d: first.count(d) for d in ";,\t|"}
    delimiter = max(counts, key=lambda d: counts[d]) if max(counts.values()) else ";"
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]
    rows = [row for row in rows if row]  # a blank line is no row
    if len(rows) != len(lines):
        yield "one line per data row"


# --- the paths -----------------------------------------------------------------------------------

PATHS: dict[str, ParsePath] = {
    path.name: path
    for path in (
        ParsePath("etsy receipts page -> orders", "order",
                  lambda: json_payloads(_RECEIPT_PAGES), _run_etsy_orders, _lost_orders),
        ParsePath("etsy receipt -> cancellation", "cancellation",
                  lambda: json_payloads(_RECEIPTS), _run_etsy_cancellation, _lost_cancellation),
        ParsePath("etsy listings page -> products", "product",
                  lambda: json_payloads(_LISTING_PAGES), _run_etsy_products, _lost_products),
        ParsePath("etsy inventory -> inventory write", "inventory write",
                  lambda: json_payloads(_INVENTORIES), _run_etsy_inventory, _lost_inventory),
        ParsePath("etsy me and shop", "shop",
                  lambda: json_payloads(_SHOPS), _run_etsy_shop, _lost_shop),
        ParsePath("etsy webhook -> verified event", "webhook event",
                  _webhook_payloads, _run_webhook, _lost_webhook),
        ParsePath("fnac orders_query -> orders", "order",
                  lambda: xml_payloads(_FNAC_ORDERS),
                  _run_fnac_orders, _lost_fnac_orders),
        ParsePath("fnac orders_query -> cancellations", "cancellation",
                  lambda: xml_payloads(_FNAC_ORDERS),
                  _run_fnac_cancellations, _lost_fnac_cancellations),
        ParsePath("fnac offers_query -> products", "product",
                  lambda: xml_payloads(_FNAC_OFFERS),
                  _run_fnac_products, _lost_fnac_products),
        ParsePath("fnac batch_status -> item results", "batch result",
                  lambda: xml_payloads(_FNAC_BATCHES),
                  _run_fnac_batch, _lost_fnac_batch),
        ParsePath("fnac batch_status -> push results", "batch result",
                  lambda: xml_payloads(_FNAC_BATCHES),
                  _run_fnac_batch_report, _lost_fnac_batch),
        ParsePath("mirakl P42 import status", "import",
                  lambda: json_payloads(_IMPORTS), _run_mirakl_import, _lost_mirakl_import),
        ParsePath("mirakl P44 error report", "error report line",
                  lambda: csv_payloads(_REPORTS), _run_mirakl_report, _lost_mirakl_report),
    )
}  # fmt: skip
