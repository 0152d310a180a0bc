"""How the sandbox takes a `createReceiptShipment` body, with Etsy's shipping behaviours.

By default it answers as Etsy does (see the catalogue, `_behaviours/_shipping.py`):

- ETSY-Q27: a `carrier_name` Etsy does not know is taken all the same; the receipt is shipped
  and, under the `ETSY-Q27.tracking-dropped` reading, the buyer is shown no tracking (the
  shipment keeps the carrier's name and loses its code). Off: refused with a 400 naming the
  carriers Etsy knows (the spec's advice is to send ``other``).
- ETSY-Q28: a shipment without tracking is refused with ``A tracking number is required`` for
  the orders Etsy wants tracked, unless it carries a `note_to_buyer`. Which orders: every order
  under `ETSY-Q28.every-order` (Etsy does not publish its rules), else the ones the spec names
  (within the United States over $10, or to India). Off: the spec's reading, the receipt is
  marked shipped only.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.etsy.sandbox._world import World
    >>> world = World.empty(FakeClock())
    >>> read_shipment(world, {"carrier_name": "other", "tracking_code": "1Z"}).tracking_code
    '1Z'
    >>> read_shipment(world, {"carrier_name": "Bob", "tracking_code": "1Z"}).tracking_code
    ''
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from marketplace_sdk.etsy.sandbox._state import Receipt
from marketplace_sdk.etsy.sandbox._wire import JSON, SandboxHTTPError
from marketplace_sdk.etsy.sandbox._world import World

__all__ = ["ShipmentBody", "needs_tracking", "read_shipment"]

#: Etsy's answer to an untracked shipment of an order it wants tracked (ETSY-Q28).
TRACKING_REQUIRED = "A tracking number is required"


@attrs.frozen
class ShipmentBody:
    """What a `createReceiptShipment` body asks for, once read.

    Attributes:
        carrier_name: the carrier the shipment records ("" for an untracked one).
        tracking_code: the code the buyer is shown ("" when none).
        tracked: whether the body named a carrier and a code (else: marked shipped only).
        note_to_buyer: the note sent with the buyer's e-mail.
    """

    carrier_name: str
    tracking_code: str
    tracked: bool
    note_to_buyer: str | None = None


def _text(body: JSON, name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SandboxHTTPError(400, f"{name} must be a string")
    return value.strip() or None


def needs_tracking(world: World, receipt: Receipt) -> bool:
    """Whether Etsy wants this receipt shipped with tracking (ETSY-Q28's reading, else the
    spec's rule: within the United States over $10, or to India).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> receipt = Receipt(1, 1, 1, 1, "b@example.com", "B", "FR", "Paid", when, when, "EUR")
        >>> needs_tracking(world, receipt)
        True
    """
    if world.behaviours.on("ETSY-Q28.every-order"):
        return True
    total = receipt.subtotal + receipt.shipping_cost
    return receipt.country_iso == "IN" or (receipt.country_iso == "US" and total > Decimal(10))


def read_shipment(world: World, body: JSON, receipt: Receipt | None = None) -> ShipmentBody:
    """The shipment a body asks for, or the 400 Etsy answers it with.

    Raises:
        SandboxHTTPError: a code without a carrier (or the reverse), an untracked shipment
            Etsy wants tracked (ETSY-Q28), or an unknown carrier with ETSY-Q27 off.
    """
    tracking_code = _text(body, "tracking_code")
    carrier_name = _text(body, "carrier_name")
    note = _text(body, "note_to_buyer")
    if tracking_code is None and carrier_name is None:
        if (
            receipt is not None
            and world.behaviours.on("ETSY-Q28")
            and note is None
            and needs_tracking(world, receipt)
        ):
            raise SandboxHTTPError(400, TRACKING_REQUIRED)
        return ShipmentBody("", "", tracked=False, note_to_buyer=note)
    if tracking_code is None:
        raise SandboxHTTPError(400, "tracking_code is required with a carrier_name")
    if carrier_name is None:
        raise SandboxHTTPError(400, "carrier_name is required with a tracking_code")
    known = {carrier.name.lower() for carrier in world.carriers} | {"other"}
    if carrier_name.lower() in known:
        return ShipmentBody(carrier_name, tracking_code, tracked=True, note_to_buyer=note)
    if not world.behaviours.on("ETSY-Q27"):
        raise SandboxHTTPError(
            400, f"Unknown carrier_name {carrier_name!r}; use a known carrier or 'other'"
        )
    if world.behaviours.on("ETSY-Q27.tracking-dropped"):
        return ShipmentBody(carrier_name, "", tracked=True, note_to_buyer=note)
    return ShipmentBody("other", tracking_code, tracked=True, note_to_buyer=note)
