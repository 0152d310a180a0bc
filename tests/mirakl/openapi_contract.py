"""Check httpx requests and responses against Mirakl's published MCM seller OpenAPI document.

The one place where the Mirakl tests patch `specs/mirakl/mirakl-mcm-seller-openapi.json` before
validating with openapi-core. Everything not listed below is validated as published.

Patches:
    1. `{"type": "string", "format": "binary"}` loses its `type` (P41's `file` part, the report
       files of P44-P47): openapi-core hands a binary body or part to the validator as `bytes`,
       which an OpenAPI 3.1 `type: string` refuses. Without `type` the schema still names the
       binary format, which is how OpenAPI 3.1 describes raw content.
    2. P41's `operator_format` part is compared as the text sent on the wire (`true`/`false`):
       openapi-core does not cast multipart text parts, so the boolean would fail as
       "'true' is not of type 'boolean'".
    3. Every request is matched as if sent to the document's server: the document names the
       placeholder `https://your-instance.mirakl.net`; each marketplace has its own instance host,
       and the sandbox runs on loopback.

Example:
    validate_request(httpx.Request("GET", "https://acme.mirakl.net/api/account",
                                   headers={"Authorization": "key"}))
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = ["mcm_openapi", "patched_document", "spec_path", "validate_request", "validate_response"]


def spec_path() -> Path:
    """Where the MCM document is: `../shared/specs/mirakl` next to the repository.

    `MARKETPLACE_SDK_SHARED` overrides the shared root, as in `tests/conftest.py`.
    """
    override = os.environ.get("MARKETPLACE_SDK_SHARED")
    root = Path(override) if override else Path(__file__).resolve().parents[2].parent / "shared"
    return root / "specs" / "mirakl" / "mirakl-mcm-seller-openapi.json"


def _untyped_binary(node: Any) -> Any:
    """Patch 1: a binary string schema without `type`."""
    if isinstance(node, dict):
        fixed = {key: _untyped_binary(value) for key, value in node.items()}
        if fixed.get("type") == "string" and fixed.get("format") == "binary":
            del fixed["type"]
        return fixed
    if isinstance(node, list):
        return [_untyped_binary(item) for item in node]
    return node


def patched_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The published document with the patches this module documents applied."""
    patched: dict[str, Any] = _untyped_binary(copy.deepcopy(dict(document)))
    upload = patched["paths"]["/api/products/imports"]["post"]["requestBody"]["content"]
    properties = upload["multipart/form-data"]["schema"]["properties"]
    properties["operator_format"] = {  # patch 2
        "type": "string",
        "enum": ["true", "false"],
        "description": properties["operator_format"].get("description", ""),
    }
    return patched


@functools.cache
def mcm_openapi() -> OpenAPI:
    """The patched document, loaded (and checked as an OpenAPI document) once per session."""
    with spec_path().open(encoding="utf-8") as handle:
        document = json.load(handle)
    return OpenAPI.from_dict(patched_document(document))


@functools.cache
def _server() -> str:
    with spec_path().open(encoding="utf-8") as handle:
        return str(json.load(handle)["servers"][0]["url"]).rstrip("/")


class _OpenAPIRequest:
    """An `httpx.Request` seen through openapi-core's request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
        )

    @property
    def host_url(self) -> str:
        return _server()  # patch 3

    @property
    def path(self) -> str:
        return self._request.url.path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        content = self._request.read()
        return content or None

    @property
    def content_type(self) -> str:
        return self._request.headers.get("content-type", "").lower()


class _OpenAPIResponse:
    """An `httpx.Response` seen through openapi-core's response protocol."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def content_type(self) -> str:
        return self._response.headers.get("content-type", "").lower()

    @property
    def headers(self) -> Headers:
        return Headers(list(self._response.headers.items()))

    @property
    def data(self) -> bytes:
        return self._response.read()


def validate_request(request: httpx.Request) -> None:
    """Raise openapi-core's validation error when `request` breaks the MCM document."""
    mcm_openapi().validate_request(_OpenAPIRequest(request))


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Raise openapi-core's validation error when `response` (to `request`) breaks the document."""
    mcm_openapi().validate_response(_OpenAPIRequest(request), _OpenAPIResponse(response))
