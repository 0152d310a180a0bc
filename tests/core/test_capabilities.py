"""Capabilities: the seeds' features and limits per marketplace, and refusals naming the limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marketplace_sdk.core._capabilities import (
    CAPABILITY_TITLES,
    Capabilities,
    Capability,
    ShippingMode,
    comparison_markdown,
)
from marketplace_sdk.core._errors import MarketplaceError, UnsupportedOperation
from marketplace_sdk.etsy import ETSY_CAPABILITIES
from marketplace_sdk.fnac import FNAC_CAPABILITIES

C = Capability

# (capability, Etsy, FNAC), read off the two seeds.
EXPECTED = [
    (C.PRODUCT_IMPORT, True, True),
    (C.VARIATION_PRODUCT_IMPORT, True, False),
    (C.VARIATION_PRODUCT_LISTING, True, False),
    (C.SINGLE_LISTING, True, True),
    (C.BULK_LISTING_FILE, True, True),
    (C.ACTIVATE_DEACTIVATE, True, False),
    (C.PRODUCT_DELETION, False, False),
    (C.BRAND_SYNC, False, False),
    (C.AUTO_PRODUCT_UPDATE, False, False),
    (C.PRICE_PUSH, True, True),
    (C.STOCK_PUSH, True, True),
    (C.ORDER_SPLITTING, False, False),
    (C.PARTIAL_ORDER_FULFILMENT, False, False),  # Etsy: the seed says yes, Etsy's API no
    (C.MARK_DELIVERED, False, False),
    (C.MARKETPLACE_SHIPPING_LABELS, False, True),
    (C.ORDER_ACCEPTANCE_REQUIRED, False, True),
]


@pytest.mark.parametrize(("capability", "etsy", "fnac"), EXPECTED)
def test_each_marketplace_matches_its_seed(capability: Capability, etsy: bool, fnac: bool) -> None:
    assert ETSY_CAPABILITIES.supports(capability) is etsy
    assert FNAC_CAPABILITIES.supports(capability) is fnac


def test_every_capability_is_in_the_expected_table() -> None:
    assert {row[0] for row in EXPECTED} == set(Capability)


def test_shipping_modes() -> None:
    assert ETSY_CAPABILITIES.shipping_modes == {ShippingMode.SELF_SHIP}
    assert FNAC_CAPABILITIES.shipping_modes == {ShippingMode.SELF_SHIP, ShippingMode.MARKETPLACE}
    FNAC_CAPABILITIES.require_shipping_mode(ShippingMode.MARKETPLACE)
    with pytest.raises(UnsupportedOperation, match="shipped by the marketplace is not supported"):
        ETSY_CAPABILITIES.require_shipping_mode(ShippingMode.MARKETPLACE)


@pytest.mark.parametrize(
    "caps", [ETSY_CAPABILITIES, FNAC_CAPABILITIES], ids=lambda caps: caps.marketplace
)
def test_every_unsupported_operation_names_the_limit(caps: Capabilities) -> None:
    for capability in Capability:
        if caps.supports(capability):
            caps.require(capability)
            continue
        with pytest.raises(UnsupportedOperation) as caught:
            caps.require(capability)
        assert isinstance(caught.value, MarketplaceError)
        assert caught.value.marketplace == caps.marketplace
        assert caught.value.message == caps.explanations[capability]


def test_fnac_refuses_activation_in_the_seeds_words() -> None:
    with pytest.raises(UnsupportedOperation) as caught:
        FNAC_CAPABILITIES.require("activate_deactivate")
    assert str(caught.value) == (
        "[FNAC] FNAC offers cannot be put on or taken off sale from the OMS."
    )


def _seed_text(seeds: Path, name: str) -> str:
    return re.sub(r"\s+", " ", (seeds / name).read_text("utf-8"))


#: Where each seed states a capability (a few words of it, located, not copied), and whether
#: the statement grants it: the flags must agree with the seed's reading.
_SEED_STATEMENTS: dict[str, list[tuple[str, str, bool]]] = {
    "Etsy": [
        ("product_deletion", "cannot delete products", False),
        ("brand_sync", "cannot sync brands", False),
        ("activate_deactivate", "can activate or deactivate", True),
        ("variation_product_import", "can manually sync group", True),
        ("order_splitting", "does not support splitting", False),
        ("mark_delivered", "can not mark the orders", False),
    ],
    "FNAC": [
        ("product_deletion", "cannot delete products", False),
        ("brand_sync", "cannot sync brands", False),
        ("activate_deactivate", "cannot activate or deactivate", False),
        ("variation_product_import", "cannot manually sync group", False),
        ("order_splitting", "does not support splitting", False),
    ],
}


@pytest.mark.parametrize(
    ("caps", "seed"),
    [
        (ETSY_CAPABILITIES, "000_7939bc9825f0bff7.txt"),
        (FNAC_CAPABILITIES, "004_d403667e07cf66db.txt"),
    ],
    ids=["Etsy", "FNAC"],
)
def test_the_flags_read_the_seed_and_every_capability_is_explained(
    caps: Capabilities, seed: str, shared_seeds: Path
) -> None:
    text = _seed_text(shared_seeds, seed)
    for capability, located_by, granted in _SEED_STATEMENTS[caps.marketplace]:
        assert located_by in text, (capability, located_by)
        assert caps.supports(capability) is granted, capability
    assert set(caps.explanations) - {"get_shipping_label"} == set(CAPABILITY_TITLES)
    assert all(explanation.strip() for explanation in caps.explanations.values())


def test_unknown_capability_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown capabilities"):
        Capabilities(marketplace="Shop", explanations={"teleport": "no"})
    with pytest.raises(ValueError, match="teleport"):
        Capabilities(marketplace="Shop").supports("teleport")


def test_capabilities_are_frozen() -> None:
    with pytest.raises(AttributeError):
        ETSY_CAPABILITIES.product_deletion = True  # type: ignore[misc]


def test_markdown_tables() -> None:
    lines = FNAC_CAPABILITIES.markdown().splitlines()
    assert len(lines) == 2 + len(CAPABILITY_TITLES)
    text = "\n".join(lines)
    assert "| Activate / deactivate products | no | FNAC offers cannot be put on" in text
    assert "| Shipping modes | self ship, shipped by the marketplace |" in "\n".join(lines)
    table = comparison_markdown(ETSY_CAPABILITIES, FNAC_CAPABILITIES)
    assert "| Activate / deactivate products | yes | no |" in table
    assert table.splitlines()[0] == "| Behaviour | Etsy | FNAC |"


def test_issue15_item5_every_channel_has_the_same_surface_and_refuses_naming_the_method() -> None:
    from marketplace_sdk.core import RefusedOperations
    from marketplace_sdk.core._async.channel import AsyncChannel
    from marketplace_sdk.core._capabilities import REFUSABLE_OPERATIONS
    from marketplace_sdk.core._sync.channel import Channel
    from marketplace_sdk.etsy import AsyncEtsyChannel, EtsyChannel
    from marketplace_sdk.fnac import AsyncFnacChannel, FnacChannel

    def surface(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")} & (
            {name for name in dir(Channel) if not name.startswith("_")}
        )

    protocol = {name for name in dir(Channel) if not name.startswith("_")}
    assert set(REFUSABLE_OPERATIONS) <= protocol
    assert protocol == {name for name in dir(AsyncChannel) if not name.startswith("_")}
    for cls in (EtsyChannel, AsyncEtsyChannel, FnacChannel, AsyncFnacChannel):
        assert surface(cls) == protocol, cls
        assert issubclass(cls, RefusedOperations)
    for capabilities in (ETSY_CAPABILITIES, FNAC_CAPABILITIES):
        for operation in REFUSABLE_OPERATIONS:
            with pytest.raises(UnsupportedOperation) as raised:
                capabilities.refuse(operation)
            assert str(raised.value).startswith(f"[{capabilities.marketplace}] {operation}: ")
    table = FNAC_CAPABILITIES.operations_markdown()
    assert "| `delete_product` | raises `UnsupportedOperation`: Products cannot be deleted" in table
    assert "| `set_active` | raises `UnsupportedOperation`" in table
    assert "| `set_active` | offered |" in ETSY_CAPABILITIES.operations_markdown()
