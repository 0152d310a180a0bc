"""Every FNAC client operation, replaying FNAC's recorded answers over a mock transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tests.fnac.xsd_contract import TEST_UUID, assert_valid, xsd_dir

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import InvalidRequestError
from marketplace_sdk.fnac import (
    AsyncFnacClient,
    CommentReply,
    FnacCredentials,
    IncidentDetailRefund,
    IncidentUpdate,
    MessageUpdate,
    OfferUpdate,
    ProductReference,
)
from marketplace_sdk.fnac._models import MessageAction

pytestmark = pytest.mark.needs_shared

ORDER_ID = "57BEAFDA828A8"

#: Service -> the recorded answer the replay serves.
ANSWERS = {
    "auth": "auth_response.xml",
    "offers_query": "query_offers_response.xml",
    "offers_update": "update_offers_response.xml",
    "batch_status": "get_batch_status_response.xml",
    "batch_query": "query_batch_response.xml",
    "orders_query": "query_orders_response.xml",
    "orders_update": "update_orders_response.xml",
    "carriers_query": "query_carriers_response.xml",
    "pricing_query": "query_pricing_response.xml",
    "client_order_comments_query": "query_client_order_comments_response.xml",
    "client_order_comments_update": "update_client_order_comments_response.xml",
    "messages_query": "query_messages_response.xml",
    "messages_update": "update_messages_response.xml",
    "incidents_query": "query_incidents_response.xml",
    "incidents_update": "update_incidents_response.xml",
    "shop_invoices_query": "query_shop_invoices_response.xml",
}


class Replay:
    def __init__(self, samples: Path, xsds: Path) -> None:
        self.samples = samples
        self.xsds = xsds
        self.services: list[str] = []
        self.answers = dict(ANSWERS)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        service = request.url.path.rsplit("/", 1)[-1]
        self.services.append(service)
        assert_valid(self.xsds, request.content)  # what goes on the wire is valid FNAC XML
        return httpx.Response(200, content=(self.samples / self.answers[service]).read_bytes())


@pytest.fixture
def replay(shared_specs: Path) -> Replay:
    return Replay(shared_specs / "fnac-legacy" / "samples", xsd_dir(shared_specs))


@pytest.fixture
async def client(replay: Replay) -> AsyncIterator[AsyncFnacClient]:
    credentials = FnacCredentials(partner_id=TEST_UUID, shop_id=TEST_UUID, key="k")
    transport = httpx.MockTransport(replay)
    async with AsyncFnacClient(credentials, transport=transport, clock=FakeClock()) as client:
        yield client


async def test_offers_and_batches(client: AsyncFnacClient) -> None:
    offers = [offer.sku async for offer in client.offers_query()]
    assert offers == ["B76A-CD5-153", "B067-F0D-75E"]
    (batch,) = await client.offers_update([OfferUpdate(offer_reference="B76A-CD5-153", quantity=3)])
    assert batch.batch_id == "201B37C5-FD24-3DB8-4EE0-07602B05353E"
    status = await client.wait_for_batch(batch.batch_id or "")
    assert status.is_done
    batches = await client.batch_query()
    assert batches.nb_batch_running == 0


async def test_orders(client: AsyncFnacClient) -> None:
    orders = [order async for order in client.orders_query()]
    assert len(orders) == 7
    # The replay answers every id query with the same seven orders: only the one asked for stays.
    by_id = await client.get_orders([ORDER_ID])
    assert [order.order_id for order in by_id] == [ORDER_ID]
    accepted = await client.accept_order(ORDER_ID, {1: True, 2: True})
    assert accepted.ok
    shipped = await client.confirm_to_send(
        ORDER_ID, tracking_number="T1", carrier="UPS", detail_ids=[1]
    )
    assert shipped.ok
    carriers = await client.carriers_query()
    assert "LAPOSTE" in {carrier.code for carrier in carriers}


async def test_pricing_messages_comments_incidents_invoices(client: AsyncFnacClient) -> None:
    products = await client.pricing_query([ProductReference(value="9780262510875")])
    assert len(products) == 3
    messages = [m.message_id async for m in client.messages_query()]
    assert messages == ["6F9EF013-6387-F433-C3F5-4AAEF32AA317"]
    (read,) = await client.messages_update(
        [
            MessageUpdate(
                message_id="6F9EF013-6387-F433-C3F5-4AAEF32AA317", action=MessageAction.MARK_AS_READ
            )
        ]
    )
    assert read.ok
    assert [c async for c in client.client_order_comments_query()] == []
    (reply,) = await client.client_order_comments_update(
        [CommentReply(comment_id="8D7472DB-7EAF-CE05-A960-FC12B812FA14", reply="Hello")]
    )
    assert [e.code for e in reply.errors] == ["ERR_128"]
    (incident,) = [i async for i in client.incidents_query()]
    assert incident.order_id == ORDER_ID
    (refund,) = await client.incidents_update(
        [IncidentUpdate(order_id=ORDER_ID, order_details=[IncidentDetailRefund(order_detail_id=2)])]
    )
    assert not refund.ok
    assert [i async for i in client.shop_invoices_query()] == []


async def test_an_error_answer_raises_through_the_client(
    client: AsyncFnacClient, replay: Replay
) -> None:
    replay.answers["pricing_query"] = "query_pricing_more_than_ten_eans_response.xml"
    with pytest.raises(InvalidRequestError) as caught:
        await client.pricing_query([ProductReference(value="1")])
    assert caught.value.code == "ERR_105"
    assert replay.services == ["auth", "pricing_query"]  # a 4xx-like error is not retried
