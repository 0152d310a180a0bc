"""Applying bulk files through the channels, against the Etsy and FNAC sandboxes."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import httpx
import openpyxl
import pytest
from tests.bulk.bulkfiles import (
    ETSY_HEADER,
    FNAC_HEADER,
    etsy_file_with_bad_rows,
    fnac_file_with_bad_rows,
    fnac_rows,
    write_rows,
)
from tests.etsy._sync.harness import make_channel
from tests.fnac._sync.support import MIRAKL_URL, credentials, fnac_client
from tests.fnac._sync.support import fnac_channel as sync_channel

from marketplace_sdk.bulk import (
    RESULT_COLUMNS,
    BulkFileError,
    RowOutcome,
    apply_bulk,
    read_bulk_file,
)
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ErrorClass
from marketplace_sdk.etsy import EtsyChannel
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import PENDING_IMPORT, FnacChannel, FnacClient, FnacCredentials
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl import MiraklCatalogClient
from marketplace_sdk.testing._faults import Fault


def read_results(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def etsy(clock: FakeClock) -> tuple[EtsySandbox, EtsyChannel, str]:
    sandbox = EtsySandbox.seeded(listings=5, orders=0, duplicate_skus=0, clock=clock, seed=3)
    channel = make_channel(sandbox, clock)
    category = next(c.id for c in channel.iter_categories() if c.is_leaf)
    return sandbox, channel, category


def test_500_etsy_rows_are_listed_with_a_result_per_row(
    tmp_path: Path, etsy: tuple[EtsySandbox, EtsyChannel, str]
) -> None:
    sandbox, channel, category = etsy
    rows, bad = etsy_file_with_bad_rows(500, category=category)
    bulk = read_bulk_file(write_rows(tmp_path / "etsy.csv", ETSY_HEADER, rows), "etsy")
    before = set(sandbox.world.listings)
    seen: list[tuple[int, int]] = []

    report = apply_bulk(
        channel,
        bulk,
        results_path=tmp_path / "results.csv",
        progress=lambda done, total: seen.append((done, total)),
    )

    assert report.lines(RowOutcome.INVALID) == tuple(sorted(bad))
    held = {row.line for row in bulk.held}
    assert set(report.lines(RowOutcome.HELD)) == held
    listed = set(range(2, 502)) - set(bad) - held
    # Etsy publishes a listing only with an image: those without one are drafts, not ok.
    imageless = {line for item in bulk.listings if not item.draft.image_urls for line in item.lines}
    assert set(report.lines(RowOutcome.OK)) == listed - imageless
    assert set(report.lines(RowOutcome.DRAFT)) == listed & imageless
    assert seen[-1] == (bulk.ready_count, bulk.ready_count)
    assert len(seen) == len(bulk.listings)

    created = set(sandbox.world.listings) - before
    assert len(created) == len(bulk.listings)
    results = read_results(tmp_path / "results.csv")
    assert [int(r["line"]) for r in results] == list(range(2, 502))
    assert tuple(results[0]) == RESULT_COLUMNS
    by_line = {int(r["line"]): r for r in results}
    assert {int(line) for line, r in by_line.items() if r["outcome"] == "invalid"} == set(bad)
    assert all(by_line[line]["reason"] for line in bad)

    # A group became one listing with a product per variation; its rows share the listing id.
    group = next(listing for listing in bulk.listings if listing.draft.variants)
    ids = {by_line[line]["marketplace_id"] for line in group.lines}
    assert len(ids) == 1
    record = sandbox.listing(int(ids.pop()))
    assert [p.sku for p in record.inventory.products] == [v.sku for v in group.draft.variants]
    assert [p.offerings[0].quantity for p in record.inventory.products] == [2, 0, 5]
    assert record.title == group.draft.title

    # A single product with a selling price was listed at the selling price.
    single = next(listing for listing in bulk.listings if listing.draft.selling_price)
    record = sandbox.listing(int(by_line[single.lines[0]]["marketplace_id"]))
    assert single.draft.selling_price is not None
    assert record.price == single.draft.selling_price.amount
    assert record.inventory.products[0].sku == single.draft.sku


def test_fnac_rows_become_offers_and_unknown_eans_wait_for_an_import(
    tmp_path: Path, clock: FakeClock
) -> None:
    sandbox = FnacSandbox.seeded(offers=3, orders=0, clock=clock)
    channel = sync_channel(sandbox, clock)
    # 120 rows: FNAC's sandbox answers each offer through a batch, so 500 would be slow; the
    # 500-row check of the report is in test_validation.
    rows, bad = fnac_file_with_bad_rows(120)
    unknown = {"PEN-0012", "PEN-0013"}
    for row in rows:
        if row["sku"] not in unknown and row["ean"]:
            sandbox.add_product(row["ean"], row["title"] or "pen")
    bulk = read_bulk_file(write_rows(tmp_path / "fnac.xlsx", FNAC_HEADER, rows), "fnac")

    report = apply_bulk(channel, bulk, results_path=tmp_path / "results.xlsx")

    assert report.lines(RowOutcome.INVALID) == tuple(sorted(bad))
    waiting = {r.sku for r in report.results if r.outcome is RowOutcome.RETRY_LATER}
    assert waiting == unknown
    assert report.counts == {"ok": 98, "retry_later": 2, "invalid": 20}
    listed = [listing.draft for listing in bulk.listings if listing.draft.sku not in unknown]
    for draft in listed:
        offer = sandbox.state.offers[draft.sku]
        assert offer.quantity == draft.stock
        assert offer.price == draft.price.amount
    assert not unknown & set(sandbox.state.offers)

    book = openpyxl.load_workbook(tmp_path / "results.xlsx")
    sheet = book.worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == RESULT_COLUMNS
    assert len(table) == 121
    pending = next(r for r in table[1:] if r[1] == "PEN-0012")
    assert pending[2] == "retry_later"
    assert PENDING_IMPORT in str(pending[3])
    assert pending[4]  # the Mirakl import id


def test_fnac_update_file_sets_prices_and_stock(tmp_path: Path, clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=4, orders=0, clock=clock)
    channel = sync_channel(sandbox, clock)
    skus = sorted(sandbox.state.offers)
    path = tmp_path / "update.csv"
    path.write_text(
        f"sku,price,stock\n{skus[0]},12.30,7\n{skus[1]},,0\n{skus[2]},0.10,\nGHOST,5.00,\n",
        encoding="utf-8",
    )
    bulk = read_bulk_file(path, "fnac", mode="update")

    report = apply_bulk(channel, bulk, results_path=tmp_path / "out.csv")

    assert [(r.line, r.outcome.value) for r in report.results] == [
        (2, "ok"),
        (3, "ok"),
        (4, "invalid"),
        (5, "rejected"),
    ]
    assert sandbox.state.offers[skus[0]].price == Decimal("12.30")
    assert sandbox.state.offers[skus[0]].quantity == 7
    assert sandbox.state.offers[skus[1]].quantity == 0
    assert report.results[3].reason.startswith("price: ")


def test_etsy_update_file_sets_stock_price_and_activation(
    tmp_path: Path, etsy: tuple[EtsySandbox, EtsyChannel, str]
) -> None:
    sandbox, channel, _ = etsy
    first = sandbox.add_listing("BULK-1", price="10.00", quantity=3)
    second = sandbox.add_listing("BULK-2", price="10.00", quantity=3)
    path = tmp_path / "update.csv"
    path.write_text(
        "sku,price,selling_price,currency,stock,active\nBULK-1,25,19.99,USD,8,\nBULK-2,,,,,no\n",
        encoding="utf-8",
    )
    bulk = read_bulk_file(path, "etsy", mode="update")

    report = apply_bulk(channel, bulk, results_path=tmp_path / "out.csv")

    assert report.all_ok, report.results
    assert sandbox.listing(first).price == Decimal("19.99")
    assert sandbox.listing(first).quantity == 8
    assert sandbox.listing(second).state == "inactive"
    assert read_results(tmp_path / "out.csv")[1]["marketplace_id"] == str(second)


def test_wrong_credentials_stop_the_run_and_the_rest_is_not_sent(
    tmp_path: Path, clock: FakeClock
) -> None:
    sandbox = FnacSandbox.seeded(offers=1, orders=0, clock=clock)
    creds = credentials(sandbox)
    client = FnacClient(
        FnacCredentials(partner_id=creds.partner_id, shop_id=creds.shop_id, key="wrong-key"),
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        clock=clock,
    )
    bulk = read_bulk_file(write_rows(tmp_path / "f.csv", FNAC_HEADER, fnac_rows(4)), "fnac")

    report = apply_bulk(FnacChannel(client), bulk, results_path=tmp_path / "out.csv")

    outcomes = [r.outcome for r in report.results]
    assert outcomes == [RowOutcome.REJECTED] + [RowOutcome.NOT_SENT] * 3
    assert "not sent: the run stopped on" in report.results[-1].reason
    assert [r["outcome"] for r in read_results(tmp_path / "out.csv")] == [o.value for o in outcomes]
    assert sandbox.state.offers.keys() == {"SKU-00001"}


def test_the_report_names_the_error_that_stopped_the_run(tmp_path: Path, clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=1, orders=0, clock=clock)
    creds = credentials(sandbox)
    client = FnacClient(
        FnacCredentials(partner_id=creds.partner_id, shop_id=creds.shop_id, key="wrong-key"),
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        clock=clock,
    )
    bulk = read_bulk_file(write_rows(tmp_path / "f.csv", FNAC_HEADER, fnac_rows(2)), "fnac")

    report = apply_bulk(FnacChannel(client), bulk, results_path=tmp_path / "out.csv")

    assert report.stopped_by is not None
    assert report.stopped_by.error_class is ErrorClass.CONFIGURATION
    assert str(report.stopped_by) in report.results[-1].reason


def test_a_file_for_another_marketplace_is_refused(
    tmp_path: Path, etsy: tuple[EtsySandbox, EtsyChannel, str]
) -> None:
    _, channel, _ = etsy
    bulk = read_bulk_file(write_rows(tmp_path / "f.csv", FNAC_HEADER, fnac_rows(2)), "fnac")
    with pytest.raises(BulkFileError, match="fnac file; the channel is etsy"):
        apply_bulk(channel, bulk, results_path=tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_update_rows_report_progress_per_batch_and_unknown_skus_are_rejected(
    tmp_path: Path, etsy: tuple[EtsySandbox, EtsyChannel, str]
) -> None:
    sandbox, channel, _ = etsy
    skus = [f"UPD-{n:03d}" for n in range(150)]
    for sku in skus:
        sandbox.add_listing(sku, price="10.00", quantity=1)
    lines = ["sku,stock", *(f"{sku},{n % 7}" for n, sku in enumerate(skus)), "NO-SUCH-SKU,4"]
    path = tmp_path / "stock.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bulk = read_bulk_file(path, "etsy", mode="update")
    seen: list[tuple[int, int]] = []

    report = apply_bulk(
        channel, bulk, results_path=tmp_path / "out.csv", progress=lambda *p: seen.append(p)
    )

    assert seen == [(100, 151), (151, 151)]
    assert report.counts == {"ok": 150, "rejected": 1}
    assert report.results[-1].reason.startswith("stock: ")
    assert channel.get_product("UPD-013").stock == 13 % 7


def test_an_etsy_group_on_two_properties_is_one_listing_at_each_rows_price(
    tmp_path: Path, etsy: tuple[EtsySandbox, EtsyChannel, str]
) -> None:
    sandbox, channel, category = etsy
    rows = [
        {
            "sku": f"SOCK-{size}-{colour}",
            "parent_sku": "SOCK",
            "title": "Socks",
            "category_id": category,
            "price": "8.00",
            "selling_price": "6.50" if size == "L" else "",
            "currency": "USD",
            "stock": "3",
            "variation_1_name": "Size",
            "variation_1_value": size,
            "variation_2_name": "Colour",
            "variation_2_value": colour,
        }
        for size in ("M", "L")
        for colour in ("Red", "Blue")
    ]
    bulk = read_bulk_file(write_rows(tmp_path / "socks.xlsx", ETSY_HEADER, rows), "etsy")
    assert bulk.errors == ()

    report = apply_bulk(channel, bulk, results_path=tmp_path / "out.xlsx")

    # No image: Etsy keeps the listing a draft, and the row says so.
    assert {row.outcome for row in report.results} == {RowOutcome.DRAFT}, report.results
    (listing_id,) = {result.marketplace_id for result in report.results}
    products = sandbox.listing(int(listing_id)).inventory.products
    assert [p.sku for p in products] == [row["sku"] for row in rows]
    assert [[v for pv in p.property_values for v in pv.values] for p in products] == [
        ["M", "Red"],
        ["M", "Blue"],
        ["L", "Red"],
        ["L", "Blue"],
    ]
    assert [p.offerings[0].price for p in products] == [Decimal("8.00")] * 2 + [Decimal("6.50")] * 2
    assert sum(p.offerings[0].quantity for p in products) == 12


class _ImportsUnreadable(httpx.BaseTransport):
    """Mirakl once a product file was uploaded: P51 answers 503 from then on."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.uploaded = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/products/imports":
            if request.method == "POST":
                self.uploaded = True
            elif self.uploaded:
                return httpx.Response(503, json={"message": "Service unavailable"})
        return self.inner.handle_request(request)


@pytest.mark.parametrize(
    "fault",
    [Fault.timeout_after_apply(), Fault.malformed(b'{"import_id": 4')],
    ids=["timeout", "truncated"],
)
def test_a_row_whose_write_lost_its_answer_is_unknown_never_rejected(
    tmp_path: Path, clock: FakeClock, fault: Fault
) -> None:
    sandbox = FnacSandbox.seeded(offers=1, orders=0, clock=clock)
    catalog = MiraklCatalogClient(
        sandbox.credentials.mirakl_api_key,
        base_url=MIRAKL_URL,
        transport=_ImportsUnreadable(sandbox.mirakl.transport()),
        clock=clock,
    )
    channel = FnacChannel(fnac_client(sandbox, clock), catalog=catalog)
    # PEN-0001's EAN is not in FNAC's catalogue: listing it imports the product through Mirakl,
    # a one-off upload whose answer is lost here, and P51 cannot say whether it created one.
    sandbox.mirakl.faults.add(fault, operation="P41")
    bulk = read_bulk_file(write_rows(tmp_path / "f.csv", FNAC_HEADER, fnac_rows(1)), "fnac")

    report = apply_bulk(channel, bulk, results_path=tmp_path / "out.csv")

    (row,) = report.results
    assert row.outcome is RowOutcome.UNKNOWN
    assert "check the shop's imports before importing again" in row.reason
    assert report.counts == {"unknown": 1}
    assert read_results(tmp_path / "out.csv")[0]["outcome"] == "unknown"
    assert len(sandbox.mirakl.jobs) == 1  # never uploaded twice


def test_a_row_whose_upload_lost_its_answer_follows_the_import_mirakl_created(
    tmp_path: Path, clock: FakeClock
) -> None:
    sandbox = FnacSandbox.seeded(offers=1, orders=0, clock=clock)
    channel = sync_channel(sandbox, clock)
    sandbox.mirakl.faults.add(Fault.timeout_after_apply(), operation="P41")
    bulk = read_bulk_file(write_rows(tmp_path / "f.csv", FNAC_HEADER, fnac_rows(1)), "fnac")

    report = apply_bulk(channel, bulk, results_path=tmp_path / "out.csv")

    (row,) = report.results
    (created,) = sandbox.mirakl.jobs  # found in P51, as if the answer had come
    assert (row.outcome, row.marketplace_id) == (RowOutcome.RETRY_LATER, str(created))
    assert row.reason.startswith(PENDING_IMPORT)


def test_etsy_q10_bulk_apply_lists_each_product_once_through_created_then_500(
    tmp_path: Path, etsy: tuple[EtsySandbox, EtsyChannel, str]
) -> None:
    sandbox, channel, category = etsy
    rows, _ = etsy_file_with_bad_rows(40, category=category)
    bulk = read_bulk_file(write_rows(tmp_path / "etsy.csv", ETSY_HEADER, rows), "etsy")
    before = set(sandbox.world.listings)
    # Etsy makes the draft and answers 500, three times over (ETSY-Q10).
    sandbox.faults.add(
        Fault.error(500, {"error": "Server Error"}), operation="createDraftListing", count=3
    )

    report = apply_bulk(channel, bulk, results_path=tmp_path / "results.csv")

    created = set(sandbox.world.listings) - before
    assert len(created) == len(bulk.listings)
    listed = {
        row.marketplace_id
        for row in report.results
        if row.outcome in (RowOutcome.OK, RowOutcome.DRAFT)
    }
    assert {int(listing_id) for listing_id in listed} == created
    assert sandbox.calls.count("createDraftListing") == len(bulk.listings)


def test_issue15_item1_an_etsy_draft_is_reported_draft_and_publish_makes_it_sellable(
    tmp_path: Path, etsy: tuple[EtsySandbox, EtsyChannel, str], clock: FakeClock
) -> None:
    from tests.etsy._sync.harness import JPEG

    from marketplace_sdk.core._models import StockUpdate

    sandbox, _, category = etsy
    row = {"sku": "PUB-1", "title": "Cup", "category_id": category, "price": "9", "stock": "3"}
    row = {name: row.get(name, "") for name in ETSY_HEADER}
    row["currency"] = "USD"
    path = write_rows(tmp_path / "etsy.csv", ETSY_HEADER, [row])

    def apply(name: str, *, publish: bool) -> dict[str, str]:
        # A fresh channel each time, as each `etsy bulk apply` command opens one.
        channel = make_channel(sandbox, clock)
        report = apply_bulk(
            channel, read_bulk_file(path, "etsy"), results_path=tmp_path / name, publish=publish
        )
        (result,) = read_results(tmp_path / name)
        assert result["outcome"] == report.results[0].outcome.value
        return result

    drafted = apply("1.csv", publish=False)
    assert drafted["outcome"] == "draft"
    assert "no image" in drafted["reason"]
    listing_id = int(drafted["marketplace_id"])
    assert sandbox.listing(listing_id).state == "draft"
    found = make_channel(sandbox, clock).get_product("PUB-1")  # products show finds it
    assert (found.draft, found.active, found.marketplace_id) == (True, False, str(listing_id))

    refused = apply("2.csv", publish=True)  # Etsy refuses to publish a listing without image
    assert refused["outcome"] == "draft"
    assert "publishing it was refused" in refused["reason"]
    assert "image" in refused["reason"]
    assert refused["marketplace_id"] == str(listing_id)  # the same draft, finished again

    make_channel(sandbox, clock)._client.upload_listing_image(sandbox.shop_id, listing_id, JPEG)
    published = apply("3.csv", publish=True)
    assert published["outcome"] == "ok", published
    assert published["marketplace_id"] == str(listing_id)
    assert sandbox.listing(listing_id).state == "active"

    after = make_channel(sandbox, clock)
    product = after.get_product("PUB-1")
    assert (product.draft, product.active) == (False, True)
    (pushed,) = after.push_stock([StockUpdate(sku="PUB-1", quantity=7)])
    assert pushed.is_ok, pushed.reason
