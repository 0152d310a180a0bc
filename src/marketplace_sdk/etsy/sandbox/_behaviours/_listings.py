"""Catalogued Etsy behaviours: listings, identity, paging and the platform."""

from marketplace_sdk.testing import Behaviour

_PENDING = "Not reproduced yet: catalogued, and planned for the sandbox."

ETSY_LISTINGS: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q07",
        "Mismatched Content-Type silently drops fields (200 OK)",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q08",
        "updateListing ignores price and quantity without error",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q09",
        'updateListing verb changed (PUT → PATCH); PUT kept as "updateListingDeprecated"',
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q10",
        "createDraftListing is not idempotent and can answer 500 after creating the listing",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q11",
        "createDraftListing validation errors are misleading or undocumented",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q18",
        "IDs exceed 32 bits; SKUs must be handled as strings",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q19",
        "SKUs are only returned to the listing owner's token",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q21",
        "Pagination: silent limit clamp, 12 000 offset cap, duplicates across pages",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q22",
        "Listing state filters: one state per call; search-backed reads hide some shops",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q23",
        "Rate limiting: 429 bodies, headers, rolling 24 h window, app-global bucket",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q24",
        "`x-api-key` must be `keystring:shared_secret` (403 otherwise)",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q25",
        "OAuth: 1 h access tokens, 90-day refresh tokens, rotation on every refresh",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q26",
        "A password change revokes all tokens",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q30",
        "Webhooks: thin payload, Standard-Webhooks signing, retry schedule",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q32",
        "Personalization migration: legacy fields rejected after 2026-04-09",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q34",
        "Deprecated taxonomy property ids rejected since 2025-04-15",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
    Behaviour(
        "ETSY-Q36",
        "Timestamps: epoch seconds with duplicated alias fields",
        reproduced=False,
        out_of_scope=_PENDING,
    ),
)
