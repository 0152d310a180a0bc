"""The sandbox holds offer quantities to the published range (`quantity_0_9999` in common.xsd)."""

from __future__ import annotations

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import FnacClient, FnacCredentials, OfferUpdate
from marketplace_sdk.fnac.sandbox import FnacSandbox


def test_quantities_up_to_9999_apply_and_larger_ones_are_rejected() -> None:
    clock = FakeClock()
    # FNAC-Q06 off: the bound is checked per offer in the batch, not for the whole call.
    sandbox = FnacSandbox.seeded(offers=2, orders=0, clock=clock, behaviours={"FNAC-Q06": False})
    given = sandbox.credentials
    client = FnacClient(
        FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key),
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        clock=clock,
    )
    first, second = sorted(sandbox.state.offers)
    updates = [
        OfferUpdate(offer_reference=first, quantity=9999),
        OfferUpdate.model_construct(offer_reference=second, quantity=10_000),
    ]
    (status,) = client.offers_update_and_wait(updates, poll_interval=10)
    outcomes = {offer.offer_seller_id: offer for offer in status.offers}
    assert not outcomes[first].errors
    assert sandbox.state.offers[first].quantity == 9999
    assert [error.code for error in outcomes[second].errors] == ["ERR_028"]
    assert sandbox.state.offers[second].quantity != 10_000
