"""Stock pushed through `StockPusher` under faults converges on the OMS's quantities.

Round after round, a quarter of a shop's SKUs change in the OMS and the pusher sends them while
20 % of the requests the sandbox serves meet a fault (5xx, 429 with `Retry-After`, timeouts
and resets before and after the server applied the request, truncated bodies). Then the faults
stop, the pusher's retries drain, and the host sends again every SKU whose last result was not
ok, as such a result asks. The marketplace must end with every quantity the OMS holds, and no
ok result may have stood for a quantity the marketplace did not take.
"""

from __future__ import annotations

import pytest
from tests.chaos.harness import MARKETPLACES, run_stock_chaos


@pytest.mark.parametrize("marketplace", MARKETPLACES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stock_pushed_under_faults_converges_on_the_oms(marketplace: str, seed: int) -> None:
    figures = run_stock_chaos(marketplace, seed)

    assert figures.changes > 0
    assert sum(figures.injected.values()) > 0, figures.row()
    assert figures.false_ok == [], figures.row()
    assert figures.diverged == [], figures.row()
