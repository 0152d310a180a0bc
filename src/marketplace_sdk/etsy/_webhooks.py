"""Etsy's order webhooks: verify a delivery and read it as a typed event (any web framework).

Etsy signs webhooks in the Standard Webhooks style: headers `webhook-id`, `webhook-timestamp`
(Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256>`, several separated by spaces
while a secret rotates), over `"{id}.{timestamp}.{body}"`, keyed with the base64 part of the
`whsec_...` secret. `WebhookVerifier.verify` checks, in this order, the signature (nothing in
an unsigned delivery is trusted), the timestamp (within `tolerance` seconds of now) and the id
(a delivery seen before is a replay), then parses the event. Polling stays the safety net: a
webhook only says which receipt to fetch.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> clock = FakeClock()
    >>> secret = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
    >>> body = b'{"event_type": "order.paid", "shop_id": 42, '
    >>> body += b'"resource_url": "https://api.etsy.com/v3/application/shops/42/receipts/7"}'
    >>> headers = signed_headers(secret, "msg_1", clock.now(), body)
    >>> event = WebhookVerifier(secret, clock=clock).verify(headers, body)
    >>> event.event_type, event.shop_id, event.receipt_id
    (<WebhookEventType.ORDER_PAID: 'order.paid'>, 42, 7)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Protocol, runtime_checkable

from pydantic import BaseModel, BeforeValidator, ConfigDict, SecretStr, ValidationError

from marketplace_sdk.core._clock import Clock, SystemClock, ensure_utc
from marketplace_sdk.core._errors import ErrorClass, MarketplaceError

__all__ = [
    "ORDER_WEBHOOKS",
    "MemorySeenWebhookStore",
    "SeenWebhookStore",
    "WebhookError",
    "WebhookEvent",
    "WebhookEventParser",
    "WebhookEventType",
    "WebhookPayloadError",
    "WebhookReplayError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerifier",
    "sign",
    "signed_headers",
]

_RECEIPT_URL = re.compile(r"/shops/(?P<shop>\d+)/receipts/(?P<receipt>\d+)")
_SHOP_IN_URL = re.compile(r"/shops/(?P<shop>\d+)/")


class WebhookError(MarketplaceError):
    """A webhook delivery that must be refused (answer it with HTTP 400 or 401).

    Examples:
        >>> WebhookSignatureError("bad signature").marketplace
        'etsy'
    """

    def __init__(self, message: str, *, error_class: ErrorClass | None = None) -> None:
        super().__init__(message, marketplace="etsy", error_class=error_class)


class WebhookSignatureError(WebhookError):
    """Missing headers, or no signature matches: forged, altered, or signed with another secret.

    Examples:
        >>> WebhookSignatureError("no valid signature").error_class.value
        'system'
    """


class WebhookTimestampError(WebhookError):
    """The signed timestamp is too far from now (a stale or replayed delivery, or a bad clock).

    Examples:
        >>> str(WebhookTimestampError("too old"))
        '[etsy] too old'
    """


class WebhookReplayError(WebhookError):
    """This `webhook-id` was already accepted: the delivery is a replay (or Etsy's retry of it).

    Examples:
        >>> isinstance(WebhookReplayError("seen"), WebhookError)
        True
    """


class WebhookPayloadError(WebhookError):
    """Correctly signed, but the body is not an event the SDK can read.

    Examples:
        >>> WebhookPayloadError("not JSON").message
        'not JSON'
    """


class WebhookEventType(StrEnum):
    """The order events Etsy sends.

    Examples:
        >>> WebhookEventType("order.shipped") is WebhookEventType.ORDER_SHIPPED
        True
    """

    ORDER_PAID = "order.paid"
    ORDER_CANCELED = "order.canceled"
    ORDER_SHIPPED = "order.shipped"
    ORDER_DELIVERED = "order.delivered"


def _event_type(value: object) -> WebhookEventType | str:
    if isinstance(value, str):
        try:
            return WebhookEventType(value.strip().lower())
        except ValueError:
            return value
    raise ValueError("event_type must be a string")


class WebhookEvent(BaseModel):
    """A verified webhook: what happened, to which receipt, and the delivery's id and time.

    `event_type` is a `WebhookEventType`, or the raw string for an event Etsy adds later.

    Examples:
        >>> event = WebhookEvent(event_type="order.canceled", shop_id=1,
        ...     resource_url="https://api.etsy.com/v3/application/shops/1/receipts/99")
        >>> event.receipt_id
        99
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    event_type: Annotated[WebhookEventType | str, BeforeValidator(_event_type)]
    resource_url: str = ""
    shop_id: int | None = None
    webhook_id: str = ""
    timestamp: datetime | None = None

    @property
    def receipt_id(self) -> int | None:
        """The receipt id in `resource_url` (`.../shops/{shop_id}/receipts/{receipt_id}`)."""
        match = _RECEIPT_URL.search(self.resource_url)
        return int(match["receipt"]) if match else None


class WebhookEventParser:
    """What the sync jobs read of a verified event: the shop and the receipt it names.

    `marketplace_sdk.sync.fetch_on_webhook` reaches it through Etsy's description.

    Examples:
        >>> event = WebhookEvent(event_type="order.paid", shop_id=42,
        ...     resource_url="https://api.etsy.com/v3/application/shops/42/receipts/7")
        >>> ORDER_WEBHOOKS.shop_id(event), ORDER_WEBHOOKS.order_id(event)
        ('42', '7')
    """

    @staticmethod
    def _event(event: object) -> WebhookEvent:
        if not isinstance(event, WebhookEvent):
            raise WebhookPayloadError(
                f"not an Etsy webhook event: {type(event).__name__} (verify it first)"
            )
        return event

    def shop_id(self, event: object) -> str | None:
        """The shop an event names: its `shop_id`, else the shop in its `resource_url`.

        Raises:
            WebhookPayloadError: the two disagree.

        Examples:
            >>> ORDER_WEBHOOKS.shop_id(WebhookEvent(event_type="order.paid",
            ...     resource_url="https://api.etsy.com/v3/application/shops/5/receipts/1"))
            '5'
        """
        verified = self._event(event)
        match = _SHOP_IN_URL.search(verified.resource_url)
        in_url = match["shop"] if match else None
        stated = str(verified.shop_id) if verified.shop_id is not None else None
        if stated is not None and in_url is not None and stated != in_url:
            raise WebhookPayloadError(
                f"webhook names shop {stated} but its resource is in shop {in_url}"
            )
        return stated or in_url

    def order_id(self, event: object) -> str:
        """The order (receipt) id an event names.

        Raises:
            WebhookPayloadError: the event names no receipt.

        Examples:
            >>> ORDER_WEBHOOKS.order_id(WebhookEvent(event_type="order.shipped",
            ...     resource_url="https://api.etsy.com/v3/application/shops/5/receipts/88"))
            '88'
        """
        verified = self._event(event)
        receipt_id = verified.receipt_id
        if receipt_id is None:
            raise WebhookPayloadError(f"webhook {verified.event_type} names no receipt")
        return str(receipt_id)

    def kind(self, event: object) -> str:
        """The event's type (`order.paid`)."""
        return str(self._event(event).event_type)

    def label(self, event: object) -> str:
        """The delivery's id, else the event's type."""
        verified = self._event(event)
        return verified.webhook_id or str(verified.event_type)


#: Etsy's order webhooks as the sync jobs read them.
ORDER_WEBHOOKS = WebhookEventParser()


def _secret_key(secret: SecretStr | str) -> bytes:
    text = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    encoded = text.removeprefix("whsec_")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a webhook secret is 'whsec_' followed by base64") from None


def sign(secret: SecretStr | str, webhook_id: str, timestamp: datetime | int, body: bytes) -> str:
    """The `webhook-signature` value for a delivery: `v1,<base64 HMAC-SHA256>`.

    Examples:
        >>> secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
        >>> sign(secret, "msg_1", 1767225600, b"{}").startswith("v1,")
        True
    """
    seconds = timestamp if isinstance(timestamp, int) else int(ensure_utc(timestamp).timestamp())
    content = f"{webhook_id}.{seconds}.".encode() + body
    digest = hmac.new(_secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signed_headers(
    secret: SecretStr | str, webhook_id: str, timestamp: datetime | int, body: bytes
) -> dict[str, str]:
    """The three headers of a signed delivery (for the sandbox and for tests).

    Examples:
        >>> secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
        >>> sorted(signed_headers(secret, "msg_1", 1767225600, b"{}"))
        ['webhook-id', 'webhook-signature', 'webhook-timestamp']
    """
    seconds = timestamp if isinstance(timestamp, int) else int(ensure_utc(timestamp).timestamp())
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(seconds),
        "webhook-signature": sign(secret, webhook_id, seconds, body),
    }


@runtime_checkable
class SeenWebhookStore(Protocol):
    """Remembers accepted `webhook-id`s (shared by every worker that receives webhooks).

    Examples:
        >>> isinstance(MemorySeenWebhookStore(), SeenWebhookStore)
        True
    """

    def add(self, webhook_id: str, *, until: datetime) -> bool:
        """Record `webhook_id` until `until`; False when it is already recorded (a replay)."""
        ...


class MemorySeenWebhookStore:
    """An in-process seen-id store, bounded: the oldest ids are forgotten past `max_entries`.

    Ids also expire at their `until` time, after which the timestamp check refuses the
    delivery anyway.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> clock = FakeClock()
        >>> store = MemorySeenWebhookStore(max_entries=2, clock=clock)
        >>> until = clock.now() + timedelta(minutes=10)
        >>> store.add("a", until=until), store.add("a", until=until)
        (True, False)
    """

    def __init__(self, max_entries: int = 10_000, *, clock: Clock | None = None) -> None:
        """Keep at most `max_entries` ids."""
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._clock: Clock = clock or SystemClock()
        self._ids: OrderedDict[str, datetime] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, webhook_id: str, *, until: datetime) -> bool:
        """Record `webhook_id`; False when it is already recorded and not expired."""
        now = self._clock.now()
        with self._lock:
            while self._ids:
                oldest, expires = next(iter(self._ids.items()))
                if expires > now and len(self._ids) < self.max_entries:
                    break
                del self._ids[oldest]
            known = self._ids.get(webhook_id)
            if known is not None and known > now:
                return False
            self._ids.pop(webhook_id, None)
            self._ids[webhook_id] = until
            return True


class WebhookVerifier:
    """Verifies Etsy webhook deliveries and returns typed events.

    Args:
        secret: the `whsec_...` signing secret of the app's webhook subscription.
        clock: where now is read (for the timestamp tolerance).
        tolerance: how far, in seconds, the signed timestamp may be from now (either way).
        seen: the replay store (default: a bounded in-memory one; share a persistent one when
            several processes receive webhooks).

    Examples:
        >>> secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
        >>> "whsec" in repr(WebhookVerifier(secret))
        False
    """

    def __init__(
        self,
        secret: SecretStr | str,
        *,
        clock: Clock | None = None,
        tolerance: float = 300.0,
        seen: SeenWebhookStore | None = None,
    ) -> None:
        """Verify with `secret`."""
        self._key = _secret_key(secret)
        self.clock: Clock = clock or SystemClock()
        self.tolerance = tolerance
        self.seen: SeenWebhookStore = seen or MemorySeenWebhookStore(clock=self.clock)

    def __repr__(self) -> str:
        return f"WebhookVerifier(tolerance={self.tolerance:g}, seen={type(self.seen).__name__})"

    def verify(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check a delivery's signature, timestamp and id, then parse its event.

        `headers` may use any case (a framework's header mapping or a plain dict); `body`
        must be the exact bytes received.

        Raises:
            WebhookSignatureError: headers missing, or no signature matches.
            WebhookTimestampError: the timestamp is outside the tolerance (or out of range).
            WebhookReplayError: the webhook id was accepted before.
            WebhookPayloadError: the body is not a readable event.
        """
        lowered = {name.lower(): value for name, value in headers.items()}
        webhook_id = lowered.get("webhook-id", "")
        stamp = lowered.get("webhook-timestamp", "")
        signatures = lowered.get("webhook-signature", "")
        if not (webhook_id and stamp and signatures):
            raise WebhookSignatureError(
                "missing webhook-id, webhook-timestamp or webhook-signature header"
            )
        try:
            seconds = int(stamp)
        except ValueError:
            raise WebhookSignatureError("webhook-timestamp is not Unix seconds") from None

        content = f"{webhook_id}.{seconds}.".encode() + body
        expected = hmac.new(self._key, content, hashlib.sha256).digest()
        if not any(self._matches(candidate, expected) for candidate in signatures.split()):
            raise WebhookSignatureError("no webhook signature matches the body")

        now = self.clock.now()
        try:
            sent = datetime.fromtimestamp(seconds, tz=now.tzinfo)
        except (OverflowError, OSError, ValueError):
            raise WebhookTimestampError(f"webhook timestamp {seconds} is out of range") from None
        if abs((now - sent).total_seconds()) > self.tolerance:
            raise WebhookTimestampError(
                f"webhook timestamp {sent.isoformat()} is more than {self.tolerance:g}s from now"
            )
        if not self.seen.add(webhook_id, until=now + timedelta(seconds=2 * self.tolerance)):
            raise WebhookReplayError(f"webhook {webhook_id} was already received")

        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise ValueError("not an object")
            return WebhookEvent.model_validate(
                {**payload, "webhook_id": webhook_id, "timestamp": sent}
            )
        except RecursionError:
            raise WebhookPayloadError("webhook body is nested too deeply to be an event") from None
        except (ValueError, ValidationError) as error:
            raise WebhookPayloadError(f"webhook body is not an Etsy event: {error}") from None

    @staticmethod
    def _matches(candidate: str, expected: bytes) -> bool:
        version, _, encoded = candidate.partition(",")
        if version != "v1":
            return False
        try:
            given = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(given, expected)
