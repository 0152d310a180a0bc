"""Check the seller client's requests against Mirakl's published MMP seller OpenAPI document.

The MMP twin of `tests/mirakl/openapi_contract.py` (which checks the MCM document) for the
seller client's requests, with the same request and response adapters and the same patches
where they apply:

Patches:
    1. `{"type": "string", "format": "binary"}` loses its `type` (OF01's `file` part, OF03's
       report): openapi-core hands a binary part to the validator as `bytes`.
    2. OF01's boolean parts (`operator_format`, `with_products`) are compared as the text sent on
       the wire (`true`/`false`): openapi-core does not cast multipart text parts.
    3. Every request is matched as if sent to the document's server (the placeholder
       `https://your-instance.mirakl.net`, the same in both documents).
    4. Only the paths of the operations the seller client uses are kept: the whole document
       does not load as OpenAPI (OF54's `/dynamic-url/...` path names a parameter it never
       declares), and the 122 operations take long to check for the 14 under test.
    5. OR11's `order_state_codes` is "a comma-separated list of order state's codes", as its
       description says, while its schema is the enum of one state: the schema becomes a
       pattern of comma-separated states from that enum.

Example:
    validate_mmp_request(httpx.Request("GET", "https://acme.mirakl.net/api/offers",
                                       headers={"Authorization": "key"}))
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from openapi_core import OpenAPI
from tests.mirakl.openapi_contract import _OpenAPIRequest, _OpenAPIResponse, _untyped_binary
from tests.mirakl.openapi_contract import spec_path as mcm_spec_path

__all__ = ["mmp_openapi", "mmp_spec_path", "validate_mmp_request", "validate_mmp_response"]


#: The paths of the operations the seller client sends (patch 4).
CLIENT_PATHS = frozenset(
    {
        "/api/account",
        "/api/offers",
        "/api/offers/imports",
        "/api/offers/imports/{import}",
        "/api/offers/imports/{import}/error_report",
        "/api/orders",
        "/api/orders/{order_id}/accept",
        "/api/orders/{order_id}/tracking",
        "/api/orders/{order_id}/ship",
        "/api/orders/{order_id}/cancel",
        "/api/orders/cancel",
        "/api/orders/refund",
        "/api/shipping/carriers",
    }
)


def mmp_spec_path() -> Path:
    """Where the MMP document is: beside the MCM one in `../shared/specs/mirakl`."""
    return mcm_spec_path().with_name("mirakl-mmp-seller-openapi.json")


def patched_mmp_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The published MMP document with the patches this module documents applied."""
    kept = {path: item for path, item in document["paths"].items() if path in CLIENT_PATHS}
    patched: dict[str, Any] = _untyped_binary(copy.deepcopy({**document, "paths": kept}))
    upload = patched["paths"]["/api/offers/imports"]["post"]["requestBody"]["content"]
    properties = upload["multipart/form-data"]["schema"]["properties"]
    for name in ("operator_format", "with_products"):  # patch 2
        properties[name] = {
            "type": "string",
            "enum": ["true", "false"],
            "description": properties[name].get("description", ""),
        }
    for parameter in patched["paths"]["/api/orders"]["get"]["parameters"]:  # patch 5
        if parameter.get("name") == "order_state_codes":
            states = "|".join(parameter["schema"].pop("enum"))
            parameter["schema"]["pattern"] = f"^({states})(,({states}))*$"
    return patched


@functools.cache
def mmp_openapi() -> OpenAPI:
    """The patched MMP document, loaded once per session."""
    with mmp_spec_path().open(encoding="utf-8") as handle:
        document = json.load(handle)
    return OpenAPI.from_dict(patched_mmp_document(document))


def validate_mmp_request(request: httpx.Request) -> None:
    """Raise openapi-core's validation error when `request` breaks the MMP document."""
    mmp_openapi().validate_request(_OpenAPIRequest(request))


def validate_mmp_response(request: httpx.Request, response: httpx.Response) -> None:
    """Raise openapi-core's validation error when `response` (to `request`) breaks the document."""
    mmp_openapi().validate_response(_OpenAPIRequest(request), _OpenAPIResponse(response))
