"""Etsy's order webhooks, signed in the Standard Webhooks style and posted to loopback URLs.

The signature is `v1,<base64 HMAC-SHA256>` of `"{webhook-id}.{webhook-timestamp}.{body}"`, keyed
with the base64-decoded part of the endpoint's `whsec_` secret.

Examples:
    >>> sign("whsec_c2VjcmV0", "msg_1", 1767225600, b'{"a":1}')
    'v1,/PyuAFbCnvteam24OXFu41yaDRctHTqCCly7R/wetm0='
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import attrs
import httpx
from pydantic import SecretStr

from marketplace_sdk.core._clock import Clock

__all__ = [
    "ORDER_EVENTS",
    "RETRY_DELAYS",
    "WebhookDelivery",
    "WebhookDispatcher",
    "WebhookEndpoint",
    "sign",
]

logger = logging.getLogger(__name__)

#: Seconds between a failed delivery and each retry, as Etsy documents them (ETSY-Q30): at
#: once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; about 28 hours in all.
RETRY_DELAYS = (0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000)

#: The order events Etsy sends.
ORDER_EVENTS = ("order.paid", "order.canceled", "order.shipped", "order.delivered")


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value for one delivery.

    Examples:
        >>> sign("whsec_c2VjcmV0", "msg_1", 1767225600, b"{}").startswith("v1,")
        True
    """
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


@attrs.frozen
class WebhookEndpoint:
    """A registered receiver and the secret its deliveries are signed with.

    Examples:
        >>> WebhookEndpoint("http://127.0.0.1:9/hooks", SecretStr("whsec_c2VjcmV0"))
        WebhookEndpoint(url='http://127.0.0.1:9/hooks', secret=SecretStr('**********'))
    """

    url: str
    secret: SecretStr


@attrs.frozen
class WebhookDelivery:
    """One attempt to deliver an event: the answer's status, or the error.

    Examples:
        >>> WebhookDelivery("msg_1", "order.paid", "http://127.0.0.1:9/", b"{}", {}, 204).status
        204
    """

    webhook_id: str
    event_type: str
    url: str
    body: bytes
    headers: dict[str, str]
    status: int | None
    error: str | None = None


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    loopback = host == "localhost"
    if not loopback:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
    if not loopback:
        raise ValueError(f"the sandbox only posts webhooks to loopback URLs, not {url!r}")


class WebhookDispatcher:
    """Registered endpoints and the deliveries made to them.

    Deliveries go through `sender` (an `httpx.Client`; give it any transport to capture them
    in process). Every attempt is kept in `deliveries`. While `retries()` says so (ETSY-Q30), a
    delivery that fails (no answer, or not 2xx) is sent again on `RETRY_DELAYS`, with the same
    `webhook-id` and a fresh timestamp and signature, when `retry_due` finds it due.

    Examples:
        >>> import random
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> seen = []
        >>> def receive(request: httpx.Request) -> httpx.Response:
        ...     seen.append(request.headers["webhook-signature"][:3])
        ...     return httpx.Response(204)
        >>> sender = httpx.Client(transport=httpx.MockTransport(receive))
        >>> dispatcher = WebhookDispatcher(FakeClock(), random.Random(1), sender)
        >>> _ = dispatcher.register("http://127.0.0.1:9/hooks")
        >>> [d.status for d in dispatcher.deliver("order.paid", {"event_type": "order.paid"})], seen
        ([204], ['v1,'])
    """

    def __init__(
        self,
        clock: Clock,
        rng: random.Random,
        sender: httpx.Client | None,
        *,
        retries: Callable[[], bool] | None = None,
    ) -> None:
        """Sign with time from `clock` and ids from `rng`; send with `sender`."""
        self.clock = clock
        self._retries = retries or (lambda: False)
        #: Failed deliveries waiting for their retry: (due, retries made, delivery).
        self.pending: list[tuple[datetime, int, WebhookDelivery]] = []
        self._rng = rng
        self._sender = sender
        self.endpoints: list[WebhookEndpoint] = []
        self.deliveries: list[WebhookDelivery] = []
        self._counter = 0

    def register(self, url: str, secret: str | None = None) -> WebhookEndpoint:
        """Add a loopback receiver; a `whsec_` secret is made when none is given."""
        _check_loopback(url)
        if secret is None:
            secret = "whsec_" + base64.b64encode(self._rng.randbytes(24)).decode()
        if not secret.startswith("whsec_"):
            raise ValueError("webhook secrets start with 'whsec_'")
        endpoint = WebhookEndpoint(url, SecretStr(secret))
        self.endpoints.append(endpoint)
        return endpoint

    def deliver(self, event_type: str, payload: dict[str, object]) -> list[WebhookDelivery]:
        """Sign and post `payload` to every endpoint."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        made: list[WebhookDelivery] = []
        for endpoint in list(self.endpoints):
            self._counter += 1
            webhook_id = f"msg_{self._counter:06d}{self._rng.getrandbits(40):010x}"
            made.extend(self._attempt(endpoint, event_type, webhook_id, body, 0))
        return made

    def _attempt(
        self, endpoint: WebhookEndpoint, event_type: str, webhook_id: str, body: bytes, tries: int
    ) -> list[WebhookDelivery]:
        # One delivery, then the retries that are due at once; a later one is queued.
        made: list[WebhookDelivery] = []
        while True:
            timestamp = int(self.clock.now().timestamp())
            secret = endpoint.secret.get_secret_value()
            headers = {
                "content-type": "application/json",
                "webhook-id": webhook_id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": sign(secret, webhook_id, timestamp, body),
            }
            delivery = self._post(endpoint.url, event_type, webhook_id, body, headers)
            made.append(delivery)
            self.deliveries.append(delivery)
            failed = delivery.status is None or not 200 <= delivery.status < 300
            if not failed or not self._retries() or tries >= len(RETRY_DELAYS):
                return made
            delay = RETRY_DELAYS[tries]
            tries += 1
            if delay:
                due = self.clock.now() + timedelta(seconds=delay)
                self.pending.append((due, tries, delivery))
                return made

    def retry_due(self) -> list[WebhookDelivery]:
        """Send again the failed deliveries whose retry is due; returns the attempts made."""
        now = self.clock.now()
        due = [entry for entry in self.pending if entry[0] <= now]
        self.pending = [entry for entry in self.pending if entry[0] > now]
        made: list[WebhookDelivery] = []
        for _, tries, delivery in sorted(due, key=lambda entry: entry[0]):
            endpoint = next((e for e in self.endpoints if e.url == delivery.url), None)
            if endpoint is not None:
                made.extend(
                    self._attempt(
                        endpoint, delivery.event_type, delivery.webhook_id, delivery.body, tries
                    )
                )
        return made

    def _post(
        self, url: str, event_type: str, webhook_id: str, body: bytes, headers: dict[str, str]
    ) -> WebhookDelivery:
        sender = self._sender
        if sender is None:
            sender = self._sender = httpx.Client(timeout=5.0)
        try:
            response = sender.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            logger.warning("webhook %s to %s failed: %s", event_type, url, error)
            return WebhookDelivery(webhook_id, event_type, url, body, headers, None, str(error))
        return WebhookDelivery(webhook_id, event_type, url, body, headers, response.status_code)

    def close(self) -> None:
        """Close the sender the dispatcher made itself."""
        if self._sender is not None:
            self._sender.close()
