"""The pure half of the Etsy channel, shared by `EtsyChannel` and `AsyncEtsyChannel`.

Everything here decides without calling Etsy: which listing an update targets, how a push is
grouped, how a draft becomes Etsy's bodies, how an error becomes an `ItemResult`.

Examples:
    >>> from marketplace_sdk.core._errors import RateLimitedError
    >>> error_result("SKU-1", RateLimitedError("slow down", retry_after=3)).retry_after
    3.0
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TypeVar

import attrs

from marketplace_sdk.core._carriers import CarrierTable
from marketplace_sdk.core._errors import (
    ApiError,
    ErrorClass,
    MarketplaceError,
    RateLimitedError,
    ResponseParseError,
    ServerError,
    TransportError,
)
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.core._status import StatusFilterError
from marketplace_sdk.etsy._carriers import ETSY_CARRIERS
from marketplace_sdk.etsy._endpoints import ListingStateFilter
from marketplace_sdk.etsy._mapping import listing_skus
from marketplace_sdk.etsy._models import (
    DraftListing,
    InventoryOfferingWrite,
    InventoryProductWrite,
    InventoryUpdate,
    Listing,
    PropertyValueWrite,
    WhenMade,
    WhoMade,
)
from marketplace_sdk.etsy._pricing import resolve_price
from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE

__all__ = [
    "CUSTOM_PROPERTY_IDS",
    "EtsyChannelOptions",
    "chunks",
    "draft_inventory",
    "draft_listing",
    "draft_skus",
    "earlier_draft",
    "error_result",
    "explain_draft_error",
    "over_ceiling",
    "status_filter",
    "status_key",
    "unsure",
]

T = TypeVar("T")
U = TypeVar("U", StockUpdate, PriceUpdate)

#: Etsy's two custom variation properties, used for a draft's variant attributes.
CUSTOM_PROPERTY_IDS = (513, 514)


@attrs.frozen
class EtsyChannelOptions:
    """Shop settings the channel needs to list and import products.

    Attributes:
        import_states: the listing states the import reads (drafts and expired listings are
            not for sale, so left out by default).
        who_made: `who_made` of new listings.
        when_made: `when_made` of new listings.
        shipping_profile_id: the shipping profile of new listings (needed to activate them).
        readiness_state_id: the processing profile of new listings' offerings.
        taxonomy_id: the category of a draft that names none.
        max_quantity: the most units a stock push or a new listing sends for one offering
            (Etsy is reported to refuse more than 999: ETSY-Q37); a larger stock update, or a
            draft with more stock, is rejected naming the SKU and the bound. `None` sends any
            quantity.
        cancellation_reach: how far back, by creation time, `iter_cancellations` lists the
            cancelled receipts every run (Etsy's last-modified filter does not see a
            cancellation, ETSY-Q13): a cancellation of an order placed within it is reported
            by the next run. Raise it for a shop whose orders stay open longer.
        is_supply: `is_supply` of new listings (sent with `who_made` and `when_made`: Etsy
            wants the three together, ETSY-Q11).
        carriers: the carrier table shipments are mapped through (`ETSY_CARRIERS` by default;
            extend it with the shop's own carrier names, or a fallback such as ``other``).
        untracked_note: the seller's opt-in to untracked shipping: the note Etsy sends the
            buyer with a shipment that has no tracking number, which lets Etsy complete an
            order it would otherwise want tracked (ETSY-Q28). `None`: no note is sent, and
            such an order is rejected with `tracking_required`.

    Examples:
        >>> EtsyChannelOptions(shipping_profile_id=5).import_states
        ('active', 'inactive', 'sold_out')
        >>> EtsyChannelOptions(carriers=ETSY_CARRIERS.extend({"Colissimo": "other"})).carriers
        CarrierTable(marketplace='Etsy', ...)
    """

    import_states: tuple[ListingStateFilter, ...] = ("active", "inactive", "sold_out")
    cancellation_reach: timedelta = attrs.field(
        default=timedelta(days=90), validator=lambda _, __, value: _positive(value)
    )
    who_made: WhoMade = "i_did"
    when_made: WhenMade = "made_to_order"
    shipping_profile_id: int | None = None
    readiness_state_id: int | None = None
    taxonomy_id: int | None = None
    max_quantity: int | None = 999
    is_supply: bool = False
    carriers: CarrierTable = ETSY_CARRIERS
    untracked_note: str | None = None


def _positive(reach: timedelta) -> None:
    if reach <= timedelta(0):
        raise ValueError(f"cancellation_reach must be positive, not {reach}")


def unsure(error: MarketplaceError) -> bool:
    """Whether a write that failed with `error` may have been applied all the same.

    A timeout or broken connection after the request left, a 5xx, or a 200 whose body could
    not be read: Etsy may have done it.

    Examples:
        >>> from marketplace_sdk.core._errors import ResponseParseError, TransportError
        >>> unsure(ResponseParseError("truncated", status=200))
        True
        >>> unsure(TransportError("connection refused", sent=False))
        False
    """
    if isinstance(error, TransportError):
        return error.sent
    return isinstance(error, ServerError | ResponseParseError)


def error_result(
    key: str, error: MarketplaceError, *, context: str | None = None, repeatable: bool = True
) -> ItemResult:
    """The item result for an error Etsy (or the transport) raised while applying `key`.

    Transient errors (rate limits, timeouts, 5xx) are retry later; the others are rejected with
    Etsy's code and message. A write that may have been applied all the same (`unsure`) is
    never rejected: retry later when sending it again is harmless (`repeatable`: it sets a
    state), else unknown outcome. A configuration error (refused or revoked credentials, a
    missing scope) is not about the item: it is raised, so a batch stops at once instead of
    reporting every item rejected, as the FNAC channel does.

    Examples:
        >>> from marketplace_sdk.core._errors import InvalidRequestError, ResponseParseError
        >>> error_result("A", InvalidRequestError("bad price", status=400)).outcome.value
        'rejected'
        >>> unreadable = ResponseParseError("truncated", status=200)
        >>> error_result("A", unreadable).outcome.value
        'retry_later'
        >>> error_result("A", unreadable, repeatable=False).outcome.value
        'unknown'
    """
    if error.error_class is ErrorClass.CONFIGURATION:
        raise error
    code = error.code if isinstance(error, ApiError) else None
    message = f"{context}, then: {error.message}" if context else error.message
    if unsure(error):
        if not repeatable:
            message += ": it may have been applied; check before sending it again"
            return ItemResult.unknown(key, message=message, code=code)
        return ItemResult.retry_later(key, message=message, code=code)
    if error.error_class is ErrorClass.TRANSIENT:
        retry_after = error.retry_after if isinstance(error, RateLimitedError) else None
        return ItemResult.retry_later(key, message=message, code=code, retry_after=retry_after)
    return ItemResult.rejected(key, message=message, code=code)


def draft_skus(draft: ProductDraft) -> tuple[str, ...]:
    """The SKUs a listed draft carries on Etsy: its variants' SKUs, else its own.

    Examples:
        >>> draft = ProductDraft(sku="MUG", title="Mug", stock=1,
        ...     price=Money(amount="9", currency="USD"))
        >>> draft_skus(draft)
        ('MUG',)
    """
    return tuple(v.sku for v in draft.variants) if draft.variants else (draft.sku,)


def earlier_draft(
    drafts: Sequence[Listing], draft: ProductDraft, body: DraftListing
) -> Listing | None:
    """The draft listing an earlier attempt to list `draft` left on Etsy, if one did (ETSY-Q10).

    createDraftListing is not idempotent, and Etsy can create the listing and still answer
    500, or the answer can be lost. Before a draft is created, the shop's drafts are searched
    for one of this product: first one carrying one of its SKUs (an attempt that got as far
    as the inventory), else one with no SKU yet and the same title, description and category
    (an attempt whose answer was lost). The oldest such draft wins, so two looks agree.

    Examples:
        >>> body = DraftListing(quantity=1, title="Mug", description="Mug", price=Decimal("9"),
        ...     who_made="i_did", when_made="made_to_order", taxonomy_id=1)
        >>> draft = ProductDraft(sku="MUG", title="Mug", stock=1, category_id="1",
        ...     price=Money(amount="9", currency="USD"))
        >>> lost = Listing(listing_id=7, title="Mug", description="Mug", taxonomy_id=1,
        ...     state="draft")
        >>> earlier_draft([Listing(listing_id=9, title="Cup", state="draft"), lost],
        ...     draft, body).listing_id
        7
        >>> earlier_draft([Listing(listing_id=3, title="Other", state="draft", skus=["MUG"])],
        ...     draft, body).listing_id
        3
    """
    wanted = set(draft_skus(draft))
    ours = [listing for listing in drafts if wanted & set(listing_skus(listing))]
    if not ours:
        ours = [
            listing
            for listing in drafts
            if not listing_skus(listing)
            and listing.title == body.title
            and (listing.description or "") == body.description
            and listing.taxonomy_id == body.taxonomy_id
        ]
    return min(ours, key=lambda listing: listing.listing_id) if ours else None


#: Etsy's createDraftListing refusals that do not name the field at fault, and the field.
_MISLEADING_DRAFT_ERRORS = (
    ("array_too_short", "who_made, when_made and is_supply must be sent together"),
    ("/item/weight", "item_weight must be above 0 with this shipping profile"),
    ("Item weight", "item_weight must be above 0 with this shipping profile"),
    ("shipping_profile_id", "shipping_profile_id is required for a physical listing"),
)


def explain_draft_error(message: str) -> str:
    """Etsy's refusal of a draft, with the field at fault named when Etsy's text hides it.

    Examples:
        >>> explain_draft_error('[{"path":"/images","type":"array_too_short"}]')[:54]
        'who_made, when_made and is_supply must be sent togethe'
        >>> explain_draft_error("Bad title")
        'Bad title'
    """
    for marker, field in _MISLEADING_DRAFT_ERRORS:
        if marker in message:
            return f"{field} (Etsy said: {message})"
    return message


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in slices of at most `size`.

    Examples:
        >>> [list(c) for c in chunks([1, 2, 3], 2)]
        [[1, 2], [3]]
    """
    for start in range(0, len(items), size):
        yield items[start : start + size]


def status_key(status: str) -> str:
    """A status compared ignoring case, spaces, hyphens and underscores ("canceled" too).

    Examples:
        >>> status_key("In-transit") == status_key("in transit")
        True
    """
    key = "".join(char for char in status.lower() if char.isalnum())
    return "cancelled" if key == "canceled" else key


def status_filter(statuses: Collection[str] | None) -> frozenset[str] | None:
    """The keys of the wanted statuses, `None` for all.

    Raises:
        StatusFilterError: a status the seed's Etsy table does not have (before any call:
            such a filter would silently match nothing).

    Examples:
        >>> sorted(status_filter(["New", "canceled"]))
        ['cancelled', 'new']
        >>> status_filter(["Bogus"])
        Traceback (most recent call last):
        ...
        marketplace_sdk.core._status.StatusFilterError: [etsy] unknown order status 'Bogus'; \
use one of: New, In-transit, Delivered, Cancelled
    """
    if statuses is None:
        return None
    valid = ETSY_STATUS_TABLE.marketplace_statuses
    known = {status_key(status) for status in valid}
    unknown = [status for status in statuses if status_key(status) not in known]
    if unknown:
        raise StatusFilterError(unknown, valid, marketplace="etsy")
    return frozenset(status_key(s) for s in statuses)


def over_ceiling(draft: ProductDraft, maximum: int | None) -> None:
    """Refuse, before anything is sent, a draft whose SKU has more than `maximum` units.

    Etsy is reported to refuse an offering above 999 units (ETSY-Q37), and its answer names
    only the payload's position (`products[0].offerings[0].quantity is out of range`), after
    the draft listing already exists; this names the SKU and the bound instead.

    Raises:
        ValueError: the draft's stock, or one variant's, is above `maximum`.

    Examples:
        >>> draft = ProductDraft(sku="MUG", title="Mug", stock=1000,
        ...     price=Money(amount="9.90", currency="USD"))
        >>> over_ceiling(draft, 999)
        Traceback (most recent call last):
        ...
        ValueError: SKU 'MUG': stock 1000 is above 999, the most Etsy takes per offering (ETSY-Q37)
    """
    if maximum is None:
        return
    stocks = [(v.sku, v.stock or 0) for v in draft.variants] or [(draft.sku, draft.stock)]
    for sku, stock in stocks:
        if stock > maximum:
            raise ValueError(
                f"SKU {sku!r}: stock {stock} is above {maximum}, the most Etsy takes per "
                "offering (ETSY-Q37)"
            )


def draft_listing(draft: ProductDraft, price: Money, options: EtsyChannelOptions) -> DraftListing:
    """The `createDraftListing` body for an OMS draft (quantity is the total stock).

    Etsy's answers to a bad draft are misleading (ETSY-Q11): a partial `who_made` /
    `when_made` / `is_supply` triple is refused as a missing image, so the three are always
    sent; a physical listing without a shipping profile is refused, so that is checked here,
    naming the field, before anything is sent.

    Raises:
        ValueError: the draft names no category and the options give no default, the
            options give no `shipping_profile_id`, it has no stock at all (Etsy refuses
            an inventory with none: ETSY-Q01), or a SKU's stock is above
            `options.max_quantity` (ETSY-Q37; see `over_ceiling`).

    Examples:
        >>> draft = ProductDraft(sku="MUG", title="Mug", stock=3, category_id="2",
        ...     price=Money(amount="9.90", currency="USD"))
        >>> options = EtsyChannelOptions(shipping_profile_id=7)
        >>> body = draft_listing(draft, draft.price, options)
        >>> body.taxonomy_id, body.is_supply
        (2, False)
        >>> draft_listing(draft, draft.price, EtsyChannelOptions())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: draft 'MUG': shipping_profile_id is required for a physical Etsy listing ...
    """
    category = draft.category_id or (
        str(options.taxonomy_id) if options.taxonomy_id is not None else None
    )
    if category is None or not category.isdigit():
        raise ValueError(f"draft {draft.sku!r} needs an Etsy category (taxonomy id)")
    if options.shipping_profile_id is None:
        raise ValueError(
            f"draft {draft.sku!r}: shipping_profile_id is required for a physical Etsy listing"
            " (set EtsyChannelOptions.shipping_profile_id)"
        )
    over_ceiling(draft, options.max_quantity)
    stock = sum(v.stock or 0 for v in draft.variants) if draft.variants else draft.stock
    if stock < 1:
        raise ValueError(
            f"draft {draft.sku!r} has no stock: Etsy refuses an inventory with none; "
            "list it once stock arrives"
        )
    return DraftListing(
        quantity=stock,
        title=draft.title,
        description=draft.description or draft.title,
        price=price.amount,
        who_made=options.who_made,
        when_made=options.when_made,
        taxonomy_id=int(category),
        shipping_profile_id=options.shipping_profile_id,
        readiness_state_id=options.readiness_state_id,
        is_supply=options.is_supply,
    )


def draft_inventory(
    draft: ProductDraft, price: Money, options: EtsyChannelOptions
) -> InventoryUpdate:
    """The inventory of a new listing: the draft's SKU, or one product per variant.

    Variant attributes become Etsy's custom variation properties (at most two); price and
    quantity vary on them, so each variant keeps its own price (else the draft's) and stock.

    Raises:
        ValueError: variants with more than two attributes, or not the same attribute names.

    Examples:
        >>> from marketplace_sdk.core._models import Variant
        >>> draft = ProductDraft(sku="TEE", title="Tee", stock=0,
        ...     price=Money(amount="10", currency="USD"),
        ...     variants=(Variant(sku="TEE-S", attributes={"Size": "S"}, stock=2),
        ...               Variant(sku="TEE-M", attributes={"Size": "M"}, stock=1)))
        >>> update = draft_inventory(draft, draft.price, EtsyChannelOptions())
        >>> [p.sku for p in update.products], update.quantity_on_property
        (['TEE-S', 'TEE-M'], [513])
    """

    def offering(amount: Decimal, quantity: int) -> InventoryOfferingWrite:
        return InventoryOfferingWrite(
            price=amount, quantity=quantity, readiness_state_id=options.readiness_state_id
        )

    if not draft.variants:
        return InventoryUpdate(
            products=[
                InventoryProductWrite(
                    sku=draft.sku, offerings=[offering(price.amount, draft.stock)]
                )
            ]
        )
    names = list(draft.variants[0].attributes)
    if not names or len(names) > len(CUSTOM_PROPERTY_IDS):
        raise ValueError("Etsy variants need one or two attributes")
    if any(list(v.attributes) != names for v in draft.variants):
        raise ValueError("every variant must have the same attribute names")
    ids = list(CUSTOM_PROPERTY_IDS[: len(names)])
    products = [
        InventoryProductWrite(
            sku=variant.sku,
            property_values=[
                PropertyValueWrite(property_id=pid, property_name=name, values=[value])
                for pid, (name, value) in zip(ids, variant.attributes.items(), strict=True)
            ],
            offerings=[
                offering(
                    resolve_price(variant.price, None).amount if variant.price else price.amount,
                    variant.stock or 0,
                )
            ],
        )
        for variant in draft.variants
    ]
    return InventoryUpdate(
        products=products, price_on_property=ids, quantity_on_property=ids, sku_on_property=ids
    )
