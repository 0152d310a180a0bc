"""The FNAC client against the FNAC sandbox: the notebook flow of issue 5, typed end to end.

Two independent implementations (the client's models and the sandbox's lxml answers) meet here;
a disagreement between them fails these tests.
"""

from __future__ import annotations

import pytest
from tests.fnac._async.support import fnac_client

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ApiError, TokenRevokedError
from marketplace_sdk.fnac import (
    AsyncFnacClient,
    FnacCredentials,
    OfferUpdate,
    OrdersQueryRequest,
    OrderState,
)
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.testing._faults import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=40, orders=12, clock=clock)


async def test_list_offers_push_stock_and_read_per_sku_results(
    client: AsyncFnacClient, sandbox: FnacSandbox
) -> None:
    offers = [offer async for offer in client.offers_query()]
    assert sorted(offer.offer_seller_id or "" for offer in offers) == sorted(sandbox.state.offers)
    updates = [OfferUpdate(offer_reference="SKU-00001", quantity=5)]
    updates.append(OfferUpdate(offer_reference="UNKNOWN-SKU", quantity=5))
    (status,) = await client.offers_update_and_wait(updates, poll_interval=10)
    outcomes = {offer.offer_seller_id: offer for offer in status.offers}
    assert set(outcomes) == {"SKU-00001", "UNKNOWN-SKU"}
    assert not outcomes["SKU-00001"].errors
    assert outcomes["UNKNOWN-SKU"].errors
    assert sandbox.state.offers["SKU-00001"].quantity == 5


async def test_fetch_accept_and_ship_an_order(
    client: AsyncFnacClient, sandbox: FnacSandbox
) -> None:
    order = sandbox.place_order(["SKU-00002"])
    fetched = await client.get_orders([order.order_id])
    assert [o.order_id for o in fetched] == [order.order_id]
    await client.accept_order(order.order_id)
    sandbox.advance(60)
    result = await client.confirm_to_send(order.order_id, tracking_number="6A42", carrier="LAPOSTE")
    assert result.ok
    assert result.state == OrderState.SHIPPED
    assert sandbox.order(order.order_id).state == "Shipped"
    assert sandbox.order(order.order_id).lines[0].tracking_number == "6A42"


async def test_orders_page_through_every_seeded_order(
    client: AsyncFnacClient, sandbox: FnacSandbox
) -> None:
    seen = [
        order.order_id or ""
        async for order in client.orders_query(OrdersQueryRequest(results_count=5))
    ]
    assert sorted(seen) == sorted(sandbox.state.orders)


async def test_an_expired_token_is_renewed_once(
    client: AsyncFnacClient, sandbox: FnacSandbox
) -> None:
    assert await client.carriers_query()
    sandbox.expire_tokens()
    assert await client.carriers_query()
    assert sandbox.calls.count("auth") == 2


async def test_a_whole_call_error_is_raised_typed(
    client: AsyncFnacClient, sandbox: FnacSandbox
) -> None:
    sandbox.fail_next("carriers_query", "ERR_105", "too many", count=5)
    with pytest.raises(ApiError) as caught:
        await client.carriers_query()
    assert caught.value.code == "ERR_105"


async def test_twenty_five_thousand_stock_updates_take_three_calls(clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=25_000, orders=0, clock=clock)
    async with fnac_client(sandbox, clock) as client:
        updates = [OfferUpdate(offer_reference=sku, quantity=3) for sku in sandbox.state.offers]
        statuses = await client.offers_update_and_wait(updates, poll_interval=10)
    assert sandbox.calls.count("offers_update") == 3
    results = [offer for status in statuses for offer in status.offers]
    assert len(results) == 25_000
    assert all(not offer.errors for offer in results)
    assert {offer.quantity for offer in sandbox.state.offers.values()} == {3}


async def test_fnac_q10_accepting_a_shipped_order_comes_back_fatal_per_order_and_line(
    client: AsyncFnacClient, sandbox: FnacSandbox
) -> None:
    shipped = next(o.order_id for o in sandbox.state.orders.values() if o.state == "Shipped")
    result = await client.accept_order(shipped)
    assert not result.ok
    assert result.state == OrderState.SHIPPED
    assert [error.code for error in result.errors] == ["ERR_003"]
    assert result.order_details
    assert all(line.status == "FATAL" and not line.ok for line in result.order_details)

    sandbox.behaviours.disable("FNAC-Q10")
    kinder = await client.accept_order(shipped)
    assert [error.code for error in kinder.errors] == ["ERR_109"]


async def test_refused_credentials_are_tried_once_then_latched(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    wrong = FnacCredentials(
        partner_id=sandbox.credentials.partner_id, shop_id=sandbox.credentials.shop_id, key="nope"
    )
    errors = []
    async with AsyncFnacClient(
        wrong, base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    ) as client:
        for _ in range(20):
            with pytest.raises(TokenRevokedError) as caught:
                await client.carriers_query()
            errors.append(str(caught.value))
    assert sandbox.calls.count("auth") == 1
    assert set(errors) == {errors[0]}
    assert "carriers_query" not in sandbox.calls


async def test_a_lost_auth_answer_is_simply_asked_again(
    client: AsyncFnacClient, sandbox: FnacSandbox
) -> None:
    # FNAC's auth buys a session token with a fixed key: repeating it is harmless.
    sandbox.faults.add(Fault.timeout_after_apply(), operation="auth")
    assert await client.carriers_query()
    assert sandbox.calls.count("auth") == 2
