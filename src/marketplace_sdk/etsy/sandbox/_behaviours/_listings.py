"""Catalogued Etsy behaviours: listings, identity, paging and the platform."""

from marketplace_sdk.testing import Behaviour, Switch

ETSY_LISTINGS: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q07",
        "Mismatched Content-Type silently drops fields (200 OK)",
        reproduced=True,
        marketplace_does=(
            "A write whose body is not in the encoding the operation takes (JSON sent to a "
            "form endpoint, say) is not refused: Etsy reads no field from it and answers as if "
            "none was sent, 200 for an update that then changed nothing."
        ),
        source="etsy/open-api #201, #157, #466, #525",
        sdk_does=(
            "Sends every listing write form-encoded as the document declares, and checks that "
            "an activation or deactivation came back in the state it asked for; a 200 that "
            "did not apply it is a rejected result, never ok. Sandbox: createDraftListing and "
            "updateListing read no field from another encoding (400 when switched off)."
        ),
    ),
    Behaviour(
        "ETSY-Q08",
        "updateListing ignores price and quantity without error",
        reproduced=True,
        marketplace_does=(
            "Since the 2022 inventory migration, price and quantity sent to updateListing are "
            "dropped and the answer is 200: only updateListingInventory changes them."
        ),
        source="release note 2022-06-06; etsy/open-api #582 (staff)",
        sdk_does=(
            "Never sends price or quantity to updateListing: its body (`ListingUpdate`) "
            "refuses those fields, and stock and price pushes always write the inventory. "
            "Sandbox: ignored with 200; switched off, a 400 says to use the inventory."
        ),
    ),
    Behaviour(
        "ETSY-Q09",
        'updateListing verb changed (PUT → PATCH); PUT kept as "updateListingDeprecated"',
        reproduced=True,
        marketplace_does=(
            "updateListing is a PATCH since July 2022; the PUT became a deprecated alias "
            "announced for removal."
        ),
        source="release note 2022-07-26; etsy/open-api #191",
        sdk_does=(
            "Sends PATCH. Sandbox: a PUT on a listing is refused with 405 as after the "
            "removal; switched off, it is served as the deprecated alias."
        ),
    ),
    Behaviour(
        "ETSY-Q10",
        "createDraftListing is not idempotent and can answer 500 after creating the listing",
        reproduced=True,
        marketplace_does=(
            "createDraftListing once answered 500 Server Error for a listing it had created "
            "(a zero item weight set it off); sending it again makes a second listing."
        ),
        source="etsy/open-api #162 (staff traced the zero weight; the created listing is the "
        "reporter's observation)",
        sdk_does=(
            "Never resends createDraftListing blindly: the shop's drafts are read before the "
            "first creation and again after a 5xx or a lost answer, and a draft an earlier "
            "attempt left (one of the product's SKUs, or its title, description and category "
            "with no SKU yet) is finished instead of making another. When that read fails the "
            "result is unknown outcome and the next attempt reads first; one product gives one "
            "listing, in bulk apply too. Sandbox: a 5xx injected on createDraftListing is "
            "served after the draft is made, and item_weight=0 does the same."
        ),
    ),
    Behaviour(
        "ETSY-Q11",
        "createDraftListing validation errors are misleading or undocumented",
        reproduced=True,
        marketplace_does=(
            "A physical draft without a shipping profile is refused; a draft carrying only part "
            "of who_made / when_made / is_supply is refused with an error about /images having "
            "too few items; weights and profile destinations give similar riddles."
        ),
        source="etsy/open-api #472, #511 (staff), #278, #430, #388; anitabyte/etsyv3 #13",
        sdk_does=(
            "Checks a draft before sending it (a category, a shipping profile: the result "
            "names the missing field), always sends who_made, when_made and is_supply "
            "together, and rewrites Etsy's misleading refusals to name the field at fault. "
            "Sandbox: the shipping-profile rule and, by switch, the triple rule."
        ),
        switches=(
            Switch(
                "ETSY-Q11.triple",
                "A draft with who_made and when_made but no is_supply is refused with the "
                "misleading /images error (the catalogue says 'without the other two'; "
                "refusing any partial triple is the riskier reading).",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "ETSY-Q18",
        "IDs exceed 32 bits; SKUs must be handled as strings",
        reproduced=True,
        marketplace_does=(
            "Receipt, listing and other ids are larger than a signed 32-bit integer holds; "
            "numeric SKUs came back as JSON numbers until a 2022 fix."
        ),
        source="gordonturner/etsy-open-api-client note 2022-05-06; release note 2022-05-06",
        sdk_does=(
            "Reads every id as a Python int (unbounded) and stores it as text where the OMS "
            "keeps ids; SKUs are strings. Sandbox: ids start above 2**31."
        ),
    ),
    Behaviour(
        "ETSY-Q19",
        "SKUs are only returned to the listing owner's token",
        reproduced=True,
        marketplace_does=(
            "Listing reads that are not scoped to a shop return empty skus and blank "
            "inventory SKUs unless the OAuth token belongs to the listing's owner."
        ),
        source="etsy/open-api #621 (staff), #408, #414, #456 (staff), #630; "
        "release note 2022-10-21",
        sdk_does=(
            "Reads SKUs through the shop-scoped getListingsByShop with the shop owner's token; "
            "a listing read without a SKU is skipped and logged, never taken as a product "
            "without SKU that would drop a mapping. Sandbox: blank SKUs without the owner's "
            "token on getListing and getListingsByListingIds."
        ),
    ),
    Behaviour(
        "ETSY-Q21",
        "Pagination: silent limit clamp, 12 000 offset cap, duplicates across pages",
        reproduced=True,
        marketplace_does=(
            "A limit above 100 is served as 100 without a word; an offset past 12,000 is a 400; "
            "offset pages over a set that changes meanwhile repeat records."
        ),
        source="etsy/open-api #422 (staff), #344, #220, #510, #145",
        sdk_does=(
            "Asks 100 a page, stops on count or a short page, serves each id once, and goes "
            "past the cap by another slicing: receipts by date windows split in halves, "
            "listings oldest first then newest first, then by price and by update date both "
            "ways, until Etsy's count is read; a state it still cannot read whole raises "
            "`ListingsOutOfReachError` instead of a silent shorter catalogue. Sandbox: the "
            "clamp, the cap's message, and changes between pages shift offsets."
        ),
    ),
    Behaviour(
        "ETSY-Q22",
        "Listing state filters: one state per call; search-backed reads hide some shops",
        reproduced=True,
        marketplace_does=(
            "getListingsByShop takes a single state (active by default) and refuses anything "
            "else with an enum message; expired listings come only with state=expired. "
            "Search-backed find* reads show nothing for shops out of search."
        ),
        source="etsy/open-api #212 (staff), #503 (staff), #54, #244, #409",
        sdk_does=(
            "Reads one state per call, every state in `EtsyChannelOptions.import_states`, "
            "through getListingsByShop; it never calls the search-backed find* reads (that "
            "part is out of scope). Sandbox: a list of states is refused; switched off, it "
            "is served."
        ),
    ),
    Behaviour(
        "ETSY-Q23",
        "Rate limiting: 429 bodies, headers, rolling 24 h window, app-global bucket",
        reproduced=True,
        marketplace_does=(
            "10 requests a second and 10,000 a rolling day per app by default; over budget a "
            "429 says which limit, with retry-after (a day's worth for the daily one), and "
            "every answer carries the remaining budget in x-limit-* / x-remaining-* headers."
        ),
        source="etsy/open-api #198, #256, #620, #611 (staff); developers.etsy.com rate limits",
        sdk_does=(
            "Throttles on both budgets, lowered from the headers, on every attempt; honours "
            "retry-after; an exhausted day is its own error that the scheduler does not "
            "retry before the quota frees. Sandbox: switched off, no budget is enforced."
        ),
    ),
    Behaviour(
        "ETSY-Q24",
        "`x-api-key` must be `keystring:shared_secret` (403 otherwise)",
        reproduced=True,
        marketplace_does=(
            "Since February 2026 a call whose x-api-key holds only the keystring is refused "
            "with 403 'Shared secret is required in x-api-key header.'"
        ),
        source="etsy/open-api discussions/1529, 1531 (Etsy); anitabyte/etsyv3 #31; "
        "rhysnhall/etsy-php-sdk #43, #45",
        sdk_does=(
            "Sends keystring:shared_secret on every call, the token endpoint included, and "
            "keeps it out of logs and reprs. Sandbox: switched off, the keystring alone passes."
        ),
        switches=(
            Switch(
                "ETSY-Q24.token-endpoint",
                "The OAuth token endpoint also wants x-api-key with the shared secret "
                "(one integrator's reading).",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "ETSY-Q25",
        "OAuth: 1 h access tokens, 90-day refresh tokens, rotation on every refresh",
        reproduced=True,
        marketplace_does=(
            "Access tokens last an hour and refresh tokens 90 days; every refresh hands out a "
            "new refresh token and the old one dies; the token endpoint sometimes fails with "
            "500 and works on a second try."
        ),
        source="etsy/open-api #116, #353, #549, #193 (staff)",
        sdk_does=(
            "Refreshes ahead of expiry, one refresh at a time per shop, saves the rotated pair "
            "before using it, and retries a 5xx from the token endpoint. Sandbox: switched "
            "off, the old refresh token keeps working."
        ),
    ),
    Behaviour(
        "ETSY-Q26",
        "A password change revokes all tokens",
        reproduced=True,
        marketplace_does=(
            "When the seller changes their password every token dies: calls answer "
            "invalid_token ('access token is expired') and the refresh invalid_grant "
            "('refresh_token is revoked')."
        ),
        source="etsy/open-api #519 (staff)",
        sdk_does=(
            "Raises `TokenRevokedError` (a configuration error: reconnect the shop) and stops "
            "retrying; a batch stops at once instead of rejecting every item. Sandbox: "
            "`change_password()`; switched off, tokens survive it."
        ),
    ),
    Behaviour(
        "ETSY-Q30",
        "Webhooks: thin payload, Standard-Webhooks signing, retry schedule",
        reproduced=True,
        marketplace_does=(
            "Deliveries are flat (event_type, resource_url, shop_id), signed in the Standard "
            "Webhooks style, and retried at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, "
            "10 h and 10 h; shop_id is a number in Etsy's example, a string elsewhere."
        ),
        source="etsy/open-api discussions/1509, 1564 (staff), 1747; developers.etsy.com webhooks",
        sdk_does=(
            "Verifies signature and timestamp, drops a webhook-id seen before (Etsy's retries "
            "reuse it), accepts shop_id as number or text, reads the receipt from "
            "resource_url, and keeps polling as the safety net. Sandbox: failed deliveries "
            "are retried on that schedule as its clock advances (switched off: never)."
        ),
    ),
    Behaviour(
        "ETSY-Q32",
        "Personalization migration: legacy fields rejected after 2026-04-09",
        reproduced=True,
        marketplace_does=(
            "Listing create and update requests carrying personalization_is_required, "
            "personalization_char_count_max or personalization_instructions are refused "
            "after 2026-04-09; personalization moved to its own endpoints."
        ),
        source="developers.etsy.com personalization migration; etsy/open-api discussions/1551 "
        "(staff), 1686",
        sdk_does=(
            "Never sends them: the draft and update bodies refuse any field they do not "
            "declare. The SDK does not write personalization questions (their new endpoints "
            "are out of scope). Sandbox: refused once its clock is past the date."
        ),
    ),
    Behaviour(
        "ETSY-Q34",
        "Deprecated taxonomy property ids rejected since 2025-04-15",
        reproduced=False,
        marketplace_does=(
            "Writes naming a deprecated taxonomy property id are refused since 2025-04-15, "
            "while getPropertiesByTaxonomyId may still list some of them."
        ),
        source="etsy/open-api discussions/1378 (Etsy announcement, user replies)",
        out_of_scope=(
            "The SDK writes no taxonomy property: it never calls the listing-property "
            "endpoints, and its inventory writes name only Etsy's custom variation properties "
            "513 and 514, which are not taxonomy properties; getPropertiesByTaxonomyId is "
            "only read and shown."
        ),
        sdk_does="Lists a category's properties as Etsy returns them; writes none.",
    ),
    Behaviour(
        "ETSY-Q36",
        "Timestamps: epoch seconds with duplicated alias fields",
        reproduced=True,
        marketplace_does=(
            "Every time is Unix seconds, and objects carry twin fields for the same time "
            "(creation_timestamp and created_timestamp, last_modified_timestamp and "
            "updated_timestamp); receipts lost order_id in 2021."
        ),
        source="etsy/open-api #510; release note 3.0.0-alpha-2021-06-01",
        sdk_does=(
            "Reads created_timestamp and updated_timestamp (else last_modified_timestamp) as "
            "seconds into UTC datetimes and never expects order_id. Sandbox: listings carry "
            "both twins; switched off, only the one the SDK reads."
        ),
    ),
)
