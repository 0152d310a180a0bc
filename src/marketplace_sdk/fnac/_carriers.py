"""The FNAC channel's default carrier table: OMS carrier names and FNAC's carrier codes.

FNAC takes the carrier codes its `carriers_query` lists (the recorded answer: CHRONOPOST, DHL,
FEDEX, GLS, LAPOSTE, SOCOLISSIMO, TAT, TNT, UPS). A carrier outside that list gets no despatch
note for the buyer (FNAC-Q12), so the channel never sends one: a carrier this table does not
map, or that the shop's `carriers_query` does not list, is an `UnknownCarrierError` before
anything is sent. A host adds its own names per channel
(`AsyncFnacChannel(client, carriers=FNAC_CARRIERS.extend({...}))`).

Examples:
    >>> FNAC_CARRIERS.resolve("La Poste"), FNAC_CARRIERS.resolve("Colissimo")
    ('LAPOSTE', 'SOCOLISSIMO')
"""

from __future__ import annotations

from marketplace_sdk.core._carriers import CarrierTable

__all__ = ["FNAC_CARRIERS"]

#: OMS carrier names -> FNAC's carrier code (`tracking_company`), from FNAC's carrier list.
FNAC_CARRIERS = CarrierTable(
    "FNAC",
    {
        "Chronopost": "CHRONOPOST",
        "DHL": "DHL",
        "DHL Express": "DHL",
        "FedEx": "FEDEX",
        "GLS": "GLS",
        "La Poste": "LAPOSTE",
        "Lettre suivie": "LAPOSTE",
        "Colissimo": "SOCOLISSIMO",
        "SoColissimo": "SOCOLISSIMO",
        "TAT Express": "TAT",
        "TNT": "TNT",
        "UPS": "UPS",
    },
)
