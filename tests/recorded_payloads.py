"""Recorded marketplace payloads the mapping tests run over: the published samples in
`../shared/specs/*/samples` and the answers held in the committed cassettes (`tests/cassettes`).

Each function returns the bodies as received (bytes), by the operation that answered them, so a
test can run them through the SDK's own parse path and mapping.
"""

from __future__ import annotations

from pathlib import Path

import yaml

CASSETTES = Path(__file__).resolve().parent / "cassettes"


def cassette_bodies(name: str, path_part: str) -> list[bytes]:
    """The response bodies of a cassette's interactions whose URI contains `path_part`."""
    data = yaml.safe_load((CASSETTES / name).read_text(encoding="utf-8"))
    bodies = []
    for interaction in data["interactions"]:
        uri = interaction["request"]["uri"].split("?", 1)[0]
        if not uri.endswith(path_part):
            continue
        body = interaction["response"]["body"]["string"]
        bodies.append(body.encode() if isinstance(body, str) else body)
    return bodies


def etsy_receipt_pages(specs: Path | None) -> dict[str, bytes]:
    """`getShopReceipts` answers: the published sample (if `specs` is given), the cassette's."""
    pages = {}
    if specs is not None:
        sample = specs / "etsy" / "samples" / "getShopReceipts.response.json"
        pages["sample getShopReceipts"] = sample.read_bytes()
    for index, body in enumerate(cassette_bodies("etsy_whole_flow.yaml", "/receipts")):
        if body.lstrip().startswith(b'{"count"'):
            pages[f"cassette getShopReceipts #{index}"] = body
    return pages


def fnac_order_pages(specs: Path | None) -> dict[str, bytes]:
    """`orders_query` answers: the published sample (if `specs` is given), the cassette's."""
    pages = {}
    if specs is not None:
        sample = specs / "fnac-legacy" / "samples" / "query_orders_response.xml"
        pages["sample orders_query"] = sample.read_bytes()
    for index, body in enumerate(cassette_bodies("fnac_whole_flow.yaml", "/orders_query")):
        pages[f"cassette orders_query #{index}"] = body
    return pages
