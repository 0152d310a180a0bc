"""The scrubbing rules of support cases, on single bodies, headers and URLs."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from marketplace_sdk.support import Scrubber

NS = "http://www.fnac.com/schemas/mp-dialog.xsd"
words = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzéè", min_size=3)


def test_oauth_form_bodies_lose_codes_verifiers_and_tokens() -> None:
    body = (
        "grant_type=authorization_code&client_id=app&redirect_uri=http%3A%2F%2Flocalhost"
        "&code=AUTHCODE123&code_verifier=VERIFIER456"
    )
    scrubbed = Scrubber().body(body)
    assert "AUTHCODE123" not in scrubbed
    assert "VERIFIER456" not in scrubbed
    assert "client_id=app" in scrubbed


def test_json_tokens_are_redacted_but_error_codes_kept() -> None:
    scrubbed = Scrubber().body(
        json.dumps({"access_token": "12345678.abc", "refresh_token": "12345678.def", "code": 7})
    )
    assert json.loads(scrubbed) == {
        "access_token": "[REDACTED]",
        "refresh_token": "[REDACTED]",
        "code": 7,
    }
    error = Scrubber().body('{"error": "invalid_grant", "code": "E42"}')
    assert json.loads(error)["code"] == "E42"


def test_a_receipt_keeps_its_shape_with_placeholders_stable_across_answers() -> None:
    scrubber = Scrubber()
    receipt = {
        "receipt_id": 1,
        "name": "Jeanne Dupont",
        "buyer_email": "jeanne@example.com",
        "first_line": "12 rue des Lilas",
        "zip": "75011",
        "city": "Paris",
        "formatted_address": "Jeanne Dupont\n12 rue des Lilas\n75011 Paris",
        "transactions": [{"title": "Mug", "sku": "MUG-1"}],
    }
    first = json.loads(scrubber.body(json.dumps({"results": [receipt]})))["results"][0]
    again = json.loads(scrubber.body(json.dumps(receipt)))
    assert first == again
    assert first["name"] == "Name 1"
    assert first["buyer_email"] == "person1@example.invalid"
    assert first["first_line"] == "1 Redacted Street"
    assert first["zip"] == "75***"
    assert first["city"] == "Paris"
    assert first["transactions"] == receipt["transactions"]
    assert "Dupont" not in json.dumps(first)


def test_a_taxonomy_name_is_not_personal_data() -> None:
    scrubbed = Scrubber().body('{"results": [{"id": 1, "name": "Mugs"}]}')
    assert json.loads(scrubbed)["results"][0]["name"] == "Mugs"


def test_fnac_xml_loses_its_credentials_ids_and_buyer_data_and_still_parses() -> None:
    request = (
        f'<orders_query xmlns="{NS}" partner_id="PARTNER-1" shop_id="SHOP-1" token="TOK-1">'
        "<paging>1</paging></orders_query>"
    )
    auth = f'<auth xmlns="{NS}"><partner_id>PARTNER-1</partner_id><shop_id>SHOP-1</shop_id>'
    auth += "<key>KEY-1</key></auth>"
    answer = (
        f'<orders_query_response xmlns="{NS}" status="OK"><order><shop_id>SHOP-1</shop_id>'
        "<client_firstname><![CDATA[Jeanne]]></client_firstname>"
        "<client_lastname><![CDATA[Dupont]]></client_lastname>"
        "<shipping_address><firstname><![CDATA[Jeanne]]></firstname>"
        "<address1><![CDATA[12 rue des Lilas]]></address1><company><![CDATA[]]></company>"
        "<zipcode><![CDATA[75011]]></zipcode><city><![CDATA[Paris]]></city>"
        "<phone>0612345678</phone></shipping_address></order></orders_query_response>"
    )
    scrubber = Scrubber()
    scrubbed = [scrubber.body(text) for text in (request, auth, answer)]
    joined = "".join(scrubbed)
    for value in ("PARTNER-1", "SHOP-1", "TOK-1", "KEY-1", "Jeanne", "Dupont", "Lilas", "75011"):
        assert value not in joined
    for text in scrubbed:
        etree.fromstring(text.encode())
    order = etree.fromstring(scrubbed[2].encode())
    spaced = {"f": NS}
    first = order.findtext("f:order/f:client_firstname", namespaces=spaced)
    again = order.findtext("f:order/f:shipping_address/f:firstname", namespaces=spaced)
    assert first == again == "Name 1"
    assert order.findtext("f:order/f:shipping_address/f:city", namespaces=spaced) == "Paris"
    assert order.findtext("f:order/f:shipping_address/f:company", namespaces=spaced) == ""


def test_headers_lose_credentials_and_signatures() -> None:
    headers = {
        "Authorization": "Bearer 12345678.abc",
        "x-api-key": "keystring:secret",
        "webhook-signature": "v1,c2lnbmF0dXJl",
        "webhook-id": "msg_1",
        "Content-Type": "application/json",
    }
    scrubbed = Scrubber().headers(headers)
    assert scrubbed["Authorization"] == "[REDACTED]"
    assert scrubbed["x-api-key"] == "[REDACTED]"
    assert scrubbed["webhook-signature"] == "[REDACTED]"
    assert scrubbed["webhook-id"] == "msg_1"
    assert scrubbed["Content-Type"] == "application/json"


def test_signing_secrets_and_bearer_tokens_in_free_text_are_removed() -> None:
    text = "secret whsec_QUJDREVGR0hJSktMTU5PUA== for Bearer 12345678.tok"
    scrubbed = Scrubber().body(text)
    assert "QUJDREVGR0hJSktMTU5PUA" not in scrubbed
    assert "12345678.tok" not in scrubbed


def test_binary_bodies_only_lose_literal_secrets() -> None:
    body = b"\xff\xd8\xff\xe0jpeg SECRET-9 bytes"
    assert (
        Scrubber(secrets=["SECRET-9"]).body_bytes(body) == b"\xff\xd8\xff\xe0jpeg [REDACTED] bytes"
    )


@given(first=words, last=words, email_user=st.from_regex(r"[a-z]{3,10}", fullmatch=True))
def test_no_buyer_value_survives_in_either_format(first: str, last: str, email_user: str) -> None:
    scrubber = Scrubber()
    email = f"{email_user}@shop-example.fr"
    receipt = {"name": f"{first} {last}", "buyer_email": email, "first_line": f"1 {last}"}
    scrubbed_json = scrubber.body(json.dumps(receipt, ensure_ascii=False))
    xml = (
        f"<order><client_firstname><![CDATA[{first}]]></client_firstname>"
        f"<client_lastname>{last}</client_lastname><client_email>{email}</client_email></order>"
    )
    scrubbed_xml = scrubber.body(xml)
    for text in (scrubbed_json, scrubbed_xml):
        assert f"{first} {last}" not in text
        assert email not in text
    assert json.loads(scrubbed_json).keys() == receipt.keys()
    etree.fromstring(scrubbed_xml.encode())
    assert f">{last}<" not in scrubbed_xml
