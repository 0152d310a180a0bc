"""`open_channel`: a sync channel from a stored profile, against the sandboxes in process."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from marketplace_sdk.cli._context import channel_session, close_channel, open_channel, profile_name
from marketplace_sdk.cli._profiles import ProfileError, ProfileStore
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import StockUpdate
from marketplace_sdk.core._sync.channel import Channel
from marketplace_sdk.etsy import EtsyProfile, TokenPair
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacProfile
from marketplace_sdk.fnac.sandbox import FnacSandbox


def test_etsy_profile_opens_a_channel_reading_the_stored_token(
    tmp_path: Path, clock: FakeClock
) -> None:
    sandbox = EtsySandbox.seeded(listings=5, orders=3, clock=clock, seed=3)
    store = ProfileStore(tmp_path)
    secret = sandbox.api_key.get_secret_value().split(":", 1)[1]
    store.save(
        EtsyProfile(
            name="shop-a",
            keystring=sandbox.keystring,
            shared_secret=secret,
            shop_id=sandbox.shop_id,
            base_url="https://api.etsy.com",
        )
    )
    tokens = sandbox.connect()
    EtsyProfile.token_store(store.files("etsy", "shop-a")).save(
        TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=clock.now() + timedelta(seconds=tokens.expires_in),
        )
    )

    channel = open_channel(
        "etsy", "shop-a", store=store, clock=clock, transport=sandbox.transport()
    )

    assert isinstance(channel, Channel)
    assert channel.shop_id == str(sandbox.shop_id)
    receipt_id = next(iter(sandbox.world.receipts))
    assert channel.get_order(str(receipt_id)).order_id == str(receipt_id)
    close_channel(channel)


def test_fnac_profile_opens_a_channel_that_pushes_stock(tmp_path: Path, clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=3, orders=2, clock=clock)
    creds = sandbox.credentials
    store = ProfileStore(tmp_path)
    store.save(
        FnacProfile(
            partner_id=creds.partner_id,
            shop_id=creds.shop_id,
            key=creds.key,
            mirakl_api_key=creds.mirakl_api_key,
            mirakl_url="https://fnac.mirakl.example",
            base_url=sandbox.base_url,
        )
    )

    channel = open_channel(
        "fnac",
        store=store,
        clock=clock,
        transport=sandbox.transport(),
        catalog_transport=sandbox.mirakl.transport(),
    )
    (result,) = channel.push_stock([StockUpdate(sku="SKU-00001", quantity=4)])

    assert result.is_ok
    assert channel.shop_id == creds.shop_id
    close_channel(channel)


def test_missing_profile_says_how_to_connect(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="marketplace-sdk etsy connect --profile nobody"):
        open_channel("etsy", "nobody", store=ProfileStore(tmp_path))
    with pytest.raises(ProfileError, match="unknown marketplace"):
        open_channel("amazon", store=ProfileStore(tmp_path))
    with (
        pytest.raises(ProfileError, match="not a profile name"),
        channel_session("etsy", "../etc", store=ProfileStore(tmp_path)),
    ):
        pass


def test_profile_name_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARKETPLACE_SDK_PROFILE", "seller-9")
    assert profile_name(None) == "seller-9"
    assert profile_name("other") == "other"
    monkeypatch.delenv("MARKETPLACE_SDK_PROFILE")
    assert profile_name(None) == "default"


def test_profile_files_are_private(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "home")
    path = store.save(EtsyProfile(keystring="k", shared_secret="very-secret", shop_id=1))
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(tmp_path / "home").st_mode & 0o777 == 0o700
    assert list(store.names()) == [("etsy", "default")]
    assert "very-secret" not in repr(store.load("etsy", "default"))
