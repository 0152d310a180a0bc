"""Each client method that sends one Etsy operation is named after it (snake_case of its
operationId in Etsy's published OpenAPI document)."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

from marketplace_sdk.etsy import AsyncEtsyClient, EtsyClient

#: Methods that are not one operation: plumbing, the OAuth flow, convenience iterators.
NOT_OPERATIONS = {
    "call",
    "paginate",
    "connect",
    "iter_ledger_entries",
    "iter_listings",
    "iter_receipts_by_created",
    "iter_receipts_by_last_modified",
    # updateListing of `state` alone, never retried (ETSY-Q03).
    "set_listing_state",
}


def snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def operations(shared_specs: Path) -> set[str]:
    document = json.loads((shared_specs / "etsy" / "openapi-v3.json").read_text("utf-8"))
    return {
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }


@pytest.mark.parametrize("client", [EtsyClient, AsyncEtsyClient])
def test_methods_carry_etsys_operation_names(client: type, shared_specs: Path) -> None:
    known = operations(shared_specs)
    methods = {
        name: member
        for name, member in inspect.getmembers(client, inspect.isfunction)
        if not name.startswith("_") and name not in ("close", "aclose")
    }
    assert set(methods) >= NOT_OPERATIONS
    for name, method in methods.items():
        if name in NOT_OPERATIONS:
            continue
        documented = re.match(r"`(\w+)`", inspect.getdoc(method) or "")
        assert documented, f"{name} does not name the operation it sends"
        assert documented[1] in known, f"{name}: {documented[1]} is not an Etsy operation"
        assert name == snake(documented[1]), f"{name} sends {documented[1]}"
