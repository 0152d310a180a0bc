"""FNAC sandbox: auth, the request header and token expiry on the injected clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac._xml import NAMESPACE, child_text, parse_datetime
from marketplace_sdk.fnac.sandbox import Codes, FnacSandbox


@pytest.fixture
def sandbox() -> FnacSandbox:
    return make_sandbox(offers=3, orders=2)


@pytest.fixture
def session(sandbox: FnacSandbox) -> Session:
    return Session(sandbox)


def test_auth_answers_a_token_valid_one_hour_on_the_sandbox_clock(session: Session) -> None:
    creds = session.sandbox.credentials
    answer = session.parse(
        session.post(
            "auth",
            f'<auth xmlns="{NAMESPACE}"><partner_id>{creds.partner_id}</partner_id>'
            f"<shop_id>{creds.shop_id}</shop_id><key>{creds.key}</key></auth>",
        )
    )
    assert answer.get("status") == "OK"
    assert len(child_text(answer, "token") or "") == 36
    validity = parse_datetime(child_text(answer, "validity"))
    assert validity == session.sandbox.state.now() + timedelta(hours=1)
    assert child_text(answer, "version")


def test_auth_refuses_a_wrong_key_with_status_error_and_http_200(session: Session) -> None:
    creds = session.sandbox.credentials
    response = session.post(
        "auth",
        f'<auth xmlns="{NAMESPACE}"><partner_id>{creds.partner_id}</partner_id>'
        f"<shop_id>{creds.shop_id}</shop_id><key>not-the-key</key></auth>",
    )
    answer = session.parse(response)
    assert response.status_code == 200
    assert answer.get("status") == "ERROR"
    assert errors(answer) == [Codes.AUTH_FAILED]
    assert child_text(answer, "token") is None


def test_a_call_without_token_is_refused_with_the_token_error(session: Session) -> None:
    answer = session.parse(session.post("offers_query", session.document("offers_query")))
    assert answer.get("status") == "ERROR"
    assert errors(answer) == [Codes.TOKEN]


def test_an_unknown_token_is_refused(session: Session) -> None:
    session.token = "00000000-0000-4000-8000-000000000000"
    answer = session.call("offers_query")
    assert errors(answer) == [Codes.TOKEN]


def test_a_token_for_another_shop_is_refused(session: Session) -> None:
    session.auth()
    body = session.document("offers_query", shop_id="11111111-1111-4111-8111-111111111111")
    answer = session.parse(session.post("offers_query", body))
    assert errors(answer) == [Codes.TOKEN]


def test_the_token_expires_after_its_validity_and_a_new_auth_works(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q14.expires-before-validity")
    session.auth()
    session.sandbox.advance(3599)
    assert session.call("batch_query").get("status") == "OK"
    session.sandbox.advance(1)
    expired = session.call("batch_query")
    assert expired.get("status") == "ERROR"
    assert errors(expired) == [Codes.TOKEN]
    session.auth()
    assert session.call("batch_query").get("status") == "OK"


def test_expire_tokens_forces_a_new_auth(session: Session) -> None:
    session.auth()
    session.sandbox.expire_tokens()
    assert errors(session.call("carriers_query", "<query>all</query>")) == [Codes.TOKEN]


def test_token_ttl_is_configurable() -> None:
    sandbox = FnacSandbox(clock=FakeClock(), token_ttl=60)
    session = Session(sandbox)
    session.auth()
    sandbox.advance(60)
    assert errors(session.call("batch_query")) == [Codes.TOKEN]


def test_credentials_stay_out_of_the_repr_and_are_deterministic() -> None:
    first, second = make_sandbox().credentials, make_sandbox().credentials
    assert first == second
    assert first.key not in repr(first)
    assert first.mirakl_api_key not in repr(first)
    assert FnacSandbox(clock=FakeClock(), seed=7).credentials != first


def test_a_root_element_other_than_the_service_is_refused(session: Session) -> None:
    session.auth()
    answer = session.parse(session.post("offers_query", session.document("orders_query")))
    assert errors(answer) == [Codes.XML_VALIDATION]


def test_an_unknown_service_is_a_404(session: Session) -> None:
    assert session.post("no_such_service", "<no_such_service/>").status_code == 404


def test_only_post_is_served(session: Session) -> None:
    assert session.client.get("offers_query").status_code == 405
