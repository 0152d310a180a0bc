"""The pure rules of the CLI: reading updates from arguments and files, mapping errors to exits."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.cli._errors import BadInput, ExitCode, describe
from marketplace_sdk.cli._inputs import (
    prices_from_args,
    prices_from_file,
    stock_from_args,
    stock_from_file,
)
from marketplace_sdk.cli._profiles import ProfileError, ProfileNameError
from marketplace_sdk.core._errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    QuotaExhaustedError,
    ServerError,
    TokenRevokedError,
    TransportError,
    UnsupportedOperation,
)
from marketplace_sdk.etsy._connect import consent_url

skus = st.text(
    alphabet=st.characters(blacklist_characters="=\r\n", blacklist_categories=("Cs", "Zs", "Cc")),
    min_size=1,
    max_size=20,
)


@given(sku=skus, quantity=st.integers(min_value=0, max_value=10**6))
def test_a_stock_argument_reads_back_as_written(sku: str, quantity: int) -> None:
    (update,) = stock_from_args([f"{sku}={quantity}"])
    assert (update.sku, update.quantity) == (sku, quantity)


@given(sku=skus, quantity=st.integers(max_value=-1))
def test_a_negative_quantity_is_bad_input(sku: str, quantity: int) -> None:
    with pytest.raises(BadInput, match="negative"):
        stock_from_args([f"{sku}={quantity}"])


@given(
    price=st.decimals(min_value=0, max_value=10**6, places=2),
    selling=st.none() | st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_a_price_argument_keeps_its_decimals(price: Decimal, selling: Decimal | None) -> None:
    text = f"MUG-1={price}" + (f":{selling}" if selling is not None else "")
    (update,) = prices_from_args([text], currency="EUR")
    assert update.price.amount == price
    assert (update.selling_price.amount if update.selling_price else None) == selling


@pytest.mark.parametrize("argument", ["MUG-1", "=4", "MUG-1=", "MUG-1=four", "MUG-1=1.5"])
def test_malformed_stock_arguments_are_bad_input(argument: str) -> None:
    with pytest.raises(BadInput):
        stock_from_args([argument])


def test_files_name_the_line_of_a_bad_row(tmp_path: Path) -> None:
    csv_file = tmp_path / "stock.csv"
    csv_file.write_text("SKU,Quantity\nA,1\n,2\n")
    with pytest.raises(BadInput, match=r"line 3: the 'sku' column"):
        stock_from_file(csv_file)
    wide = tmp_path / "wide.csv"
    wide.write_text("sku,quantity\nA,1,extra\n")
    with pytest.raises(BadInput, match="more values than the header"):
        stock_from_file(wide)
    json_file = tmp_path / "prices.json"
    json_file.write_text('[{"sku": "A", "price": "1.00", "currency": "usd"}, {"sku": "B"}]')
    with pytest.raises(BadInput, match="item 2: the 'price' column"):
        prices_from_file(json_file, currency="EUR")
    json_file.write_text('{"sku": "A"}')
    with pytest.raises(BadInput, match="JSON list of objects"):
        prices_from_file(json_file, currency="EUR")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(BadInput, match="empty file"):
        stock_from_file(tmp_path / "empty.csv")


def test_a_price_file_row_may_name_its_currency(tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("sku,price,selling_price,currency\nA,10.00,8.00,usd\nB,5,,\n")
    first, second = prices_from_file(prices, currency="EUR")
    assert first.price.currency == "USD"
    assert first.selling_price is not None
    assert first.selling_price.amount == Decimal("8.00")
    assert (second.price.currency, second.selling_price) == ("EUR", None)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (TokenRevokedError("invalid_grant", marketplace="etsy"), ExitCode.AUTH),
        (AuthenticationError("refused", status=401, marketplace="fnac"), ExitCode.AUTH),
        (ProfileError("no profile"), ExitCode.AUTH),
        (ProfileNameError("bad name"), ExitCode.BAD_INPUT),
        (NotFoundError("no such SKU", status=404), ExitCode.BAD_INPUT),
        (UnsupportedOperation("no activation", marketplace="fnac"), ExitCode.BAD_INPUT),
        (BadInput("bad file"), ExitCode.BAD_INPUT),
        (QuotaExhaustedError("daily", retry_after=3600), ExitCode.UNAVAILABLE),
        (ServerError("bad gateway", status=502), ExitCode.UNAVAILABLE),
        (TransportError("refused", sent=False), ExitCode.UNAVAILABLE),
        (ConflictError("already shipped", status=409), ExitCode.FAILED),
        (RuntimeError("bug"), ExitCode.FAILED),
    ],
)
def test_each_error_has_its_exit_code(error: BaseException, code: ExitCode) -> None:
    assert describe(error, "shop-a").code is code


def test_auth_failures_say_which_profile_to_reconnect() -> None:
    hint = describe(TokenRevokedError("gone", marketplace="fnac"), "shop-a").hint
    assert hint == "reconnect the shop: marketplace-sdk fnac connect --profile shop-a"
    assert describe(QuotaExhaustedError("daily", retry_after=3600)).hint == (
        "the marketplace asks to wait 3600 s; retry later"
    )


def test_the_consent_url_moves_to_a_sandbox_only() -> None:
    etsy = "https://www.etsy.com/oauth/connect?client_id=k"
    assert consent_url(etsy, "https://api.etsy.com") == etsy
    assert (
        consent_url(etsy, "http://127.0.0.1:9/") == "http://127.0.0.1:9/oauth/connect?client_id=k"
    )
