# Generated from tests/fnac/_async/test_client_wire.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The FNAC client against a scripted FNAC on an httpx mock transport: tokens, batches, paging."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from lxml import etree

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import (
    AuthenticationError,
    ConflictError,
    DeadlineExceededError,
    TokenRevokedError,
)
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.fnac import (
    TEST_URL,
    FnacClient,
    FnacCredentials,
    OfferUpdate,
    OrdersQueryRequest,
    OrderState,
    OrderUpdate,
    ProductReference,
)
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._models import ResponseStatus

NS = "http://www.fnac.com/schemas/mp-dialog.xsd"
PARTNER = "11111111-1111-4111-8111-111111111111"
SHOP = "22222222-2222-4222-8222-222222222222"
KEY = "very-secret-key-value"
TOKENS = [f"00000000-0000-4000-8000-00000000000{n}" for n in range(1, 10)]
ORDER_ID = "57BEAFDA828A8"


def answer(service: str, inner: str = "", status: str = "OK") -> httpx.Response:
    body = f'<{service}_response status="{status}" xmlns="{NS}">{inner}</{service}_response>'
    return httpx.Response(200, content=body.encode())


class FakeFnac:
    """Just enough of FNAC: tokens, offer batches, two pages of orders, order updates."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.requests: list[tuple[str, etree._Element]] = []
        self.tokens_issued = 0
        self.expire_next_token_check = False
        self.batch_polls_before_done = 2
        self.polls = 0
        self.handlers: dict[str, Callable[[etree._Element], httpx.Response]] = {
            "auth": self.auth,
            "offers_update": self.offers_update,
            "batch_status": self.batch_status,
            "orders_query": self.orders_query,
            "orders_update": self.orders_update,
            "pricing_query": self.pricing_query,
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        service = request.url.path.rsplit("/", 1)[-1]
        root = etree.fromstring(request.content)
        self.requests.append((service, root))
        if service != "auth":
            token = root.get("token")
            if self.expire_next_token_check or token != TOKENS[self.tokens_issued - 1]:
                self.expire_next_token_check = False
                return answer(
                    service, '<error severity="ERROR" code="ERR_025">Invalid token</error>', "ERROR"
                )
            assert (root.get("partner_id"), root.get("shop_id")) == (PARTNER, SHOP)
        return self.handlers[service](root)

    def services(self) -> list[str]:
        return [service for service, _ in self.requests]

    def auth(self, root: etree._Element) -> httpx.Response:
        if root.findtext(f"{{{NS}}}key") != KEY:
            return answer(
                "auth", '<error severity="ERROR" code="ERR_001">Wrong key</error>', "ERROR"
            )
        token = TOKENS[self.tokens_issued]
        self.tokens_issued += 1
        validity = (self.clock.now() + timedelta(hours=1)).isoformat()
        return answer("auth", f"<token>{token}</token><validity>{validity}</validity>")

    def offers_update(self, root: etree._Element) -> httpx.Response:
        count = len(root)
        return answer("offers_update", f"<batch_id>BATCH-{count}</batch_id>")

    def batch_status(self, root: etree._Element) -> httpx.Response:
        self.polls += 1
        batch_id = root.findtext(f"{{{NS}}}batch_id")
        if self.polls <= self.batch_polls_before_done:
            return answer("batch_status", f"<batch_id>{batch_id}</batch_id>", "RUNNING")
        offers = (
            '<offer status="OK"><offer_seller_id>SKU-1</offer_seller_id></offer>'
            '<offer status="ERROR"><offer_seller_id>SKU-2</offer_seller_id>'
            '<error severity="ERROR" code="ERR_027">Price out of range</error></offer>'
        )
        return answer("batch_status", f"<batch_id>{batch_id}</batch_id>{offers}")

    def orders_query(self, root: etree._Element) -> httpx.Response:
        page = int(root.findtext(f"{{{NS}}}paging") or "1")
        orders = "".join(
            f"<order><order_id>ORDER{page}{n:08d}</order_id><state>Created</state></order>"
            for n in range(2 if page == 1 else 1)
        )
        paging = (
            f"<page>{page}</page><total_paging>2</total_paging><nb_total_result>3</nb_total_result>"
        )
        return answer("orders_query", paging + orders)

    def orders_update(self, root: etree._Element) -> httpx.Response:
        results = []
        for order in root:
            order_id = order.get("order_id")
            if order_id == "SHIPPEDALREADY":
                results.append(
                    f"<order><status>ERROR</status><order_id>{order_id}</order_id>"
                    '<error severity="ERROR" code="ERR_109">state</error></order>'
                )
            else:
                results.append(
                    f"<order><status>OK</status><order_id>{order_id}</order_id>"
                    "<state>Accepted</state></order>"
                )
        return answer("orders_update", "".join(results))

    def pricing_query(self, root: etree._Element) -> httpx.Response:
        products = "".join(
            f"<pricing_product><product_reference type='Ean'>{ref.text}</product_reference>"
            "</pricing_product>"
            for ref in root
        )
        return answer(
            "pricing_query", '<error severity="WARNING" code="ERR_900">slow</error>' + products
        )


@pytest.fixture
def fake(clock: FakeClock) -> FakeFnac:
    return FakeFnac(clock)


@pytest.fixture
def client(fake: FakeFnac, clock: FakeClock) -> Iterator[FnacClient]:
    with FnacClient(
        FnacCredentials(partner_id=PARTNER, shop_id=SHOP, key=KEY),
        base_url=TEST_URL,
        transport=httpx.MockTransport(fake),
        clock=clock,
        retry=RetryPolicy(max_attempts=2, base_delay=0.0),
    ) as client:
        yield client


def test_authenticates_once_and_reuses_the_token(client: FnacClient, fake: FakeFnac) -> None:
    client.pricing_query([ProductReference(value="1")])
    client.pricing_query([ProductReference(value="2")])
    assert fake.services() == ["auth", "pricing_query", "pricing_query"]
    auth_root = fake.requests[0][1]
    assert auth_root.findtext(f"{{{NS}}}partner_id") == PARTNER


def test_renews_the_token_before_its_validity(
    client: FnacClient, fake: FakeFnac, clock: FakeClock
) -> None:
    client.pricing_query([ProductReference(value="1")])
    clock.advance(timedelta(minutes=56).total_seconds())
    client.pricing_query([ProductReference(value="1")])
    assert fake.services() == ["auth", "pricing_query", "auth", "pricing_query"]


def test_a_token_error_renews_once_and_resends(client: FnacClient, fake: FakeFnac) -> None:
    client.pricing_query([ProductReference(value="1")])
    fake.expire_next_token_check = True
    products = client.pricing_query([ProductReference(value="2")])
    assert [p.product_reference for p in products] == ["2"]
    assert fake.services() == ["auth", "pricing_query", "pricing_query", "auth", "pricing_query"]


def test_refused_credentials_raise_token_revoked(fake: FakeFnac, clock: FakeClock) -> None:
    with FnacClient(
        FnacCredentials(partner_id=PARTNER, shop_id=SHOP, key="wrong"),
        transport=httpx.MockTransport(fake),
        clock=clock,
    ) as client:
        with pytest.raises(TokenRevokedError) as caught:
            client.carriers_query()
    assert caught.value.code == "ERR_001"
    assert isinstance(caught.value, AuthenticationError)


def test_the_key_and_token_never_reach_logs_or_reprs(
    client: FnacClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.pricing_query([ProductReference(value="1")])
    text = caplog.text + repr(client) + repr(client.config.auth)
    assert KEY not in text
    assert TOKENS[0] not in text


def test_25000_offers_are_three_calls_with_per_sku_outcomes(
    client: FnacClient, fake: FakeFnac, clock: FakeClock
) -> None:
    fake.batch_polls_before_done = 0
    offers = [OfferUpdate(offer_reference=f"SKU-{n}", quantity=n % 10) for n in range(25_000)]
    results = client.offers_update_and_wait(offers)
    assert [s for s in fake.services() if s == "offers_update"] == ["offers_update"] * 3
    sizes = [len(root) for service, root in fake.requests if service == "offers_update"]
    assert sizes == [10_000, 10_000, 5_000]
    assert len(results) == 3
    outcome = {o.offer_seller_id: (o.ok, [e.code for e in o.errors]) for o in results[0].offers}
    assert outcome == {"SKU-1": (True, []), "SKU-2": (False, ["ERR_027"])}


def test_an_offers_update_without_a_batch_is_its_own_outcome(
    client: FnacClient, fake: FakeFnac
) -> None:
    def refused(root: etree._Element) -> httpx.Response:
        return answer("offers_update", '<error severity="WARNING" code="ERR_900">busy</error>')

    fake.handlers["offers_update"] = refused
    (status,) = client.offers_update_and_wait([OfferUpdate(offer_reference="A", quantity=1)])
    assert status.is_done
    assert [w.code for w in status.warnings] == ["ERR_900"]
    assert "batch_status" not in fake.services()


def test_wait_for_batch_polls_on_the_clock(
    client: FnacClient, fake: FakeFnac, clock: FakeClock
) -> None:
    status = client.wait_for_batch("B1", poll_interval=30)
    assert status.is_done
    assert status.status is ResponseStatus.OK
    assert clock.sleeps.count(30) == 2
    assert fake.polls == 3


def test_wait_for_batch_gives_up_after_its_timeout(client: FnacClient, fake: FakeFnac) -> None:
    fake.batch_polls_before_done = 1_000
    with pytest.raises(DeadlineExceededError, match="still RUNNING"):
        client.wait_for_batch("B1", poll_interval=60, timeout=300)
    assert fake.polls == 6  # at 0, 60, ..., 300 seconds


def test_orders_page_lazily(client: FnacClient, fake: FakeFnac) -> None:
    iterator = client.orders_query(OrdersQueryRequest(states=[OrderState.CREATED]))
    first = next(iterator)
    assert first.order_id == "ORDER100000000"
    assert fake.services().count("orders_query") == 1
    rest = [order for order in iterator]
    assert [o.order_id for o in rest] == ["ORDER100000001", "ORDER200000000"]
    pages = [root.findtext(f"{{{NS}}}paging") for s, root in fake.requests if s == "orders_query"]
    assert pages == ["1", "2"]


def test_accept_order_per_line_and_whole(client: FnacClient, fake: FakeFnac) -> None:
    result = client.accept_order(ORDER_ID, {1: True, 2: False})
    assert (result.order_id, result.state, result.ok) == (ORDER_ID, OrderState.ACCEPTED, True)
    order = fake.requests[-1][1][0]
    assert order.get("action") == "accept_order"
    actions = [d.findtext(f"{{{NS}}}action") for d in order]
    assert actions == ["Accepted", "Refused"]
    client.accept_order(ORDER_ID)
    assert fake.requests[-1][1][0].get("action") == "accept_all_orders"


def test_confirm_to_send_carries_tracking_and_carrier(client: FnacClient, fake: FakeFnac) -> None:
    client.confirm_to_send(ORDER_ID, tracking_number="1Z999", carrier="UPS")
    order = fake.requests[-1][1][0]
    assert order.get("action") == "confirm_all_to_send"
    detail = order[0]
    assert [
        detail.findtext(f"{{{NS}}}{n}") for n in ("action", "tracking_number", "tracking_company")
    ] == [
        "Shipped",
        "1Z999",
        "UPS",
    ]


def test_confirm_to_send_for_some_lines_names_them(client: FnacClient, fake: FakeFnac) -> None:
    client.confirm_to_send(ORDER_ID, tracking_number="1Z999", detail_ids=[2])
    order = fake.requests[-1][1][0]
    assert order.get("action") == "confirm_to_send"
    assert [d.findtext(f"{{{NS}}}order_detail_id") for d in order] == ["2"]


def test_order_errors_stay_per_order_and_calls_split_at_25(
    client: FnacClient, fake: FakeFnac
) -> None:
    updates = [OrderUpdate.accept_all(f"ORDER{n:08d}") for n in range(30)]
    results = client.orders_update(updates)
    assert fake.services().count("orders_update") == 2
    assert len(results) == 30
    assert all(result.ok for result in results)


def test_a_root_error_is_a_typed_error_even_with_http_200(
    fake: FakeFnac, client: FnacClient
) -> None:
    def conflict(root: etree._Element) -> httpx.Response:
        return answer(
            "orders_update",
            '<error severity="ERROR" code="ERR_109">Order current status is not valid</error>',
            "ERROR",
        )

    fake.handlers["orders_update"] = conflict
    with pytest.raises(ConflictError) as caught:
        client.accept_order(ORDER_ID)
    assert (caught.value.code, caught.value.status) == ("ERR_109", 200)
    assert caught.value.message == "Order current status is not valid"


def test_pricing_splits_by_ten(client: FnacClient, fake: FakeFnac) -> None:
    products = client.pricing_query([ProductReference(value=str(n)) for n in range(23)])
    assert len(products) == 23
    sizes = [len(root) for service, root in fake.requests if service == "pricing_query"]
    assert sizes == [10, 10, 3]


def test_root_warnings_stay_on_the_response(fake: FakeFnac) -> None:
    call = endpoints.pricing_query([ProductReference(value="1")])
    response = fake.pricing_query(etree.fromstring(call.request.content or b""))
    parsed = call.parse(response)
    assert [(w.code, w.message, w.is_warning) for w in parsed.warnings] == [
        ("ERR_900", "slow", True)
    ]
    assert parsed.products[0].product_reference == "1"


def test_one_client_runs_the_whole_flow(fake: FakeFnac, clock: FakeClock) -> None:
    fake.batch_polls_before_done = 1
    with FnacClient(
        FnacCredentials(partner_id=PARTNER, shop_id=SHOP, key=KEY),
        transport=httpx.MockTransport(fake),
        clock=clock,
    ) as client:
        (status,) = client.offers_update_and_wait(
            [OfferUpdate(offer_reference="SKU-1", quantity=3)], poll_interval=5
        )
        orders = [order.order_id for order in client.orders_query()]
        accepted = client.accept_order(ORDER_ID)
        fake.expire_next_token_check = True
        shipped = client.confirm_to_send(ORDER_ID, tracking_number="T", carrier="DHL")
    assert status.is_done
    assert clock.sleeps == [5]
    assert orders == ["ORDER100000000", "ORDER100000001", "ORDER200000000"]
    assert accepted.ok
    assert shipped.ok
    assert fake.services().count("auth") == 2


def test_default_base_url_is_production() -> None:
    client = FnacClient(FnacCredentials(partner_id="P", shop_id="S", key="k"))
    assert client.config.base_url == "https://vendeur.fnac.com/api.php/"
    client.close()


def test_auth_validity_is_stored_in_utc(client: FnacClient, clock: FakeClock) -> None:
    client.pricing_query([ProductReference(value="1")])
    auth = client.config.auth
    assert auth is not None
    assert auth.needs_refresh(clock.now()) is False
    assert auth.needs_refresh(datetime(2026, 1, 1, 0, 56, tzinfo=UTC)) is True
