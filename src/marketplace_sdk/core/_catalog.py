"""Catalogue rules: one product per SKU, every duplicate reported.

The seeds require unique SKUs: "Only one product from duplicate SKU will get sync in OMS".
`dedupe_by_sku` decides which one, by a rule that depends only on the products themselves,
never on the order the marketplace returned them in:

1. keep the product whose `marketplace_id` is lowest, comparing numeric ids as numbers
   (the oldest listing on marketplaces that number them in sequence, as Etsy does) and
   placing numeric ids before non-numeric ones, which compare as text;
2. among products with the same `marketplace_id` (the same product returned twice, which
   paging can do), keep the one updated most recently (`updated_at`; unknown counts as oldest);
3. a last tie is broken by the product's canonical JSON, so the choice is total.

SKUs are compared exactly as the records hold them (stripped of surrounding spaces).

Examples:
    >>> a = Product(sku="MUG", title="Mug", marketplace_id="120")
    >>> b = Product(sku="MUG", title="Mug (copy)", marketplace_id="99")
    >>> result = dedupe_by_sku([a, b])
    >>> result.products == (b,)
    True
    >>> print(result.duplicates[0].describe())
    SKU 'MUG' is used by 2 products; kept marketplace id 99, skipped 120
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import attrs

from marketplace_sdk.core._models import Product

__all__ = ["DedupeResult", "DuplicateSku", "dedupe_by_sku", "product_rank"]

_UNKNOWN_TIME = float("-inf")


def _id_key(marketplace_id: str) -> tuple[int, int, str]:
    text = marketplace_id.strip()
    if text.isascii() and text.isdigit():
        return (0, int(text), text)
    return (1, 0, marketplace_id)


def _time_key(updated_at: datetime | None) -> float:
    return updated_at.timestamp() if updated_at is not None else _UNKNOWN_TIME


def product_rank(product: Product) -> tuple[tuple[int, int, str], float, str]:
    """The sort key of the rule: the product with the smallest key is kept.

    Examples:
        >>> product_rank(Product(sku="A", title="A", marketplace_id="7"))[0]
        (0, 7, '7')
    """
    return (
        _id_key(product.marketplace_id),
        -_time_key(product.updated_at),
        product.model_dump_json(),
    )


@attrs.frozen
class DuplicateSku:
    """A SKU several products share: the one kept and the ones dropped (in rule order).

    Examples:
        >>> p = Product(sku="A", title="A", marketplace_id="1")
        >>> DuplicateSku("A", kept=p, dropped=(p,)).dropped_ids
        ('1',)
    """

    sku: str
    kept: Product
    dropped: tuple[Product, ...]

    @property
    def dropped_ids(self) -> tuple[str, ...]:
        """The marketplace ids of the dropped products."""
        return tuple(product.marketplace_id for product in self.dropped)

    def describe(self) -> str:
        """A sentence for the import report.

        Examples:
            >>> p, q = (Product(sku="A", title="A", marketplace_id=i) for i in ("1", "2"))
            >>> DuplicateSku("A", kept=p, dropped=(q,)).describe()
            "SKU 'A' is used by 2 products; kept marketplace id 1, skipped 2"
        """
        return (
            f"SKU {self.sku!r} is used by {len(self.dropped) + 1} products; kept marketplace id "
            f"{self.kept.marketplace_id}, skipped {', '.join(self.dropped_ids)}"
        )


@attrs.frozen
class DedupeResult:
    """Products with one per SKU (sorted by SKU), and every duplicate (sorted by SKU).

    Examples:
        >>> dedupe_by_sku([]).products
        ()
    """

    products: tuple[Product, ...]
    duplicates: tuple[DuplicateSku, ...]


def dedupe_by_sku(products: Iterable[Product]) -> DedupeResult:
    """Keep exactly one product per SKU by the module's rule, and report every duplicate.

    The result does not depend on the order of `products`: both tuples are sorted by SKU.

    Examples:
        >>> one = Product(sku="A", title="A", marketplace_id="1")
        >>> dedupe_by_sku([one, one]).duplicates[0].describe()
        "SKU 'A' is used by 2 products; kept marketplace id 1, skipped 1"
    """
    by_sku: defaultdict[str, list[Product]] = defaultdict(list)
    for product in products:
        by_sku[product.sku].append(product)
    kept: list[Product] = []
    duplicates: list[DuplicateSku] = []
    for sku in sorted(by_sku):
        ranked = sorted(by_sku[sku], key=product_rank)
        kept.append(ranked[0])
        if len(ranked) > 1:
            duplicates.append(DuplicateSku(sku, kept=ranked[0], dropped=tuple(ranked[1:])))
    return DedupeResult(products=tuple(kept), duplicates=tuple(duplicates))
