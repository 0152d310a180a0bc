"""No secret in any log record, repr, exception or cassette, whatever a host runs (issue 12).

Every flow runs at DEBUG, every logger to the root, with recognisable fake secrets: the Etsy,
FNAC and Mirakl clients and channels (sync and async) against their sandboxes, with faults
that make a server quote the keys and tokens it was sent, echo the request's headers, or cut a
token answer short; Etsy webhooks; the CLI's connect and look-up commands; a support case
recorded and replayed; the sync jobs. Everything a person could read afterwards is collected:
each log record (message, arguments, traceback), the repr of every object the flows handed
back, each exception (text, repr, args, excerpt, parsed body, notes, causes), the CLI's output
and log file, and the cassette. None may hold a secret, or a 12-character piece of one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from pydantic import SecretStr
from tests.cli.support import Cli, ServedEtsy, ServedFnac, free_port

import marketplace_sdk
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ApiError
from marketplace_sdk.core._models import Shipment, StockUpdate
from marketplace_sdk.etsy import (
    AsyncEtsyChannel,
    AsyncEtsyClient,
    EtsyChannel,
    EtsyClient,
    MemoryTokenStore,
    WebhookVerifier,
    start_authorization,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import (
    AsyncFnacChannel,
    AsyncFnacClient,
    FnacChannel,
    FnacClient,
    FnacCredentials,
)
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl import MiraklCatalogClient, MiraklProfile
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.support import record_case, replay_case
from marketplace_sdk.sync import MemoryCursorStore, MemorySink, Runtime, ShopRef, run_job
from marketplace_sdk.sync import standard_schedule as schedule_of
from marketplace_sdk.testing import Fault, LoopbackServer

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(days=30)

ETSY_SHARED_SECRET = "FAKE-ETSY-SHARED-SECRET-c0ffee01"
# A uuid, as FNAC's schema requires of a partner id, yet unmistakable in any output.
FNAC_PARTNER_ID = "FA4EFACE-C0FF-4EE0-8000-00000C0FFEE2"
FNAC_KEY = "FAKE-FNAC-KEY-C0FFEE03"
MIRAKL_KEY = "fake-mirakl-api-key-c0ffee04"
ROTATED_ACCESS = "87654321.FAKE-ROTATED-ACCESS-c0ffee05"
ROTATED_REFRESH = "87654321.FAKE-ROTATED-REFRESH-c0ffee06"
CUT_FNAC_TOKEN = "FAKE-CUT-FNAC-TOKEN-C0FFEE07"
WEBHOOK_SECRET = "whsec_RkFLRS1XRUJIT09LLVNFQ1JFVC1jMGZmZWUwOA=="
PIECE = 12


@attrs.define
class Watch:
    """The secrets in play, and everything shown that must hold none of them."""

    secrets: set[str] = attrs.Factory(
        lambda: (
            {ETSY_SHARED_SECRET, FNAC_PARTNER_ID, FNAC_KEY, MIRAKL_KEY, WEBHOOK_SECRET}
            | {ROTATED_ACCESS, ROTATED_REFRESH, CUT_FNAC_TOKEN}
        )
    )
    shown: list[tuple[str, str]] = attrs.Factory(list)
    errors: int = 0

    def text(self, where: str, text: str) -> None:
        self.shown.append((where, text))

    def reprs(self, where: str, *objects: object) -> None:
        for item in objects:
            self.text(f"{where}: repr of {type(item).__name__}", repr(item))

    def error(self, where: str, error: BaseException) -> None:
        self.errors += 1
        seen: set[int] = set()
        current: BaseException | None = error
        while current is not None and id(current) not in seen:  # the error and its causes
            seen.add(id(current))
            parts = [str(current), repr(current), repr(current.args)]
            for name in ("message", "url", "body_excerpt"):
                parts.append(str(getattr(current, name, "")))
            parts.append(repr(getattr(current, "body", None)))
            parts += [str(note) for note in getattr(current, "__notes__", [])]
            self.text(f"{where}: {type(current).__name__}", "\n".join(parts))
            current = current.__cause__ or current.__context__

    def failing(self, where: str, action: Callable[[], object]) -> BaseException:
        """Run `action`, which must fail, and keep its error."""
        with pytest.raises(Exception) as caught:  # noqa: PT011 - any failure is collected
            action()
        self.error(where, caught.value)
        return caught.value

    def logs(self, caplog: pytest.LogCaptureFixture) -> None:
        for record in caplog.records:
            self.text(f"log {record.name}", f"{record.getMessage()} {record.args!r}")
        self.text("formatted logs", caplog.text)

    def leaks(self) -> list[str]:
        pieces = {
            secret[i : i + PIECE]: secret
            for secret in self.secrets
            for i in range(max(1, len(secret) - PIECE + 1))
        }
        found = []
        for where, text in self.shown:
            for piece, secret in pieces.items():
                if piece in text:
                    at = text.index(piece)
                    found.append(f"{where}: {secret!r} in ...{text[max(0, at - 60) : at + 40]!r}")
                    break
        return found


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


# -- the sandboxes, with recognisable secrets --------------------------------------------------


def etsy_sandbox(watch: Watch, clock: FakeClock, **options: Any) -> EtsySandbox:
    sandbox = EtsySandbox.seeded(listings=10, orders=8, days=30, clock=clock, seed=5, **options)
    sandbox.app.shared_secret = SecretStr(ETSY_SHARED_SECRET)
    issue = sandbox.oauth._token_text

    def issued(length: int) -> str:  # every code and token the sandbox hands out is a secret
        value = issue(length)
        watch.secrets.add(value)
        return value

    sandbox.oauth._token_text = issued  # type: ignore[method-assign]
    return sandbox


def fnac_sandbox(clock: FakeClock) -> FnacSandbox:
    sandbox = FnacSandbox.seeded(offers=6, orders=6, days=30, clock=clock, seed=4)
    credentials = attrs.evolve(
        sandbox.credentials, partner_id=FNAC_PARTNER_ID, key=FNAC_KEY, mirakl_api_key=MIRAKL_KEY
    )
    sandbox.credentials = sandbox.gate.credentials = credentials
    return sandbox


def fnac_credentials(sandbox: FnacSandbox) -> FnacCredentials:
    return FnacCredentials(
        partner_id=FNAC_PARTNER_ID, shop_id=sandbox.credentials.shop_id, key=FNAC_KEY
    )


def fnac_tokens(watch: Watch, sandbox: FnacSandbox) -> None:
    watch.secrets.update(sandbox.state.tokens)


def token_answer_cut_short() -> bytes:
    whole = (
        f'{{"access_token": "{ROTATED_ACCESS}", "token_type": "Bearer", "expires_in": 3600, '
        f'"refresh_token": "{ROTATED_REFRESH}"}}'
    )
    return whole[: whole.index(ROTATED_REFRESH) + 20].encode()


# -- Etsy ------------------------------------------------------------------------------------


def connected_etsy(sandbox: EtsySandbox, clock: FakeClock) -> EtsyClient:
    store = MemoryTokenStore()
    client = EtsyClient(
        sandbox.keystring, ETSY_SHARED_SECRET, store, transport=sandbox.transport(), clock=clock
    )
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
    client.connect(flow, sandbox.approve_consent(flow.url))
    return client


def echo_faults(sandbox: EtsySandbox, client: EtsyClient) -> None:
    """Errors that quote the credentials the request carried."""
    pair = client._setup.auth.token
    assert pair is not None
    access = pair.access_token.get_secret_value()
    refresh = pair.refresh_token.get_secret_value()
    api_key = f"{sandbox.keystring}:{ETSY_SHARED_SECRET}"
    sandbox.faults.add(
        Fault.error(400, {"error": f"token {access} of app {api_key} cannot read this"}),
        method="GET", path=r"/receipts/\d+$",
    )  # fmt: skip
    echoed = f"Unauthorized\nauthorization: Bearer {access}\nx-api-key: {api_key}\n"
    sandbox.faults.add(
        Fault.error(401, echoed.encode(), headers={"content-type": "text/plain"}),
        method="GET", path=r"/receipts/\d+$", count=2,
    )  # fmt: skip
    sandbox.faults.add(
        Fault.error(503, {"error": "down", "refresh_token": refresh, "x-api-key": api_key}),
        method="GET", path=r"/receipts/\d+$", count=9,
    )  # fmt: skip


def test_etsy_client_channel_and_webhooks_keep_every_secret_hidden(
    watch: Watch, debug_logs: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(START)
    received: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    with LoopbackServer(receiver) as hooks, httpx.Client() as sender:
        sandbox = etsy_sandbox(watch, clock, webhook_sender=sender)
        sandbox.register_webhook(f"{hooks.url}/hooks", WEBHOOK_SECRET)
        client = connected_etsy(sandbox, clock)
        channel = EtsyChannel(client, sandbox.shop_id, clock=clock)
        products = list(channel.iter_products())
        orders = list(channel.iter_orders(clock.now() - WINDOW, clock.now()))
        order = channel.get_order(orders[0].order_id)
        shipment = Shipment(carrier="ups", tracking_number="1Z999", shipped_at=clock.now())
        shipped = channel.ready_to_ship(orders[0].order_id, shipment)
        sandbox.place_order(next(iter(sandbox.world.listings)))
        verifier = WebhookVerifier(WEBHOOK_SECRET, clock=clock)
        events = [verifier.verify(dict(r.headers), r.content) for r in received]
        watch.reprs("etsy webhooks", verifier, *events)
        assert events
        forged = dict(received[0].headers)
        forged["webhook-signature"] = "v1,AAAA" + forged["webhook-signature"][7:]
        watch.failing("forged webhook", lambda: verifier.verify(forged, received[0].content))

        clock.advance(3700)  # the access token expires: the next call refreshes it
        again = channel.get_order(orders[1].order_id)
        watch.reprs("etsy", client, channel, client._setup.auth, client._setup.config, order)
        watch.reprs("etsy", products[0], shipped, again, client._setup.auth.token_store)
        watch.reprs("etsy", client._setup.auth.refresh_call(), client._setup.auth.token)

        echo_faults(sandbox, client)
        for _ in range(3):
            watch.failing("etsy echo", lambda: channel.get_order(orders[2].order_id))
        clock.advance(3700)
        sandbox.faults.add(Fault.malformed(token_answer_cut_short()), path="/oauth/token")
        error = watch.failing("etsy cut token", lambda: channel.get_order(orders[3].order_id))
        assert isinstance(error, ApiError)
        client.close()

    async def async_flow() -> None:
        sandbox = etsy_sandbox(watch, clock)
        flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
        async with AsyncEtsyClient(
            sandbox.keystring, ETSY_SHARED_SECRET, MemoryTokenStore(),
            transport=sandbox.transport(), clock=clock,
        ) as client:  # fmt: skip
            await client.connect(flow, sandbox.approve_consent(flow.url))
            channel = AsyncEtsyChannel(client, sandbox.shop_id, clock=clock)
            orders = [o async for o in channel.iter_orders(clock.now() - WINDOW, clock.now())]
            watch.reprs("async etsy", client, channel, orders[0])
            sandbox.faults.add(
                Fault.error(403, {"error": f"secret {ETSY_SHARED_SECRET} is not this app's"}),
                method="GET",
            )
            try:
                await channel.get_order(orders[0].order_id)
            except Exception as error:  # collected and checked below
                watch.error("async etsy", error)
            else:
                pytest.fail("the fault did not fire")

    asyncio.run(async_flow())
    watch.logs(debug_logs)
    assert watch.errors >= 6
    assert not watch.leaks(), "\n".join(watch.leaks())


# -- FNAC and Mirakl -------------------------------------------------------------------------


def test_fnac_and_mirakl_clients_and_channels_keep_every_secret_hidden(
    watch: Watch, debug_logs: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(START)
    sandbox = fnac_sandbox(clock)
    mirakl = MiraklCatalogClient(
        MIRAKL_KEY, base_url="https://fnac.mirakl.sandbox", transport=sandbox.mirakl.transport(),
        clock=clock,
    )  # fmt: skip
    client = FnacClient(
        fnac_credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(),
        clock=clock,
    )  # fmt: skip
    channel = FnacChannel(client, catalog=mirakl)
    orders = list(channel.iter_orders(clock.now() - WINDOW, clock.now()))
    order = channel.get_order(orders[0].order_id)
    products = list(channel.iter_products())
    account = mirakl.get_account()
    fnac_tokens(watch, sandbox)
    token = next(iter(sandbox.state.tokens))
    watch.reprs("fnac", client, channel, client.config, client.config.auth, order, products[0])
    watch.reprs("mirakl", mirakl, account, fnac_credentials(sandbox))
    watch.reprs("fnac auth call", client.config.auth.refresh_call())  # type: ignore[union-attr]

    quoted = f"partner {FNAC_PARTNER_ID} with key {FNAC_KEY} and token {token} is refused"
    sandbox.fail_next("orders_query", "ERR_999", quoted, count=9)  # a token error: renewed once
    watch.failing(
        "fnac quoted", lambda: list(channel.iter_orders(clock.now() - WINDOW, clock.now()))
    )
    sandbox.faults.clear()
    echoed = (
        f'<orders_query_response status="ERROR" partner_id="{FNAC_PARTNER_ID}" token="{token}">'
        f'<error severity="FATAL" code="ERR_000">bad request</error></orders_query_response>'
    )
    sandbox.faults.add(Fault.error(200, echoed.encode()), operation="orders_query", count=9)
    watch.failing("fnac echoed", lambda: channel.get_order(orders[1].order_id))
    sandbox.faults.clear()
    sandbox.expire_tokens()
    cut = f'<auth_response status="OK"><token>{CUT_FNAC_TOKEN}'.encode()
    # A cut auth answer is asked again (buying a token can be repeated): cut every attempt.
    sandbox.faults.add(Fault.malformed(cut), operation="auth", count=9)
    watch.failing("fnac cut auth", lambda: channel.get_order(orders[1].order_id))

    mirakl_echo = f"Unauthorized request\nauthorization: {MIRAKL_KEY}\n".encode()
    sandbox.mirakl.faults.add(Fault.error(401, mirakl_echo), method="GET")
    watch.failing("mirakl echoed", mirakl.get_account)
    sandbox.faults.clear()

    async def async_flow() -> None:
        async with AsyncFnacClient(
            fnac_credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(),
            clock=clock,
        ) as client:  # fmt: skip
            channel = AsyncFnacChannel(client)
            orders = [o async for o in channel.iter_orders(clock.now() - WINDOW, clock.now())]
            watch.reprs("async fnac", client, channel, orders[0])
            fnac_tokens(watch, sandbox)
            sandbox.fail_next("orders_query", "ERR_999", f"key {FNAC_KEY} unknown", count=9)
            try:
                await channel.get_order(orders[0].order_id)
            except Exception as error:  # collected and checked below
                watch.error("async fnac", error)
            else:
                pytest.fail("the fault did not fire")

    asyncio.run(async_flow())
    client.close()
    mirakl.close()
    fnac_tokens(watch, sandbox)
    watch.logs(debug_logs)
    assert watch.errors >= 5
    assert not watch.leaks(), "\n".join(watch.leaks())


def test_the_mirakl_channel_keeps_every_secret_hidden(
    watch: Watch, debug_logs: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(START)
    sandbox = MiraklSandbox(clock=clock, api_key=MIRAKL_KEY)
    profile = MiraklProfile(shop_id=2000, api_key=MIRAKL_KEY, base_url="https://acme.mirakl.net")
    channel = marketplace_sdk.open_channel(
        "mirakl", profile, clock=clock, transports={"api": sandbox.transport()}
    )
    orders = list(channel.iter_orders(clock.now() - WINDOW, clock.now()))
    products = list(channel.iter_products())
    pushed = channel.push_stock([StockUpdate(sku=products[0].sku, quantity=2)])
    watch.reprs("mirakl", profile, channel, orders[0], products[0], *pushed)
    watch.text("mirakl profile dump", profile.model_dump_json())

    echoed = f"Unauthorized request\nauthorization: {MIRAKL_KEY}\n".encode()
    sandbox.faults.add(Fault.error(401, echoed), operation="OF21")
    watch.failing("mirakl echoed", lambda: channel.get_product(products[0].sku))
    quoted = {"status": 500, "message": f"key {MIRAKL_KEY} refused"}
    sandbox.faults.add(Fault.error(500, quoted), operation="OF24")
    clock.advance(120)
    (result,) = channel.push_stock([StockUpdate(sku=products[0].sku, quantity=3)])
    watch.reprs("mirakl lost import", result)
    sandbox.faults.add(Fault.error(400, quoted), operation="OR11", count=9)
    clock.advance(120)
    watch.failing(
        "mirakl quoted", lambda: list(channel.iter_orders(clock.now() - WINDOW, clock.now()))
    )
    sandbox.faults.clear()
    marketplace_sdk.close_channel(channel)
    watch.logs(debug_logs)
    assert watch.errors >= 2
    assert not watch.leaks(), "\n".join(watch.leaks())


# -- the sync jobs ---------------------------------------------------------------------------


def test_the_sync_jobs_keep_every_secret_hidden(
    watch: Watch, debug_logs: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock(START)
    etsy = etsy_sandbox(watch, clock)
    fnac = fnac_sandbox(clock)
    channels = {
        "etsy": EtsyChannel(connected_etsy(etsy, clock), etsy.shop_id, clock=clock),
        "fnac": FnacChannel(
            FnacClient(
                fnac_credentials(fnac), base_url=fnac.base_url, transport=fnac.transport(),
                clock=clock,
            )
        ),
    }  # fmt: skip
    runtime = Runtime(
        channel_for=lambda ref: channels[ref.marketplace],
        cursors=MemoryCursorStore(),
        sink=MemorySink(),
        clock=clock,
        stock_for=lambda ref: lambda sku: 1_000,
    )
    shops = [ShopRef(key, channel.shop_id) for key, channel in channels.items()]
    runs = [run_job(spec, shop, runtime) for spec in schedule_of(shops) for shop in spec.shops]
    fnac_tokens(watch, fnac)
    token = next(iter(fnac.state.tokens))
    etsy.faults.add(
        Fault.error(500, {"error": f"secret {ETSY_SHARED_SECRET} rejected"}), method="GET", count=99
    )
    fnac.fail_next("orders_query", "ERR_999", f"token {token} of {FNAC_PARTNER_ID}", count=99)
    clock.advance(600)
    for spec in schedule_of(shops):
        if spec.id == "orders.new":
            runs += [run_job(spec, shop, runtime) for shop in spec.shops]
    failed = [run for run in runs if not run.ok]
    assert failed, "the faults made runs fail"
    assert any(run.ok for run in runs)
    watch.reprs("sync", runtime, *runs)
    for run in failed:
        watch.text(f"sync {run.job_id} error", str(run.error))
    watch.logs(debug_logs)
    assert not watch.leaks(), "\n".join(watch.leaks())


# -- support cases ---------------------------------------------------------------------------


def test_a_recorded_and_replayed_case_keeps_every_secret_hidden(
    watch: Watch, debug_logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    clock = FakeClock(START)
    etsy = etsy_sandbox(watch, clock)
    fnac = fnac_sandbox(clock)
    path = tmp_path / "case.yaml"

    def session(etsy_url: str, fnac_url: str, store: MemoryTokenStore) -> list[str]:
        with EtsyClient(
            etsy.keystring, ETSY_SHARED_SECRET, store, base_url=etsy_url, clock=clock
        ) as client:
            channel = EtsyChannel(client, etsy.shop_id, clock=clock)
            ids = [o.order_id for o in channel.iter_orders(clock.now() - WINDOW, clock.now())]
        with FnacClient(fnac_credentials(fnac), base_url=fnac_url, clock=clock) as client:
            channel_f = FnacChannel(client)
            ids += [o.order_id for o in channel_f.iter_orders(clock.now() - WINDOW, clock.now())]
        return ids

    given = etsy.connect()
    watch.secrets.update({given.access_token, given.refresh_token})
    clock.advance(3700)  # expired: the recorded session refreshes first

    def fresh_store() -> MemoryTokenStore:
        from marketplace_sdk.etsy import TokenPair

        return MemoryTokenStore(
            TokenPair(
                access_token=given.access_token,
                refresh_token=given.refresh_token,
                expires_at=clock.now() - timedelta(seconds=1),
            )
        )

    with (
        etsy.serve() as etsy_server,
        fnac.serve() as fnac_server,
        record_case(path, secrets=[FNAC_PARTNER_ID]) as case,
    ):
        recorded = session(etsy_server.url, fnac_server.url + "/api.php/", fresh_store())
    fnac_tokens(watch, fnac)
    assert case.interactions > 3
    dead = "http://127.0.0.1:9"
    with replay_case(path, secrets=[FNAC_PARTNER_ID]) as replay:
        replayed = session(dead, dead + "/api.php/", fresh_store())
    assert replayed == recorded
    watch.reprs("support", case, replay, case.scrubber)
    watch.text("cassette", path.read_text(encoding="utf-8"))
    watch.logs(debug_logs)
    assert not watch.leaks(), "\n".join(watch.leaks())


# -- the CLI ---------------------------------------------------------------------------------


def test_the_cli_connect_and_look_up_commands_keep_every_secret_hidden(
    watch: Watch, debug_logs: pytest.LogCaptureFixture, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for name in ("MARKETPLACE_SDK_HOME", "ETSY_SHARED_SECRET", "FNAC_KEY", "FNAC_MIRAKL_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    clock = FakeClock(START)
    cli = Cli(home=tmp_path / "home", clock=clock)
    log_file = tmp_path / "cli.log"
    etsy = etsy_sandbox(watch, clock)
    redirect_uri = f"http://127.0.0.1:{free_port()}/callback"
    etsy.app.redirect_uris.append(redirect_uri)
    fnac = fnac_sandbox(clock)
    verbose = ["-vv", "--log-file", str(log_file)]
    with (
        etsy.serve() as etsy_server,
        fnac.serve() as fnac_server,
        fnac.mirakl.serve() as mirakl_server,
    ):
        served_etsy = ServedEtsy(etsy, etsy_server, redirect_uri)
        served_fnac = ServedFnac(fnac, fnac_server.url + "/api.php/", mirakl_server.url)
        results = [
            cli.run(*verbose, *served_etsy.connect_args(),
                    env={"ETSY_SHARED_SECRET": ETSY_SHARED_SECRET}),
            cli.run(*verbose, *served_fnac.connect_args(),
                    env={"FNAC_KEY": FNAC_KEY, "FNAC_MIRAKL_API_KEY": MIRAKL_KEY}),
        ]  # fmt: skip
        assert all(result.exit_code == 0 for result in results), [r.output for r in results]
        for marketplace in ("etsy", "fnac"):
            look_up = [marketplace, "orders", "list", "--profile", "shop", "--days", "30"]
            results.append(cli.run(*verbose, *look_up))
            results.append(cli.run(*verbose, *look_up, "--json"))
            results.append(cli.run(*verbose, marketplace, "products", "list", "--profile", "shop"))
            case = tmp_path / f"{marketplace}.yaml"
            results.append(cli.run(*verbose, "support", "record", str(case), "--", *look_up))
            results.append(cli.run(*verbose, "support", "replay", str(case), "--", *look_up))
            watch.text(f"{marketplace} cassette", case.read_text(encoding="utf-8"))
        results.append(cli.run(*verbose, "profiles"))
        clock.advance(3700)
        etsy.faults.add(
            Fault.error(403, {"error": f"x-api-key: {etsy.keystring}:{ETSY_SHARED_SECRET}"}),
            method="GET", count=99,
        )  # fmt: skip
        results.append(cli.run(*verbose, "etsy", "orders", "list", "--profile", "shop"))
        assert results[-1].exit_code != 0
    fnac_tokens(watch, fnac)
    for result in results:
        watch.text("cli output", result.output)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            watch.error("cli", result.exception)
    watch.text("cli log file", log_file.read_text(encoding="utf-8"))
    watch.logs(debug_logs)
    assert not watch.leaks(), "\n".join(watch.leaks())
