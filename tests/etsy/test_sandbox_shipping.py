"""Shipments in the sandbox, the way Etsy takes them (ETSY-Q27, ETSY-Q28, ETSY-Q29)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox, RateLimits


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=10_000))


@pytest.fixture
def client(sandbox: EtsySandbox) -> Iterator[httpx.Client]:
    headers = {
        "x-api-key": sandbox.api_key.get_secret_value(),
        "authorization": f"Bearer {sandbox.connect().access_token}",
    }
    with httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=headers
    ) as client:
        yield client


def ship(
    sandbox: EtsySandbox, client: httpx.Client, receipt_id: int, **body: Any
) -> httpx.Response:
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/tracking"
    return client.post(path, json=body)


def test_etsy_q27_an_unknown_carrier_ships_the_order_and_hides_its_tracking(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG", quantity=5))
    answer = ship(sandbox, client, receipt_id, carrier_name="Pigeon Post", tracking_code="PP1")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["status"], body["is_shipped"]) == ("Completed", True)
    assert [(s["carrier_name"], s["tracking_code"]) for s in body["shipments"]] == [
        ("Pigeon Post", "")
    ]
    assert sandbox.receipt(receipt_id).buyer_emails == 1


def test_etsy_q27_readings_and_the_specs_refusal(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = sandbox.add_listing("MUG", quantity=5)
    sandbox.behaviours.disable("ETSY-Q27.tracking-dropped")
    kept = sandbox.place_order(listing)
    answer = ship(sandbox, client, kept, carrier_name="Pigeon Post", tracking_code="PP1")
    assert [(s["carrier_name"], s["tracking_code"]) for s in answer.json()["shipments"]] == [
        ("other", "PP1")
    ]
    sandbox.behaviours.disable("ETSY-Q27")
    refused = sandbox.place_order(listing)
    answer = ship(sandbox, client, refused, carrier_name="Pigeon Post", tracking_code="PP2")
    assert answer.status_code == 400
    assert "Unknown carrier_name" in answer.text
    assert not sandbox.receipt(refused).is_shipped


def test_etsy_q28_an_untracked_shipment_needs_a_note_to_the_buyer(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG", quantity=5), country_iso="FR")
    refused = ship(sandbox, client, receipt_id)
    assert refused.status_code == 400
    assert refused.json() == {"error": "A tracking number is required"}
    assert not sandbox.receipt(receipt_id).is_shipped

    noted = ship(sandbox, client, receipt_id, note_to_buyer="Sent by letter, no tracking")
    assert noted.status_code == 200
    assert (noted.json()["is_shipped"], noted.json()["shipments"]) == (True, [])


def test_etsy_q28_readings_and_the_specs_untracked_shipment(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = sandbox.add_listing("MUG", quantity=5)
    sandbox.behaviours.disable("ETSY-Q28.every-order")
    abroad = sandbox.place_order(listing, country_iso="FR")
    assert ship(sandbox, client, abroad).status_code == 200
    india = sandbox.place_order(listing, country_iso="IN")
    assert ship(sandbox, client, india).json() == {"error": "A tracking number is required"}

    sandbox.behaviours.disable("ETSY-Q28")
    marked = ship(sandbox, client, sandbox.place_order(listing, country_iso="IN"))
    assert marked.status_code == 200
    assert marked.json()["is_shipped"] is True


def test_etsy_q29_every_shipment_call_adds_a_record_and_emails_the_buyer(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG", quantity=5))
    for _ in range(2):
        answer = ship(sandbox, client, receipt_id, carrier_name="UPS", tracking_code="1Z9")
        assert answer.status_code == 200
    receipt = sandbox.receipt(receipt_id)
    assert [s.tracking_code for s in receipt.shipments] == ["1Z9", "1Z9"]
    assert receipt.buyer_emails == 2
    assert receipt.status == "Completed"


def test_etsy_q29_was_shipped_is_ignored_unless_switched_off(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = sandbox.add_listing("MUG", quantity=5)
    receipt_id = sandbox.place_order(listing)
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"
    answer = client.put(path, data={"was_shipped": "true"})
    assert answer.status_code == 200
    assert (answer.json()["is_shipped"], answer.json()["status"]) == (False, "Paid")

    sandbox.behaviours.disable("ETSY-Q29")
    shipped = client.put(path, data={"was_shipped": "true"}).json()
    assert (shipped["is_shipped"], shipped["status"]) == (True, "Completed")
