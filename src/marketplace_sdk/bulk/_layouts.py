"""The templates of each marketplace and mode, from the marketplaces' descriptions.

Each marketplace states its bulk-file layout in its description
(`MarketplaceDescription.bulk_layout`): the columns of its `"create"` template (list new
products) and of its `"update"` one (change the price, stock, and where the marketplace allows
it the activation, of existing ones), its price rule and stock limit. This module finds them by
marketplace key and renders them for the docs.

Examples:
    >>> from marketplace_sdk.core._bulk_layout import BulkLayout
    >>> all(isinstance(layout, BulkLayout) for layout in layouts().values())
    True
"""

from __future__ import annotations

from collections.abc import Sequence

from marketplace_sdk.core._bulk_layout import ATTRIBUTE_PREFIX, MODES, BulkLayout, BulkTemplate
from marketplace_sdk.core._registry import marketplaces

__all__ = ["columns_markdown", "layouts", "template"]


def layouts() -> dict[str, BulkLayout]:
    """The bulk layout of every registered marketplace that takes bulk files, by key.

    Examples:
        for key, layout in layouts().items(): ...
    """
    return {d.key: d.bulk_layout for d in marketplaces() if d.bulk_layout is not None}


def _either(names: Sequence[str]) -> str:
    if len(names) < 2:
        return "".join(names) or "none"
    return f"{', '.join(names[:-1])} or {names[-1]}"


def template(marketplace: str, mode: str = "create") -> BulkTemplate:
    """The template of `marketplace` (its key) for `mode` (`"create"`, `"update"`).

    Raises:
        ValueError: an unknown marketplace or mode.

    Examples:
        >>> template("nowhere")
        Traceback (most recent call last):
        ...
        ValueError: no bulk template for marketplace 'nowhere': use etsy, fnac or mirakl
    """
    key, chosen = marketplace.strip().lower(), mode.strip().lower()
    known = layouts()
    if key not in known:
        raise ValueError(
            f"no bulk template for marketplace {marketplace!r}: use {_either(list(known))}"
        )
    if chosen not in MODES:
        raise ValueError(f"no bulk mode {mode!r}: use {_either(MODES)}")
    return known[key].template("create" if chosen == "create" else "update")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def columns_markdown(marketplace: str, mode: str = "create") -> str:
    """The template's columns as a Markdown table (the docs site prints it).

    Examples:
        >>> print(columns_markdown("fnac", "update").splitlines()[2])
        | `sku` | yes | text |  | The seller's SKU. |
    """
    chosen = template(marketplace, mode)
    lines = [
        "| column | required | type | allowed values | description |",
        "|---|---|---|---|---|",
    ]
    for column in chosen.columns:
        allowed = ", ".join(column.allowed)
        if len(column.allowed) > 3:
            allowed = f"{len(column.allowed)} codes: {', '.join(column.allowed[:3])}, ..."
        values = allowed or column.limits
        lines.append(
            f"| `{column.name}` | {column.required.value} | {_cell(column.kind.describe())} | "
            f"{_cell(values)} | {_cell(column.description)} |"
        )
    if chosen.attributes is not None:
        lines.append(
            f"| `{ATTRIBUTE_PREFIX}<code>` | no | text |  | "
            f"{_cell(chosen.attributes.description)} |"
        )
    return "\n".join(lines)
