"""The FNAC channel against FNAC's order-action answers: 200 with ERROR, errors nested in OK,
carriers from FNAC's list (FNAC-Q10, FNAC-Q11, FNAC-Q12)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest
from tests.answers import AlteringTransport
from tests.fnac._async.support import credentials, fnac_channel
from tests.fnac.races import BeforeUpdate

from marketplace_sdk.core._carriers import UnknownCarrierError
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.fnac import FNAC_CARRIERS, AsyncFnacChannel, AsyncFnacClient
from marketplace_sdk.fnac._shared.channel import order_result, order_update_results
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=30, orders=0, clock=clock)


def channel_over(
    sandbox: FnacSandbox, clock: FakeClock, transport: httpx.AsyncBaseTransport
) -> AsyncFnacChannel:
    client = AsyncFnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )
    return AsyncFnacChannel(client)


def parcel(clock: FakeClock, carrier: str = "La Poste") -> Shipment:
    return Shipment(carrier=carrier, tracking_number="6A42", shipped_at=clock.now())


async def test_fnac_q10_a_buyer_cancelling_before_acceptance_lands_gives_rejected_lines(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = sandbox.place_order(["SKU-00001", "SKU-00002"])
    race = BeforeUpdate(sandbox, lambda: sandbox.cancel_order(placed.order_id))
    results = await channel_over(sandbox, clock, race).accept_order(placed.order_id)
    assert [r.outcome for r in results] == [Outcome.REJECTED, Outcome.REJECTED]
    assert {r.reason.code for r in results if r.reason} == {"ERR_003"}


async def test_fnac_q10_a_buyer_cancelling_before_the_shipment_lands_is_rejected(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    placed = sandbox.place_order(["SKU-00003"])
    assert all(r.is_ok for r in await channel.accept_order(placed.order_id))
    sandbox.advance(3600)
    race = BeforeUpdate(sandbox, lambda: sandbox.cancel_order(placed.order_id))
    result = await channel_over(sandbox, clock, race).ready_to_ship(placed.order_id, parcel(clock))
    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert result.reason.code == "ERR_003"


@pytest.mark.parametrize(("status", "outcome"), [("ERROR", "rejected"), ("OK", "unknown")])
async def test_fnac_q10_an_answer_silent_on_the_order_is_never_ok(
    sandbox: FnacSandbox, clock: FakeClock, status: str, outcome: str
) -> None:
    def silent(body: bytes) -> bytes:
        text = re.sub(rb"<order>.*</order>", b"", body, flags=re.S)
        return re.sub(rb'status="[A-Z]+"', f'status="{status}"'.encode(), text, count=1)

    placed = sandbox.place_order(["SKU-00004"])
    cut = AlteringTransport(sandbox.transport(), "orders_update", silent)
    results = await channel_over(sandbox, clock, cut).accept_order(placed.order_id)
    assert [r.outcome.value for r in results] == [outcome]


async def test_fnac_q11_a_line_failing_inside_an_ok_answer_is_a_rejected_result(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    placed = sandbox.place_order(["SKU-00005", "SKU-00006"])
    await channel.accept_order(placed.order_id, ["1"])  # line 2 refused
    sandbox.advance(3600)
    client = AsyncFnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    answer = await client.confirm_to_send(
        placed.order_id, tracking_number="6A42", carrier="LAPOSTE", detail_ids=[1, 2]
    )
    assert answer.ok  # FNAC says OK for the order...
    result = order_result(placed.order_id, answer)
    assert result.outcome is Outcome.REJECTED  # ...but line 2 failed
    assert result.reason is not None
    assert result.reason.code == "ERR_109"
    order = await channel._fnac_order(placed.order_id)
    per_line = order_update_results(order, answer, {})
    assert [r.outcome for r in per_line] == [Outcome.OK, Outcome.REJECTED]


async def test_fnac_q12_a_carrier_off_fnacs_list_is_refused_before_sending(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    placed = sandbox.place_order(["SKU-00007"])
    await channel.accept_order(placed.order_id)
    sandbox.advance(3600)
    calls = sandbox.calls.count("orders_update")
    with pytest.raises(UnknownCarrierError, match="Track Inc") as caught:
        await channel.ready_to_ship(placed.order_id, parcel(clock, "Track Inc."))
    assert caught.value.error_class.value == "configuration"
    assert sandbox.calls.count("orders_update") == calls
    assert sandbox.order(placed.order_id).state == "ToShip"


async def test_fnac_q12_the_carrier_table_sends_fnacs_code_and_a_host_extends_it(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = sandbox.place_order(["SKU-00008"])
    client = AsyncFnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    channel = AsyncFnacChannel(client, carriers=FNAC_CARRIERS.extend({"Poste FR": "LAPOSTE"}))
    await channel.accept_order(placed.order_id)
    sandbox.advance(3600)
    assert (await channel.ready_to_ship(placed.order_id, parcel(clock, "poste fr"))).is_ok
    assert sandbox.order(placed.order_id).lines[0].tracking_company == "LAPOSTE"
