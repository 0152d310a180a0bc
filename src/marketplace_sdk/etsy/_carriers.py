"""The Etsy channel's default carrier table: OMS carrier names and Etsy's `carrier_name`.

Etsy takes the carrier names of its shipping-carrier list (`getShippingCarriers`). A name it
does not know is accepted all the same, and the order is marked shipped with no tracking shown
to the buyer (ETSY-Q27), so the channel never sends one: a carrier this table does not map is
an `UnknownCarrierError` before anything is sent. A host adds its own carriers per channel
(`EtsyChannelOptions(carriers=ETSY_CARRIERS.extend({...}))`), and may opt in to Etsy's
``other`` for the rest (`extend(fallback="other")`): the tracking code is then kept but not
linked to a carrier.

Examples:
    >>> ETSY_CARRIERS.resolve("Fed-Ex"), ETSY_CARRIERS.resolve("DHL Express")
    ('FedEx', 'DHL')
"""

from __future__ import annotations

from marketplace_sdk.core._carriers import CarrierTable

__all__ = ["ETSY_CARRIERS"]

#: OMS carrier names -> Etsy's `carrier_name` (the carriers of Etsy's list the SDK's sandbox
#: serves, with the spellings an OMS commonly uses).
ETSY_CARRIERS = CarrierTable(
    "Etsy",
    {
        "USPS": "USPS",
        "United States Postal Service": "USPS",
        "UPS": "UPS",
        "FedEx": "FedEx",
        "Federal Express": "FedEx",
        "DHL": "DHL",
        "DHL Express": "DHL",
        "Royal Mail": "Royal Mail",
    },
)
