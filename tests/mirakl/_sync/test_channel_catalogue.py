# Generated from tests/mirakl/_async/test_channel_catalogue.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The Mirakl channel's catalogue (H11, PM11, VL11), listing and activation, against the
sandbox over loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from tests.mirakl._sync.channel_harness import channel_of, served
from tests.mirakl._sync.orders_harness import Served

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, UnsupportedOperation
from marketplace_sdk.core._models import ProductDraft, Shipment, Variant
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.mirakl import MiraklChannel, mirakl_capabilities
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.testing import Fault


def _draft(sku: str, **attributes: str) -> ProductDraft:
    return ProductDraft(
        sku=sku,
        title="Wool rug",
        price=Money(amount="59.00", currency="EUR"),
        stock=3,
        attributes=attributes,
    )


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock)


@pytest.fixture
def server(sandbox: MiraklSandbox) -> Iterator[Served]:
    with served(sandbox) as running:
        yield running


@pytest.fixture
def channel(server: Served, clock: FakeClock) -> Iterator[MiraklChannel]:
    with channel_of(server, clock) as opened:
        yield opened


def test_categories_come_from_h11_once_per_channel(channel: MiraklChannel, server: Served) -> None:
    first = [category for category in channel.iter_categories()]
    again = [category for category in channel.iter_categories()]
    assert [c.id for c in first] == [c.id for c in again]
    books = next(c for c in first if c.id == "BOOKS")
    novels = next(c for c in first if c.id == "BOOKS-NOVELS")
    assert (books.is_leaf, novels.parent_id, novels.is_leaf) == (False, "BOOKS", True)
    assert server.operations(path="/api/hierarchies") == ["GET /api/hierarchies"]


def test_a_categorys_attributes_carry_their_list_values(
    channel: MiraklChannel, server: Served
) -> None:
    attributes = channel.get_category_attributes("BOOKS-NOVELS")
    by_id = {attribute.id: attribute for attribute in attributes}
    assert by_id
    listed = [a for a in attributes if a.allowed_values]
    assert listed, "a list attribute carries its VL11 codes"
    channel.get_category_attributes("BOOKS")
    assert server.operations(path="/api/products/attributes") == ["GET /api/products/attributes"]
    with pytest.raises(NotFoundError):
        channel.get_category_attributes("NOWHERE")


def test_an_operator_without_a_seller_catalogue_refuses_before_any_call(
    server: Served, clock: FakeClock
) -> None:
    closed = mirakl_capabilities("Acme", catalogue=False)
    with channel_of(server, clock, capabilities=closed) as channel:
        with pytest.raises(UnsupportedOperation, match="Acme does not let sellers list"):
            [category for category in channel.iter_categories()]
        with pytest.raises(UnsupportedOperation):
            channel.list_product(_draft("RUG-1", product_id="PRD-RUG"))
    assert server.requests == []


def test_list_product_creates_the_offer_on_the_operators_product(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    result = channel.list_product(_draft("RUG-1", product_id="PRD-RUG"))
    assert result.outcome is Outcome.OK
    offer = sandbox.offers.offers["RUG-1"]
    assert (offer["product-id"], offer["quantity"], offer["price"]) == ("PRD-RUG", "3", "59")
    assert (channel.get_product("RUG-1")).title == "Wool rug 120x170"


def test_listing_a_product_the_operator_lacks_is_rejected_with_its_reason(
    channel: MiraklChannel,
) -> None:
    seen: list[tuple[int, Outcome]] = []
    variants = (Variant(sku="RUG-S"), Variant(sku="RUG-L"))
    results = channel.list_products(
        [
            _draft("RUG-2", product_id="PRD-NONE"),
            _draft("RUG-3").model_copy(update={"variants": variants}),
        ],
        on_result=lambda index, result: seen.append((index, result.outcome)),
    )
    assert [r.outcome for r in results] == [Outcome.REJECTED, Outcome.REJECTED]
    assert results[0].reason is not None
    assert "product does not exist" in results[0].reason.message
    assert seen == [(0, Outcome.REJECTED), (1, Outcome.REJECTED)]


def test_set_active_ends_and_clears_the_offers_availability_keeping_its_stock(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    off = channel.set_active("SKU-LAMP", False)
    product = channel.get_product("SKU-LAMP")
    assert (off.outcome, product.active, product.stock) == (Outcome.OK, False, 40)
    on = channel.set_active("SKU-LAMP", True)
    product = channel.get_product("SKU-LAMP")
    assert (on.outcome, product.active, product.stock) == (Outcome.OK, True, 40)
    assert sandbox.offers.offers["SKU-LAMP"]["available-end-date"] == ""
    missing = channel.set_active("SKU-NONE", False)
    assert missing.outcome is Outcome.REJECTED


def test_what_no_marketplace_offers_is_refused_naming_mirakl(
    channel: MiraklChannel, server: Served
) -> None:
    with pytest.raises(UnsupportedOperation, match=r"\[Mirakl\] delete_product"):
        channel.delete_product("SKU-MUG")
    assert server.requests == []


def test_an_oms_carrier_name_goes_through_the_table_to_the_operators_code(
    channel: MiraklChannel, sandbox: MiraklSandbox, clock: FakeClock, server: Served
) -> None:
    shipment = Shipment(carrier="La Poste", tracking_number="6A123", shipped_at=clock.now())
    result = channel.ready_to_ship("8580226806-A", shipment)
    assert result.is_ok, result
    (tracked,) = [r for r in server.requests if r.url.path.endswith("/tracking")]
    assert json.loads(tracked.content) == {"carrier_code": "COLISSIMO", "tracking_number": "6A123"}
    # A name the table does not map, and SH21 does not list, is sent as a name.
    courier = Shipment(carrier="Coursier Lyon", tracking_number="L1", shipped_at=clock.now())
    assert (channel.ready_to_ship("8580226807-A", courier)).is_ok
    body = json.loads([r for r in server.requests if r.url.path.endswith("/tracking")][-1].content)
    assert body["carrier_name"] == "Coursier Lyon"


def _book(sku: str, category: str = "BOOKS-NOVELS") -> ProductDraft:
    return ProductDraft(
        sku=sku,
        title="Dune",
        price=Money(amount="9.90", currency="EUR"),
        stock=2,
        category_id=category,
        attributes={"author": "Frank Herbert", "format": "PAPERBACK"},
    )


def test_a_product_the_operator_lacks_is_imported_once_then_its_offer_listed(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    sandbox.processing_delay = 3600.0  # the product import outlasts the offer imports after it
    (first,) = channel.list_products([_book("BOOK-9")])
    sandbox.processing_delay = 180.0
    assert (first.outcome, first.reason and first.reason.code) == (
        Outcome.RETRY_LATER,
        "pending_product_import",
    )
    import_id = first.marketplace_id
    assert import_id is not None
    (waiting,) = channel.list_products([_book("BOOK-9")])
    assert (waiting.outcome, waiting.marketplace_id) == (Outcome.RETRY_LATER, import_id)
    assert len(server.operations("POST", "/api/products/imports")) == 1  # never uploaded twice
    clock.advance(3600)
    (listed,) = channel.list_products([_book("BOOK-9")])
    assert listed.outcome is Outcome.OK, listed
    assert sandbox.offers.offers["BOOK-9"]["quantity"] == "2"


def test_a_product_row_mirakl_refused_is_rejected_with_its_reason(
    channel: MiraklChannel, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    (first,) = channel.list_products([_book("BOOK-X", category="NO-SUCH-CATEGORY")])
    assert first.outcome is Outcome.RETRY_LATER
    clock.advance(sandbox.processing_delay)
    (refused,) = channel.list_products([_book("BOOK-X", category="NO-SUCH-CATEGORY")])
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason is not None
    assert refused.reason.code == "product_import_rejected"
    assert refused.reason.message


def test_two_drafts_of_one_sku_send_one_offer_the_last(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    first = _draft("RUG-1", product_id="PRD-RUG")
    last = first.model_copy(update={"stock": 9})
    results = channel.list_products([first, last])
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK]
    assert sandbox.offers.offers["RUG-1"]["quantity"] == "9"


def _lost_results(result: ItemResult) -> tuple[Outcome, str | None]:
    return result.outcome, result.reason and result.reason.code


def test_a_p41_answer_lost_after_mirakl_applied_it_follows_the_import_p51_shows(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.reset(after_apply=True), operation="P41")
    (first,) = channel.list_products([_book("BOOK-9")])
    (created,) = sandbox.jobs
    assert _lost_results(first) == (Outcome.RETRY_LATER, "pending_product_import")
    assert first.marketplace_id == str(created)  # carried on as if the answer had come
    assert server.operations(path="/api/products/imports") == [
        "POST /api/products/imports",
        "GET /api/products/imports",  # P51, not a second upload
    ]
    clock.advance(sandbox.processing_delay)
    (listed,) = channel.list_products([_book("BOOK-9")])
    assert listed.outcome is Outcome.OK, listed
    assert list(sandbox.jobs) == [created]  # exactly one import
    assert sandbox.offers.offers["BOOK-9"]["quantity"] == "2"
    assert sandbox.throttled == []


def test_a_p41_reset_before_mirakl_received_it_is_uploaded_once_later(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.reset(), operation="P41")
    (first,) = channel.list_products([_book("BOOK-9")])
    # P51 shows no import since the send: nothing was imported, so it may be sent again.
    assert _lost_results(first) == (Outcome.RETRY_LATER, "import_answer_lost")
    assert sandbox.jobs == {}
    (again,) = channel.list_products([_book("BOOK-9")])  # at P41's next slot
    (created,) = sandbox.jobs
    assert _lost_results(again) == (Outcome.RETRY_LATER, "pending_product_import")
    assert again.marketplace_id == str(created)
    clock.advance(sandbox.processing_delay)
    (listed,) = channel.list_products([_book("BOOK-9")])
    assert listed.outcome is Outcome.OK, listed
    assert list(sandbox.jobs) == [created]
    assert len(server.operations("POST", "/api/products/imports")) == 1
    assert sandbox.throttled == []


def test_an_import_mirakl_created_after_the_lookup_is_followed_not_doubled(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    # A gateway answered 504 while Mirakl went on: the import exists only after P51 was read.
    sandbox.faults.add(Fault.error(504), operation="P41")
    (first,) = channel.list_products([_book("BOOK-9")])
    assert _lost_results(first) == (Outcome.RETRY_LATER, "import_answer_lost")
    clock.advance(30)
    with httpx.Client(transport=sandbox.transport(), base_url=server.url) as late:
        file = ("products.csv", b"category;shop-sku;title\nBOOKS-NOVELS;BOOK-9;Dune\n")
        headers = {"Authorization": sandbox.api_key}
        late.post("/api/products/imports", files={"file": file}, headers=headers)
    (created,) = sandbox.jobs
    (again,) = channel.list_products([_book("BOOK-9")])
    assert _lost_results(again) == (Outcome.RETRY_LATER, "pending_product_import")
    assert again.marketplace_id == str(created)
    assert list(sandbox.jobs) == [created]
    assert server.operations("POST", "/api/products/imports") == []  # the 504 was a fault
