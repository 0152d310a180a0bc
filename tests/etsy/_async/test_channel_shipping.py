"""AsyncEtsyChannel shipping against Etsy's behaviours: carriers, tracking, whole receipts."""

from __future__ import annotations

import pytest
from tests.etsy._async.harness import make_channel

from marketplace_sdk.core._carriers import UnknownCarrierError
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import UnsupportedOperation
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy import ETSY_CAPABILITIES, ETSY_CARRIERS
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.testing._faults import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=5, orders=0, clock=clock, seed=11)


def parcel(
    clock: FakeClock, carrier: str = "UPS", tracking: str | None = "1Z999AA10123456784"
) -> Shipment:
    return Shipment(carrier=carrier, tracking_number=tracking, shipped_at=clock.now())


async def test_etsy_q27_a_carrier_the_table_cannot_map_is_refused_before_sending(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-1"))
    with pytest.raises(UnknownCarrierError, match="Colis Privé") as caught:
        await channel.ready_to_ship(str(receipt_id), parcel(clock, "Colis Privé", "CP1"))
    assert caught.value.error_class.value == "configuration"
    receipt = sandbox.receipt(receipt_id)
    assert (receipt.is_shipped, receipt.shipments, receipt.buyer_emails) == (False, [], 0)


async def test_etsy_q27_a_host_table_extends_the_default_and_may_fall_back_to_other(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(
        sandbox, clock, carriers=ETSY_CARRIERS.extend({"Poste US": "USPS"}, fallback="other")
    )
    listing = sandbox.add_listing("SHIP-2", quantity=5)
    mapped, other = sandbox.place_order(listing), sandbox.place_order(listing)
    assert (await channel.ready_to_ship(str(mapped), parcel(clock, "poste-us", "94001"))).is_ok
    assert (await channel.ready_to_ship(str(other), parcel(clock, "Colis Privé", "CP1"))).is_ok
    assert [(s.carrier_name, s.tracking_code) for s in sandbox.receipt(mapped).shipments] == [
        ("USPS", "94001")
    ]
    assert [(s.carrier_name, s.tracking_code) for s in sandbox.receipt(other).shipments] == [
        ("other", "CP1")
    ]


async def test_etsy_q27_tracking_etsy_hides_is_an_ok_with_a_reason_and_is_sent_once(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    # A host maps a carrier to a name Etsy's list lacks: Etsy ships and hides the tracking.
    channel = make_channel(sandbox, clock, carriers=ETSY_CARRIERS.extend({"Pigeon": "Pigeon"}))
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-3"))
    first = await channel.ready_to_ship(str(receipt_id), parcel(clock, "Pigeon", "PG1"))
    again = await channel.ready_to_ship(str(receipt_id), parcel(clock, "Pigeon", "PG1"))
    assert first.is_ok
    assert again.is_ok
    assert first.reason is not None
    assert first.reason.code == "tracking_not_shown"
    receipt = sandbox.receipt(receipt_id)
    assert (len(receipt.shipments), receipt.buyer_emails) == (1, 1)


async def test_etsy_q28_untracked_without_the_sellers_opt_in_is_rejected_for_a_person(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-4"))
    result = await channel.ready_to_ship(str(receipt_id), parcel(clock, "La Poste", None))
    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert result.reason.code == "tracking_required"
    assert not sandbox.receipt(receipt_id).is_shipped


async def test_etsy_q28_untracked_with_a_note_to_the_buyer_completes_once(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock, untracked_note="Sent by letter: no tracking.")
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-5"))
    first = await channel.ready_to_ship(str(receipt_id), parcel(clock, "La Poste", None))
    again = await channel.ready_to_ship(str(receipt_id), parcel(clock, "La Poste", None))
    assert first.is_ok
    assert again.is_ok
    receipt = sandbox.receipt(receipt_id)
    assert (receipt.is_shipped, receipt.status, receipt.buyer_emails) == (True, "Completed", 1)


async def test_etsy_q29_a_shipment_of_some_lines_is_refused_before_sending(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    assert not ETSY_CAPABILITIES.supports("partial_order_fulfilment")
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("P-1"), sandbox.add_listing("P-2"))
    lines = [str(line.transaction_id) for line in sandbox.receipt(receipt_id).transactions]
    some = parcel(clock).model_copy(update={"line_ids": (lines[0],)})
    with pytest.raises(UnsupportedOperation, match="whole"):
        await channel.ready_to_ship(str(receipt_id), some)
    assert not sandbox.receipt(receipt_id).is_shipped

    every = parcel(clock).model_copy(update={"line_ids": tuple(lines)})
    assert (await channel.ready_to_ship(str(receipt_id), every)).is_ok
    assert len(sandbox.receipt(receipt_id).shipments) == 1


async def test_etsy_q29_a_lost_answer_is_reconciled_not_resent(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-6"))
    sandbox.faults.add(Fault.timeout_after_apply(), operation="createReceiptShipment")
    first = await channel.ready_to_ship(str(receipt_id), parcel(clock))
    again = await channel.ready_to_ship(str(receipt_id), parcel(clock))
    assert first.is_ok
    assert again.is_ok
    receipt = sandbox.receipt(receipt_id)
    assert (len(receipt.shipments), receipt.buyer_emails) == (1, 1)
