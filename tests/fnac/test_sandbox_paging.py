"""FNAC sandbox: `offers_query` without `<paging>` answers without the paging block, as FNAC's
recorded answer does, and the SDK's rule that an answer without it is the last page holds."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from tests.fnac.test_sandbox_support import Session, make_sandbox, texts

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._pagination import Page, PageNumberPaginator
from marketplace_sdk.core._request import Call
from marketplace_sdk.fnac import FnacClient, FnacCredentials, OffersQueryRequest
from marketplace_sdk.fnac._endpoints import offers_query
from marketplace_sdk.fnac._models import Offer
from marketplace_sdk.fnac._xml import local_name, parse_xml
from marketplace_sdk.fnac.sandbox import FnacSandbox

PAGING = {"page", "total_paging", "nb_total_per_page", "nb_total_result"}


@pytest.fixture
def session() -> Session:
    return Session(make_sandbox(offers=30, orders=0))


def test_offers_query_without_paging_has_no_paging_block(session: Session) -> None:
    answer = session.call("offers_query", results_count="100")
    assert {local_name(node) for node in answer} == {"offer"}
    assert sorted(texts(answer, "offer/offer_seller_id")) == sorted(session.sandbox.state.offers)


def test_offers_query_without_paging_is_shaped_as_fnacs_recorded_answer(
    session: Session, shared_specs: Path
) -> None:
    recorded = parse_xml(
        (shared_specs / "fnac-legacy" / "samples" / "query_offers_response.xml").read_bytes()
    )
    answer = session.call("offers_query", results_count="100")
    assert {local_name(node) for node in answer} == {local_name(node) for node in recorded}


def test_offers_query_without_paging_holds_the_first_page_at_most(session: Session) -> None:
    answer = session.call("offers_query", results_count="12")
    assert len(texts(answer, "offer/offer_seller_id")) == 12
    assert not PAGING & {local_name(node) for node in answer}


def test_offers_query_with_paging_keeps_the_paging_block(session: Session) -> None:
    answer = session.call("offers_query", "<paging>1</paging>", results_count="12")
    assert {local_name(node) for node in answer} >= PAGING
    assert texts(answer, "total_paging") == ["3"]


def test_other_queries_keep_the_paging_block_their_recorded_answers_show(
    session: Session,
) -> None:
    answer = session.call("orders_query")
    assert {local_name(node) for node in answer} >= PAGING


def test_the_sdk_pager_stops_on_an_answer_without_paging_fields(clock: FakeClock) -> None:
    # A pager told nothing of the page size, fetching offers_query without <paging>: only the
    # rule "no paging fields, no more pages" ends it (a page of 30 offers is not empty).
    sandbox = FnacSandbox.seeded(offers=30, orders=0, clock=clock)
    given = sandbox.credentials
    client = FnacClient(
        FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key),
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        clock=clock,
    )

    def fetch(number: int) -> Call[Page[Offer]]:
        return offers_query(OffersQueryRequest()).map(
            lambda answer: Page(
                items=answer.offers, total=answer.nb_total_result, has_more=answer.has_more
            )
        )

    answer = client._engine.call(offers_query(OffersQueryRequest()))
    assert (answer.page, answer.total_paging, answer.nb_total_result) == (None, None, None)
    assert answer.has_more is False
    pager: PageNumberPaginator[Offer] = PageNumberPaginator(fetch)
    # Were the rule broken, the pager would ask again and again: stop it past two pages' worth.
    offers = list(islice(client._engine.paginate(pager), 61))
    assert sorted(offer.offer_seller_id or "" for offer in offers) == sorted(sandbox.state.offers)
    assert sandbox.calls.count("offers_query") == 2
