"""Issue 15, item 8: one name per thing; the old names still work, with a DeprecationWarning."""

from __future__ import annotations

import httpx
import pytest
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._display import to_text, view
from marketplace_sdk.core._models import Product, ProductDraft, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.etsy import WebhookVerifier
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.sync import MemorySink, ShopRef, fetch_on_webhook

URL = "https://img.example/mug.jpg"


def test_issue15_item8_product_images_are_named_as_the_drafts_ones() -> None:
    product = Product(sku="MUG", title="Mug", marketplace_id="1", image_urls=(URL,))
    draft = ProductDraft(
        sku="MUG", title="Mug", stock=1, price=Money(amount="9", currency="EUR"), image_urls=(URL,)
    )
    assert product.image_urls == draft.image_urls == (URL,)
    assert "image_urls" in product.model_dump()
    assert "image_url" not in product.model_dump()


def test_issue15_item8_the_old_image_url_still_works_and_warns() -> None:
    with pytest.warns(DeprecationWarning, match="image_urls"):
        old = Product(sku="MUG", title="Mug", marketplace_id="1", image_url=URL)
    assert old.image_urls == (URL,)
    with pytest.warns(DeprecationWarning, match="image_urls"):
        assert old.image_url == URL
    with pytest.warns(DeprecationWarning, match="image_urls"):
        stored = Product.model_validate(
            {"sku": "A", "title": "A", "marketplace_id": "2", "image_url": None}
        )
    assert stored.image_urls == ()


def test_issue15_item8_etsy_and_fnac_share_products_deduped(clock: FakeClock) -> None:
    from marketplace_sdk.etsy import EtsyChannel
    from marketplace_sdk.fnac import FnacChannel

    assert callable(EtsyChannel.products_deduped)
    assert callable(FnacChannel.products_deduped)
    sandbox = EtsySandbox.seeded(listings=12, orders=0, clock=clock, seed=4, duplicate_skus=2)
    channel = make_channel(sandbox, clock)
    result = channel.products_deduped()
    assert result.duplicates
    assert channel.last_import_duplicates == result.duplicates
    with pytest.warns(DeprecationWarning, match="products_deduped"):
        again = channel.import_products()
    assert again == result


def test_issue15_item8_fetch_on_webhook_takes_the_hosts_sink(clock: FakeClock) -> None:
    received: list[httpx.Request] = []

    def receive(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    sender = httpx.Client(transport=httpx.MockTransport(receive))
    sandbox = EtsySandbox.seeded(listings=5, orders=0, clock=clock, seed=8, webhook_sender=sender)
    verifier = WebhookVerifier(
        sandbox.register_webhook("http://127.0.0.1:8/hooks").secret, clock=clock
    )
    channel = make_channel(sandbox, clock)
    receipt = sandbox.place_order(sandbox.add_listing("HOOK-SINK", quantity=3))
    event = verifier.verify(received[-1].headers, received[-1].content)

    sink = MemorySink()
    report = fetch_on_webhook(channel, event, sink)

    shop = ShopRef("etsy", str(sandbox.shop_id))
    assert set(sink.orders_of(shop)) == {str(receipt)}
    assert report.records == 1


def test_issue15_item8_to_text_of_a_list_prints_the_table() -> None:
    records = [StockUpdate(sku="MUG-1", quantity=3), StockUpdate(sku="MUG-2", quantity=0)]
    text = to_text(records, width=60)
    assert text == to_text(view(records), width=60)
    assert "StockUpdate(" not in text
    assert "┃ sku" in text
    assert to_text(tuple(records), width=60) == text
