"""Offer operations of the Mirakl seller (MMP) API: OF21 list, OF24 update, OF01/OF02/OF03 import.

Offer writes are imports: OF24 and OF01 answer an `import_id` at once and Mirakl applies the
offers in the background; OF02 tells when it is done and OF03 gives the refused lines. Both
writes are in NORMAL mode only (never REPLACE, which deletes every offer missing from the file:
MIRAKL-Q05), and never resent blindly.

Examples:
    >>> list_offers(offset=100).request.query_params()
    [('offset', '100'), ('max', '100'), ('paginate', 'true')]
    >>> get_offer_import(2035).request.bucket
    'OF02'
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import datetime
from pathlib import PurePath
from typing import Any

import httpx
from pydantic import ValidationError

from marketplace_sdk.core._pagination import OffsetPaginator, Page
from marketplace_sdk.core._records import RefusedRecord, read_records
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.mirakl._endpoints._common import JSON_HEADERS, get_request, iso, with_shop
from marketplace_sdk.mirakl._endpoints.imports import IMPORT_CONTENT_TYPES
from marketplace_sdk.mirakl._models import (
    Offer,
    OfferImport,
    OfferImportCreated,
    OfferImportList,
    OfferList,
    OfferUpdate,
)
from marketplace_sdk.mirakl._plain_offers import OfferRows, read_offer_rows
from marketplace_sdk.mirakl._reports import ReportFile

__all__ = [
    "OF21_MAX_PAGE_SIZE",
    "get_offer_error_report",
    "get_offer_import",
    "import_offers",
    "list_offer_imports",
    "list_offer_rows",
    "list_offers",
    "list_offers_paginator",
    "read_offers",
    "update_offers",
]

#: The largest page OF21's offset pagination serves (`max`).
OF21_MAX_PAGE_SIZE = 100


def list_offers(
    *,
    offset: int = 0,
    limit: int = OF21_MAX_PAGE_SIZE,
    sku: str | None = None,
    product_id: str | None = None,
    offer_state_codes: Sequence[str] = (),
    shop_id: int | None = None,
) -> Call[Page[Offer]]:
    """OF21: one page of the shop's offers (offset pagination, 100 at most per page).

    Args:
        offset: the index of the first offer of the page.
        limit: the page size (Mirakl's `max`, 1 to 100).
        sku: only the offer with this shop SKU.
        product_id: only the offers of this product SKU.
        offer_state_codes: only offers in these conditions (state codes).
        shop_id: the shop, for users with several.

    Examples:
        >>> dict(list_offers(sku="MUG-1", limit=10).request.query_params())["sku"]
        'MUG-1'
    """
    if not 1 <= limit <= OF21_MAX_PAGE_SIZE:
        raise ValueError(f"limit must be between 1 and {OF21_MAX_PAGE_SIZE}, not {limit}")
    params = with_shop(
        shop_id,
        offset=offset,
        max=limit,
        paginate=True,
        sku=sku,
        product_id=product_id,
        offer_state_codes=",".join(offer_state_codes) or None,
    )

    def parse(response: httpx.Response) -> Page[Offer]:
        # The whole page at once first; when an offer is refused, the envelope and each offer
        # on its own, so one bad offer is that offer's `RecordError` (set aside by a
        # quarantine) and costs no other. A page without its `offers` list still fails.
        try:
            data = OfferList.model_validate_json(response.content)
        except ValidationError as error:
            if any(item["type"] == "json_invalid" for item in error.errors()):
                raise
            envelope = _OfferEnvelope.model_validate_json(response.content)
            items, refused = read_offers(envelope.offers)
            return Page(items=items, total=envelope.total_count, cursor=offset, refused=refused)
        return Page(items=data.offers, total=data.total_count, cursor=offset)

    return Call(get_request("OF21", "/api/offers", params), parse=parse)


def list_offer_rows(
    wanted: Container[str],
    *,
    offset: int = 0,
    limit: int = OF21_MAX_PAGE_SIZE,
    shop_id: int | None = None,
) -> Call[OfferRows]:
    """OF21: one page of the shop's offers, read for a push: only the offers whose shop SKU is
    in `wanted`, each a `PlainOffer` when of the plain shape, else left for its model.

    Examples:
        >>> call = list_offer_rows({"MUG-1"}, offset=200)
        >>> dict(call.request.query_params())["offset"], call.request.bucket
        ('200', 'OF21')
    """
    request = list_offers(offset=offset, limit=limit, shop_id=shop_id).request
    return Call(request, parse=lambda response: read_offer_rows(response.content, wanted))


class _OfferEnvelope(OfferList):
    """An OF21 page whose offers are read one by one (one of them was refused)."""

    offers: list[Any]


def read_offers(items: Sequence[Any]) -> tuple[list[Offer], list[RefusedRecord]]:
    """Decoded OF21 offers read one by one by their model: the offers, and those refused.

    Examples:
        >>> offers, refused = read_offers([{"offer_id": 1, "shop_sku": "A", "product_sku": "P"},
        ...                                {"shop_sku": "B"}])
        >>> [offer.shop_sku for offer in offers], refused[0].error.record_id
        (['A'], 'B')
    """
    return read_records(
        items,
        Offer.model_validate,
        kind="product",
        record_id=_shop_sku_of,
        raw=lambda item: item,
        marketplace="mirakl",
        shape="a Mirakl OF21 offer",
    )


def _shop_sku_of(item: Any) -> str | None:
    value = item.get("shop_sku") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def list_offers_paginator(
    *,
    page_size: int = OF21_MAX_PAGE_SIZE,
    sku: str | None = None,
    product_id: str | None = None,
    offer_state_codes: Sequence[str] = (),
    shop_id: int | None = None,
) -> OffsetPaginator[Offer]:
    """Every page of OF21, fetched lazily by the engine's `paginate` until `total_count`.

    Examples:
        >>> dict(list_offers_paginator(page_size=50).first().request.query_params())["max"]
        '50'
    """

    def fetch(offset: int, limit: int) -> Call[Page[Offer]]:
        return list_offers(
            offset=offset,
            limit=limit,
            sku=sku,
            product_id=product_id,
            offer_state_codes=offer_state_codes,
            shop_id=shop_id,
        )

    return OffsetPaginator(fetch, limit=page_size)


def update_offers(
    offers: Sequence[OfferUpdate], *, shop_id: int | None = None
) -> Call[OfferImportCreated]:
    """OF24: create, update or delete offers; Mirakl answers an import id to track with OF02.

    Each `OfferUpdate` is sent whole: Mirakl resets every field it is not sent (MIRAKL-Q06), so
    build updates with `OfferUpdate.from_offer`. The call is a write, never resent blindly.

    Raises:
        ValueError: no offers, or one shop SKU twice.

    Examples:
        >>> update = OfferUpdate(shop_sku="A", product_id="P", product_id_type="SKU", price=5,
        ...                      quantity=1, state_code="11")
        >>> call = update_offers([update])
        >>> call.request.method, call.request.path, call.request.idempotent
        ('POST', '/api/offers', False)
    """
    if not offers:
        raise ValueError("OF24 needs at least one offer")
    skus = [offer.shop_sku for offer in offers]
    twice = sorted({sku for sku in skus if skus.count(sku) > 1})
    if twice:
        raise ValueError(f"shop SKUs sent twice in one OF24 call: {twice}")
    return Call(
        ApiRequest(
            method="POST",
            path="/api/offers",
            params=with_shop(shop_id),
            json={"offers": [offer.wire() for offer in offers]},
            headers=JSON_HEADERS,
            idempotent=False,
            bucket="OF24",
            operation="OF24",
        ),
        parse=lambda response: OfferImportCreated.model_validate_json(response.content),
    )


def import_offers(
    content: bytes,
    *,
    filename: str,
    content_type: str | None = None,
    with_products: bool = False,
    operator_format: bool | None = None,
    shop_id: int | None = None,
) -> Call[OfferImportCreated]:
    """OF01: upload an offer file (CSV, XLSX or XML) in NORMAL mode.

    NORMAL upserts each line by SKU and deletes only lines marked `delete`; REPLACE (which
    deletes every offer missing from the file, MIRAKL-Q05) is deliberately not offered. With
    `with_products` the file carries products too, and the call spends from the 15-minute
    bucket `OF01-products` instead of `OF01`.

    Raises:
        ValueError: the content type cannot be told from the file name.

    Examples:
        >>> call = import_offers(b"sku;price;quantity\\nA;5;1\\n", filename="offers.csv")
        >>> call.request.form, call.request.bucket, call.request.idempotent
        ({'import_mode': 'NORMAL'}, 'OF01', False)
    """
    media = content_type or IMPORT_CONTENT_TYPES.get(PurePath(filename).suffix.lower())
    if media is None:
        raise ValueError(
            f"cannot tell the content type of {filename!r}: name it .csv, .xlsx or .xml, "
            "or pass content_type"
        )
    form = {"import_mode": "NORMAL"}
    if with_products:
        form["with_products"] = "true"
    if operator_format is not None:
        form["operator_format"] = "true" if operator_format else "false"
    return Call(
        ApiRequest(
            method="POST",
            path="/api/offers/imports",
            params=with_shop(shop_id),
            form=form,
            files={"file": (filename, content, media)},
            headers=JSON_HEADERS,
            idempotent=False,
            bucket="OF01-products" if with_products else "OF01",
            operation="OF01",
        ),
        parse=lambda response: OfferImportCreated.model_validate_json(response.content),
    )


def get_offer_import(import_id: int, *, shop_id: int | None = None) -> Call[OfferImport]:
    """OF02: the status of one offer import (OF01 or OF24).

    Examples:
        >>> get_offer_import(2035).request.path
        '/api/offers/imports/2035'
    """
    return Call(
        get_request("OF02", f"/api/offers/imports/{int(import_id)}", with_shop(shop_id)),
        parse=lambda response: OfferImport.model_validate_json(response.content),
    )


def get_offer_error_report(import_id: int, *, shop_id: int | None = None) -> Call[ReportFile]:
    """OF03: the refused lines of an offer import, in the uploaded file's format.

    Examples:
        >>> get_offer_error_report(2035).request.path
        '/api/offers/imports/2035/error_report'
    """
    request = ApiRequest(
        method="GET",
        path=f"/api/offers/imports/{int(import_id)}/error_report",
        params=with_shop(shop_id),
        bucket="OF03",
        operation="OF03",
    )

    def parse(response: httpx.Response) -> ReportFile:
        headers = {name.lower(): value for name, value in response.headers.items()}
        return ReportFile.from_headers(response.content, headers)

    return Call(request, parse=parse)


def list_offer_imports(
    *,
    start_date: datetime | None = None,
    end_date: datetime | None = None,
    mode: str | None = None,
    origins: Sequence[str] = (),
    shop_id: int | None = None,
) -> Call[OfferImportList]:
    """OF04: the shop's offer imports created in a window, newest first (first page).

    Used to find an import again when the answer to OF01 or OF24 was lost, rather than send
    the offers a second time.

    Examples:
        >>> from datetime import UTC
        >>> call = list_offer_imports(start_date=datetime(2026, 1, 1, tzinfo=UTC),
        ...                           origins=["API"])
        >>> call.request.bucket, dict(call.request.query_params())["start_date"]
        ('OF04', '2026-01-01T00:00:00Z')
    """
    params = with_shop(
        shop_id,
        start_date=iso(start_date),
        end_date=iso(end_date),
        mode=mode,
        origins=list(origins) or None,
    )
    return Call(
        get_request("OF04", "/api/offers/imports", params),
        parse=lambda response: OfferImportList.model_validate_json(response.content),
    )
