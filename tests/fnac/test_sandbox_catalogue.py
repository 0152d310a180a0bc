"""FNAC sandbox: a product created through the Mirakl catalogue becomes offerable on FNAC."""

from __future__ import annotations

import httpx
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox

from marketplace_sdk.fnac._xml import child_text, children
from marketplace_sdk.fnac.sandbox import Codes

CSV = (
    b"category,shop-sku,title,author,format,ean\n"
    b"BOOKS-NOVELS,BOOK-NEW,Dune,Frank Herbert,PAPERBACK,9780441013593\n"
)
OFFER = (
    '<offer><product_reference type="Ean">9780441013593</product_reference>'
    '<offer_reference type="SellerSku">BOOK-NEW</offer_reference><price>9.90</price>'
    "<product_state>11</product_state><quantity>4</quantity></offer>"
)


def _offer_outcome(session: Session) -> list[str]:
    answer = session.call("offers_update", OFFER)
    batch_id = child_text(answer, "batch_id")
    session.sandbox.advance(30)
    status = session.call("batch_status", f"<batch_id>{batch_id}</batch_id>")
    return [code for node in children(status, "offer") for code in errors(node)]


def test_an_offer_on_a_product_imported_through_mirakl_is_accepted() -> None:
    sandbox = make_sandbox(offers=2, orders=0)
    session = Session(sandbox)
    assert _offer_outcome(session) == [Codes.PRODUCT_NOT_FOUND]

    mirakl = httpx.Client(
        transport=sandbox.mirakl.transport(),
        base_url="http://mirakl.sandbox",
        headers={"Authorization": sandbox.credentials.mirakl_api_key},
    )
    created = mirakl.post("/api/products/imports", files={"file": ("p.csv", CSV)})
    assert created.status_code == 201, created.text
    sandbox.advance(sandbox.mirakl.processing_delay)

    assert _offer_outcome(session) == []
    assert sandbox.state.offers["BOOK-NEW"].product.name == "Dune"
