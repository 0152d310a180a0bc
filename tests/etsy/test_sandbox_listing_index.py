"""The sandbox sorts a shop's listings once for all its pages, and sees every change between."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox, RateLimits


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(
        listings=120, orders=0, clock=clock, seed=5, rate_limits=RateLimits(per_second=10_000)
    )


@pytest.fixture
def client(sandbox: EtsySandbox) -> Iterator[httpx.Client]:
    tokens = sandbox.connect()
    headers = {
        "x-api-key": sandbox.api_key.get_secret_value(),
        "authorization": f"Bearer {tokens.access_token}",
    }
    with httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=headers
    ) as client:
        yield client


def page_ids(sandbox: EtsySandbox, client: httpx.Client, **params: object) -> list[int]:
    body = client.get(
        f"/v3/application/shops/{sandbox.shop_id}/listings",
        params={"limit": 100, "sort_order": "asc", **params},
    ).json()
    return [result["listing_id"] for result in body["results"]]


def expected(sandbox: EtsySandbox, state: str = "active") -> list[int]:
    listings = [item for item in sandbox.world.listings.values() if item.state == state]
    listings.sort(key=lambda item: (item.created, item.listing_id))
    return [item.listing_id for item in listings][:100]


def test_a_state_changed_between_pages_shows_on_the_next_page(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    assert page_ids(sandbox, client) == expected(sandbox)
    first = sandbox.world.listings[page_ids(sandbox, client)[0]]

    first.state = "inactive"  # as a test or another route would change it

    assert first.listing_id not in page_ids(sandbox, client)
    assert first.listing_id in page_ids(sandbox, client, state="inactive")
    assert page_ids(sandbox, client) == expected(sandbox)


def test_a_new_or_replaced_listing_shows_on_the_next_page(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    before = page_ids(sandbox, client, sort_on="updated", sort_order="desc")
    listing = sandbox.world.listings[before[-1]]

    listing.updated = sandbox.world.now().replace(year=2030)

    assert page_ids(sandbox, client, sort_on="updated", sort_order="desc")[0] == listing.listing_id
