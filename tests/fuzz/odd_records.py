"""Fuzz: a page of good records with one its wire model refuses, down the four record paths.

The body paths (`tests/fuzz/parse_paths.py`) damage a one-record answer anywhere; these build
an otherwise good page instead: two to six records taken from recorded answers (each given its
own id), one of which is made odd where its wire model is strict (a string where the schema has
a number, a money object that is not one, an FNAC line number or date that cannot be read).
The envelope is whole. The oracle asks that

- **the odd record be set aside as its `RecordError`**, in its place, naming the record's id
  when the odd field is not the id itself;
- **the other records be delivered**: each one mapped, in order, under its own id.

Examples:
    >>> sorted(ODD_RECORD_PATHS)[0]
    'etsy listings page, one odd listing -> products'
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import strategies as st
from lxml import etree
from tests.fuzz.parse_paths import (
    _ETSY,
    _FNAC_OFFERS,
    _FNAC_ORDERS,
    OMS_FIELDS,
    ParsePath,
    each_record,
    fnac_entries,
    through_engine,
)

from marketplace_sdk import MarketplaceError, RecordError
from marketplace_sdk.etsy._endpoints import get_listings_by_shop, get_shop_receipts
from marketplace_sdk.etsy._mapping import listing_to_product, receipt_to_order
from marketplace_sdk.etsy._models import Listing, ShopReceipt
from marketplace_sdk.fnac._endpoints import offers_query, orders_query
from marketplace_sdk.fnac._mapping import offer_to_product, order_to_canonical
from marketplace_sdk.fnac._models import Offer, OffersQueryRequest, OrdersQueryRequest
from marketplace_sdk.fnac._models import Order as FnacOrder

__all__ = ["ODD_RECORD_FIELDS", "ODD_RECORD_PATHS", "OddPage"]

#: What the oracle asks of a page holding one odd record.
ODD_RECORD_FIELDS = OMS_FIELDS["page of records"]

#: A page: its body, where the odd record is, the id it should be set aside under (`None` when
#: the odd field is the id), and the ids of the good records in order.
OddPage = tuple[bytes, int, str | None, tuple[str, ...]]

_MONEY_ODD = [
    {"amount": "twelve", "divisor": 100, "currency_code": "EUR"},
    {"amount": 1250, "divisor": 0, "currency_code": "EUR"},
    {"amount": 1250, "divisor": 100},
    {"amount": 12.5, "divisor": 100, "currency_code": "EUR"},
    "12.50 EUR",
]
_INT_ODD = ["twelve", "", 1.5, [1767225600], {"seconds": 1}]
_BOOL_ODD = ["perhaps", 2, [True], {"yes": True}]
_TEXT_ODD = [12345, ["FR"], {"name": "x"}]

#: Per Etsy record: the fields its model is strict about, with values it must refuse.
_RECEIPT_ODD: dict[str, list[Any]] = {
    "created_timestamp": _INT_ODD,
    "updated_timestamp": _INT_ODD,
    "buyer_user_id": _INT_ODD,
    "is_paid": _BOOL_ODD,
    "is_shipped": _BOOL_ODD,
    "grandtotal": _MONEY_ODD,
    "subtotal": _MONEY_ODD,
    "total_shipping_cost": _MONEY_ODD,
    "country_iso": _TEXT_ODD,
    "buyer_email": _TEXT_ODD,
    "transactions": ["none", {"transaction_id": 1}, [{"transaction_id": "first"}]],
    "shipments": ["none", [{"receipt_shipping_id": "first"}]],
}
_LISTING_ODD: dict[str, list[Any]] = {
    "quantity": _INT_ODD,
    "price": _MONEY_ODD,
    "taxonomy_id": _INT_ODD,
    "is_supply": _BOOL_ODD,
    "title": _TEXT_ODD,
    "skus": ["SKU-1", [["SKU-1"]], {"sku": "SKU-1"}],
    "images": ["none", [{"listing_image_id": "first"}]],
    "inventory": ["none", {"products": {"sku": "SKU-1"}}],
}

# FNAC leaves the order and offer models read as numbers or dates.
_FNAC_NUMBER_ODD = ["one", "1,5", "12 €", "0x10", "--1"]
_FNAC_DATE_ODD = ["not a date", "2026-13-45T10:00:00+01:00", "9999-12-31T23:59:59-14:00"]
_ORDER_NUMBERS = ("fees", "vat_rate", "nb_messages")
_DETAIL_NUMBERS = ("order_detail_id", "quantity", "price", "fees", "shipping_price")
_DATES = ("created_at", "debited_at", "received_at", "refused_at")
_OFFER_NUMBERS = ("price", "quantity", "nb_messages", "fee_excluding_taxes", "showcase")


def _mappable(records: list[Any], read: Callable[[Any], Any]) -> list[Any]:
    """The recorded records the SDK reads well: a good page is made of those alone."""
    return [record for record in records if _reads(read)(record)]


def _reads(read: Callable[[Any], Any]) -> Callable[[Any], bool]:
    """Whether a recorded record reads as a record the OMS gets (a product without a SKU not)."""

    def good(record: Any) -> bool:
        try:
            return read(record) is not None
        except Exception:  # a recorded record the SDK refuses is not a good one
            return False

    return good


# --- Etsy ----------------------------------------------------------------------------------------

_GOOD_RECEIPTS = _mappable(
    _ETSY["receipts"], lambda r: receipt_to_order(ShopReceipt.model_validate(r))
)
_GOOD_LISTINGS = _mappable(
    _ETSY["listings"], lambda r: listing_to_product(Listing.model_validate(r))
)


def _etsy_pages(
    seeds: list[dict[str, Any]], id_field: str, odd: dict[str, list[Any]]
) -> st.SearchStrategy[OddPage]:
    @st.composite
    def build(draw: st.DrawFn) -> OddPage:
        count = draw(st.integers(2, 6))
        records = []
        for n in range(count):
            record = copy.deepcopy(seeds[draw(st.integers(0, len(seeds) - 1))])
            record[id_field] = 4_000_000_000 + n
            for line in record.get("transactions") or []:
                if isinstance(line, dict) and "receipt_id" in line:
                    line["receipt_id"] = record[id_field]
            records.append(record)
        at = draw(st.integers(0, count - 1))
        fields = [*sorted(odd), id_field]
        field = draw(st.sampled_from(fields))
        values = ["R-1", "", 1.5, None, [7]] if field == id_field else odd[field]
        records[at][field] = draw(st.sampled_from(values))
        expected = None if field == id_field else str(records[at][id_field])
        good = tuple(str(r[id_field]) for n, r in enumerate(records) if n != at)
        body = json.dumps({"count": count, "results": records}).encode()
        return body, at, expected, good

    return build()


def _whole_page(run: Callable[[OddPage], list[Any]]) -> Callable[[OddPage], Any]:
    """`run`, a typed error of the whole page returned as its output: here it is a loss (the
    good records were not delivered), not the typed error a damaged answer may end in."""

    def whole(page: OddPage) -> Any:
        try:
            return run(page)
        except MarketplaceError as error:
            return error

    return whole


def _run_etsy_receipts(page: OddPage) -> list[Any]:
    read = through_engine("etsy", get_shop_receipts(1), page[0], "application/json")
    return each_record(read.entries(), receipt_to_order)


def _run_etsy_listings(page: OddPage) -> list[Any]:
    call = get_listings_by_shop(1, includes=["Inventory"])
    read = through_engine("etsy", call, page[0], "application/json")
    return each_record(read.entries(), listing_to_product)


# --- FNAC ----------------------------------------------------------------------------------------


def _fnac_records(seeds: list[bytes], tag: str) -> tuple[bytes, list[bytes]]:
    """An empty envelope from the seeds, and every `<tag>` record they hold."""
    records: list[bytes] = []
    envelope = b""
    for body in seeds:
        root = etree.fromstring(body)
        found = [item for item in root if etree.QName(item).localname == tag]
        for item in found:
            records.append(etree.tostring(item))
            root.remove(item)
        if found and not envelope:
            envelope = etree.tostring(root)
    return envelope, records


def _leaf(node: etree._Element, name: str) -> etree._Element | None:
    for item in node:
        if isinstance(item.tag, str) and etree.QName(item).localname == name and not len(item):
            return item
    return None


def _odd_order(draw: st.DrawFn, order: etree._Element) -> None:
    """Make one number or date of the order (or of one of its lines) unreadable."""
    targets: list[tuple[etree._Element, str, list[str]]] = []
    for name in _ORDER_NUMBERS:
        targets.append((order, name, _FNAC_NUMBER_ODD))
    targets.append((order, "created_at", _FNAC_DATE_ODD))
    details = [item for item in order if etree.QName(item).localname == "order_detail"]
    for detail in details:
        targets += [(detail, name, _FNAC_NUMBER_ODD) for name in _DETAIL_NUMBERS]
        targets += [(detail, name, _FNAC_DATE_ODD) for name in _DATES]
    node, name, values = targets[draw(st.integers(0, len(targets) - 1))]
    _set_leaf(node, name, draw(st.sampled_from(values)))


def _odd_offer(draw: st.DrawFn, offer: etree._Element) -> None:
    _set_leaf(offer, draw(st.sampled_from(_OFFER_NUMBERS)), draw(st.sampled_from(_FNAC_NUMBER_ODD)))


def _set_leaf(node: etree._Element, name: str, text: str) -> None:
    leaf = _leaf(node, name)
    if leaf is None:
        namespace = node.nsmap.get(None)
        leaf = etree.SubElement(node, f"{{{namespace}}}{name}" if namespace else name)
    leaf.text = text


def _fnac_pages(
    seeds: list[bytes],
    tag: str,
    id_leaf: str,
    make_odd: Callable[[st.DrawFn, etree._Element], None],
    good: Callable[[etree._Element], bool],
) -> st.SearchStrategy[OddPage]:
    envelope, found = _fnac_records(seeds, tag)
    records = [record for record in found if good(etree.fromstring(record))]

    @st.composite
    def build(draw: st.DrawFn) -> OddPage:
        root = etree.fromstring(envelope)
        count = draw(st.integers(2, 6))
        ids = []
        for n in range(count):
            record = etree.fromstring(records[draw(st.integers(0, len(records) - 1))])
            _set_leaf(record, id_leaf, f"FUZZ{n:09d}")
            ids.append(f"FUZZ{n:09d}")
            root.append(record)
        at = draw(st.integers(0, count - 1))
        make_odd(draw, [i for i in root if etree.QName(i).localname == tag][at])
        body = etree.tostring(root, xml_declaration=True, encoding="utf-8")
        return body, at, ids[at], tuple(i for n, i in enumerate(ids) if n != at)

    return build()


def _run_fnac_orders(page: OddPage) -> list[Any]:
    answer = through_engine("fnac", orders_query(OrdersQueryRequest()), page[0], "text/xml")
    return each_record(fnac_entries(answer, "orders"), order_to_canonical)


def _run_fnac_offers(page: OddPage) -> list[Any]:
    answer = through_engine("fnac", offers_query(OffersQueryRequest()), page[0], "text/xml")
    return each_record(fnac_entries(answer, "offers"), offer_to_product)


# --- the oracle ----------------------------------------------------------------------------------


def _id_of(record: Any) -> str | None:
    for name in ("order_id", "sku"):
        value = getattr(record, name, None)
        if value is not None:
            return str(value)
    return None


def _lost(key: Callable[[Any], str | None]) -> Callable[[OddPage, list[Any]], Iterator[str]]:
    def lost(page: OddPage, output: Any) -> Iterator[str]:
        _, at, expected, good = page
        if not isinstance(output, list):  # the page failed as a whole
            yield from ODD_RECORD_FIELDS
            return
        odd = output[at] if len(output) > at else None
        if not isinstance(odd, RecordError) or (expected is not None and odd.record_id != expected):
            yield ODD_RECORD_FIELDS[0]
        others = [entry for n, entry in enumerate(output) if n != at]
        delivered = tuple(key(entry) for entry in others if not isinstance(entry, RecordError))
        if len(output) != len(good) + 1 or delivered != good:
            yield ODD_RECORD_FIELDS[1]

    return lost


def _etsy_product_id(product: Any) -> str | None:
    return str(product.marketplace_id) if product is not None else None


_ODD_PATHS = (
    ParsePath(
        "etsy receipts page, one odd receipt -> orders",
        "page of records",
        lambda: _etsy_pages(_GOOD_RECEIPTS, "receipt_id", _RECEIPT_ODD),
        _whole_page(_run_etsy_receipts),
        _lost(_id_of),
    ),
    ParsePath(
        "etsy listings page, one odd listing -> products",
        "page of records",
        lambda: _etsy_pages(_GOOD_LISTINGS, "listing_id", _LISTING_ODD),
        _whole_page(_run_etsy_listings),
        _lost(_etsy_product_id),
    ),
    ParsePath(
        "fnac orders_query, one odd order -> orders",
        "page of records",
        lambda: _fnac_pages(
            _FNAC_ORDERS,
            "order",
            "order_id",
            _odd_order,
            _reads(lambda node: order_to_canonical(FnacOrder.from_xml(node))),
        ),
        _whole_page(_run_fnac_orders),
        _lost(_id_of),
    ),
    ParsePath(
        "fnac offers_query, one odd offer -> products",
        "page of records",
        lambda: _fnac_pages(
            _FNAC_OFFERS,
            "offer",
            "offer_seller_id",
            _odd_offer,
            _reads(lambda node: offer_to_product(Offer.from_xml(node))),
        ),
        _whole_page(_run_fnac_offers),
        _lost(_id_of),
    ),
)

ODD_RECORD_PATHS: dict[str, ParsePath] = {path.name: path for path in _ODD_PATHS}
