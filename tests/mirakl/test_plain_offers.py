"""OF21 offers read plain for a push give the OF01 file the validating model path gives.

`plain_offer` keeps an offer of the plain shape as its decoded dict and its OF01 cells; the
push then writes its line straight. Over generated offers, that line must be the very bytes
`offer_file` writes for `OfferUpdate.from_offer(Offer.model_validate(raw), ...)`, and every
offer the plain reading does not vouch for must go to the model.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.mirakl._endpoints.offers import read_offers
from marketplace_sdk.mirakl._models import Offer, OfferList, OfferUpdate
from marketplace_sdk.mirakl._offer_imports import offer_file_skus
from marketplace_sdk.mirakl._plain_offers import (
    _FIELDS,
    FILE_HEADER,
    PlainOffer,
    PlainUpdate,
    number_cell,
    plain_offer,
    read_offer_rows,
)
from marketplace_sdk.mirakl._shared.offers import (
    _DISCOUNT_COLUMNS,
    _FILE_COLUMNS,
    file_skus_by_line,
    offer_file,
)

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
_SKU = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=10,
)
_PRICE = st.one_of(
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=1, max_value=10**7).map(lambda cents: cents / 100),
    # Fifteen significant digits at most: a longer one is refused both ways (see below).
    st.floats(min_value=0.001, max_value=1e17).map(lambda number: float(f"{number:.15g}")),
)
_ANY_PRICE = st.one_of(_PRICE, st.floats(min_value=0.001, max_value=1e17))
_COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))
_OPTIONAL_TEXT = st.one_of(st.none(), _TEXT)


@st.composite
def plain_offers(draw: st.DrawFn) -> dict[str, Any]:
    """An OF21 offer of the plain shape, some keys left out, Mirakl's unread fields too."""
    price = draw(_PRICE)
    origin = draw(st.sampled_from(["same", "none", "absent"]))
    default: dict[str, Any] = {"channel_code": None, "price": price, "volume_prices": []}
    if origin == "same":
        default["unit_origin_price"] = price
    elif origin == "none":
        default["unit_origin_price"] = None
    required = {
        "offer_id": draw(st.integers(min_value=1, max_value=10**9)),
        "shop_sku": draw(_SKU),
        "product_sku": draw(_SKU),
        "price": price,
    }
    optional = {
        "product_title": _OPTIONAL_TEXT,
        "quantity": st.integers(min_value=-5, max_value=10**6),
        "total_price": st.one_of(st.none(), _PRICE),
        "currency_iso_code": st.one_of(st.none(), st.sampled_from(["EUR", "USD"])),
        "state_code": st.sampled_from(["11", "1", "NEW"]),
        "active": st.one_of(st.none(), st.booleans()),
        "description": _OPTIONAL_TEXT,
        "internal_description": _OPTIONAL_TEXT,
        "price_additional_info": _OPTIONAL_TEXT,
        "leadtime_to_ship": _COUNT,
        "min_order_quantity": _COUNT,
        "max_order_quantity": _COUNT,
        "min_quantity_alert": _COUNT,
        "package_quantity": _COUNT,
        "logistic_class": st.one_of(
            st.none(),
            st.builds(lambda code, label: {"code": code, "label": label}, _SKU, _OPTIONAL_TEXT),
        ),
        "available_start_date": st.none(),
        "available_end_date": st.none(),
        "discount": st.none(),
        "all_prices": st.one_of(st.just([]), st.just([default])),
        "eco_contributions": st.just([]),
        "offer_additional_fields": st.just([]),
        "product_tax_code": _OPTIONAL_TEXT,
        "msrp": st.none(),
        "channels": st.lists(_SKU, max_size=2),
        "min_shipping_price": st.floats(min_value=0, max_value=50),
    }
    offer = dict(required)
    for key, values in optional.items():
        if draw(st.booleans()):
            offer[key] = draw(values)
    return offer


#: Values that leave an offer to its model: other types, fields no OF01 line carries.
_DOUBTS: dict[str, st.SearchStrategy[Any]] = {
    "price": st.sampled_from(["9.90", None, True, 0.30000000000000004, 1.2345678901234567e25]),
    "quantity": st.sampled_from([2.0, "3", None, True]),
    "state_code": st.sampled_from([11, 11.0, None]),
    "leadtime_to_ship": st.sampled_from([2.0, "2", True]),
    "description": st.sampled_from([5, ["x"]]),
    "logistic_class": st.sampled_from(["M", {"code": 5}, {"label": "x"}]),
    "available_start_date": st.just("2026-01-01T00:00:00Z"),
    "available_end_date": st.just("2026-06-01T00:00:00Z"),
    "allow_quote_requests": st.booleans(),
    "discount": st.just({"discount_price": 4, "origin_price": 5}),
    "msrp": st.just(12),
    "eco_contributions": st.just([{"epr_category_code": "FR-DEA"}]),
    "offer_additional_fields": st.just([{"code": "gift", "value": "true"}]),
    "all_prices": st.sampled_from(
        [
            [{"channel_code": "US", "unit_origin_price": 5}],
            [{"channel_code": None, "unit_origin_price": 1234567}],
            [{"channel_code": None, "context": {"customer_group_ids": ["B2B"]}}],
            [{"channel_code": None, "volume_prices": [{"quantity_threshold": 5, "price": 4}]}],
            [{"channel_code": None, "discount_start_date": "2026-01-01T00:00:00Z"}],
            ["x"],
            None,
        ]
    ),
    "shop_sku": st.sampled_from([5, None]),
    "product_sku": st.sampled_from([5, None]),
}


def _carried(offer: dict[str, Any]) -> dict[str, Any]:
    """The fields of `offer` a push carries back (what a plain offer keeps for its model)."""
    kept = {"offer_id", *(key for key, _ in _FIELDS)}
    carried = {key: value for key, value in offer.items() if key in kept}
    for price in carried.get("all_prices", []):
        price.pop("volume_prices", None)
    return json.loads(json.dumps(carried))


def _model_update(raw: dict[str, Any], quantity: int | None, price: Decimal | None) -> OfferUpdate:
    return OfferUpdate.from_offer(Offer.model_validate(raw), quantity=quantity, price=price)


def test_the_file_header_is_the_model_path_columns() -> None:
    assert (*[column for column, _ in _FILE_COLUMNS], *_DISCOUNT_COLUMNS) == FILE_HEADER


@settings(max_examples=300)
@given(
    offers=st.lists(plain_offers(), min_size=1, max_size=6),
    quantities=st.lists(st.one_of(st.none(), st.integers(0, 10**6)), min_size=6, max_size=6),
    prices=st.lists(
        st.one_of(st.none(), st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2)),
        min_size=6,
        max_size=6,
    ),
)
def test_a_plain_offer_writes_the_bytes_the_model_path_writes(
    offers: list[dict[str, Any]], quantities: list[int | None], prices: list[Decimal | None]
) -> None:
    decoded = json.loads(json.dumps(offers))  # as a page brings them
    plain, models = [], []
    for raw, quantity, price in zip(decoded, quantities, prices, strict=False):
        found = plain_offer(raw)
        assert found is not None, raw  # the plain shape is read plain
        assert found.shop_sku == raw["shop_sku"]
        plain.append(PlainUpdate(found, quantity, price))
        models.append(_model_update(raw, quantity, price))
    assert offer_file(plain) == offer_file(models)
    assert [update.model() for update in plain] == models


@settings(max_examples=300)
@given(offer=plain_offers(), doubt=st.sampled_from(sorted(_DOUBTS)), data=st.data())
def test_an_offer_out_of_the_plain_shape_goes_to_its_model(
    offer: dict[str, Any], doubt: str, data: st.DataObject
) -> None:
    offer[doubt] = data.draw(_DOUBTS[doubt])
    raw = json.loads(json.dumps(offer))
    found = plain_offer(raw)
    if found is None:
        return  # read by its model, as before
    # Vouched for all the same: only where the value changes nothing the model would write.
    assert offer_file([PlainUpdate(found, 1, None)]) == offer_file([_model_update(raw, 1, None)])


@given(price=_ANY_PRICE)
def test_a_number_cell_is_the_model_paths_cell(price: int | float) -> None:
    offer = Offer.model_validate(
        {"offer_id": 1, "shop_sku": "A", "product_sku": "P", "price": price}
    )
    try:
        line = offer_file([OfferUpdate.from_offer(offer)]).decode().splitlines()[1]
    except ValueError:  # more digits than a JSON number carries: refused both ways
        with pytest.raises(ValueError, match="more digits"):
            number_cell(price)
        return
    assert line.split(";")[3] == f'"{number_cell(price)}"'


@settings(max_examples=200)
@given(
    offers=st.lists(plain_offers(), max_size=8, unique_by=lambda offer: offer["shop_sku"]),
    wanted_share=st.integers(0, 8),
    doubtful=st.booleans(),
)
def test_a_page_keeps_the_wanted_offers_in_order_plain_or_for_the_model(
    offers: list[dict[str, Any]], wanted_share: int, doubtful: bool
) -> None:
    if doubtful and offers:
        offers[0]["discount"] = {"discount_price": 1}
    wanted = {offer["shop_sku"] for offer in offers[:wanted_share]}
    content = json.dumps({"offers": offers, "total_count": 40}).encode()
    page = read_offer_rows(content, wanted)
    assert (page.carried, page.total) == (len(offers), 40)
    kept = [row.shop_sku if isinstance(row, PlainOffer) else row["shop_sku"] for row in page.offers]
    assert kept == [offer["shop_sku"] for offer in offers if offer["shop_sku"] in wanted]
    for row, offer in zip(page.offers, [o for o in offers if o["shop_sku"] in wanted], strict=True):
        if isinstance(row, PlainOffer):
            assert row.model() == Offer.model_validate(_carried(offer))
        else:
            assert row == json.loads(json.dumps(offer))
    if doubtful and offers and offers[0]["shop_sku"] in wanted:
        assert not isinstance(page.offers[0], PlainOffer)


@settings(max_examples=200)
@given(offers=st.lists(plain_offers(), min_size=1, max_size=6))
def test_the_lines_skus_are_those_the_file_reads_back(offers: list[dict[str, Any]]) -> None:
    updates = [PlainUpdate(found, 1, None) for raw in offers if (found := plain_offer(raw))]
    assert file_skus_by_line(updates) == offer_file_skus(offer_file(updates))


#: Integers orjson reads as floats (outside 64 bits), rounded when read so.
_WIDE = st.one_of(
    st.integers(min_value=2**64, max_value=10**30),
    st.integers(min_value=-(10**30), max_value=-(2**63) - 1),
    st.sampled_from([2**64, 123456789012345678901, -(2**63) - 1]),
)
#: Where a wide integer goes in an offer: a price (plain), a default price's amount (plain),
#: an integer field (out of the plain shape), a field no push carries back.
_WIDE_PLACES = ("price", "unit_origin_price", "quantity", "leadtime_to_ship", "total_price")


def _validating_file(content: bytes, quantity: int) -> bytes | None:
    """The OF01 file the validating path writes for a page's offers (None: refused)."""
    try:
        offers = OfferList.model_validate_json(content).offers
        return offer_file([OfferUpdate.from_offer(offer, quantity=quantity) for offer in offers])
    except ValueError:  # pydantic's ValidationError included
        return None


def _plain_file(content: bytes, wanted: set[str], quantity: int) -> bytes | None:
    """The OF01 file the push writes from the same page read plain (None: refused)."""
    try:
        rows = read_offer_rows(content, wanted).offers
        updates: list[OfferUpdate | PlainUpdate] = []
        for row in rows:
            if isinstance(row, PlainOffer):
                updates.append(PlainUpdate(row, quantity, None))
                continue
            offers, refused = read_offers([row])
            if refused:
                return None
            updates.extend(OfferUpdate.from_offer(offer, quantity=quantity) for offer in offers)
        return offer_file(updates)
    except ValueError:
        return None


@settings(max_examples=200)
@given(offer=plain_offers(), wide=_WIDE, place=st.sampled_from(_WIDE_PLACES))
def test_an_integer_outside_64_bits_is_read_whole_as_the_validating_path_reads_it(
    offer: dict[str, Any], wide: int, place: str
) -> None:
    if place == "unit_origin_price":
        offer["price"] = wide
        offer["all_prices"] = [{"channel_code": None, "price": wide, "unit_origin_price": wide}]
    else:
        offer[place] = wide
    content = json.dumps({"offers": [offer], "total_count": 1}).encode()
    assert _plain_file(content, {offer["shop_sku"]}, 3) == _validating_file(content, 3)


def test_a_price_past_64_bits_reaches_the_file_unrounded() -> None:
    price = 123456789012345678901  # 1.2345678901234568e20 as orjson reads it
    offer = {"offer_id": 1, "shop_sku": "A", "product_sku": "P", "price": price, "quantity": 1}
    content = json.dumps({"offers": [offer], "total_count": 1}).encode()
    (row,) = read_offer_rows(content, {"A"}).offers
    assert isinstance(row, PlainOffer)  # still plain, from the page read whole
    line = offer_file([PlainUpdate(row, 2, None)]).decode().splitlines()[1]
    assert line.split(";")[3] == f'"{price}"'
    assert _plain_file(content, {"A"}, 2) == _validating_file(content, 2)
