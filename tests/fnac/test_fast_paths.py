"""The FNAC push's fast paths give exactly what the general ones give.

A push of 100,000 offers writes its `offers_update` documents, sets the token header and reads
the batch reports without lxml trees or validation where it can; each shortcut is checked here
against the general path it stands for, over many generated cases.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._models.trusted import trusted_factory
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceError
from marketplace_sdk.core._request import ApiRequest
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.fnac import FnacCredentials, FnacTokenAuth, OfferUpdate
from marketplace_sdk.fnac._mapping import (
    OffersDraft,
    fnac_amount,
    offer_results,
    price_updates,
    read_batch_report,
    report_of,
    stock_updates,
)
from marketplace_sdk.fnac._mapping.reports import read_plain_report
from marketplace_sdk.fnac._models import (
    BatchStatusResponse,
    OffersQueryResponse,
    OfferStatus,
    OffersUpdateRequest,
)
from marketplace_sdk.fnac._models.common import status_of
from marketplace_sdk.fnac._models.offers import offer_rows_document, sent_update
from marketplace_sdk.fnac._pricing import resolve_price
from marketplace_sdk.fnac._xml import NAMESPACE, parse_xml, to_bytes

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda text: text.strip() == text and text.strip())
plain = st.text(st.sampled_from("AZaz09-_. &<>\"'é"), min_size=1, max_size=12).filter(
    lambda text: text.strip() == text
)
amounts = st.decimals(min_value="0.90", max_value="20000", places=2)
offers = st.builds(
    OfferUpdate,
    offer_reference=st.one_of(plain, texts),
    quantity=st.none() | st.integers(0, 9999),
    price=st.none() | amounts,
    description=st.none() | st.just("Neuf, sous blister"),
)


@given(st.lists(offers, min_size=1, max_size=8))
def test_an_offers_update_document_is_written_as_lxml_writes_it(
    batch: list[OfferUpdate],
) -> None:
    request = OffersUpdateRequest(offers=batch)
    assert request.to_bytes() == to_bytes(request.to_xml())


def lxml_header(content: bytes, header: dict[str, str]) -> bytes:
    root = parse_xml(content)
    for name, value in header.items():
        root.set(name, value)
    return to_bytes(root)


@given(
    st.sampled_from(["offers_update", "batch_status", "offers_query"]),
    st.dictionaries(st.sampled_from(["with_fees", "paging"]), plain, max_size=2),
    st.booleans(),
    plain,
)
def test_the_token_header_is_set_as_lxml_sets_it(
    service: str, attributes: dict[str, str], empty: bool, shop: str
) -> None:
    root = etree.Element(f"{{{NAMESPACE}}}{service}", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    for name, value in attributes.items():
        root.set(name, value)
    if not empty:
        etree.SubElement(root, f"{{{NAMESPACE}}}batch_id").text = "B1"
    content = to_bytes(root)
    auth = FnacTokenAuth(
        FnacCredentials(partner_id="P-1", shop_id=shop, key="k"), clock=FakeClock()
    )
    auth.store_token("00000000-0000-4000-8000-000000000001", None)
    sent = auth.apply(ApiRequest(method="POST", path=service, content=content)).content
    header = {"partner_id": "P-1", "shop_id": shop, "token": "00000000-0000-4000-8000-000000000001"}
    assert sent == lxml_header(content, header)


statuses = st.sampled_from(["OK", "ERROR", "WARNING", "FATAL", "RUNNING", "odd", ""])
children = st.lists(
    st.tuples(
        st.sampled_from(["product_fnac_id", "offer_fnac_id", "offer_seller_id", "error", "x"]),
        st.text(st.sampled_from("ab 1Ã§-"), max_size=6),
        st.booleans(),
    ),
    max_size=6,
)


@given(statuses, children, st.booleans())
def test_an_offer_of_a_batch_report_reads_as_the_validated_model_reads_it(
    status: str, items: list[tuple[str, str, bool]], namespaced: bool
) -> None:
    ns = f"{{{NAMESPACE}}}" if namespaced else ""
    node = etree.Element(f"{ns}offer")
    if status:
        node.set("status", status)
    for name, text, nested in items:
        child = (
            etree.SubElement(node, f"{ns}{name}", code="E1")
            if name == "error"
            else (etree.SubElement(node, f"{ns}{name}"))
        )
        child.text = text
        if nested:
            etree.SubElement(child, f"{ns}inner").text = "in"
    fast = OfferStatus.from_xml(node)
    validated = OfferStatus.read(node, status=status_of(node))
    assert fast == validated
    assert fast.model_dump() == validated.model_dump()


@given(statuses, st.lists(st.sampled_from(["offer", "batch_id", "error", "x"]), max_size=5))
def test_a_batch_report_reads_as_the_general_reading_reads_it(
    status: str, names: list[str]
) -> None:
    root = etree.Element(f"{{{NAMESPACE}}}batch_status_response")
    if status:
        root.set("status", status)
    for position, name in enumerate(names):
        node = etree.SubElement(root, f"{{{NAMESPACE}}}{name}", severity="WARNING")
        if name == "offer":
            etree.SubElement(node, f"{{{NAMESPACE}}}offer_seller_id").text = f"S{position}"
        else:
            node.text = f" v{position} "
    fast = BatchStatusResponse.from_xml(root)
    general = BatchStatusResponse.read(root, **BatchStatusResponse.envelope(root))
    assert fast == general


@given(
    statuses,
    st.lists(st.tuples(statuses, children, st.booleans()), max_size=6),
    st.booleans(),
)
def test_a_push_reads_each_skus_result_as_the_models_give_it(
    status: str, offers: list[tuple[str, list[tuple[str, str, bool]], bool]], namespaced: bool
) -> None:
    ns = f"{{{NAMESPACE}}}" if namespaced else ""
    root = etree.Element(f"{ns}batch_status_response")
    if status:
        root.set("status", status)
    etree.SubElement(root, f"{ns}batch_id").text = " B1 "
    for offer_status, items, nested_offer in offers:
        node = etree.SubElement(root, f"{ns}offer")
        if offer_status:
            node.set("status", offer_status)
        for name, text, nested in items:
            child = etree.SubElement(node, f"{ns}{name}")
            if name == "error":
                child.set("code", "E1")
            child.text = text
            if nested:
                etree.SubElement(child, f"{ns}inner").text = "in"
        if nested_offer:
            etree.SubElement(node, f"{ns}offer_seller_id").text = "late"
    report = read_batch_report(root)
    model = BatchStatusResponse.from_xml(root)
    assert report.results == offer_results(model)
    assert (report.is_done, report.batch_id) == (model.is_done, model.batch_id)
    assert report == report_of(model)


def test_a_batch_report_reads_every_offer() -> None:
    document = (
        f'<batch_status_response xmlns="{NAMESPACE}" status="OK"><batch_id>B1</batch_id>'
        '<offer status="OK"><offer_seller_id><![CDATA[A]]></offer_seller_id></offer>'
        '<offer status="ERROR"><offer_seller_id>B</offer_seller_id>'
        '<error code="ERR_026" severity="ERROR">Product not found</error></offer>'
        "</batch_status_response>"
    )
    report = BatchStatusResponse.from_xml(parse_xml(document))
    assert [(o.offer_seller_id, o.ok) for o in report.offers] == [("A", True), ("B", False)]
    assert report.offers[1].errors[0].code == "ERR_026"


prices = st.builds(
    lambda amount, currency, selling: PriceUpdate(
        sku="A",
        price=Money(amount=amount, currency=currency),
        selling_price=None if selling is None else Money(amount=selling, currency=currency),
    ),
    st.decimals(min_value="-5", max_value="30000", places=4, allow_nan=False),
    st.sampled_from(["EUR", "EUR", "USD"]),
    st.none() | st.just(Decimal("1.00")),
)


@given(prices)
def test_the_amount_sent_is_resolve_prices(update: PriceUpdate) -> None:
    try:
        expected: Decimal | type[PriceError] = resolve_price(
            update.price, update.selling_price
        ).amount
    except PriceError as error:
        expected = type(error)
    try:
        got: Decimal | type[PriceError] = fnac_amount(update)
    except PriceError as error:
        got = type(error)
    assert got == expected
    if isinstance(got, Decimal) and isinstance(expected, Decimal):
        assert str(got) == str(expected)


@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.integers(0, 12_000)), max_size=6))
def test_offers_built_without_validation_equal_validated_ones(
    levels: list[tuple[str, int]],
) -> None:
    updates = [StockUpdate(sku=sku, quantity=quantity) for sku, quantity in levels]
    prepared = stock_updates(updates)
    for index, offer in prepared.offers.items():
        sku, quantity = levels[index]
        assert offer == OfferUpdate(offer_reference=sku, quantity=quantity)
        assert offer.model_fields_set == {"offer_reference", "quantity"}


def test_a_draft_sends_one_offer_per_sku_with_both_values() -> None:
    nine = Money(amount="9.9", currency="EUR")
    draft = OffersDraft.check(
        [StockUpdate(sku="A", quantity=1), StockUpdate(sku="B", quantity=10_000)],
        [PriceUpdate(sku="A", price=nine), PriceUpdate(sku="B", price=nine)],
    )
    assert draft.prices_alone() == ["B"]  # B's quantity is refused: its price goes alone
    stock, prices, sent = draft.offers({"B": 3})
    assert [sent_update(offer) for offer in sent] == [
        OfferUpdate(offer_reference="A", quantity=1, price=Decimal("9.90")),
        OfferUpdate(offer_reference="B", quantity=3, price=Decimal("9.90")),
    ]
    assert stock.rejected[1].reason is not None
    assert stock.rejected[1].reason.code == "quantity_out_of_range"
    assert prices.offers[0] is sent[0]
    assert price_updates([PriceUpdate(sku="A", price=nine)]).to_send()[0].price == Decimal("9.90")


rows = st.tuples(
    st.one_of(plain, texts), st.none() | st.integers(0, 9999), st.none() | amounts
).filter(lambda row: row[1] is not None or row[2] is not None)


@given(st.lists(rows, min_size=1, max_size=5))
def test_a_push_writes_its_rows_as_the_offer_models_are_written(
    batch: list[tuple[str, int | None, Decimal | None]],
) -> None:
    request = OffersUpdateRequest(
        offers=[
            OfferUpdate(offer_reference=sku, quantity=quantity, price=price)
            for sku, quantity, price in batch
        ]
    )
    assert [sent_update(row) for row in batch] == request.offers
    assert offer_rows_document(batch) == request.to_bytes() == to_bytes(request.to_xml())


@pytest.mark.parametrize("reference", ["A\nB", "A\n", "\nB", "A&B", "é"])
def test_a_reference_lxml_would_change_is_written_by_lxml(reference: str) -> None:
    batch = [("P-1", 1, None), (reference, 2, Decimal("9.90")), ("P-2", None, Decimal("1.00"))]
    request = OffersUpdateRequest(
        offers=[OfferUpdate(offer_reference=sku, quantity=q, price=p) for sku, q, p in batch]
    )
    assert offer_rows_document(batch) == to_bytes(request.to_xml())


def test_a_trusted_result_is_the_validated_one() -> None:
    ok = trusted_factory(ItemResult)
    built = ok(key="A", outcome=Outcome.OK, marketplace_id="F1", raw=None)
    assert built == ItemResult.ok("A", marketplace_id="F1")
    assert built.model_fields_set == ItemResult.ok("A", marketplace_id="F1").model_fields_set
    assert hash(built) == hash(ItemResult.ok("A", marketplace_id="F1"))


def test_a_model_with_private_state_cannot_be_built_trusted() -> None:
    with pytest.raises(TypeError, match="private attributes"):
        trusted_factory(OffersQueryResponse)  # its refused records are private state


def test_a_copy_of_a_trusted_instance_gets_its_own_field_names() -> None:
    ok = trusted_factory(ItemResult)
    first = ok(key="A", outcome=Outcome.OK, raw=None)
    second = ok(key="B", outcome=Outcome.OK, raw=None)
    copied = first.model_copy(update={"marketplace_id": "F1"})
    assert copied.model_fields_set == {"key", "outcome", "raw", "marketplace_id"}
    assert first.model_fields_set == second.model_fields_set == {"key", "outcome", "raw"}


def test_a_model_that_is_not_frozen_cannot_be_built_trusted() -> None:
    from pydantic import BaseModel

    class Loose(BaseModel):
        name: str

    with pytest.raises(TypeError, match="not frozen"):
        trusted_factory(Loose)


# Offers as FNAC writes them for a batch, and the ways a report may stray from the plain form.
report_ids = st.text(st.sampled_from("AZaz09-_. "), max_size=8) | st.text(
    st.sampled_from("AZaz09-_. é&<>]\t"), max_size=8
)
report_offers = st.tuples(
    st.sampled_from(["OK", "OK", "WARNING", "", "ERROR"]),  # "" writes no status
    st.booleans(),  # a product id
    report_ids | st.none(),  # the offer id
    report_ids,  # the seller id
    st.sampled_from(["cdata", "cdata", "text", "text", "split", "comment", "nested", "spaced"]),
)
plain_ids = st.text(st.sampled_from("AZaz09-_. "), max_size=8)
plain_report_offers = st.tuples(
    st.sampled_from(["OK", "WARNING", ""]),
    st.booleans(),
    plain_ids,
    plain_ids,
    st.sampled_from(["cdata", "text", "spaced"]),
)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _report_offer(offer: tuple[str, bool, str | None, str, str]) -> str:
    status, product, fnac_id, sku, form = offer
    opening = f'<offer status="{status}">' if status else "<offer>"
    parts = [opening, "<product_fnac_id>P1</product_fnac_id>" if product else ""]
    if fnac_id is not None:
        parts.append(f"<offer_fnac_id>{_escaped(fnac_id)}</offer_fnac_id>")
    if form == "cdata" and "]" not in sku:
        parts.append(f"<offer_seller_id><![CDATA[{sku}]]></offer_seller_id>")
    elif form == "split":
        rest = _escaped(sku[1:])
        parts.append(f"<offer_seller_id><![CDATA[ {sku[:1]}]]>{rest}</offer_seller_id>")
    elif form == "comment":
        parts.append(f"<offer_seller_id>{_escaped(sku)}<!-- x --></offer_seller_id>")
    elif form == "nested":
        parts.append(f"<offer_seller_id><i>in</i>{_escaped(sku)}</offer_seller_id>")
    else:
        space = " \n" if form == "spaced" else ""
        parts.append(f"{space}<offer_seller_id>{space}{_escaped(sku)}</offer_seller_id>{space}")
    if status == "ERROR":
        parts.append('<error code="E1" severity="ERROR">refused</error>')
    return "".join(parts) + "</offer>"


@given(
    st.lists(plain_report_offers, max_size=8) | st.lists(report_offers, max_size=8),
    st.booleans(),
    st.sampled_from(["", "", "\n", "<!-- c -->"]),
)
def test_a_report_read_from_its_bytes_reads_as_its_tree_reads(
    offers: list[tuple[str, bool, str | None, str, str]], namespaced: bool, between: str
) -> None:
    xmlns = f' xmlns="{NAMESPACE}"' if namespaced else ""
    document = (
        f"<?xml version='1.0' encoding='utf-8'?>\n<batch_status_response{xmlns} status=\"OK\">"
        f"<batch_id>B1</batch_id>{between.join(map(_report_offer, offers))}"
        "</batch_status_response>"
    ).encode()
    root = parse_xml(document)
    from_tree = read_batch_report(root)
    assert from_tree == report_of(BatchStatusResponse.from_xml(root))
    from_bytes = read_plain_report(document)
    assert from_bytes is None or from_bytes == from_tree


def test_a_plain_report_is_read_from_its_bytes() -> None:
    document = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<batch_status_response xmlns="{NAMESPACE}" '
        'status="OK"><batch_id> B1 </batch_id><offer status="OK"><product_fnac_id>P1'
        "</product_fnac_id><offer_fnac_id>F1</offer_fnac_id><offer_seller_id><![CDATA[ A ]]>"
        "</offer_seller_id></offer>\n</batch_status_response>"
    ).encode()
    report = read_plain_report(document)
    assert report is not None
    assert report == read_batch_report(parse_xml(document))
    assert (report.status, report.batch_id, list(report.results)) == ("OK", "B1", ["A"])


@pytest.mark.parametrize(
    "document",
    [
        b'<batch_status_response status="OK"><offer><offer_fnac_id>F1</offer_fnac_id>'
        b"<offer_seller_id>A</offer_seller_id></offer>",  # cut short
        b'<batch_status_response xmlns="urn:other"><offer><offer_fnac_id>F1</offer_fnac_id>'
        b"<offer_seller_id>A</offer_seller_id></offer></batch_status_response>",
        b"<batch_status_response><offer><offer_fnac_id>a]]>b</offer_fnac_id>"
        b"<offer_seller_id>A</offer_seller_id></offer></batch_status_response>",
        b'<batch_status_response><error code="E1">down</error></batch_status_response>',
        b'<?xml version="1.0" encoding="latin-1"?><batch_status_response/>',
        b"<offers_update_response><batch_id>B1</batch_id></offers_update_response>",
    ],
)
def test_a_report_not_plain_is_left_to_the_parser(document: bytes) -> None:
    assert read_plain_report(document) is None


money = st.builds(
    Money,
    amount=st.one_of(
        st.decimals(min_value="0.90", max_value="20000", places=3),
        st.decimals(min_value="0", max_value="30000", places=2),
        st.just(Decimal("0.895")),
        st.just(Decimal("19999.995")),
    ),
    currency=st.sampled_from(["EUR", "EUR", "EUR", "USD"]),
)
updates = st.lists(
    st.tuples(
        st.sampled_from("ABCDE"),
        st.integers(0, 9999) | st.just(10_000),
        money,
        st.none() | money,
    ),
    max_size=8,
)


@given(updates, st.booleans())
def test_a_draft_checked_at_once_is_the_one_checked_update_by_update(
    given_updates: list[tuple[str, int, Money, Money | None]], same_skus: bool
) -> None:
    stock = [StockUpdate(sku=sku, quantity=quantity) for sku, quantity, _, _ in given_updates]
    prices = [
        PriceUpdate(sku=sku if same_skus else f"{sku}-P", price=price, selling_price=selling)
        for sku, _, price, selling in given_updates
        if selling is None or selling.currency == price.currency
    ]
    one_by_one = OffersDraft._one_by_one(stock, prices)
    assert OffersDraft.check(iter(stock), iter(prices)) == one_by_one
    at_once = OffersDraft._all_plain(stock, prices)
    if at_once is not None:
        assert at_once == one_by_one
        assert not at_once.stock_rejected
        assert not at_once.price_rejected
    read = dict.fromkeys(one_by_one.prices_alone(), 5)
    by_sku = one_by_one._offers_by_sku(read)
    assert one_by_one.offers(read) == by_sku
    at_once_offers = one_by_one._offers_at_once()
    if at_once_offers is not None:
        assert at_once_offers == by_sku
