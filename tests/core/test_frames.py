"""Records as a pandas DataFrame: Decimal money, aware datetimes, exploded lines, masked buyers."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.core.test_display import PERSONAL, make_order

from marketplace_sdk.core._errors import ErrorClass
from marketplace_sdk.core._frames import MissingExtraError, to_dataframe
from marketplace_sdk.core._models import Product, StockUpdate, Variant
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import BatchResult, ItemResult


def test_one_row_per_order_with_money_as_decimal_amount_and_currency() -> None:
    frame = to_dataframe([make_order("1"), make_order("2", lines=1)])
    assert list(frame["order_id"]) == ["1", "2"]
    amounts = list(frame["totals.total.amount"])
    assert amounts == [Decimal("29.70"), Decimal("29.70")]
    assert all(type(amount) is Decimal for amount in amounts)
    assert list(frame["totals.total.currency"]) == ["EUR", "EUR"]
    assert list(frame["lines.count"]) == [2, 1]
    assert frame["totals.shipping.amount"].isna().all()


def test_datetimes_are_timezone_aware_utc() -> None:
    frame = to_dataframe([make_order("1")])
    assert isinstance(frame["updated_at"].dtype, pd.DatetimeTZDtype)
    assert str(frame["updated_at"].dt.tz) == "UTC"
    assert frame.loc[0, "updated_at"] == pd.Timestamp(datetime(2026, 3, 1, 10, 0, tzinfo=UTC))


def test_buyer_data_is_masked_unless_asked_for() -> None:
    masked = to_dataframe([make_order("1")])
    text = masked.to_string()
    for value in PERSONAL:
        assert value not in text
    assert masked.loc[0, "buyer.name"] == "J*** D***"
    assert masked.loc[0, "shipping_address.city"] == "Paris"
    plain = to_dataframe([make_order("1")], mask_personal=False)
    assert plain.loc[0, "buyer.name"] == "Jeanne Dupont"
    assert plain.loc[0, "shipping_address.line1"] == "12 rue des Lilas"


def test_raw_is_left_out_unless_asked_for() -> None:
    order = make_order("1")
    assert "raw" not in to_dataframe([order]).columns
    with_raw = to_dataframe([order], raw=True)
    assert with_raw.loc[0, "raw"] == order.raw


def test_explode_lines_gives_one_row_per_line_with_the_order_repeated() -> None:
    frame = to_dataframe([make_order("1", lines=2), make_order("2", lines=3)], explode="lines")
    assert len(frame) == 5
    assert list(frame["order_id"]) == ["1", "1", "2", "2", "2"]
    assert list(frame["lines.sku"]) == ["MUG-1", "MUG-2", "MUG-1", "MUG-2", "MUG-3"]
    assert list(frame["lines.quantity"]) == [1, 2, 1, 2, 3]
    assert frame.loc[0, "lines.unit_price.amount"] == Decimal("9.90")
    assert "lines.count" not in frame.columns


def test_a_record_without_items_keeps_its_row_when_exploded() -> None:
    single = Product(sku="MUG-1", title="Mug", marketplace_id="1")
    group = Product(
        sku="TEE",
        title="Tee",
        marketplace_id="2",
        variants=(Variant(sku="TEE-S"), Variant(sku="TEE-M")),
    )
    frame = to_dataframe([single, group], explode="variants")
    assert list(frame["sku"]) == ["MUG-1", "TEE", "TEE"]
    assert frame["variants.sku"].isna().tolist() == [True, False, False]
    assert list(frame["variants.sku"])[1:] == ["TEE-S", "TEE-M"]


def test_explode_refuses_a_field_that_holds_no_records() -> None:
    with pytest.raises(ValueError, match=r"Order\.order_id is not a list of records"):
        to_dataframe([make_order("1")], explode="order_id")


def test_columns_select_and_order_and_refuse_unknown_names() -> None:
    frame = to_dataframe([make_order("1")], columns=["totals.total.amount", "order_id"])
    assert list(frame.columns) == ["totals.total.amount", "order_id"]
    with pytest.raises(ValueError, match="unknown columns \\['total'\\]"):
        to_dataframe([make_order("1")], columns=["total"])


def test_flatten_false_keeps_one_column_per_field_holding_the_objects() -> None:
    order = make_order("1")
    frame = to_dataframe([order], flatten=False)
    assert "totals" in frame.columns
    assert "buyer.name" not in frame.columns
    assert frame.loc[0, "totals"] == order.totals
    assert frame.loc[0, "lines"] == order.lines
    assert "Dupont" not in frame.to_string()


def test_a_batch_result_becomes_a_frame_of_outcomes() -> None:
    batch = BatchResult(
        [ItemResult.ok("A"), ItemResult.rejected("B", code="ERR_105", message="too high")]
    )
    frame = to_dataframe(batch)
    assert list(frame["outcome"]) == ["ok", "rejected"]
    assert frame.loc[1, "reason.code"] == "ERR_105"
    assert frame.loc[1, "reason.message"] == "too high"


def test_no_records_give_an_empty_frame_with_the_asked_columns() -> None:
    assert to_dataframe([]).empty
    assert list(to_dataframe([], columns=["sku"]).columns) == ["sku"]


def test_without_pandas_the_error_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError) as caught:
        to_dataframe([StockUpdate(sku="A", quantity=1)])
    assert "pip install 'marketplace-sdk[pandas]'" in str(caught.value)
    assert caught.value.error_class is ErrorClass.CONFIGURATION
    assert isinstance(caught.value, ImportError)


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False),
            st.sampled_from(["EUR", "USD", "GBP"]),
        ),
        max_size=8,
    )
)
def test_money_round_trips_exactly_through_the_frame(prices: list[tuple[Decimal, str]]) -> None:
    products = [
        Product(
            sku=f"S{n}",
            title="t",
            marketplace_id=str(n),
            price=Money(amount=amount, currency=currency),
        )
        for n, (amount, currency) in enumerate(prices)
    ]
    frame = to_dataframe(products)
    rebuilt = [
        Money(amount=row["price.amount"], currency=row["price.currency"])
        for row in frame.to_dict("records")
    ]
    assert rebuilt == [product.price for product in products]
