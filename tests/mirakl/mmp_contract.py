"""Check httpx requests and responses against Mirakl's published MMP seller OpenAPI document.

The one place where the Mirakl tests patch `specs/mirakl/mirakl-mmp-seller-openapi.json`
(read in place, never copied) before validating with openapi-core. Everything not listed below is
validated as published.

Patches:
    1. Only the operations `SERVED` are kept: the document as a whole does not load, because one
       path of OF54 (`/dynamic-url/...`) names a parameter it never declares, which openapi-core's
       document check refuses.
    2. Any property may be `null`: Mirakl writes an absent value as `null`, and the document's own
       examples do so for strings, numbers and objects alike (OR11's `description`,
       `order_state_reason_code`, `shipping_from.warehouse`; OF21's `channel_code`), while its
       schemas say `type: string` or name an object. Customer addresses are documented as
       "Null before shipping" yet typed as objects (MIRAKL-Q10).
    3. OR11's `paymentType` is no longer required: the document requires it, yet its own example
       (and every answer Mirakl gives) carries `payment_type`.
    4. `{"type": "string", "format": "binary"}` loses its `type`, and OF01's boolean form parts are
       compared as the text sent on the wire, as for the MCM document (`openapi_contract.py`).
    5. Every request is matched as if sent to the document's server (each operator has its own
       host, and the sandbox runs on loopback).

Example:
    validate_request(httpx.Request("GET", "https://acme.mirakl.net/api/orders",
                                   headers={"Authorization": "key"}))
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import httpx
from openapi_core import OpenAPI
from tests.mirakl.openapi_contract import (
    _OpenAPIRequest,
    _OpenAPIResponse,
    _untyped_binary,
    spec_path,
)

__all__ = ["SERVED", "mmp_openapi", "mmp_path", "validate_request", "validate_response"]

#: The MMP operations MiraklSandbox serves, by operation id.
SERVED = frozenset(
    {
        "A01",
        "OF01",
        "OF02",
        "OF03",
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


def mmp_path() -> Any:
    """Where the MMP document is: beside the MCM one in `../shared/specs/mirakl`."""
    return spec_path().with_name("mirakl-mmp-seller-openapi.json")


def _nullable(node: Any) -> Any:
    """Patch 2 (and the binary half of patch 4), applied to every schema below `node`."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    fixed = {key: _nullable(value) for key, value in node.items()}
    if fixed.get("type") == "string" and fixed.get("format") == "binary":
        del fixed["type"]
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


def patched_document(document: dict[str, Any]) -> dict[str, Any]:
    """The published document with the patches this module documents applied."""
    patched = copy.deepcopy(document)
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
    patched["components"]["schemas"] = _nullable(patched["components"]["schemas"])
    patched["paths"] = paths = _untyped_binary(paths)
    orders = patched["components"]["schemas"]["OR11_Response_200_Orders"]
    orders["required"] = [name for name in orders["required"] if name != "paymentType"]  # 3
    upload = paths["/api/offers/imports"]["post"]["requestBody"]["content"]
    properties = upload["multipart/form-data"]["schema"]["properties"]
    for name in ("operator_format", "with_products"):  # patch 4
        properties[name] = {"type": "string", "enum": ["true", "false"]}
    return patched


@functools.cache
def mmp_openapi() -> OpenAPI:
    """The patched document, loaded (and checked as an OpenAPI document) once per session."""
    with mmp_path().open(encoding="utf-8") as handle:
        document = json.load(handle)
    return OpenAPI.from_dict(patched_document(document))


def validate_request(request: httpx.Request) -> None:
    """Raise openapi-core's validation error when `request` breaks the MMP document."""
    mmp_openapi().validate_request(_OpenAPIRequest(request))


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Raise openapi-core's validation error when `response` (to `request`) breaks it."""
    mmp_openapi().validate_response(_OpenAPIRequest(request), _OpenAPIResponse(response))
