"""FNAC sandbox: every filter the query services' XSDs declare is honoured.

The declared filters are read from FNAC's published XSDs themselves (in `../shared/specs`), so a
filter the schemas declare and the sandbox does not read fails here. Each declared filter has one
case below: a request naming it, and the records it must return, worked out from the shop's
state without the sandbox's filter code. Every case must narrow the answer (a filter that is
ignored returns everything and fails).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from tests.fnac.test_sandbox_support import Session, make_sandbox, texts
from tests.fnac.xsd_contract import XSD_FOR_SERVICE, xsd_dir

from marketplace_sdk.fnac import (
    ClientOrderCommentsQueryRequest,
    FnacClient,
    FnacCredentials,
    IncidentsQueryRequest,
    MessagesQueryRequest,
)
from marketplace_sdk.fnac._models.offers import QuantityMode
from marketplace_sdk.fnac._xml import child_text, children
from marketplace_sdk.fnac.sandbox import QUERY_FILTERS, FnacSandbox
from marketplace_sdk.fnac.sandbox._state import Comment, Incident, Message
from marketplace_sdk.fnac.sandbox._wire import stamp

XS = "{http://www.w3.org/2001/XMLSchema}"

#: The query services whose request is a subject rather than filters: its elements name what to
#: price or list, and are read by the service itself.
SUBJECTS = {"pricing_query": {"product_reference"}, "carriers_query": {"query", "error"}}

#: The request attributes each query service declares besides the header, and what the sandbox
#: does with them.
ATTRIBUTES = {
    "results_count": "the page size of every paged query",
    "with_fees": "offers' fees are always in the answer, as in FNAC's recorded answer",
    "sellers": "pricing_query with sellers='others' leaves the shop's own offers out",
}


def declared(specs: Path, service: str) -> tuple[set[str], set[str]]:
    """The child elements and the attributes the service's XSD declares for its request."""
    schema = etree.parse(str(xsd_dir(specs) / XSD_FOR_SERVICE[service]))
    root = schema.getroot()
    type_name = root.find(f"{XS}element[@name='{service}']").get("type")  # type: ignore[union-attr]
    request = root.find(f"{XS}complexType[@name='{type_name}']")
    assert request is not None, type_name
    content = request.find(f"{XS}complexContent/{XS}extension")
    assert content is not None, type_name
    elements = {
        node.get("name", "")
        for node in content.iterfind(f"{XS}sequence//{XS}element")
        if node.getparent() is not None
    }
    attributes = {node.get("name", "") for node in content.iterfind(f"{XS}attribute")}
    return elements, attributes


QUERIES = sorted(service for service in XSD_FOR_SERVICE if service.endswith("_query"))


@pytest.mark.parametrize("service", QUERIES)
def test_the_sandbox_reads_every_element_the_query_xsd_declares(
    shared_specs: Path, service: str
) -> None:
    elements, attributes = declared(shared_specs, service)
    if service in SUBJECTS:
        assert elements == SUBJECTS[service]
    else:
        assert QUERY_FILTERS[service] == elements
    assert attributes <= set(ATTRIBUTES)


def test_every_declared_filter_has_a_case_below(shared_specs: Path) -> None:
    wanted = {
        (service, name) for service in QUERY_FILTERS for name in declared(shared_specs, service)[0]
    }
    assert wanted == set(CASES), "add a case for each filter FNAC's XSDs declare"


# --- the shop the cases query ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop() -> Session:
    """A seeded shop with the variety every filter needs (built once; the cases only read)."""
    sandbox = make_sandbox(offers=30, orders=40)
    state = sandbox.state
    offers = sorted(state.offers.values(), key=lambda o: o.sku)
    for offer in offers[:4]:
        offer.free_shipping = True
    offers[5].promotion_type, offers[5].promotion_uid = "Sales", "SOLDES1"
    offers[6].promotion_type, offers[6].promotion_uid = "FlashSale", "FLASH2"
    offers[7].promotion_type, offers[7].promotion_uid = "Sales", "SOLDES3"
    now = state.now()
    # messages about offers, from several senders, some read or archived
    for number, (offer, sender) in enumerate(
        zip(
            offers[:6],
            ("CLIENT", "CALLCENTER", "SELLER", "CLIENT", "CALLCENTER", "CLIENT"),
            strict=True,
        )
    ):
        when = now - timedelta(days=number)
        message = Message(
            state.new_uuid(), "OFFER", offer.fnac_id, sender, "Jeanne", "Question", "?", when, when
        )
        state.messages[message.message_id] = message
    for number, message in enumerate(sorted(state.messages.values(), key=lambda m: m.message_id)):
        if number % 3 == 0:
            message.state = "READ"
        if number % 4 == 0:
            message.archived = "TRUE"
        message.updated_at = message.created_at + timedelta(hours=number)
    # incidents of every kind
    orders = sorted(state.orders.values(), key=lambda o: o.order_id)
    kinds = [
        ("1", "OPENED", "TRUE", "client", "", ""),
        ("2", "OPENED", "FALSE", "call-center", "", ""),
        ("8", "CLOSED", "FALSE", "client", "seller", "3"),
        ("8", "CLOSED", "FALSE", "client", "call-center", "7"),
        ("5", "CLOSED", "FALSE", "seller", "client", "3"),
    ]
    for number, (kind, status, waiting, opened, closed, why) in enumerate(kinds):
        order = orders[number]
        when = now - timedelta(days=10 - number)
        incident = Incident(
            state.new_uuid(), order.order_id, [1], "Motif", when, when + timedelta(hours=1)
        )
        incident.type, incident.status, incident.waiting_for_seller_answer = kind, status, waiting
        incident.opened_by, incident.closed_by, incident.closed_status = opened, closed, why
        if status == "CLOSED":
            incident.closed_at = when + timedelta(days=1)
        state.incidents[incident.incident_id] = incident
    # comments with several rates, one answered
    for number, order in enumerate(orders[:6]):
        comment = Comment(
            state.new_uuid(), order.order_id, number, "Jeanne M.", "Bien", now - timedelta(days=5)
        )
        state.comments[comment.comment_id] = comment
    answered = next(iter(state.comments.values()))
    answered.reply, answered.replied_at = "Merci", now
    # batches at two moments
    session = Session(sandbox)
    update = "<offer><offer_reference>SKU-00001</offer_reference><quantity>3</quantity></offer>"
    assert session.call("offers_update", update).get("status") == "OK"
    sandbox.advance(1800)
    session.auth()  # FNAC-Q14: a token dies halfway to the validity it announced
    assert session.call("offers_update", update).get("status") == "OK"
    return session


@pytest.fixture(scope="module")
def sandbox(shop: Session) -> FnacSandbox:
    return shop.sandbox


def median(values: list[datetime]) -> datetime:
    return sorted(values)[len(values) // 2]


# --- the cases ---------------------------------------------------------------------------------

#: Where each service's answer names its records.
IDS: dict[str, Callable[[etree._Element], list[str]]] = {
    "offers_query": lambda answer: texts(answer, "offer/offer_seller_id"),
    "orders_query": lambda answer: texts(answer, "order/order_id"),
    "messages_query": lambda answer: texts(answer, "message/message_id"),
    "incidents_query": lambda answer: [node.get("id", "") for node in children(answer, "incident")],
    "client_order_comments_query": lambda answer: texts(
        answer, "client_order_comment/client_order_comment_id"
    ),
    "shop_invoices_query": lambda answer: texts(answer, "shop_invoice/invoice_id"),
    "batch_query": lambda answer: texts(answer, "batch/batch_id"),
}

#: One case: the request's inner XML (after `<paging>1</paging>` unless it pages itself), and
#: the ids it must return: a set, or a list when the filter orders them.
Case = Callable[[FnacSandbox], tuple[str, set[str] | list[str]]]


def _offers(sandbox: FnacSandbox) -> list:  # type: ignore[type-arg]
    return sorted(sandbox.state.offers.values(), key=lambda o: (o.created_at, o.sku))


def _orders(sandbox: FnacSandbox) -> list:  # type: ignore[type-arg]
    return sorted(sandbox.state.orders.values(), key=lambda o: (o.created_at, o.order_id))


def _messages(sandbox: FnacSandbox) -> list[Message]:
    return sorted(sandbox.state.messages.values(), key=lambda m: (m.created_at, m.message_id))


def _incidents(sandbox: FnacSandbox) -> list[Incident]:
    return sorted(sandbox.state.incidents.values(), key=lambda i: (i.created_at, i.incident_id))


def _offers_about(sandbox: FnacSandbox, message: Message) -> list[tuple[str, str, str]]:
    state = sandbox.state
    if message.referer_type == "OFFER":
        return [
            (o.fnac_id, o.sku, o.product.fnac_id)
            for o in state.offers.values()
            if o.fnac_id == message.referer
        ]
    order = state.orders[message.referer]
    return [(ln.offer_fnac_id, ln.sku, ln.product.fnac_id) for ln in order.lines]


def _message_offer_case(position: int, name: str) -> Case:
    def case(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
        offer_message = next(m for m in _messages(sandbox) if m.referer_type == "OFFER")
        wanted = _offers_about(sandbox, offer_message)[0][position]
        expected = {
            m.message_id
            for m in _messages(sandbox)
            if any(ids[position] == wanted for ids in _offers_about(sandbox, m))
        }
        return f"<{name}>{wanted}</{name}>", expected

    return case


def _line_case(pick: Callable[..., str], name: str) -> Case:
    def case(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
        wanted = pick(_orders(sandbox)[3].lines[0])
        expected = {
            o.order_id for o in _orders(sandbox) if any(pick(ln) == wanted for ln in o.lines)
        }
        return f"<{name}>{wanted}</{name}>", expected

    return case


def _incident_case(name: str, value: str, pick: Callable[[Incident], str]) -> Case:
    def case(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
        expected = {i.incident_id for i in _incidents(sandbox) if pick(i) == value}
        return f"<{name}>{value}</{name}>", expected

    return case


def _offer_since(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    since = median([o.created_at for o in _offers(sandbox)])
    expected = {o.sku for o in _offers(sandbox) if o.created_at >= since}
    return f'<date type="Created"><min>{stamp(since)}</min></date>', expected


def _offer_quantity(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    middle = sorted(o.quantity for o in _offers(sandbox))[15]
    expected = {o.sku for o in _offers(sandbox) if o.quantity > middle}
    return f'<quantity mode="GreaterThan" value="{middle}"/>', expected


def _offer_page(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    return "<paging>2</paging>", [o.sku for o in _offers(sandbox)[2:4]]


def _order_since(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    since = median([o.created_at for o in _orders(sandbox)])
    expected = {o.order_id for o in _orders(sandbox) if o.created_at >= since}
    return f'<date type="CreatedAt"><min>{stamp(since)}</min></date>', expected


def _order_page(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    newest_first = [o.order_id for o in reversed(_orders(sandbox))]
    return "<paging>2</paging>", newest_first[2:4]


def _message_since(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    since = median([m.updated_at for m in _messages(sandbox)])
    expected = {m.message_id for m in _messages(sandbox) if m.updated_at >= since}
    return f'<date type="UpdatedAt"><min>{stamp(since)}</min></date>', expected


def _message_page(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    newest_first = [m.message_id for m in reversed(_messages(sandbox))]
    return "<paging>2</paging>", newest_first[2:4]


def _incident_closed_since(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    closed = [i for i in _incidents(sandbox) if i.closed_at is not None]
    since = median([i.closed_at for i in closed if i.closed_at is not None])
    expected = {i.incident_id for i in closed if i.closed_at and i.closed_at >= since}
    return f'<date type="ClosedAt"><min>{stamp(since)}</min></date>', expected


def _incident_page(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    newest_first = [i.incident_id for i in reversed(_incidents(sandbox))]
    return "<paging>2</paging>", newest_first[2:4]


def _an_order_asked_about(sandbox: FnacSandbox) -> str:
    return next(m.referer for m in _messages(sandbox) if m.referer_type == "ORDER")


def _some_incidents(sandbox: FnacSandbox) -> list[Incident]:
    return _incidents(sandbox)[1:3]


def _comment_modified(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    since = sandbox.state.now() - timedelta(days=1)
    comments = sandbox.state.comments.values()
    expected = {c.comment_id for c in comments if c.modified_at >= since}
    return f'<date type="Modified"><min>{stamp(since)}</min></date>', expected


def _comment_page(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    comments = sorted(sandbox.state.comments.values(), key=lambda c: c.created_at, reverse=True)
    return "<paging>2</paging>", [c.comment_id for c in comments[2:4]]


def _invoice_since(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    invoices = sorted(sandbox.state.invoices.values(), key=lambda i: i.created_at)
    since = invoices[1].created_at
    expected = {i.invoice_id for i in invoices if i.created_at >= since}
    return f"<date><min>{stamp(since)}</min></date>", expected


def _invoice_page(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    invoices = sorted(sandbox.state.invoices.values(), key=lambda i: i.created_at, reverse=True)
    return "<paging>2</paging>", [i.invoice_id for i in invoices[2:4]]


def _batch_since(sandbox: FnacSandbox) -> tuple[str, set[str] | list[str]]:
    batches = sorted(sandbox.state.batches.values(), key=lambda b: b.created_at)
    since = batches[-1].created_at
    expected = {b.batch_id for b in batches if b.created_at >= since}
    return f'<date type="Created"><min>{stamp(since)}</min></date>', expected


CASES: dict[tuple[str, str], Case] = {
    # offers_query
    ("offers_query", "paging"): _offer_page,
    ("offers_query", "date"): _offer_since,
    ("offers_query", "quantity"): _offer_quantity,
    ("offers_query", "product_fnac_id"): lambda s: (
        f"<product_fnac_id>{_offers(s)[2].product.fnac_id}</product_fnac_id>",
        {o.sku for o in _offers(s) if o.product.fnac_id == _offers(s)[2].product.fnac_id},
    ),
    ("offers_query", "offer_fnac_id"): lambda s: (
        f"<offer_fnac_id>{_offers(s)[3].fnac_id}</offer_fnac_id>",
        {_offers(s)[3].sku},
    ),
    ("offers_query", "offer_seller_id"): lambda s: (
        "<offer_seller_id>SKU-00004</offer_seller_id><offer_seller_id>SKU-00009</offer_seller_id>",
        {"SKU-00004", "SKU-00009"},
    ),
    ("offers_query", "with_free_shipping"): lambda s: (
        "<with_free_shipping/>",
        {o.sku for o in _offers(s) if o.free_shipping},
    ),
    ("offers_query", "promotion_types"): lambda s: (
        "<promotion_types><promotion_type>Sales</promotion_type></promotion_types>",
        {o.sku for o in _offers(s) if o.promotion_type == "Sales"},
    ),
    ("offers_query", "promotion_uids"): lambda s: (
        "<promotion_uids><promotion_uid>FLASH2</promotion_uid>"
        "<promotion_uid>SOLDES3</promotion_uid></promotion_uids>",
        {o.sku for o in _offers(s) if o.promotion_uid in ("FLASH2", "SOLDES3")},
    ),
    # orders_query
    ("orders_query", "paging"): _order_page,
    ("orders_query", "date"): _order_since,
    ("orders_query", "state"): lambda s: (
        "<state>Shipped</state>",
        {o.order_id for o in _orders(s) if o.state == "Shipped"},
    ),
    ("orders_query", "states"): lambda s: (
        "<states><state>Created</state><state>Refused</state></states>",
        {o.order_id for o in _orders(s) if o.state in ("Created", "Refused")},
    ),
    ("orders_query", "sort_by"): lambda s: (
        "<sort_by>ASC</sort_by>",
        [o.order_id for o in _orders(s)],
    ),
    ("orders_query", "product_fnac_id"): _line_case(
        lambda ln: ln.product.fnac_id, "product_fnac_id"
    ),
    ("orders_query", "order_fnac_id"): lambda s: (
        f"<order_fnac_id>{_orders(s)[5].order_id}</order_fnac_id>",
        {_orders(s)[5].order_id},
    ),
    ("orders_query", "orders_fnac_id"): lambda s: (
        f"<orders_fnac_id><order_fnac_id>{_orders(s)[5].order_id}</order_fnac_id>"
        f"<order_fnac_id>{_orders(s)[8].order_id}</order_fnac_id></orders_fnac_id>",
        {_orders(s)[5].order_id, _orders(s)[8].order_id},
    ),
    ("orders_query", "offer_fnac_id"): _line_case(lambda ln: ln.offer_fnac_id, "offer_fnac_id"),
    ("orders_query", "offer_seller_id"): _line_case(lambda ln: ln.sku, "offer_seller_id"),
    # messages_query
    ("messages_query", "paging"): _message_page,
    ("messages_query", "date"): _message_since,
    ("messages_query", "message_type"): lambda s: (
        "<message_type>OFFER</message_type>",
        {m.message_id for m in _messages(s) if m.referer_type == "OFFER"},
    ),
    ("messages_query", "message_archived"): lambda s: (
        "<message_archived>TRUE</message_archived>",
        {m.message_id for m in _messages(s) if m.archived == "TRUE"},
    ),
    ("messages_query", "message_state"): lambda s: (
        "<message_state>READ</message_state>",
        {m.message_id for m in _messages(s) if m.state == "READ"},
    ),
    ("messages_query", "message_id"): lambda s: (
        f"<message_id>{_messages(s)[4].message_id}</message_id>",
        {_messages(s)[4].message_id},
    ),
    ("messages_query", "product_fnac_id"): _message_offer_case(2, "product_fnac_id"),
    ("messages_query", "order_fnac_id"): lambda s: (
        f"<order_fnac_id>{_an_order_asked_about(s)}</order_fnac_id>",
        {m.message_id for m in _messages(s) if m.referer == _an_order_asked_about(s)},
    ),
    ("messages_query", "offer_fnac_id"): _message_offer_case(0, "offer_fnac_id"),
    ("messages_query", "offer_seller_id"): _message_offer_case(1, "offer_seller_id"),
    ("messages_query", "sort_by"): lambda s: (
        '<sort_by type="ASC">UPDATED_AT</sort_by>',
        [m.message_id for m in sorted(_messages(s), key=lambda m: (m.updated_at, m.message_id))],
    ),
    ("messages_query", "message_from_types"): lambda s: (
        "<message_from_types><from_type>CALLCENTER</from_type>"
        "<from_type>SELLER</from_type></message_from_types>",
        {m.message_id for m in _messages(s) if m.from_type in ("CALLCENTER", "SELLER")},
    ),
    # incidents_query
    ("incidents_query", "paging"): _incident_page,
    ("incidents_query", "date"): _incident_closed_since,
    ("incidents_query", "status"): _incident_case("status", "CLOSED", lambda i: i.status),
    ("incidents_query", "type"): _incident_case("type", "8", lambda i: i.type),
    ("incidents_query", "types"): lambda s: (
        "<types><type>1</type><type>5</type></types>",
        {i.incident_id for i in _incidents(s) if i.type in ("1", "5")},
    ),
    ("incidents_query", "incident_id"): lambda s: (
        f"<incident_id>{_incidents(s)[0].incident_id}</incident_id>",
        {_incidents(s)[0].incident_id},
    ),
    ("incidents_query", "incidents_id"): lambda s: (
        "<incidents_id>"
        + "".join(f"<incident_id>{i.incident_id}</incident_id>" for i in _some_incidents(s))
        + "</incidents_id>",
        {i.incident_id for i in _some_incidents(s)},
    ),
    ("incidents_query", "closed_statuses"): lambda s: (
        "<closed_statuses><closed_status>7</closed_status></closed_statuses>",
        {i.incident_id for i in _incidents(s) if i.closed_status == "7"},
    ),
    ("incidents_query", "closed_status"): _incident_case(
        "closed_status", "3", lambda i: i.closed_status
    ),
    ("incidents_query", "waiting_for_seller_answer"): _incident_case(
        "waiting_for_seller_answer", "TRUE", lambda i: i.waiting_for_seller_answer
    ),
    ("incidents_query", "opened_by"): _incident_case(
        "opened_by", "call-center", lambda i: i.opened_by
    ),
    ("incidents_query", "closed_by"): _incident_case("closed_by", "seller", lambda i: i.closed_by),
    ("incidents_query", "sort_by"): lambda s: (
        "<sort_by>ASC</sort_by>",
        [i.incident_id for i in _incidents(s)],
    ),
    ("incidents_query", "order"): lambda s: (
        f"<order>{_incidents(s)[1].order_id}</order>",
        {i.incident_id for i in _incidents(s) if i.order_id == _incidents(s)[1].order_id},
    ),
    ("incidents_query", "orders"): lambda s: (
        "<orders>"
        + "".join(f"<order>{i.order_id}</order>" for i in _some_incidents(s))
        + "</orders>",
        {
            i.incident_id
            for i in _incidents(s)
            if i.order_id in {j.order_id for j in _some_incidents(s)}
        },
    ),
    # client_order_comments_query
    ("client_order_comments_query", "paging"): _comment_page,
    ("client_order_comments_query", "date"): _comment_modified,
    ("client_order_comments_query", "rate"): lambda s: (
        '<rate mode="GreaterThanOrEquals" value="3"/><rate mode="LessThan" value="5"/>',
        {c.comment_id for c in s.state.comments.values() if 3 <= c.rate < 5},
    ),
    ("client_order_comments_query", "client_order_comment_id"): lambda s: (
        f"<client_order_comment_id>{next(iter(s.state.comments))}</client_order_comment_id>",
        {next(iter(s.state.comments))},
    ),
    ("client_order_comments_query", "order_fnac_id"): lambda s: (
        f"<order_fnac_id>{_orders(s)[2].order_id}</order_fnac_id>",
        {c.comment_id for c in s.state.comments.values() if c.order_id == _orders(s)[2].order_id},
    ),
    # shop_invoices_query
    ("shop_invoices_query", "paging"): _invoice_page,
    ("shop_invoices_query", "date"): _invoice_since,
    # batch_query
    ("batch_query", "date"): _batch_since,
}


def _count(sandbox: FnacSandbox, service: str) -> int:
    state = sandbox.state
    return {
        "offers_query": len(state.offers),
        "orders_query": len(state.orders),
        "messages_query": len(state.messages),
        "incidents_query": len(state.incidents),
        "client_order_comments_query": len(state.comments),
        "shop_invoices_query": len(state.invoices),
        "batch_query": len(state.batches),
    }[service]


@pytest.mark.parametrize(("service", "name"), sorted(CASES))
def test_a_declared_filter_narrows_the_answer_as_fnac_does(
    shop: Session, service: str, name: str
) -> None:
    sandbox = shop.sandbox
    inner, expected = CASES[service, name](sandbox)
    if name == "sort_by":  # the order asked for is not the default one (newest first)
        assert len(expected) > 1
    else:
        assert 0 < len(expected) < _count(sandbox, service), "the case shows no filtering"
    pages = name == "paging" or service == "batch_query"
    body = inner if pages else "<paging>1</paging>" + inner
    size = {} if service == "batch_query" else {"results_count": "2" if pages else "1000"}
    answer = shop.call(service, body, **size)
    assert answer.get("status") == "OK", etree.tostring(answer)
    found = IDS[service](answer)
    if isinstance(expected, list):
        assert found == expected
    else:
        assert set(found) == expected
        assert len(found) == len(expected)


def test_filters_named_together_must_all_hold(shop: Session) -> None:
    sandbox = shop.sandbox
    shipped = {o.order_id for o in sandbox.state.orders.values() if o.state == "Shipped"}
    one = sorted(shipped)[0]
    answer = shop.call(
        "orders_query",
        f"<paging>1</paging><state>Shipped</state><order_fnac_id>{one}</order_fnac_id>",
    )
    assert texts(answer, "order/order_id") == [one]
    none = shop.call(
        "orders_query",
        f"<paging>1</paging><state>Created</state><order_fnac_id>{one}</order_fnac_id>",
    )
    assert texts(none, "order/order_id") == []
    assert child_text(none, "nb_total_result") == "0"


def test_the_sdk_s_filtered_queries_get_only_what_they_ask_for(shop: Session) -> None:
    # The case: a client filtering incidents by date got every incident back.
    sandbox = shop.sandbox
    given = sandbox.credentials
    client = FnacClient(
        FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key),
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        clock=sandbox.state.clock,
    )
    incidents = _incidents(sandbox)
    since = incidents[2].created_at
    recent = client.incidents_query(
        IncidentsQueryRequest(date_type="CreatedAt", date_min=since, types=["8"])
    )
    assert {i.id for i in recent} == {
        i.incident_id for i in incidents if i.created_at >= since and i.type == "8"
    }
    offer_message = next(m for m in _messages(sandbox) if m.referer_type == "OFFER")
    sku = _offers_about(sandbox, offer_message)[0][1]
    about_sku = client.messages_query(
        MessagesQueryRequest(offer_seller_id=sku, from_types=["CLIENT", "CALLCENTER"])
    )
    assert {m.message_id for m in about_sku} == {
        m.message_id
        for m in _messages(sandbox)
        if m.from_type in ("CLIENT", "CALLCENTER")
        and any(ids[1] == sku for ids in _offers_about(sandbox, m))
    }
    good = client.client_order_comments_query(
        ClientOrderCommentsQueryRequest(rate_mode=QuantityMode.GREATER_THAN, rate_value=3)
    )
    assert sorted(c.rate for c in good) == sorted(
        c.rate for c in sandbox.state.comments.values() if c.rate > 3
    )
