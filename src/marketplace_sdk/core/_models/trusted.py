"""Building pydantic models from values the caller has already checked, without validating.

A push of 100,000 offers makes several model instances per offer (the offer sent, its line of
the batch report, its result). Validating each one again, or `model_construct`, which works
the field defaults out on every call, cost more CPU than the marketplace's own work on the
same offers. `trusted_factory(Model)` works the defaults out once and returns a constructor
that only fills in an instance: for hot paths whose values come from code that checked them
(a quantity compared with its bounds, a status read from a known list), never for input.

Examples:
    >>> from marketplace_sdk.core._results import ItemResult, Outcome
    >>> ok = trusted_factory(ItemResult)
    >>> ok(key="SKU-1", outcome=Outcome.OK) == ItemResult.ok("SKU-1")
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from marketplace_sdk.core._unchecked import unchecked

__all__ = ["trusted_factory"]

M = TypeVar("M", bound=BaseModel)


def trusted_factory(model: type[M]) -> Callable[..., M]:
    """A constructor of `model` instances from keyword values, without validation.

    Fields left out take their default (a default factory is called per instance). Every
    value must already be of the field's type, and every required field must be given: the
    instance is built as is, by the same mechanism as `build` (`core._unchecked`), which
    works each model's defaults out once and shares the field-name sets of frozen instances
    given the same fields. Only frozen models without private attributes or extra fields are
    built this way.

    Raises:
        TypeError: `model` is not frozen, has private attributes or allows extra fields.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> stock = trusted_factory(StockUpdate)
        >>> stock(sku="MUG", quantity=3) == StockUpdate(sku="MUG", quantity=3)
        True
    """
    if model.__private_attributes__ or model.model_config.get("extra") == "allow":
        raise TypeError(f"{model.__name__} has private attributes or extra fields")
    if not model.model_config.get("frozen"):
        raise TypeError(f"{model.__name__} is not frozen")

    def build(**values: Any) -> M:
        return unchecked(model, values)

    return build
