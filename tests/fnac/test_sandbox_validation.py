"""FNAC sandbox: every request is validated against FNAC's XSD, and refused as FNAC refuses it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox
from tests.fnac.xsd_contract import validation_errors, xsd_dir

from marketplace_sdk.fnac._xml import NAMESPACE, child_text, local_name, parse_xml
from marketplace_sdk.fnac.sandbox import Codes, FnacSandbox
from marketplace_sdk.fnac.sandbox._schemas import SCHEMA_FILES, XSD_ENV

# Every test here needs FNAC's XSDs, read in the published specs.
pytestmark = pytest.mark.usefixtures("shared_specs")


def test_the_sandbox_reads_fnacs_schemas_where_they_are_published(shared_specs: Path) -> None:
    sandbox = FnacSandbox(schemas=xsd_dir(shared_specs))
    assert sandbox.schemas is not None
    assert sandbox.schemas.folder == xsd_dir(shared_specs).resolve()
    assert set(SCHEMA_FILES.values()) <= {path.name for path in xsd_dir(shared_specs).iterdir()}


def test_a_folder_without_the_schemas_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"AuthenticationService\.xsd"):
        FnacSandbox(schemas=tmp_path)


def test_without_schemas_the_sandbox_serves_with_its_own_checks(
    monkeypatch: pytest.MonkeyPatch, shared_specs: Path
) -> None:
    refused_by_the_xsd = "<unexpected/>"
    checked = Session(FnacSandbox(schemas=xsd_dir(shared_specs)))
    assert errors(checked.call("batch_query", refused_by_the_xsd)) == ["ERR_096"]
    monkeypatch.delenv(XSD_ENV, raising=False)
    unchecked = FnacSandbox()
    assert unchecked.schemas is None
    assert errors(Session(unchecked).call("batch_query", refused_by_the_xsd)) == []
    # A value the sandbox cannot read is still refused as a schema error, never a crash.
    bad_quantity = '<paging>1</paging><quantity mode="Equals" value="abc"/>'
    assert errors(Session(unchecked).call("offers_query", bad_quantity)) == ["ERR_146"]


# --- FNAC's refusals, as recorded -------------------------------------------------------------


@pytest.fixture
def session() -> Session:
    return Session(make_sandbox(offers=10, orders=12))


def _as_sent(sample: Path, session: Session) -> str:
    """A recorded request with the sandbox shop's header instead of the placeholders."""
    if not session.token:
        session.auth()
    creds = session.sandbox.credentials
    root = etree.fromstring(sample.read_bytes())
    root.attrib.update(
        {"partner_id": creds.partner_id, "shop_id": creds.shop_id, "token": session.token}
    )
    # FNAC's line numbers count the XML declaration the recorded client sends first.
    body: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return body.decode()


def _recorded_error(sample: Path) -> etree._Element:
    (error,) = parse_xml(sample.read_bytes()).iter(f"{{{NAMESPACE}}}error")
    return error


def test_a_bad_enumeration_is_refused_word_for_word_as_fnac_does(
    session: Session, shared_specs: Path
) -> None:
    samples = shared_specs / "fnac-legacy" / "samples"
    body = _as_sent(samples / "query_pricing_with_invalid_code_type_request.xml", session)
    answer = session.parse(session.post("pricing_query", body))
    recorded = _recorded_error(samples / "query_pricing_with_invalid_code_type_response.xml")
    (error,) = answer.iter(f"{{{NAMESPACE}}}error")
    assert answer.get("status") == "ERROR"
    assert (error.get("code"), error.get("severity")) == (Codes.SCHEMA, "ERROR")
    assert error.text == (recorded.text or "").strip()


def test_a_missing_element_is_refused_as_fnac_does(session: Session, shared_specs: Path) -> None:
    samples = shared_specs / "fnac-legacy" / "samples"
    body = _as_sent(samples / "update_offers_without_offer_reference_request.xml", session)
    answer = session.parse(session.post("offers_update", body))
    recorded = (
        _recorded_error(samples / "update_offers_without_offer_reference_response.xml").text or ""
    )
    (error,) = answer.iter(f"{{{NAMESPACE}}}error")
    assert answer.get("status") == "ERROR"
    assert error.get("code") == Codes.XML_VALIDATION
    # FNAC's live schema has grown optional elements since 2017: the list of what was expected
    # is longer there; the rest of the message is the same.
    head = recorded.split(" Expected is one of")[0]
    assert (error.text or "").startswith(head)
    assert (error.text or "").endswith(recorded.strip()[-len(" line: 3") :])
    assert not session.sandbox.state.batches


def test_an_empty_message_subject_is_refused(session: Session) -> None:
    order_id = next(iter(session.sandbox.state.orders))
    before = len(session.sandbox.state.messages)
    answer = session.call(
        "messages_update",
        f'<message id="{order_id}" action="create"><message_to>CLIENT</message_to>'
        "<message_subject/><message_description>Bonjour</message_description></message>",
    )
    assert answer.get("status") == "ERROR"
    assert errors(answer) == [Codes.SCHEMA]
    assert "message_subject" in (child_text(answer, "error") or "")
    assert "[facet 'enumeration'] The value '' is not an element" in (
        child_text(answer, "error") or ""
    )
    assert len(session.sandbox.state.messages) == before


@pytest.mark.parametrize(
    ("service", "inner", "code"),
    [
        ("orders_query", "<state>Lost</state>", Codes.SCHEMA),
        ("orders_query", "<order_fnac_id>TOO-SHORT</order_fnac_id>", Codes.SCHEMA),
        ("orders_query", "<state>Created</state><paging>1</paging>", Codes.XML_VALIDATION),
        (
            "incidents_query",
            "<waiting_for_seller_answer>yes</waiting_for_seller_answer>",
            "ERR_146",
        ),
        ("messages_query", '<date type="Created"/>', Codes.SCHEMA),
        ("messages_query", "<sort_by>CREATED_AT</sort_by>", Codes.XML_VALIDATION),
        ("client_order_comments_query", '<rate mode="About" value="3"/>', Codes.SCHEMA),
        ("offers_query", "<paging>one</paging>", Codes.SCHEMA),
        ("offers_query", "<unknown_filter>1</unknown_filter>", Codes.XML_VALIDATION),
        ("carriers_query", "", Codes.XML_VALIDATION),
        ("batch_status", "", Codes.XML_VALIDATION),
        ("orders_update", "", Codes.XML_VALIDATION),
        (
            "client_order_comments_update",
            '<comment id="x"><comment_reply/></comment>',
            Codes.SCHEMA,
        ),
    ],
)
def test_requests_the_schema_refuses_are_refused_whole(
    session: Session, service: str, inner: str, code: str
) -> None:
    answer = session.call(service, inner)
    assert answer.get("status") == "ERROR"
    assert errors(answer) == [code]
    assert (child_text(answer, "error") or "").split(": ")[0] in (
        "XML Schema Validation failed",
        "XML Validation failed",
    )


def test_a_header_that_is_not_a_uuid_is_refused(session: Session) -> None:
    session.auth()
    body = session.document("orders_query", shop_id="my-shop")
    assert errors(session.parse(session.post("orders_query", body))) == [Codes.SCHEMA]


# --- no request the XSD refuses is accepted ----------------------------------------------------

#: One valid request per service (inner XML; the header is added by the session).
VALID = {
    "orders_query": '<paging>1</paging><date type="CreatedAt"><min>2026-01-01T00:00:00+01:00'
    "</min></date><state>Created</state><sort_by>ASC</sort_by>",
    "offers_query": '<paging>1</paging><quantity mode="GreaterThan" value="2"/>'
    "<offer_seller_id>SKU-00001</offer_seller_id>",
    "messages_query": '<paging>1</paging><message_state>UNREAD</message_state><sort_by type="ASC">'
    "CREATED_AT</sort_by><message_from_types><from_type>CLIENT</from_type></message_from_types>",
    "incidents_query": "<paging>1</paging><status>OPENED</status><types><type>8</type></types>"
    "<opened_by>client</opened_by>",
    "client_order_comments_query": '<paging>1</paging><rate mode="GreaterThan" value="2"/>',
    "offers_update": "<offer><offer_reference>SKU-00001</offer_reference><price>12.5</price>"
    "<quantity>4</quantity></offer>",
    "messages_update": '<message id="57BEAFDA828A8" action="create"><message_to>CLIENT</message_to>'
    "<message_subject>other_question</message_subject><message_description>Bonjour"
    "</message_description><message_type>ORDER</message_type></message>",
    "pricing_query": '<product_reference type="Ean">9780262510875</product_reference>',
    "carriers_query": "<query>all</query>",
}


def _mutants(draw: Callable[[st.SearchStrategy[Any]], Any], service: str) -> str:
    """`VALID[service]` broken in one way hypothesis picks (or left valid: that is fine too)."""
    root = etree.fromstring(f'<r xmlns="{NAMESPACE}">{VALID[service]}</r>')
    nodes = [node for node in root.iter() if node is not root]
    node = draw(st.sampled_from(nodes))
    how = draw(st.sampled_from(["text", "attribute", "drop", "twice", "stranger", "empty"]))
    junk = draw(st.text(alphabet="abcXYZ019-_ ", max_size=14))
    if how == "text" and len(node) == 0:
        node.text = junk
    elif how == "attribute":
        node.set(draw(st.sampled_from(["type", "mode", "value", "id", "action", "extra"])), junk)
    elif how == "drop":
        node.getparent().remove(node)  # type: ignore[union-attr]
    elif how == "twice":
        node.addnext(etree.fromstring(etree.tostring(node)))
    elif how == "stranger":
        name = "z" + "".join(c for c in junk if c.isalnum() or c == "_")
        node.addprevious(etree.Element(f"{{{NAMESPACE}}}{name}"))
    else:
        node.text = ""
        for child in list(node):
            node.remove(child)
    return "".join(etree.tostring(child, encoding="unicode") for child in root)


def _snapshot(sandbox: FnacSandbox) -> tuple[object, ...]:
    state = sandbox.state
    return (
        len(state.batches),
        len(state.messages),
        {o.order_id: o.state for o in state.orders.values()},
        {m.message_id: (m.state, m.archived) for m in state.messages.values()},
        {c.comment_id: c.reply for c in state.comments.values()},
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), service=st.sampled_from(sorted(VALID)))
def test_no_request_the_xsd_refuses_is_accepted(
    data: st.DataObject, service: str, shared_specs: Path
) -> None:
    sandbox = make_sandbox(offers=3, orders=3)
    session = Session(sandbox)
    session.auth()
    inner = _mutants(data.draw, service)
    body = session.document(service, inner)
    refused = validation_errors(xsd_dir(shared_specs), body.encode())
    before = _snapshot(sandbox)
    answer = session.parse(session.post(service, body))
    top = [node.get("code") for node in answer if local_name(node) == "error"]
    if refused:
        assert answer.get("status") == "ERROR", (body, refused)
        assert top in ([Codes.SCHEMA], [Codes.XML_VALIDATION]), (body, refused, top)
        assert _snapshot(sandbox) == before
