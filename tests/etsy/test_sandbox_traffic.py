"""Rate limits, injected faults, the loopback server and the call log of the Etsy sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox, RateLimits
from marketplace_sdk.testing import Fault


def auth_headers(sandbox: EtsySandbox) -> dict[str, str]:
    return {
        "x-api-key": sandbox.api_key.get_secret_value(),
        "authorization": f"Bearer {sandbox.connect().access_token}",
    }


def test_rate_limit_headers_on_every_answer_and_429_past_the_second(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock)
    client = httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=auth_headers(sandbox)
    )
    answers = [client.get("/v3/application/users/me") for _ in range(10)]
    assert [a.headers["x-remaining-this-second"] for a in answers] == [
        str(9 - i) for i in range(10)
    ]
    assert answers[-1].headers["x-remaining-today"] == "9990"
    assert {a.headers["x-limit-per-second"] for a in answers} == {"10"}
    assert {a.headers["x-limit-per-day"] for a in answers} == {"10000"}
    limited = client.get("/v3/application/users/me")
    assert limited.status_code == 429
    assert limited.json() == {"error": "Exceeded per second rate limit"}
    assert limited.headers["retry-after"] == "1"
    assert limited.headers["x-remaining-this-second"] == "0"
    # A refused call does not spend the day's budget; a second later the window is free.
    assert limited.headers["x-remaining-today"] == "9990"
    clock.advance(1)
    assert client.get("/v3/application/users/me").status_code == 200
    # Errors carry the headers too.
    assert "x-remaining-today" in client.get("/v3/application/listings/1").headers


def test_daily_budget_matches_etsys_daily_429(clock: FakeClock, shared_specs: Path) -> None:
    samples = json.loads((shared_specs / "etsy/samples/rate-limit-429.examples.json").read_text())
    daily = samples["daily_429"]
    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=10, per_day=30))
    client = httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=auth_headers(sandbox)
    )
    for _ in range(30):
        assert client.get("/v3/application/users/me").status_code == 200
        clock.advance(0.2)
    assert sandbox.remaining_today() == 0
    limited = client.get("/v3/application/users/me")
    assert limited.status_code == daily["status"]
    assert limited.json() == {"error": "Exceeded daily rate limit"}
    assert limited.headers["x-remaining-today"] == daily["headers"]["x-remaining-today"]
    wait = int(limited.headers["retry-after"])
    assert 86_400 - 6 <= wait <= 86_400
    clock.advance(wait)
    # A day later the access token has expired too; a fresh one gets through.
    fresh = client.get("/v3/application/users/me", headers=auth_headers(sandbox))
    assert fresh.status_code == 200


def test_budgets_are_per_app(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=1, per_day=5))
    headers = {"x-api-key": sandbox.api_key.get_secret_value()}
    client = httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL, headers=headers)
    assert client.get("/v3/application/seller-taxonomy/nodes").status_code == 200
    assert client.get("/v3/application/seller-taxonomy/nodes").status_code == 429
    # The token endpoint is not an application call and is never rate limited here.
    assert client.post("/v3/public/oauth/token", data={"client_id": "x"}).status_code == 401


def test_faults_by_operation(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=100))
    sandbox.faults.add(Fault.error(503), operation="getMe", count=2)
    sandbox.faults.add(Fault.malformed(), operation="getShop")
    sandbox.faults.add(
        Fault.rate_limited(retry_after=3, body={"error": "Exceeded per second rate limit"}),
        operation="getSellerTaxonomyNodes",
        count=3,
    )
    client = httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=auth_headers(sandbox)
    )
    assert [client.get("/v3/application/users/me").status_code for _ in range(3)] == [
        503,
        503,
        200,
    ]
    broken = client.get(f"/v3/application/shops/{sandbox.shop_id}")
    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    burst = [client.get("/v3/application/seller-taxonomy/nodes") for _ in range(4)]
    assert [r.status_code for r in burst] == [429, 429, 429, 200]
    assert burst[0].headers["retry-after"] == "3"
    assert sandbox.faults.pending() == 0


def test_timeout_after_the_shipment_applied_leaves_it_recorded(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG"))
    sandbox.faults.add(Fault.timeout_after_apply(), operation="createReceiptShipment")
    client = httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=auth_headers(sandbox)
    )
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"
    with pytest.raises(httpx.ReadTimeout):
        client.post(f"{path}/tracking", json={"tracking_code": "T1", "carrier_name": "UPS"})
    # The client cannot tell from the timeout; reading the receipt shows the shipment landed.
    receipt = client.get(path).json()
    assert receipt["is_shipped"] is True
    assert [s["tracking_code"] for s in receipt["shipments"]] == ["T1"]


def test_timeout_before_and_connect_faults_leave_state_untouched(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("MUG"))
    sandbox.faults.add(Fault.timeout_before(), operation="createReceiptShipment")
    sandbox.faults.add(Fault.connect_error(), operation="createReceiptShipment")
    client = httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=auth_headers(sandbox)
    )
    path = f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/tracking"
    shipment = {"tracking_code": "T1", "carrier_name": "UPS"}
    with pytest.raises(httpx.TimeoutException):
        client.post(path, json=shipment)
    with pytest.raises(httpx.ConnectError):
        client.post(path, json=shipment)
    assert sandbox.receipt(receipt_id).shipments == []


async def test_async_client_in_process(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=30, orders=5, clock=clock)
    async with httpx.AsyncClient(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=auth_headers(sandbox)
    ) as client:
        response = await client.get(f"/v3/application/shops/{sandbox.shop_id}/receipts")
    assert response.json()["count"] == 5


def test_loopback_server_round_trip_with_faults(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=10, orders=3, clock=clock)
    headers = auth_headers(sandbox)
    with sandbox.serve() as server, httpx.Client(base_url=server.url, headers=headers) as client:
        me = client.get("/v3/application/users/me")
        assert me.json() == {"user_id": sandbox.user_id, "shop_id": sandbox.shop_id}
        assert me.headers["x-limit-per-second"] == "10"
        draft = client.post(
            f"/v3/application/shops/{sandbox.shop_id}/listings",
            data={
                "quantity": "1",
                "title": "Over the wire",
                "description": "d",
                "price": "5",
                "who_made": "i_did",
                "when_made": "made_to_order",
                "is_supply": "false",
                "taxonomy_id": "2",
                "shipping_profile_id": str(next(iter(sandbox.world.profiles))),
            },
        )
        assert draft.status_code == 201
        sandbox.faults.add(Fault.error(500), operation="getShopReceipts")
        assert client.get(f"/v3/application/shops/{sandbox.shop_id}/receipts").status_code == 500
        sandbox.faults.add(Fault.timeout_before(), operation="getShop")
        with pytest.raises(httpx.TransportError):
            client.get(f"/v3/application/shops/{sandbox.shop_id}")
        redirect = client.get(
            "/oauth/connect",
            params={
                "response_type": "code",
                "client_id": sandbox.keystring,
                "redirect_uri": "http://localhost:8765/callback",
                "scope": "shops_r",
                "state": "s",
                "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method": "S256",
            },
        )
        assert redirect.status_code == 302
    assert sandbox.listing(draft.json()["listing_id"]).title == "Over the wire"


def test_call_log_names_every_operation(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=1))
    client = httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=auth_headers(sandbox)
    )
    client.get("/v3/application/users/me")
    client.get("/v3/application/users/me")
    client.get("/v3/application/nowhere")
    assert [(c.method, c.operation, c.status) for c in sandbox.calls] == [
        ("GET", "getMe", 200),
        ("GET", "getMe", 429),
        ("GET", None, 429),
    ]
    assert sandbox.calls.calls[0].path == "/v3/application/users/me"


def test_loopback_server_serves_concurrent_clients_consistently(clock: FakeClock) -> None:
    from concurrent.futures import ThreadPoolExecutor

    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=25, per_day=1000))
    listing_id = sandbox.add_listing("MUG", quantity=1000)
    headers = auth_headers(sandbox)
    with sandbox.serve() as server, httpx.Client(base_url=server.url, headers=headers) as client:

        def buy_and_read(_: int) -> int:
            sandbox.place_order(listing_id)
            return client.get(f"/v3/application/listings/{listing_id}").status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(buy_and_read, range(40)))
    # The clock never moves: exactly the per-second budget gets through, the rest is 429.
    assert statuses.count(200) == 25
    assert statuses.count(429) == 15
    assert sandbox.listing(listing_id).quantity == 1000 - 40
    assert len(sandbox.world.receipts) == 40
    assert sandbox.remaining_today() == 1000 - 25
