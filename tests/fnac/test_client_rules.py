"""The FNAC client's shared pure decisions: order updates, id chunking, batch polling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._errors import DeadlineExceededError
from marketplace_sdk.fnac import FnacCredentials, OrderUpdate
from marketplace_sdk.fnac._models import BatchStatusResponse, OffersUpdateResponse
from marketplace_sdk.fnac._shared.client import (
    BatchPolling,
    accept_update,
    engine_config,
    orders_by_ids,
    ship_update,
    unbatched,
)

ORDER_ID = "57BEAFDA828A8"
order_ids = st.lists(st.integers(min_value=0, max_value=10**12), max_size=180).map(
    lambda numbers: [f"{n:013d}" for n in numbers]
)


@given(order_ids)
def test_ids_are_asked_once_each_50_per_query_in_order(ids: list[str]) -> None:
    requests = orders_by_ids(ids)
    asked = [order_id for request in requests for order_id in request.order_fnac_ids]
    assert asked == list(dict.fromkeys(ids))
    assert all(1 <= len(request.order_fnac_ids) <= 50 for request in requests)


def test_no_ids_make_no_query() -> None:
    assert orders_by_ids([]) == []


def test_accepting_without_decisions_accepts_the_whole_order() -> None:
    assert accept_update(ORDER_ID, None) == OrderUpdate.accept_all(ORDER_ID)
    assert accept_update(ORDER_ID, {1: True, 2: False}) == OrderUpdate.accept(
        ORDER_ID, {1: True, 2: False}
    )


def test_shipping_without_lines_ships_the_whole_order() -> None:
    assert ship_update(ORDER_ID, "1Z", "UPS", None) == OrderUpdate.confirm_all_to_send(
        ORDER_ID, "1Z", "UPS"
    )
    assert ship_update(ORDER_ID, "1Z", "UPS", [2]) == OrderUpdate.confirm_to_send(
        ORDER_ID, [2], "1Z", "UPS"
    )


def test_the_engine_keeps_the_key_and_token_secret() -> None:
    config = engine_config(FnacCredentials(partner_id="P", shop_id="S", key="k"), "https://x/")
    assert config.secret_params == frozenset({"key", "token"})
    assert config.retry is not None
    assert config.auth is not None


def test_an_answer_without_a_batch_keeps_its_status_and_warnings() -> None:
    answer = OffersUpdateResponse.model_validate(
        {"status": "WARNING", "warnings": [{"code": "ERR_900", "message": "slow"}]}
    )
    status = unbatched(answer)
    assert status.status == answer.status
    assert status.warnings == answer.warnings
    assert status.offers == []


@pytest.mark.parametrize("now", [0.0, 120.0, 240.0])
def test_a_running_batch_is_polled_again_while_a_poll_fits_before_the_deadline(
    now: float,
) -> None:
    polling = BatchPolling.start("B1", now=0.0, poll_interval=60, timeout=300)
    assert not polling.settled(BatchStatusResponse(status="RUNNING"), now=now)


def test_a_running_batch_past_the_last_poll_is_a_deadline_error() -> None:
    polling = BatchPolling.start("B1", now=100.0, poll_interval=60, timeout=300)
    with pytest.raises(DeadlineExceededError, match="offers batch B1 still RUNNING after 300s"):
        polling.settled(BatchStatusResponse(status="RUNNING"), now=341.0)


def test_a_done_batch_settles_even_past_the_deadline() -> None:
    polling = BatchPolling.start("B1", now=0.0, poll_interval=60, timeout=300)
    assert polling.settled(BatchStatusResponse(status="OK"), now=10_000.0)
