"""Support tools: records shown in a notebook, and support cases recorded, scrubbed, replayed.

`view(records)` shows a list of records as one table (`to_text` renders it as plain text) and
`to_dataframe(records)` turns them into a pandas DataFrame (`pip install
'marketplace-sdk[pandas]'`). `record_case` writes every HTTP exchange of a block to a vcrpy
cassette without keys, tokens, signatures or buyers' personal data; `replay_case` serves it
back with no network, so the case becomes a regression test (`pip install
'marketplace-sdk[support]'`).

Examples:
    >>> from marketplace_sdk.support import Scrubber
    >>> Scrubber().body("grant_type=refresh_token&refresh_token=r1")
    'grant_type=refresh_token&refresh_token=[REDACTED]'
"""

from marketplace_sdk.core._display import to_text, view
from marketplace_sdk.core._frames import to_dataframe
from marketplace_sdk.support._cases import (
    DEFAULT_MATCH_ON,
    Case,
    CaseError,
    UnmatchedRequestError,
    record_case,
    replay_case,
)
from marketplace_sdk.support._scrub import JSON_PERSONAL_KEYS, XML_PERSONAL_ELEMENTS, Scrubber

__all__ = [
    "DEFAULT_MATCH_ON",
    "JSON_PERSONAL_KEYS",
    "XML_PERSONAL_ELEMENTS",
    "Case",
    "CaseError",
    "Scrubber",
    "UnmatchedRequestError",
    "record_case",
    "replay_case",
    "to_dataframe",
    "to_text",
    "view",
]
