"""The Mirakl channel's catalogue (H11, PM11, VL11), listing and activation, against the
sandbox over loopback."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from tests.mirakl._async.channel_harness import channel_of, served
from tests.mirakl._async.orders_harness import Served

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, UnsupportedOperation
from marketplace_sdk.core._models import ProductDraft, Shipment, Variant
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.mirakl import AsyncMiraklChannel, mirakl_capabilities
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
async def channel(server: Served, clock: FakeClock) -> AsyncIterator[AsyncMiraklChannel]:
    async with channel_of(server, clock) as opened:
        yield opened


async def test_categories_come_from_h11_once_per_channel(
    channel: AsyncMiraklChannel, server: Served
) -> None:
    first = [category async for category in channel.iter_categories()]
    again = [category async for category in channel.iter_categories()]
    assert [c.id for c in first] == [c.id for c in again]
    books = next(c for c in first if c.id == "BOOKS")
    novels = next(c for c in first if c.id == "BOOKS-NOVELS")
    assert (books.is_leaf, novels.parent_id, novels.is_leaf) == (False, "BOOKS", True)
    assert server.operations(path="/api/hierarchies") == ["GET /api/hierarchies"]


async def test_a_categorys_attributes_carry_their_list_values(
    channel: AsyncMiraklChannel, server: Served
) -> None:
    attributes = await channel.get_category_attributes("BOOKS-NOVELS")
    by_id = {attribute.id: attribute for attribute in attributes}
    assert by_id
    listed = [a for a in attributes if a.allowed_values]
    assert listed, "a list attribute carries its VL11 codes"
    await channel.get_category_attributes("BOOKS")
    assert server.operations(path="/api/products/attributes") == ["GET /api/products/attributes"]
    with pytest.raises(NotFoundError):
        await channel.get_category_attributes("NOWHERE")


async def test_an_operator_without_a_seller_catalogue_refuses_before_any_call(
    server: Served, clock: FakeClock
) -> None:
    closed = mirakl_capabilities("Acme", catalogue=False)
    async with channel_of(server, clock, capabilities=closed) as channel:
        with pytest.raises(UnsupportedOperation, match="Acme does not let sellers list"):
            [category async for category in channel.iter_categories()]
        with pytest.raises(UnsupportedOperation):
            await channel.list_product(_draft("RUG-1", product_id="PRD-RUG"))
    assert server.requests == []


async def test_list_product_creates_the_offer_on_the_operators_product(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox
) -> None:
    result = await channel.list_product(_draft("RUG-1", product_id="PRD-RUG"))
    assert result.outcome is Outcome.OK
    offer = sandbox.offers.offers["RUG-1"]
    assert (offer["product-id"], offer["quantity"], offer["price"]) == ("PRD-RUG", "3", "59")
    assert (await channel.get_product("RUG-1")).title == "Wool rug 120x170"


async def test_listing_a_product_the_operator_lacks_is_rejected_with_its_reason(
    channel: AsyncMiraklChannel,
) -> None:
    seen: list[tuple[int, Outcome]] = []
    variants = (Variant(sku="RUG-S"), Variant(sku="RUG-L"))
    results = await channel.list_products(
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


async def test_set_active_ends_and_clears_the_offers_availability_keeping_its_stock(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox
) -> None:
    off = await channel.set_active("SKU-LAMP", False)
    product = await channel.get_product("SKU-LAMP")
    assert (off.outcome, product.active, product.stock) == (Outcome.OK, False, 40)
    on = await channel.set_active("SKU-LAMP", True)
    product = await channel.get_product("SKU-LAMP")
    assert (on.outcome, product.active, product.stock) == (Outcome.OK, True, 40)
    assert sandbox.offers.offers["SKU-LAMP"]["available-end-date"] == ""
    missing = await channel.set_active("SKU-NONE", False)
    assert missing.outcome is Outcome.REJECTED


async def test_what_no_marketplace_offers_is_refused_naming_mirakl(
    channel: AsyncMiraklChannel, server: Served
) -> None:
    with pytest.raises(UnsupportedOperation, match=r"\[Mirakl\] delete_product"):
        channel.delete_product("SKU-MUG")
    assert server.requests == []


async def test_an_oms_carrier_name_goes_through_the_table_to_the_operators_code(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox, clock: FakeClock, server: Served
) -> None:
    shipment = Shipment(carrier="La Poste", tracking_number="6A123", shipped_at=clock.now())
    result = await channel.ready_to_ship("8580226806-A", shipment)
    assert result.is_ok, result
    (tracked,) = [r for r in server.requests if r.url.path.endswith("/tracking")]
    assert json.loads(tracked.content) == {"carrier_code": "COLISSIMO", "tracking_number": "6A123"}
    # A name the table does not map, and SH21 does not list, is sent as a name.
    courier = Shipment(carrier="Coursier Lyon", tracking_number="L1", shipped_at=clock.now())
    assert (await channel.ready_to_ship("8580226807-A", courier)).is_ok
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


async def test_a_product_the_operator_lacks_is_imported_once_then_its_offer_listed(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    sandbox.processing_delay = 3600.0  # the product import outlasts the offer imports after it
    (first,) = await channel.list_products([_book("BOOK-9")])
    sandbox.processing_delay = 180.0
    assert (first.outcome, first.reason and first.reason.code) == (
        Outcome.RETRY_LATER,
        "pending_product_import",
    )
    import_id = first.marketplace_id
    assert import_id is not None
    (waiting,) = await channel.list_products([_book("BOOK-9")])
    assert (waiting.outcome, waiting.marketplace_id) == (Outcome.RETRY_LATER, import_id)
    assert len(server.operations("POST", "/api/products/imports")) == 1  # never uploaded twice
    clock.advance(3600)
    (listed,) = await channel.list_products([_book("BOOK-9")])
    assert listed.outcome is Outcome.OK, listed
    assert sandbox.offers.offers["BOOK-9"]["quantity"] == "2"


async def test_a_product_row_mirakl_refused_is_rejected_with_its_reason(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    (first,) = await channel.list_products([_book("BOOK-X", category="NO-SUCH-CATEGORY")])
    assert first.outcome is Outcome.RETRY_LATER
    clock.advance(sandbox.processing_delay)
    (refused,) = await channel.list_products([_book("BOOK-X", category="NO-SUCH-CATEGORY")])
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason is not None
    assert refused.reason.code == "product_import_rejected"
    assert refused.reason.message


async def test_two_drafts_of_one_sku_send_one_offer_the_last(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox
) -> None:
    first = _draft("RUG-1", product_id="PRD-RUG")
    last = first.model_copy(update={"stock": 9})
    results = await channel.list_products([first, last])
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK]
    assert sandbox.offers.offers["RUG-1"]["quantity"] == "9"


def _lost_results(result: ItemResult) -> tuple[Outcome, str | None]:
    return result.outcome, result.reason and result.reason.code


async def test_a_p41_answer_lost_after_mirakl_applied_it_follows_the_import_p51_shows(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.reset(after_apply=True), operation="P41")
    (first,) = await channel.list_products([_book("BOOK-9")])
    (created,) = sandbox.jobs
    assert _lost_results(first) == (Outcome.RETRY_LATER, "pending_product_import")
    assert first.marketplace_id == str(created)  # carried on as if the answer had come
    assert server.operations(path="/api/products/imports") == [
        "POST /api/products/imports",
        "GET /api/products/imports",  # P51, not a second upload
    ]
    clock.advance(sandbox.processing_delay)
    (listed,) = await channel.list_products([_book("BOOK-9")])
    assert listed.outcome is Outcome.OK, listed
    assert list(sandbox.jobs) == [created]  # exactly one import
    assert sandbox.offers.offers["BOOK-9"]["quantity"] == "2"
    assert sandbox.throttled == []


async def test_a_p41_reset_before_mirakl_received_it_is_uploaded_once_later(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.reset(), operation="P41")
    (first,) = await channel.list_products([_book("BOOK-9")])
    # P51 shows no import since the send: nothing was imported, so it may be sent again.
    assert _lost_results(first) == (Outcome.RETRY_LATER, "import_answer_lost")
    assert sandbox.jobs == {}
    (again,) = await channel.list_products([_book("BOOK-9")])  # at P41's next slot
    (created,) = sandbox.jobs
    assert _lost_results(again) == (Outcome.RETRY_LATER, "pending_product_import")
    assert again.marketplace_id == str(created)
    clock.advance(sandbox.processing_delay)
    (listed,) = await channel.list_products([_book("BOOK-9")])
    assert listed.outcome is Outcome.OK, listed
    assert list(sandbox.jobs) == [created]
    assert len(server.operations("POST", "/api/products/imports")) == 1
    assert sandbox.throttled == []


async def test_an_import_mirakl_created_after_the_lookup_is_followed_not_doubled(
    channel: AsyncMiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    # A gateway answered 504 while Mirakl went on: the import exists only after P51 was read.
    sandbox.faults.add(Fault.error(504), operation="P41")
    (first,) = await channel.list_products([_book("BOOK-9")])
    assert _lost_results(first) == (Outcome.RETRY_LATER, "import_answer_lost")
    clock.advance(30)
    with httpx.Client(transport=sandbox.transport(), base_url=server.url) as late:
        file = ("products.csv", b"category;shop-sku;title\nBOOKS-NOVELS;BOOK-9;Dune\n")
        headers = {"Authorization": sandbox.api_key}
        late.post("/api/products/imports", files={"file": file}, headers=headers)
    (created,) = sandbox.jobs
    (again,) = await channel.list_products([_book("BOOK-9")])
    assert _lost_results(again) == (Outcome.RETRY_LATER, "pending_product_import")
    assert again.marketplace_id == str(created)
    assert list(sandbox.jobs) == [created]
    assert server.operations("POST", "/api/products/imports") == []  # the 504 was a fault
