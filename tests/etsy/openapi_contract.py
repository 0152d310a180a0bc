"""Check httpx requests and responses against Etsy's published OpenAPI description.

The one place where the tests patch `specs/etsy/openapi-v3.json` before validating with
openapi-core. Each patch below names the evidence for it; everything else is validated as
published.

Patches:
    1. `default: null` removed wherever it appears (44 schemas and parameters): the document
       declares null defaults on non-nullable values, which makes openapi-core refuse the schema
       and inject `None` for absent query parameters (NOTES.md, "Validating against the published
       document"). The document check itself is skipped for the same reason.
    2. `ShopReceipt.status` also accepts the capitalised forms live receipts carry ("Paid",
       "Completed", "Fully Refunded", ...), etsy/open-api #469 and #806, and
       `samples/getShopReceipts.response.json`.
    3. `ListingInventoryWithAssociations.listing` is nullable: the inventory's `listing` is `null`
       unless asked for (`samples/getListingInventory.response.json`, etsy/open-api #134).
    4. A nullable `oneOf` (`converted_price`, `shipping_profile`, the inventory's `listing`...)
       gets an explicit null alternative: the OpenAPI 3.0 validator ignores `nullable` beside a
       `oneOf` without a `type`, so it would refuse the nulls the document allows.
    5. Multipart text fields are compared as the strings they are on the wire (an integer field as
       digits, a boolean as `true`/`false`): openapi-core does not cast multipart parts, so
       `uploadListingImage`'s `rank=1` would fail as "'1' is not of type 'integer'".
    6. The `oauth2` security scheme is checked as an HTTP bearer scheme: openapi-core cannot check
       OAuth 2 schemes (it only warns), and every Etsy call sends `Authorization: Bearer <token>`.
    7. Array query parameters (`includes`, `listing_ids`) are read comma-separated
       (`style: form, explode: false`): that is how Etsy's clients send them
       (`includes=Images,Inventory`, `listing_ids=1,2,3`, e.g. etsy-python-sdk's
       `get_listings_by_listing_ids`, and the request in etsy/open-api #236); the document
       leaves `explode` at its default, which would mean repeated keys.
    8. Every request is matched as if sent to the document's server (`https://openapi.etsy.com`):
       Etsy serves the same paths on `https://api.etsy.com`, and the sandbox on loopback.

The OAuth token endpoint (`POST /v3/public/oauth/token`) is not part of the document, so it cannot
be validated here.

Example:
    validate_request(httpx.Request("GET", "https://api.etsy.com/v3/application/users/me",
                                   headers={"x-api-key": "k:s", "Authorization": "Bearer t"}))
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
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from marketplace_sdk.etsy.sandbox import EtsySandbox

__all__ = [
    "CheckedTransport",
    "etsy_openapi",
    "spec_path",
    "validate_request",
    "validate_response",
]

_SPEC_SERVER = "https://openapi.etsy.com"

#: Receipt statuses as live payloads spell them (patch 2).
_CAPITALISED_RECEIPT_STATUSES = [
    "Paid",
    "Completed",
    "Open",
    "Payment Processing",
    "Canceled",
    "Fully Refunded",
    "Partially Refunded",
]


def spec_path() -> Path:
    """Where `openapi-v3.json` is: `../shared/specs/etsy` next to the repository.

    `MARKETPLACE_SDK_SHARED` overrides the shared root, as in `tests/conftest.py`.
    """
    override = os.environ.get("MARKETPLACE_SDK_SHARED")
    root = Path(override) if override else Path(__file__).resolve().parents[2].parent / "shared"
    return root / "specs" / "etsy" / "openapi-v3.json"


def _strip_null_defaults(node: Any) -> Any:
    """Patch 1: drop every `default: null`."""
    if isinstance(node, dict):
        return {
            key: _strip_null_defaults(value)
            for key, value in node.items()
            if not (key == "default" and value is None)
        }
    if isinstance(node, list):
        return [_strip_null_defaults(item) for item in node]
    return node


_NULL_ALTERNATIVE = {"type": "object", "nullable": True, "enum": [None]}


def _allow_null_in_nullable_one_of(node: Any) -> Any:
    """Patch 4: `{nullable: true, oneOf: [...]}` also validates `null`."""
    if isinstance(node, dict):
        fixed = {key: _allow_null_in_nullable_one_of(value) for key, value in node.items()}
        if fixed.get("nullable") is True and "oneOf" in fixed and "type" not in fixed:
            fixed["oneOf"] = [*fixed["oneOf"], _NULL_ALTERNATIVE]
        return fixed
    if isinstance(node, list):
        return [_allow_null_in_nullable_one_of(item) for item in node]
    return node


_MULTIPART_TEXT = {
    "integer": {"type": "string", "pattern": "^-?[0-9]+$"},
    "number": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
    "boolean": {"type": "string", "enum": ["true", "false"]},
}


def _multipart_fields_as_text(document: dict[str, Any]) -> None:
    """Patch 5: multipart scalar fields validate as the strings sent on the wire."""
    for operations in document["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("multipart/form-data", {}).get("schema", {})
            for name, prop in list(schema.get("properties", {}).items()):
                if prop.get("type") in _MULTIPART_TEXT:
                    schema["properties"][name] = dict(_MULTIPART_TEXT[prop["type"]])


def _comma_separated_query_arrays(document: dict[str, Any]) -> None:
    """Patch 7: array query parameters are comma-separated."""
    for operations in document["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["schema"].get("type") == "array":
                    parameter["style"] = "form"
                    parameter["explode"] = False


def patched_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The published document with the patches this module documents applied."""
    patched: dict[str, Any] = _strip_null_defaults(copy.deepcopy(dict(document)))
    schemas = patched["components"]["schemas"]

    status = schemas["ShopReceipt"]["properties"]["status"]
    status["enum"] = [*status["enum"], *_CAPITALISED_RECEIPT_STATUSES]

    schemas["ListingInventoryWithAssociations"]["properties"]["listing"]["nullable"] = True
    patched = _allow_null_in_nullable_one_of(patched)
    _multipart_fields_as_text(patched)
    _comma_separated_query_arrays(patched)

    patched["components"]["securitySchemes"]["oauth2"] = {"type": "http", "scheme": "bearer"}
    return patched


@functools.cache
def etsy_openapi() -> OpenAPI:
    """The patched document, loaded once per test session."""
    with spec_path().open(encoding="utf-8") as handle:
        document = json.load(handle)
    return OpenAPI.from_dict(patched_document(document), config=Config(spec_validator_cls=None))


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
        return _SPEC_SERVER

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
    def data(self) -> bytes | None:
        return self._response.read() or None


def validate_request(request: httpx.Request) -> None:
    """Raise an openapi-core validation error unless `request` matches the document.

    Checks the operation (method and path), path and query parameters, the body against its
    media type, and the `x-api-key` and bearer headers the operation requires.
    """
    etsy_openapi().validate_request(_OpenAPIRequest(request))


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Raise an openapi-core validation error unless `response` is a documented answer to `request`.

    Checks the status is documented for the operation, and the body against its schema.
    """
    etsy_openapi().validate_response(_OpenAPIRequest(request), _OpenAPIResponse(response))


class CheckedTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Validates every request against the published document, then hands it to the sandbox.

    One transport for both clients, so the sync and async tests check the same requests.
    """

    def __init__(self, sandbox: EtsySandbox) -> None:
        self.inner = sandbox.transport()
        self.requests: list[httpx.Request] = []

    def _check(self, request: httpx.Request) -> None:
        self.requests.append(request)
        if request.url.path != "/v3/public/oauth/token":  # not part of the document
            validate_request(request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._check(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._check(request)
        return await self.inner.handle_async_request(request)
