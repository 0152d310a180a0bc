"""Read the "Maximum usage" of each operation out of Mirakl's MCM seller document.

The client's limiter (`marketplace_sdk.mirakl._limits`) and the sandbox (`mirakl.sandbox._wire`)
each hold their own table; both are checked against what this reads.

Example:
    stated_buckets("CM11", read_stated_maximums(shared_specs)["CM11"])
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from marketplace_sdk.core._ratelimit import Rate

__all__ = ["rate_from_words", "read_stated_maximums", "stated_buckets"]

_MAXIMUM = re.compile(r'class="max-call-frequency">Maximum usage: (.*?)</div>', re.DOTALL)
#: CM11 states two maximums, one per mode; each mode has its own bucket.
_MODE_BUCKET = {"": "", "differential": "", "full": "-full"}
_UNITS = {"minute": 60.0, "minutes": 60.0, "hour": 3_600.0, "hours": 3_600.0, "day": 86_400.0}


def rate_from_words(text: str) -> Rate | None:
    """Mirakl's wording to a rate: "Once per day", "Every 15 minutes, for each seller"..."""
    words = text.split(",")[0].strip().lower()
    if words.startswith("each time"):
        return None
    once = re.fullmatch(r"once per (\w+)", words)
    if once:
        return Rate.every(_UNITS[once.group(1)])
    every = re.fullmatch(r"every (?:(\d+) )?(\w+)", words)
    if every:
        return Rate.every(int(every.group(1) or 1) * _UNITS[every.group(2)])
    raise AssertionError(f"unknown call frequency wording: {text!r}")


def read_stated_maximums(shared_specs: Path) -> dict[str, str]:
    """Operation code to the words of its stated maximum usage."""
    document = json.loads(
        (shared_specs / "mirakl" / "mirakl-mcm-seller-openapi.json").read_text("utf-8")
    )
    found = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and "operationId" in operation:
                match = _MAXIMUM.search(operation.get("description", ""))
                if match:
                    found[operation["operationId"]] = match.group(1).strip()
    return found


def stated_buckets(operation: str, text: str) -> dict[str, Rate | None]:
    """The buckets an operation's stated maximum asks for: one, or one per mode (CM11)."""
    buckets: dict[str, Rate | None] = {}
    for part in re.split(r"<br\s*/?>", text):
        part = part.strip().lstrip("- ").strip()
        if not part:
            continue
        mode, _, words = part.rpartition(":")
        buckets[operation + _MODE_BUCKET[mode.strip().lower()]] = rate_from_words(words)
    return buckets
