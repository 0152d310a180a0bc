"""The sandbox holds offer quantities to the published range (`quantity_0_9999` in common.xsd)."""

from __future__ import annotations

import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import InvalidRequestError
from marketplace_sdk.fnac import FnacClient, FnacCredentials, OfferUpdate
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.mark.usefixtures("shared_specs")  # the bound is FNAC's XSD
def test_quantities_up_to_9999_apply_and_larger_ones_are_rejected() -> None:
    clock = FakeClock()
    sandbox = FnacSandbox.seeded(offers=2, orders=0, clock=clock)
    given = sandbox.credentials
    client = FnacClient(
        FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key),
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        clock=clock,
    )
    first, second = sorted(sandbox.state.offers)
    (status,) = client.offers_update_and_wait(
        [OfferUpdate(offer_reference=first, quantity=9999)], poll_interval=10
    )
    assert not status.offers[0].errors
    assert sandbox.state.offers[first].quantity == 9999
    # Over the schema's bound, FNAC refuses the whole call before queueing anything.
    too_many = OfferUpdate.model_construct(offer_reference=second, quantity=10_000)
    with pytest.raises(InvalidRequestError, match="ERR_146"):
        client.offers_update_and_wait([too_many], poll_interval=10)
    assert sandbox.state.offers[second].quantity != 10_000
