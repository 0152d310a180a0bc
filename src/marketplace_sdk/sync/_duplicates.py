"""The duplicate-SKU report of a catalogue import, as plain data that survives serialization.

`core._catalog.DuplicateSku` holds the products themselves (kept and dropped), which a Celery
result or a dashboard cannot carry. `SkuDuplicate` keeps what the report needs: the SKU, the
marketplace id kept and those dropped, in the duplicate rule's order; it reads back from its
own `to_dict`, and prints as the sentence the import logs.

Examples:
    >>> from marketplace_sdk.core._models import Product
    >>> kept, dropped = (Product(sku="A", title="A", marketplace_id=i) for i in ("1", "2"))
    >>> from marketplace_sdk.core._catalog import DuplicateSku
    >>> entry = SkuDuplicate.of(DuplicateSku("A", kept=kept, dropped=(dropped,)))
    >>> entry.to_dict()
    {'sku': 'A', 'kept': '1', 'dropped': ['2']}
    >>> SkuDuplicate.from_dict(entry.to_dict()) == entry
    True
    >>> str(entry)
    "SKU 'A' is used by 2 products; kept marketplace id 1, skipped 2"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from marketplace_sdk.core._catalog import DuplicateSku

__all__ = ["SkuDuplicate"]


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


@attrs.frozen
class SkuDuplicate:
    """One SKU several products share: the marketplace id kept and the ids left out.

    Attributes:
        sku: the shared SKU.
        kept: the marketplace id of the product imported.
        dropped: the marketplace ids of the products left out, in the rule's order.

    Examples:
        >>> SkuDuplicate("MUG", kept="11", dropped=("12", "13")).describe()
        "SKU 'MUG' is used by 3 products; kept marketplace id 11, skipped 12, 13"
    """

    sku: str
    kept: str
    dropped: tuple[str, ...] = attrs.field(converter=_strings)

    @classmethod
    def of(cls, duplicate: DuplicateSku) -> SkuDuplicate:
        """The report entry of a `DuplicateSku` (the rule's result, products included).

        Examples:
            entries = [SkuDuplicate.of(d) for d in dedupe_by_sku(products).duplicates]
        """
        return cls(duplicate.sku, kept=duplicate.kept.marketplace_id, dropped=duplicate.dropped_ids)

    def describe(self) -> str:
        """The sentence the import report shows (as `DuplicateSku.describe`).

        Examples:
            print(entry.describe())
        """
        return (
            f"SKU {self.sku!r} is used by {len(self.dropped) + 1} products; kept marketplace id "
            f"{self.kept}, skipped {', '.join(self.dropped)}"
        )

    def __str__(self) -> str:
        return self.describe()

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready).

        Examples:
            record = entry.to_dict()
        """
        return {"sku": self.sku, "kept": self.kept, "dropped": list(self.dropped)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SkuDuplicate:
        """Read back what `to_dict` wrote.

        Examples:
            entry = SkuDuplicate.from_dict({"sku": "A", "kept": "1", "dropped": ["2"]})
        """
        return cls(str(data["sku"]), kept=str(data["kept"]), dropped=data.get("dropped", ()))
