"""Check httpx requests and responses against Mirakl's published MMP seller OpenAPI document.

The one place where the Mirakl tests patch `specs/mirakl/mirakl-mmp-seller-openapi.json`
(read in place, never copied) before validating with openapi-core: the seller client's requests
(`test_mmp_endpoints.py`) and the sandbox's requests and 2xx answers (`test_mmp_sandbox.py`) are
checked against the same patched document. Everything not listed below is validated as
published; the request and response adapters are the MCM contract's (`openapi_contract.py`).

Patches:
    1. Only the operations `SERVED` are kept (the ones the seller client sends and the sandbox
       serves): the document as a whole does not load, because one path of OF54
       (`/dynamic-url/...`) names a parameter it never declares, which openapi-core's document
       check refuses; and its 122 operations take long to check for the 15 under test.
    2. Any property of an answer may be `null`: Mirakl writes an absent value as `null`, and the
       document's own examples do so for strings, numbers and objects alike (OR11's
       `description`, `order_state_reason_code`, `shipping_from.warehouse`; OF21's
       `channel_code`), while its schemas say `type: string` or name an object. Customer
       addresses are documented as "Null before shipping" yet typed as objects (MIRAKL-Q10).
       Only the schemas the kept answers use are patched: a request's (OF24, OR21, OR23, OR28,
       OR30) is checked as published, so a `null` the client sent would still fail.
    3. OR11's `paymentType` is no longer required: the document requires it, yet its own example
       (and every answer Mirakl gives) carries `payment_type`.
    4. `{"type": "string", "format": "binary"}` loses its `type` (OF01's `file` part, OF03's
       report): openapi-core hands a binary body or part to the validator as `bytes`.
    5. OF01's boolean parts (`operator_format`, `with_products`) are compared as the text sent on
       the wire (`true`/`false`): openapi-core does not cast multipart text parts.
    6. OR11's `order_state_codes` is "a comma-separated list of order state's codes", as its
       description says, while its schema is the enum of one state: the schema becomes a pattern
       of comma-separated states from that enum.
    7. Every request is matched as if sent to the document's server (the placeholder
       `https://your-instance.mirakl.net`): each operator has its own host, and the sandbox runs
       on loopback.

Example:
    validate_request(httpx.Request("GET", "https://acme.mirakl.net/api/orders",
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
from tests.mirakl.openapi_contract import (
    _OpenAPIRequest,
    _OpenAPIResponse,
    _untyped_binary,
    spec_path,
)

__all__ = [
    "SERVED",
    "mmp_openapi",
    "mmp_path",
    "patched_document",
    "validate_request",
    "validate_response",
]

#: The MMP operations the seller client sends and MiraklSandbox serves, by operation id.
SERVED = frozenset(
    {
        "A01",
        "OF01",
        "OF02",
        "OF03",
        "OF04",
        "OF21",
        "OF24",
        "OR11",
        "OR21",
        "OR23",
        "OR24",
        "OR28",
        "OR29",
        "OR30",
        "SH21",
    }
)

_SCHEMAS = "#/components/schemas/"


def mmp_path() -> Path:
    """Where the MMP document is: beside the MCM one in `../shared/specs/mirakl`."""
    return spec_path().with_name("mirakl-mmp-seller-openapi.json")


def _referenced(node: Any, schemas: Mapping[str, Any], found: set[str]) -> set[str]:
    """The names of every component schema `node` refers to, directly or not."""
    if isinstance(node, list):
        for item in node:
            _referenced(item, schemas, found)
    elif isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMAS):
            name = ref.removeprefix(_SCHEMAS)
            if name not in found:
                found.add(name)
                _referenced(schemas[name], schemas, found)
        for value in node.values():
            _referenced(value, schemas, found)
    return found


def _nullable(node: Any) -> Any:
    """Patch 2, applied to every schema below `node`."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    fixed = {key: _nullable(value) for key, value in node.items()}
    properties = fixed.get("properties")
    if isinstance(properties, dict):
        fixed["properties"] = {name: _or_null(schema) for name, schema in properties.items()}
    return fixed


def _or_null(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if "$ref" in schema:
        return {"anyOf": [{"$ref": schema["$ref"]}, {"type": "null"}]}
    return schema


def patched_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The published document with the patches this module documents applied."""
    patched: dict[str, Any] = copy.deepcopy(dict(document))
    paths: dict[str, Any] = {}
    for path, operations in patched["paths"].items():
        kept = {
            method: operation
            for method, operation in operations.items()
            if isinstance(operation, dict) and operation.get("operationId") in SERVED
        }
        if kept:
            paths[path] = kept
    patched["paths"] = paths  # patch 1
    schemas = patched["components"]["schemas"]
    answers = [op.get("responses", {}) for item in paths.values() for op in item.values()]
    for name in _referenced(answers, schemas, set()):  # patch 2
        schemas[name] = _nullable(schemas[name])
    orders = schemas["OR11_Response_200_Orders"]
    orders["required"] = [name for name in orders["required"] if name != "paymentType"]  # 3
    patched = _untyped_binary(patched)  # patch 4
    paths = patched["paths"]
    upload = paths["/api/offers/imports"]["post"]["requestBody"]["content"]
    properties = upload["multipart/form-data"]["schema"]["properties"]
    for name in ("operator_format", "with_products"):  # patch 5
        properties[name] = {
            "type": "string",
            "enum": ["true", "false"],
            "description": properties[name].get("description", ""),
        }
    for parameter in paths["/api/orders"]["get"]["parameters"]:  # patch 6
        if parameter.get("name") == "order_state_codes":
            states = "|".join(parameter["schema"].pop("enum"))
            parameter["schema"]["pattern"] = f"^({states})(,({states}))*$"
    return patched


@functools.cache
def mmp_openapi() -> OpenAPI:
    """The patched document, loaded (and checked as an OpenAPI document) once per session."""
    with mmp_path().open(encoding="utf-8") as handle:
        document = json.load(handle)
    return OpenAPI.from_dict(patched_document(document))


def validate_request(request: httpx.Request) -> None:
    """Raise openapi-core's validation error when `request` breaks the MMP document."""
    mmp_openapi().validate_request(_OpenAPIRequest(request))  # patch 7 in the adapter


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Raise openapi-core's validation error when `response` (to `request`) breaks it."""
    mmp_openapi().validate_response(_OpenAPIRequest(request), _OpenAPIResponse(response))
