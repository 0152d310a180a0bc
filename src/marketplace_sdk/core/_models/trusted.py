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

from marketplace_sdk.core._models.orders import Order
from marketplace_sdk.core._models.people import Address
from marketplace_sdk.core._unchecked import unchecked

__all__ = ["trusted_factory", "trusted_fields", "trusted_positional"]

M = TypeVar("M", bound=BaseModel)
_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
_SLOT_SETTERS: dict[str, Callable[[Any, Any], None]] = {
    name: vars(BaseModel)[name].__set__ for name in _SLOTS
}


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


def trusted_positional(model: type[M], names: tuple[str, ...]) -> Callable[..., M]:
    """A constructor of `model` instances from the values of `names`, in that order, without
    validation: `trusted_factory` for a hot path that always sets the same fields (one
    result per offer of a batch report), without a keyword dict per instance.

    The same rules as `trusted_factory`: every value already of its field's type, the other
    fields at their default (a model with default factories is refused here).

    Raises:
        TypeError: `model` is not frozen, has private attributes, allows extra fields, or
            has a field with a default factory; `names` are not its fields, each once. The
            constructor raises it too when given another number of values.

    Examples:
        >>> from marketplace_sdk.core._results import ItemResult, Outcome
        >>> ok = trusted_positional(ItemResult, ("key", "outcome"))
        >>> ok("SKU-1", Outcome.OK) == ItemResult.ok("SKU-1")
        True
    """
    trusted_factory(model)  # the same checks
    fields = model.model_fields
    if any(info.default_factory is not None for info in fields.values()):
        raise TypeError(f"{model.__name__} has a field with a default factory")
    unknown = [name for name in names if name not in fields]
    if unknown or len(set(names)) != len(names):
        raise TypeError(f"{model.__name__}: not its fields, each once: {names!r}")
    # One function per model and names, its instance's dict written as a literal in the
    # fields' declaration order (the order repr and iteration follow): half the time of a
    # copy of the defaults updated from the values, for a record built a hundred thousand
    # times. The source is written from the model's own field names, never from input.
    scope: dict[str, Any] = {"new": object.__new__, "model": model, "given": set(names)}
    scope.update(zip(("set_dict", "set_fields", "set_extra", "set_private"), _SETTERS, strict=True))
    items = []
    for index, (name, info) in enumerate(fields.items()):
        if name in names:
            items.append(f"{name!r}: v_{names.index(name)}")
        else:
            scope[f"d_{index}"] = None if info.is_required() else info.default
            items.append(f"{name!r}: d_{index}")
    params = ", ".join(f"v_{index}" for index in range(len(names)))
    source = (
        f"def build({params}):\n"
        "    instance = new(model)\n"
        f"    set_dict(instance, {{{', '.join(items)}}})\n"
        "    set_fields(instance, given)\n"
        "    set_extra(instance, None)\n"
        "    set_private(instance, None)\n"
        "    return instance\n"
    )
    exec(source, scope)
    made: Callable[..., M] = scope["build"]
    return made


_SETTERS = tuple(_SLOT_SETTERS[name] for name in _SLOTS)


def trusted_fields(model: type[M], given: tuple[str, ...]) -> Callable[[dict[str, Any]], M]:
    """A constructor of `model` instances from a dict of every field, without validation or a
    copy: for a hot path that writes the dict itself (a literal is the cheapest dict), one
    result per offer of a batch report.

    The dict must hold every field, in declaration order (as `model_fields` lists them), each
    value already of its field's type; `given` are the fields the instance reports as set.
    The same models as `trusted_factory` are accepted.

    Raises:
        TypeError: `model` is not frozen, has private attributes or allows extra fields.

    Examples:
        >>> from marketplace_sdk.core._results import ItemResult, Outcome
        >>> list(ItemResult.model_fields)
        ['raw', 'key', 'outcome', 'reason', 'retry_after', 'marketplace_id', 'draft']
        >>> ok = trusted_fields(ItemResult, ("key", "outcome"))
        >>> ok({"raw": None, "key": "A", "outcome": Outcome.OK, "reason": None,
        ...     "retry_after": None, "marketplace_id": None, "draft": False}) == ItemResult.ok("A")
        True
    """
    trusted_factory(model)  # the same checks
    fields_set = set(given)
    new = object.__new__
    set_dict, set_fields, set_extra, set_private = (_SLOT_SETTERS[name] for name in _SLOTS)

    def build(data: dict[str, Any]) -> M:
        instance: M = new(model)
        set_dict(instance, data)
        set_fields(instance, fields_set)
        set_extra(instance, None)
        set_private(instance, None)
        return instance

    return build


#: `Order`'s fields in the order `new_order` takes their values.
ORDER_FIELDS = (
    "order_id",
    "created_at",
    "updated_at",
    "marketplace_status",
    "oms_status",
    "lines",
    "buyer",
    "shipping_address",
    "totals",
    "shipments",
    "refunds",
    "paid",
    "raw",
)

#: An `Order` from its values in `ORDER_FIELDS` order, unvalidated: for a marketplace mapping's
#: fast path that has checked every value as `build` would (one constructor for all of them).
new_order = trusted_positional(Order, ORDER_FIELDS)

#: `Address`'s fields in the order `new_address` takes their values (every one a mapping sets).
ADDRESS_FIELDS = (
    "name",
    "company",
    "line1",
    "line2",
    "city",
    "region",
    "postal_code",
    "country_code",
    "phone",
)

#: An `Address` from its values in `ADDRESS_FIELDS` order, unvalidated, as `new_order`.
new_address = trusted_positional(Address, ADDRESS_FIELDS)
