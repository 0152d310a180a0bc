"""Catalogued Fnac behaviours: sessions, encoding, formats and topology."""

from marketplace_sdk.testing import Behaviour, Switch

FNAC_PLATFORM: tuple[Behaviour, ...] = (
    Behaviour(
        "FNAC-Q14",
        "Session token expires; re-authenticate on error, watch the clock",
        reproduced=True,
        marketplace_does=(
            "`auth` hands out a session token with a `validity` timestamp (with a UTC offset) "
            "and the API version. Once the token is dead every service answers an error "
            "instead of data; a client whose clock is off keeps sending dead tokens."
        ),
        source="fnacapiclient SimpleClient.php and Token.php; fnapy manager and auth asset",
        sdk_does=(
            "Caches the token until five minutes before its `validity` (compared in UTC on the "
            "injected clock), asks for a new one and resends once when a service reports a "
            "token error, and raises `AuthenticationError` if the fresh token is refused too: "
            "it never loops. Switched off, the sandbox's tokens never expire."
        ),
        switches=(
            Switch(
                "FNAC-Q14.expires-before-validity",
                "A token stops being accepted halfway to the `validity` it announced (its real "
                "lifetime is not documented). Off: it lives until its `validity`.",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "FNAC-Q15",
        "Responses can contain malformed or double-encoded UTF-8, or be empty",
        reproduced=True,
        marketplace_does=(
            "Answers have carried bytes that are not UTF-8, free text encoded twice (an "
            "accented letter arrives as two Latin-1 characters such as 'Ã§'), and empty "
            "bodies; an answer can also be cut short."
        ),
        source="fnapy CHANGELOG 1.1.4-1.1.10 and commits 4c730ae, 4b4a425, d2cdbf5",
        sdk_does=(
            "Reads bytes that are not valid in the document's encoding as U+FFFD and keeps the "
            "rest of the answer; repairs text that was encoded twice; treats an empty, "
            "cut-short or unparsable body as a transient error (reads are retried, never read "
            "as a shorter page), so an order never loses lines and no order is dropped. "
            "The sandbox double-encodes buyer-written text (names, message subjects and "
            "bodies) by default; `sandbox.garble_next(service)`, `sandbox.empty_next(service)` "
            "and `sandbox.malformed_next(service)` inject bad bytes, empty and cut-short "
            "answers. Switched off, text is sent once-encoded."
        ),
    ),
    Behaviour(
        "FNAC-Q16",
        "XML shape, dates and money formats",
        reproduced=True,
        marketplace_does=(
            "A lone `<order>` or `<order_detail>` is not wrapped in a list; free text is CDATA; "
            "dates are Paris time with their offset, and an empty element where a date is "
            "missing; amounts are decimals with a dot, and a line's `price` is per unit, with "
            "shipping and fees apart."
        ),
        source="fnapy assets and utils.get_order_ids; fnacapiclient XSD nullDateTime",
        sdk_does=(
            "Reads repeated elements as lists whatever their count, parses offsets into UTC, "
            "reads an empty date as none, and computes money in Decimal with a line's total as "
            "unit price times quantity. Switched off, the sandbox writes its dates in UTC."
        ),
    ),
    Behaviour(
        "FNAC-Q17",
        "Platform topology changed (Darty on Fnac back office, catalogue on Mirakl, sandbox URL)",
        reproduced=True,
        marketplace_does=(
            "The XML offer service cannot create a product: an unknown EAN fails with ERR_026 "
            "and products are created in the Mirakl-based catalogue manager. Darty offers and "
            "orders run on the Fnac back office under their own shop ids, and the test "
            "platform moved to partners-test.mp.fnacdarty.com."
        ),
        source="Channable and Shoppingfeed replatforming notes; Fnac Darty BOMP FAQ; fnapy ac4df9f",
        sdk_does=(
            "Lists a product FNAC does not know by importing it through the Mirakl catalogue "
            "client (a separate client and key), then offering it; keeps one client per shop "
            "id, so Fnac and Darty are two shops; takes its base URL as a setting "
            "(`PRODUCTION_URL`, `TEST_URL`). The sandbox reproduces the catalogue split (its "
            "`mirakl` sandbox creates products); hosts and sites are outside any answer. "
            "Switched off, an offer on an unknown EAN creates the product."
        ),
    ),
)
