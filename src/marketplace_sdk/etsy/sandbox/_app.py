"""`EtsySandbox`: a stateful simulator of Etsy Open API v3 for the operations an OMS uses.

It is an app in the sense of `marketplace_sdk.testing`: `sandbox(request) -> response`. Use it
in process (`sandbox.transport()`) or on a loopback port (`sandbox.serve()`).

Examples:
    >>> import httpx
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> sandbox = EtsySandbox(clock=FakeClock())
    >>> tokens = sandbox.connect()
    >>> client = httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL)
    >>> me = client.get("/v3/application/users/me", headers={
    ...     "x-api-key": sandbox.api_key.get_secret_value(),
    ...     "authorization": f"Bearer {tokens.access_token}"})
    >>> me.json() == {"user_id": sandbox.user_id, "shop_id": sandbox.shop_id}
    True
    >>> me.headers["x-remaining-this-second"]
    '9'
"""

from __future__ import annotations

import base64
import hashlib
import logging
import random
import threading
from collections.abc import Iterable, Mapping
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import attrs
import httpx
from pydantic import SecretStr

from marketplace_sdk.core._clock import Clock, FakeClock, SystemClock
from marketplace_sdk.etsy.sandbox import (
    _catalog as catalog,
)
from marketplace_sdk.etsy.sandbox import (
    _inventory as inventory,
)
from marketplace_sdk.etsy.sandbox import (
    _listings as listings,
)
from marketplace_sdk.etsy.sandbox import _payments as payments
from marketplace_sdk.etsy.sandbox import (
    _policies as policies,
)
from marketplace_sdk.etsy.sandbox import (
    _receipts as receipts,
)
from marketplace_sdk.etsy.sandbox._behaviours import ETSY_BEHAVIOURS
from marketplace_sdk.etsy.sandbox._fault_plan import EtsyFaultPlan
from marketplace_sdk.etsy.sandbox._oauth import OAuthServer
from marketplace_sdk.etsy.sandbox._operations import OMS_SCOPES, OPERATION_SCOPES
from marketplace_sdk.etsy.sandbox._orders import (
    OrderLine,
    add_simple_listing,
    cancel_order,
    mark_delivered,
    pay_order,
    place_order,
    refund_order,
)
from marketplace_sdk.etsy.sandbox._ratelimit import RateLimiter, RateLimits
from marketplace_sdk.etsy.sandbox._seed import add_catalog, seed_shop
from marketplace_sdk.etsy.sandbox._state import Listing, Receipt, SandboxApp
from marketplace_sdk.etsy.sandbox._webhooks import WebhookDispatcher, WebhookEndpoint
from marketplace_sdk.etsy.sandbox._wire import SandboxHTTPError, error_response
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import (
    Behaviours,
    CallLog,
    FaultPlan,
    LoopbackServer,
    Router,
    SandboxTransport,
)

__all__ = ["ETSY_API_URL", "EtsySandbox", "SandboxTokens"]

logger = logging.getLogger(__name__)

#: The base URL Etsy serves the API on; the in-process transport accepts any host.
ETSY_API_URL = "https://api.etsy.com"

#: Where ids start while ETSY-Q18 is on: past what a signed 32-bit integer holds.
LARGE_IDS_FROM = 2_598_717_001

_RATE_LIMIT_BODIES = {
    "second": "Exceeded per second rate limit",
    "day": "Exceeded daily rate limit",
}


@attrs.frozen
class SandboxTokens:
    """A token pair the sandbox issued (tokens are hidden from the repr).

    Examples:
        >>> SandboxTokens("1.a", "1.r", 3600)
        SandboxTokens(expires_in=3600)
    """

    access_token: str = attrs.field(repr=False)
    refresh_token: str = attrs.field(repr=False)
    expires_in: int


class EtsySandbox:
    """A simulated Etsy: one app, one seller and shop, OAuth, rate limits, webhooks and faults.

    Attributes:
        world: the state (listings, receipts, catalogues) for tests to inspect.
        faults: the `FaultPlan` both `transport()` and `serve()` consult.
        calls: every request served: method, path, operationId, status.
        webhooks: registered endpoints and the deliveries made.
        behaviours: Etsy's catalogued production behaviours (ETSY-Q01...), each on when
            reproduced; `behaviours.disable("ETSY-Q01")` serves the spec's reading instead.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> sandbox = EtsySandbox(clock=FakeClock())
        >>> receipt_id = sandbox.place_order(sandbox.add_listing("MUG-1", price="12.00"))
        >>> sandbox.receipt(receipt_id).status
        'Paid'
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        keystring: str = "sandbox-keystring",
        shared_secret: str = "sandbox-shared-secret",
        redirect_uris: Iterable[str] = ("http://localhost:8765/callback",),
        rate_limits: RateLimits | None = None,
        seed: int = 42,
        webhook_sender: httpx.Client | None = None,
        behaviours: Mapping[str, bool] | None = None,
    ) -> None:
        """An empty shop (catalogue only) for the app `keystring`/`shared_secret`.

        `behaviours` switches catalogued behaviours or their readings by id, e.g.
        ``{"ETSY-Q01": False}``; the rest keep their defaults.
        """
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.behaviours = Behaviours(ETSY_BEHAVIOURS, behaviours)
        self.world = World.empty(self.clock, seed=seed)
        self.world.behaviours = self.behaviours
        if self.behaviours.on("ETSY-Q18"):
            # Etsy's ids passed 2**31 long ago (receipt 2,598,717,198 was reported).
            self.world.start_ids_at(LARGE_IDS_FROM)
        add_catalog(self.world)
        self.app = SandboxApp(keystring, SecretStr(shared_secret), list(redirect_uris))
        self.world.apps[keystring] = self.app
        self.oauth = OAuthServer(self.world)
        self.rate_limiter = RateLimiter(self.clock, rate_limits or RateLimits())
        self.webhooks = WebhookDispatcher(
            self.clock,
            random.Random(seed + 1),
            webhook_sender,
            retries=lambda: self.behaviours.on("ETSY-Q30"),
        )
        self.faults: FaultPlan = EtsyFaultPlan(self.behaviours)
        self.calls = CallLog()
        self.router = Router()
        self.router.add("GET", "/oauth/connect", self._connect_route, operation="oauthConnect")
        self.router.add("POST", "/v3/public/oauth/token", self._token_route, operation="oauthToken")
        for module in (inventory, listings, receipts, catalog, policies, payments):
            module.register(self.router, self.world)
        self._lock = threading.RLock()

    @classmethod
    def seeded(
        cls,
        *,
        listings: int = 1000,
        variation_ratio: float = 0.3,
        orders: int = 200,
        days: int = 90,
        duplicate_skus: int = 5,
        seed: int = 42,
        clock: Clock | None = None,
        rate_limits: RateLimits | None = None,
        webhook_sender: httpx.Client | None = None,
        behaviours: Mapping[str, bool] | None = None,
    ) -> EtsySandbox:
        """A shop with `listings` listings (a share with variations) and `orders` receipts over
        the last `days` days; the same `seed` always builds the same shop.
        """
        sandbox = cls(
            clock=clock,
            seed=seed,
            rate_limits=rate_limits,
            webhook_sender=webhook_sender,
            behaviours=behaviours,
        )
        with sandbox._lock:
            seed_shop(
                sandbox.world,
                listings=listings,
                variation_ratio=variation_ratio,
                orders=orders,
                days=days,
                duplicate_skus=duplicate_skus,
            )
        return sandbox

    # identity ------------------------------------------------------------------------------

    @property
    def keystring(self) -> str:
        """The app's keystring (its OAuth client id)."""
        return self.app.keystring

    @property
    def api_key(self) -> SecretStr:
        """The `x-api-key` header value, `keystring:shared_secret`."""
        return SecretStr(f"{self.app.keystring}:{self.app.shared_secret.get_secret_value()}")

    @property
    def user_id(self) -> int:
        """The seller's user id (every token starts with it)."""
        return self.world.seller.user_id

    @property
    def shop_id(self) -> int:
        """The seller's shop id."""
        return self.world.seller.shop_id

    # serving -------------------------------------------------------------------------------

    def transport(self) -> SandboxTransport:
        """An httpx transport (sync and async) serving this sandbox in process."""
        return SandboxTransport(self, faults=self.faults, serialize=False)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> LoopbackServer:
        """A loopback HTTP server for this sandbox (start it, or use it as a context manager)."""
        return LoopbackServer(self, host, port, faults=self.faults, serialize=False)

    def operation_of(self, request: httpx.Request) -> str | None:
        """The operationId `request` resolves to (for `FaultPlan` rules and the call log)."""
        return self.router.operation_of(request)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Serve one request; webhooks it causes are delivered after the answer is ready."""
        with self._lock:
            operation = self.router.operation_of(request)
            response = self._dispatch(request)
            self.calls.record(request.method, request.url.path, operation, response.status_code)
        self.flush_webhooks()
        return response

    def _dispatch(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/oauth/connect" or path.startswith("/v3/public/"):
            return self._guarded(request, None)
        try:
            keystring = self.oauth.check_api_key(request.headers.get("x-api-key"))
        except SandboxHTTPError as refusal:
            return error_response(refusal.status, refusal.message)
        if not self.behaviours.on("ETSY-Q23"):
            return self._guarded(request, keystring)
        admission = self.rate_limiter.admit(keystring)
        if not admission.allowed:
            message = _RATE_LIMIT_BODIES[admission.exceeded or "second"]
            return error_response(429, message, headers=admission.headers)
        response = self._guarded(request, keystring)
        response.headers.update(admission.headers)
        return response

    def _guarded(self, request: httpx.Request, keystring: str | None) -> httpx.Response:
        match = self.router.match(request)
        if match is None and request.method == "PUT" and not self.behaviours.on("ETSY-Q09"):
            # Before its removal, updateListing's old PUT was served like the PATCH (ETSY-Q09);
            # with the behaviour on, the router refuses it (405) as after the removal.
            patch = httpx.Request(
                "PATCH", request.url, headers=request.headers, content=request.content
            )
            found = self.router.match(patch)
            if found is not None and found.route.operation == "updateListing":
                request, match = patch, found
        try:
            if match is None:
                return self.router(request)
            if keystring is not None:
                self._authorize(request, keystring, match.route.operation)
            return match.route.handler(request, match.params)
        except SandboxHTTPError as error:
            return error_response(error.status, error.message, extra=error.extra)
        except ValueError as error:
            return error_response(400, f"Invalid request: {error}")
        except Exception:
            logger.exception("the Etsy sandbox failed on %s %s", request.method, request.url.path)
            return error_response(500, "Internal sandbox error")
        finally:
            self.world.current_user_id = None

    def _authorize(self, request: httpx.Request, keystring: str, operation: str | None) -> None:
        scope = OPERATION_SCOPES.get(operation or "")
        if scope is None:
            # No scope needed; a valid token still says who asks (ETSY-Q19: SKUs are only
            # shown to the listing's owner).
            try:
                grant = self.oauth.authenticate(request.headers.get("authorization"), keystring)
            except SandboxHTTPError:
                return
            self.world.current_user_id = grant.user_id
            return
        grant = self.oauth.authenticate(request.headers.get("authorization"), keystring)
        if scope not in grant.scopes:
            raise SandboxHTTPError(
                403, "insufficient_scope", error_description=f"This call needs the {scope} scope"
            )
        self.world.current_user_id = grant.user_id

    def _connect_route(self, request: httpx.Request, params: object) -> httpx.Response:
        return self.oauth.handle_connect(request)

    def _token_route(self, request: httpx.Request, params: object) -> httpx.Response:
        if self.behaviours.on("ETSY-Q24.token-endpoint"):
            self.oauth.check_api_key(request.headers.get("x-api-key"))
        return self.oauth.handle_token(request)

    # OAuth helpers -------------------------------------------------------------------------

    def approve_consent(self, authorize_url: str, *, approve: bool = True) -> str:
        """The seller answers the consent page at `authorize_url`: the redirect URL back.

        This is the browser step of the PKCE flow, without a browser.
        """
        query = {key: values[-1] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
        with self._lock:
            return self.oauth.consent(query, approve=approve)

    def connect(self, scopes: Iterable[str] = OMS_SCOPES) -> SandboxTokens:
        """Run the whole PKCE flow in process and return the token pair (a test shortcut)."""
        verifier = "sandbox-verifier-" + "x" * 40
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        redirect_uri = self.app.redirect_uris[0]
        query = {
            "response_type": "code",
            "client_id": self.keystring,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": "sandbox",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        with self._lock:
            redirect = self.oauth.consent(query)
            code = parse_qs(urlsplit(redirect).query)["code"][0]
            form = {
                "grant_type": "authorization_code",
                "client_id": self.keystring,
                "redirect_uri": redirect_uri,
                "code": code,
                "code_verifier": verifier,
            }
            request = httpx.Request("POST", f"{ETSY_API_URL}/v3/public/oauth/token", data=form)
            body = self.oauth.handle_token(request).json()
        return SandboxTokens(body["access_token"], body["refresh_token"], body["expires_in"])

    def expire_access_tokens(self) -> None:
        """Make every access token expired now (a fault: the client must refresh)."""
        with self._lock:
            self.oauth.expire_access_tokens()

    def change_password(self) -> None:
        """The seller changes their password: every token is revoked (`invalid_grant`).

        With ETSY-Q26 off the tokens survive it (the kinder reading).
        """
        with self._lock:
            if self.behaviours.on("ETSY-Q26"):
                self.oauth.revoke_all()

    def remaining_today(self) -> int:
        """Requests the app may still make in the rolling day."""
        with self._lock:
            return self.rate_limiter.remaining_today(self.keystring)

    # shop and order helpers ----------------------------------------------------------------

    def add_listing(self, sku: str, price: Decimal | str = "10.00", quantity: int = 10) -> int:
        """An active single-product listing with one image; returns its listing id."""
        with self._lock:
            listing = add_simple_listing(
                self.world, sku=sku, price=Decimal(price), quantity=quantity
            )
        return listing.listing_id

    def listing(self, listing_id: int) -> Listing:
        """The listing record (for assertions)."""
        return self.world.listing(listing_id)

    def receipt(self, receipt_id: int) -> Receipt:
        """The receipt record (for assertions)."""
        return self.world.receipt(self.shop_id, receipt_id)

    def place_order(
        self,
        *lines: OrderLine | int,
        paid: bool = True,
        buyer_email: str = "buyer@example.com",
        country_iso: str = "US",
        address_withheld: bool = False,
    ) -> int:
        """A buyer orders `lines` (listing ids or `OrderLine`s); returns the receipt id.

        `address_withheld`: the buyer is in a region whose address Etsy withholds from the app
        (ETSY-Q31: the receipt's address fields come back empty).
        """
        order = [line if isinstance(line, OrderLine) else OrderLine(line) for line in lines]
        with self._lock:
            receipt = place_order(
                self.world,
                order,
                paid=paid,
                buyer_email=buyer_email,
                country_iso=country_iso,
                address_withheld=address_withheld,
            )
        self.flush_webhooks()
        return receipt.receipt_id

    def cancel_order(self, receipt_id: int) -> None:
        """The buyer cancels an unshipped order (status Canceled, stock returned)."""
        with self._lock:
            cancel_order(self.world, self.receipt(receipt_id))
        self.flush_webhooks()

    def mark_delivered(self, receipt_id: int) -> None:
        """The carrier delivers a shipped order (sends `order.delivered`)."""
        with self._lock:
            mark_delivered(self.world, self.receipt(receipt_id))
        self.flush_webhooks()

    def refund_order(
        self, receipt_id: int, amount: Decimal | None = None, *, reason: str = "Seller refund"
    ) -> None:
        """The seller refunds the rest (Fully Refunded) or `amount` (Partially Refunded).

        One more entry in the receipt's `refunds[]`; its totals and (ETSY-Q17) its
        `updated_timestamp` stay as they were.
        """
        with self._lock:
            refund_order(self.world, self.receipt(receipt_id), amount, reason=reason)

    def pay_order(self, receipt_id: int) -> None:
        """The buyer pays an unpaid receipt late (sends `order.paid`; ETSY-Q16: no timestamp
        moves)."""
        with self._lock:
            pay_order(self.world, self.receipt(receipt_id))
        self.flush_webhooks()

    def set_receipt_status(self, receipt_id: int, status: str) -> None:
        """Force a receipt's status, e.g. one Etsy may add later, to test a client's leniency.

        Answers carrying a status outside the document's enum no longer validate against it.
        """
        with self._lock:
            receipt = self.receipt(receipt_id)
            receipt.status = status
            receipt.updated = self.world.now()

    def advance(self, seconds: float) -> None:
        """Move the sandbox's `FakeClock` on; later changes carry the later timestamps.

        Webhook deliveries whose retry falls due meanwhile are made (ETSY-Q30).
        """
        if not isinstance(self.clock, FakeClock):
            raise TypeError("advance() needs the sandbox to run on a FakeClock")
        self.clock.advance(seconds)
        self.webhooks.retry_due()

    # webhooks ------------------------------------------------------------------------------

    def register_webhook(self, url: str, secret: str | None = None) -> WebhookEndpoint:
        """Send order events to `url` (loopback only), signed with `secret` (made if absent)."""
        with self._lock:
            return self.webhooks.register(url, secret)

    def flush_webhooks(self) -> None:
        """Deliver queued order events now (the sandbox does this after every change)."""
        with self._lock:
            events, self.world.events = self.world.events, []
        for event_type, receipt_id in events:
            payload: dict[str, object] = {
                "event_type": event_type,
                "resource_url": f"{ETSY_API_URL}/v3/application/shops/{self.shop_id}"
                f"/receipts/{receipt_id}",
                "shop_id": self.shop_id,
            }
            self.webhooks.deliver(event_type, payload)

    def close(self) -> None:
        """Release the webhook sender the sandbox made itself."""
        self.webhooks.close()
