"""The operator's carriers (SH21).

Examples:
    >>> Carrier(code="UPS", label="UPS").code
    'UPS'
"""

from __future__ import annotations

from pydantic import Field

from marketplace_sdk.mirakl._models._base import MiraklModel

__all__ = ["Carrier", "CarrierList"]


class Carrier(MiraklModel):
    """A carrier the operator registered: send its `code` with OR23 (MIRAKL-Q11).

    Examples:
        >>> Carrier(code="DHL", label="DHL", tracking_url="https://dhl/?AWB={trackingId}").label
        'DHL'
    """

    code: str
    label: str | None = None
    standard_code: str | None = None
    tracking_url: str | None = None


class CarrierList(MiraklModel):
    """SH21's answer.

    Examples:
        >>> CarrierList(carriers=[]).carriers
        []
    """

    carriers: list[Carrier] = Field(default_factory=list)
