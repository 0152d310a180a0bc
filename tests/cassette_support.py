"""vcrpy settings shared by the whole-flow cassette tests: every secret is scrubbed on record."""

from __future__ import annotations

from typing import Any

import vcr

from marketplace_sdk.core._redact import redact_text

SECRET_HEADERS = ["authorization", "x-api-key"]
SECRET_FORM = ["code", "code_verifier", "refresh_token", "client_secret"]


def _scrub_request(request: Any) -> Any:
    body = request.body
    if body:
        text = body.decode() if isinstance(body, bytes) else body
        request.body = redact_text(text).encode()
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response["body"].get("string", b"")
    text = body.decode() if isinstance(body, bytes) else body
    response["body"]["string"] = redact_text(text).encode()
    return response


def recorder(mode: str) -> vcr.VCR:
    """A VCR that matches on method, path and query (loopback ports vary) and scrubs secrets."""
    return vcr.VCR(
        record_mode=mode,
        match_on=["method", "path", "query"],
        filter_headers=SECRET_HEADERS,
        filter_post_data_parameters=SECRET_FORM,
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
