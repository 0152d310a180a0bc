"""`FnacSandbox`: FNAC's XML web services simulated in memory, in process or on loopback.

Examples:
    >>> import httpx
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.fnac._xml import child_text, parse_xml
    >>> sandbox = FnacSandbox.seeded(offers=3, orders=2, clock=FakeClock())
    >>> creds = sandbox.credentials
    >>> client = httpx.Client(transport=sandbox.transport(), base_url=sandbox.base_url)
    >>> body = (f'<auth xmlns="http://www.fnac.com/schemas/mp-dialog.xsd"><partner_id>'
    ...         f'{creds.partner_id}</partner_id><shop_id>{creds.shop_id}</shop_id>'
    ...         f'<key>{creds.key}</key></auth>')
    >>> token = child_text(parse_xml(client.post("auth", content=body).content), "token")
    >>> query = (f'<offers_query xmlns="http://www.fnac.com/schemas/mp-dialog.xsd" '
    ...          f'partner_id="{creds.partner_id}" shop_id="{creds.shop_id}" token="{token}">'
    ...          '<paging>1</paging></offers_query>')
    >>> child_text(parse_xml(client.post("offers_query", content=query).content), "nb_total_result")
    '3'
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
from lxml import etree

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.fnac._xml import local_name
from marketplace_sdk.fnac.sandbox._auth import SandboxCredentials, TokenGate
from marketplace_sdk.fnac.sandbox._behaviours import FNAC_BEHAVIOURS
from marketplace_sdk.fnac.sandbox._mail_filters import (
    COMMENT_FILTERS,
    INCIDENT_FILTERS,
    INVOICE_FILTERS,
    MESSAGE_FILTERS,
)
from marketplace_sdk.fnac.sandbox._messages import MailDesk
from marketplace_sdk.fnac.sandbox._offers import BATCH_FILTERS, OFFER_FILTERS, OfferDesk
from marketplace_sdk.fnac.sandbox._orders import ORDER_FILTERS, OrderDesk
from marketplace_sdk.fnac.sandbox._schemas import RequestSchemas
from marketplace_sdk.fnac.sandbox._seed import catalogue_product, seed_shop
from marketplace_sdk.fnac.sandbox._state import Incident, Order, OrderLine, Product, ShopState
from marketplace_sdk.fnac.sandbox._wire import (
    Codes,
    ServiceError,
    ServiceHandler,
    add_error,
    error_document,
    parse_request,
    response_root,
    xml_response,
)
from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox
from marketplace_sdk.testing import (
    Behaviours,
    CallLog,
    Fault,
    FaultPlan,
    LoopbackServer,
    SandboxTransport,
)

__all__ = ["QUERY_FILTERS", "FnacSandbox"]

logger = logging.getLogger(__name__)

#: The elements each query service reads, by service: every one its XSD declares (filters,
#: `paging`, `sort_by`). A request naming any of them is answered as FNAC would filter it.
QUERY_FILTERS: Mapping[str, frozenset[str]] = {
    "offers_query": frozenset(OFFER_FILTERS),
    "orders_query": frozenset(ORDER_FILTERS),
    "batch_query": frozenset(BATCH_FILTERS),
    "messages_query": frozenset(MESSAGE_FILTERS),
    "incidents_query": frozenset(INCIDENT_FILTERS),
    "client_order_comments_query": frozenset(COMMENT_FILTERS),
    "shop_invoices_query": frozenset(INVOICE_FILTERS),
}

#: The base URL to give a client talking to `transport()`.
IN_PROCESS_BASE_URL = "http://fnac.sandbox/api.php/"

#: Text a buyer typed, which FNAC has sent encoded twice (FNAC-Q15).
_BUYER_TEXT = frozenset(
    {
        "client_firstname",
        "client_lastname",
        "firstname",
        "lastname",
        "message_subject",
        "message_description",
        "message",
    }
)
_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[+-]\d\d:\d\d$")


def _with_a_bad_byte(response: httpx.Response) -> httpx.Response:
    """`response` with a Latin-1 byte (invalid in UTF-8) at the start of its first CDATA."""
    content = response.read()
    marker = b"<![CDATA["
    at = content.find(marker)
    if at < 0:
        return response
    at += len(marker)
    broken = content[:at] + b"\xe9t\xe9 " + content[at:]
    headers = httpx.Headers(response.headers)
    headers.pop("content-length", None)
    return httpx.Response(response.status_code, headers=headers, content=broken)


class FnacSandbox:
    """A stateful FNAC shop answering the XML services as FNAC's recorded samples do.

    Requests are `POST <base>/<service>` with the service's XML document; the service is the
    last path segment, so any base path works. Time comes from `clock` (use a `FakeClock` in
    tests and move it with `advance`): tokens expire after `token_ttl` seconds, offer batches
    are applied `batch_delay` seconds after `offers_update`, accepted orders move to ToShip
    `debit_delay` seconds after acceptance. Requests are served one at a time.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> sandbox = FnacSandbox(clock=FakeClock())
        >>> sandbox.operation_of(httpx.Request("POST", "http://s/api.php/orders_query"))
        'orders_query'
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        seed: int = 42,
        token_ttl: float = 3600.0,
        batch_delay: float = 30.0,
        debit_delay: float = 60.0,
        behaviours: Mapping[str, bool] | None = None,
        schemas: Path | str | None = None,
    ) -> None:
        """An empty shop; `seeded` builds one with demo data.

        `behaviours` switches FNAC's catalogued behaviours or their readings by id, e.g.
        ``{"FNAC-Q02": False}``; the rest keep their defaults (see `behaviours`). `schemas` is
        the folder of FNAC's request XSDs (default: `$MARKETPLACE_SDK_FNAC_XSD`); with one,
        every request is validated against its service's XSD as FNAC does.
        """
        self.schemas = RequestSchemas.find(schemas)
        self.behaviours = Behaviours(FNAC_BEHAVIOURS, behaviours)
        self.state = ShopState(clock=clock or SystemClock(), seed=seed, behaviours=self.behaviours)
        self.credentials = SandboxCredentials.generate(self.state)
        self.gate = TokenGate(self.state, self.credentials, token_ttl=token_ttl)
        self.offers = OfferDesk(self.state, batch_delay=batch_delay)
        self.orders = OrderDesk(self.state, debit_delay=debit_delay)
        self.orders.shop_id = self.credentials.shop_id
        self.mail = MailDesk(self.state)
        self.faults = FaultPlan()
        self.calls = CallLog()
        self.base_url = IN_PROCESS_BASE_URL
        self._lock = threading.RLock()
        self._garbled: dict[str, int] = {}
        self._mirakl: MiraklCatalogSandbox | None = None
        self._services: dict[str, ServiceHandler] = {
            "offers_update": self.offers.offers_update,
            "batch_status": self.offers.batch_status,
            "batch_query": self.offers.batch_query,
            "offers_query": self.offers.offers_query,
            "pricing_query": self.offers.pricing_query,
            "orders_query": self.orders.orders_query,
            "orders_update": self.orders.orders_update,
            "messages_query": self.mail.messages_query,
            "messages_update": self.mail.messages_update,
            "incidents_query": self.mail.incidents_query,
            "incidents_update": self.mail.incidents_update,
            "client_order_comments_query": self.mail.client_order_comments_query,
            "client_order_comments_update": self.mail.client_order_comments_update,
            "shop_invoices_query": self.mail.shop_invoices_query,
            "carriers_query": self.mail.carriers_query,
        }

    @classmethod
    def seeded(
        cls,
        *,
        offers: int = 20,
        orders: int = 10,
        days: int = 90,
        seed: int = 42,
        clock: Clock | None = None,
        behaviours: Mapping[str, bool] | None = None,
        schemas: Path | str | None = None,
        **options: float,
    ) -> FnacSandbox:
        """A shop with `offers` offers and `orders` orders over the past `days` days.

        Deterministic: the same arguments and clock give the same shop. `options` are the
        delays of `__init__` (`token_ttl`, `batch_delay`, `debit_delay`).

        Examples:
            >>> from marketplace_sdk.core._clock import FakeClock
            >>> a = FnacSandbox.seeded(clock=FakeClock())
            >>> b = FnacSandbox.seeded(clock=FakeClock())
            >>> sorted(a.state.orders) == sorted(b.state.orders), len(a.state.orders)
            (True, 10)
        """
        sandbox = cls(clock=clock, seed=seed, behaviours=behaviours, schemas=schemas, **options)
        seed_shop(sandbox.state, sandbox.orders, offers=offers, orders=orders, days=days)
        return sandbox

    @property
    def services(self) -> tuple[str, ...]:
        """The services the sandbox answers (the last path segment of a request).

        Examples:
            >>> FnacSandbox().services[:3]
            ('auth', 'offers_update', 'batch_status')
        """
        return ("auth", *self._services)

    @property
    def mirakl(self) -> MiraklCatalogSandbox:
        """FNAC's Mirakl catalogue for this shop, accepting `credentials.mirakl_api_key`.

        Products its P41 imports create become known to FNAC's offer services, so an offer on a
        product FNAC did not know can follow its import (the channel's listing flow).

        Examples:
            >>> from marketplace_sdk.core._clock import FakeClock
            >>> sandbox = FnacSandbox(clock=FakeClock())
            >>> sandbox.mirakl.api_key == sandbox.credentials.mirakl_api_key
            True
        """
        if self._mirakl is None:
            self._mirakl = MiraklCatalogSandbox(
                clock=self.state.clock, api_key=self.credentials.mirakl_api_key
            )
        return self._mirakl

    def _sync_catalogue(self) -> None:
        if self._mirakl is None:
            return
        for row in self._mirakl.products:
            ean = (row.get("ean") or "").strip()
            if ean and ean not in self.state.products:
                self.state.products[ean] = Product(
                    ean=ean,
                    fnac_id=str(8_000_000 + len(self.state.products)),
                    name=row.get("title") or row.get("shop-sku") or ean,
                )

    # -- serving --------------------------------------------------------------------------

    def operation_of(self, request: httpx.Request) -> str | None:
        """The service a request calls (the last segment of its path), for `FaultPlan` rules."""
        segments = [part for part in request.url.path.split("/") if part]
        return segments[-1] if segments else None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Serve one request (the sandbox is itself an app for the simulator kit)."""
        service = self.operation_of(request) or ""
        with self._lock:
            response = self._serve(request, service)
            if self._garbled.get(service, 0) > 0:
                self._garbled[service] -= 1
                response = _with_a_bad_byte(response)
        self.calls.record(request.method, request.url.path, service, response.status_code)
        return response

    def _serve(self, request: httpx.Request, service: str) -> httpx.Response:
        if request.method.upper() != "POST":
            return httpx.Response(405, headers={"allow": "POST"}, text="Method Not Allowed")
        handler = self._services.get(service)
        if handler is None and service != "auth":
            root = response_root(service or "unknown", "ERROR")
            add_error(root, Codes.UNKNOWN_SERVICE, f"Unknown service '{service}'")
            return xml_response(root, 404)
        self._sync_catalogue()
        self.offers.process_due()
        self.orders.process_due()
        try:
            document = parse_request(request.content)
            if local_name(document) != service:
                raise ServiceError(
                    Codes.XML_VALIDATION,
                    f"XML Validation failed: root element '{local_name(document)}' "
                    f"is not '{service}'",
                )
            # FNAC's synchronous schema validation is itself a catalogued behaviour (FNAC-Q06).
            if self.schemas is not None and self.behaviours.on("FNAC-Q06"):
                self.schemas.validate(service, document)
            if handler is None:
                return xml_response(self.gate.authenticate(document))
            self.gate.check(document)
            return xml_response(self._as_fnac_writes(handler(document)))
        except ServiceError as error:
            root = response_root(service, "ERROR")
            add_error(root, error.code, error.message, error.severity)
            return xml_response(root)

    def _as_fnac_writes(self, root: etree._Element) -> etree._Element:
        """The answer as FNAC writes it: buyer text encoded twice (FNAC-Q15), Paris dates
        (FNAC-Q16; in UTC when switched off)."""
        double_encode = self.behaviours.on("FNAC-Q15")
        paris_dates = self.behaviours.on("FNAC-Q16")
        if not double_encode and paris_dates:
            return root
        for node in root.iter():
            if not isinstance(node.tag, str) or not node.text:
                continue
            name = local_name(node)
            if double_encode and name in _BUYER_TEXT and not node.text.isascii():
                node.text = etree.CDATA(node.text.encode("utf-8").decode("latin-1"))
            elif not paris_dates and _DATE_TIME.match(node.text):
                node.text = datetime.fromisoformat(node.text).astimezone(UTC).isoformat()
        return root

    def transport(self) -> SandboxTransport:
        """An httpx transport (sync and async) serving this sandbox in process.

        Use it with `base_url=sandbox.base_url`; faults queued on `sandbox.faults` fire.
        """
        return SandboxTransport(self, faults=self.faults)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> LoopbackServer:
        """A loopback HTTP server for this sandbox (start it with `with` or `start()`).

        Its base URL for a client is `server.url + "/api.php/"`.

        Examples:
            >>> import httpx
            >>> with FnacSandbox().serve() as server:
            ...     httpx.post(server.url + "/api.php/carriers_query", content=b"x").status_code
            200
        """
        return LoopbackServer(self, host, port, faults=self.faults)

    # -- faults ---------------------------------------------------------------------------

    def fail_next(self, service: str, code: str, message: str, *, count: int = 1) -> None:
        """Answer the next `count` calls of `service` with status ERROR and `code`.

        Examples:
            >>> sandbox = FnacSandbox()
            >>> sandbox.fail_next("orders_query", "ERR_999", "Internal error")
            >>> sandbox.faults.pending()
            1
        """
        body = error_document(service, code, message)
        fault = Fault.error(200, body, headers={"content-type": "text/xml; charset=utf-8"})
        self.faults.add(fault, operation=service, count=count)

    def malformed_next(self, service: str, *, count: int = 1) -> None:
        """Let the next `count` calls of `service` apply, then cut their XML answer short."""
        body = f'<?xml version="1.0"?><{service}_response status="OK"><'.encode()
        self.faults.add(Fault.malformed(body), operation=service, count=count)

    def garble_next(self, service: str, *, count: int = 1) -> None:
        """Let the next `count` calls of `service` apply, and slip a byte that is not UTF-8
        into their answer's first free text (FNAC-Q15: 'invalid continuation byte').

        Examples:
            >>> sandbox = FnacSandbox()
            >>> sandbox.garble_next("orders_query")
        """
        with self._lock:
            self._garbled[service] = self._garbled.get(service, 0) + count

    def empty_next(self, service: str, *, count: int = 1) -> None:
        """Let the next `count` calls of `service` apply, then answer an empty body (FNAC-Q15).

        Examples:
            >>> sandbox = FnacSandbox()
            >>> sandbox.empty_next("orders_query")
            >>> sandbox.faults.pending()
            1
        """
        self.faults.add(Fault.malformed(b""), operation=service, count=count)

    def expire_tokens(self) -> None:
        """Expire every token issued so far: the next call answers ERR_025."""
        with self._lock:
            self.gate.expire_all()

    # -- time and the buyer's side --------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move sandbox time forward (the clock itself when it is a `FakeClock`)."""
        with self._lock:
            self.state.advance(seconds)
            self._sync_catalogue()
            self.offers.process_due()
            self.orders.process_due()

    def add_product(self, ean: str, name: str, *, fnac_id: str | None = None) -> Product:
        """Make FNAC's catalogue know a product, so offers may be created on it."""
        with self._lock:
            product = Product(
                ean=ean, fnac_id=fnac_id or str(9_000_000 + len(self.state.products)), name=name
            )
            self.state.products[ean] = product
            return product

    def catalogue_product(self, number: int) -> Product:
        """Catalogue product `number` of the seeded catalogue (present when seeded)."""
        return catalogue_product(number)

    def place_order(
        self,
        skus: Sequence[str] | dict[str, int],
        *,
        firstname: str = "Jeanne",
        lastname: str = "Martin",
        shipping_method: str = "20",
    ) -> Order:
        """A buyer orders the offers `skus` (a list, or SKU -> quantity): a Created order.

        The offers' stock goes down by the quantities ordered.

        Raises:
            KeyError: an SKU has no offer.
            ValueError: an offer does not have the stock.
        """
        quantities = dict(skus) if isinstance(skus, dict) else dict.fromkeys(skus, 1)
        with self._lock:
            lines = []
            for detail_id, (sku, quantity) in enumerate(quantities.items(), start=1):
                offer = self.state.offers[sku]
                if offer.quantity < quantity:
                    raise ValueError(f"offer {sku} has {offer.quantity} in stock, not {quantity}")
                offer.quantity -= quantity
                offer.updated_at = self.state.now()
                lines.append(
                    OrderLine(
                        detail_id,
                        sku,
                        offer.fnac_id,
                        offer.product,
                        quantity,
                        offer.price,
                        product_state=offer.product_state,
                        shipping_method=shipping_method,
                    )
                )
            return self.orders.place(firstname, lastname, lines)

    def order(self, order_id: str) -> Order:
        """The order `order_id` (raises `KeyError` when unknown)."""
        return self.state.orders[order_id.upper()]

    def cancel_order(self, order_id: str) -> Order:
        """The buyer cancels: lines not yet shipped become Cancelled.

        Raises:
            ValueError: the order is already shipped (or closed).
        """
        with self._lock:
            order = self.order(order_id)
            self.orders.buyer_move(
                order, frozenset({"ToAccept", "Accepted", "ToShip"}), "Cancelled"
            )
            for line in order.lines:
                if line.state == "Cancelled" and line.sku in self.state.offers:
                    self.state.offers[line.sku].quantity += line.quantity
            return order

    def mark_received(self, order_id: str) -> Order:
        """The buyer confirms reception of the shipped lines: the order becomes Received."""
        with self._lock:
            order = self.order(order_id)
            self.orders.buyer_move(order, frozenset({"Shipped", "NotReceived"}), "Received")
            return order

    def mark_not_received(self, order_id: str) -> Incident:
        """The buyer claims the shipped lines never arrived: NotReceived and an open incident."""
        with self._lock:
            order = self.order(order_id)
            shipped = [line.detail_id for line in order.lines if line.state == "Shipped"]
            self.orders.buyer_move(order, frozenset({"Shipped"}), "NotReceived")
            now = self.state.now()
            incident = Incident(
                self.state.new_uuid(), order.order_id, shipped, "Article non recu", now, now
            )
            self.state.incidents[incident.incident_id] = incident
            return incident

    def fail_order(self, order_id: str) -> Order:
        """FNAC puts the order in its Error state (a payment or processing failure).

        Error is a state of orders only (FNAC-Q08): the lines keep their own states. With
        FNAC-Q08 switched off (one vocabulary for orders and lines) it raises `ValueError`.
        """
        with self._lock:
            if not self.state.behaviours.on("FNAC-Q08"):
                raise ValueError("FNAC-Q08 is off: orders and lines share one vocabulary")
            order = self.order(order_id)
            order.state, order.updated_at = "Error", self.state.now()
            return order

    def offer_price(self, sku: str) -> Decimal:
        """The live price of the offer `sku` (raises `KeyError` when unknown)."""
        return self.state.offers[sku].price
