"""The Mirakl channel's default carrier table: OMS carrier names and common Mirakl carrier codes.

An operator lists its own carriers (SH21, read once a day at most); the codes below are the
usual ones. The order side sends a carrier code only when the operator's SH21 list has it; a
host extends the table with its own names per channel (`MIRAKL_CARRIERS.extend({...})`, or the
factory's `carriers` option).

Examples:
    >>> MIRAKL_CARRIERS.resolve("La Poste - Colissimo"), MIRAKL_CARRIERS.resolve("dhl")
    ('COLISSIMO', 'DHL')
"""

from __future__ import annotations

from marketplace_sdk.core._carriers import CarrierTable

__all__ = ["MIRAKL_CARRIERS"]

#: OMS carrier names -> the carrier codes Mirakl operators commonly register.
MIRAKL_CARRIERS = CarrierTable(
    "Mirakl",
    {
        "Chronopost": "CHRONOPOST",
        "Colissimo": "COLISSIMO",
        "La Poste - Colissimo": "COLISSIMO",
        "La Poste": "COLISSIMO",
        "DHL": "DHL",
        "DHL Express": "DHL",
        "DPD": "DPD",
        "FedEx": "FEDEX",
        "GLS": "GLS",
        "Mondial Relay": "MONDIAL_RELAY",
        "TNT": "TNT",
        "UPS": "UPS",
    },
)
