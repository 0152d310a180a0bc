"""Building a pydantic model from values already valid, without running its validation again.

A mapping that turns a page of marketplace records into canonical records builds a dozen
models per record; pydantic's validation of values the mapping has just computed (a Decimal
it made, a currency it checked, a datetime it converted to UTC) was most of the mapping's
time. `unchecked` builds the model as validation would have, from values the caller vouches
for: each caller checks the model's rules first, and falls back to the validating constructor
whenever a value is not plainly valid, so what validation refuses is still refused, with the
same error (see `marketplace_sdk.core._models.build`).

Examples:
    >>> from pydantic import BaseModel
    >>> class Point(BaseModel):
    ...     x: int
    ...     y: int = 0
    >>> point = unchecked(Point, {"x": 1})
    >>> point, point.model_fields_set, point == Point(x=1)
    (Point(x=1, y=0), {'x'}, True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

__all__ = ["MISSING", "complete", "unchecked"]

M = TypeVar("M", bound=BaseModel)

#: Stands for a required field left out (never a valid value of any field).
MISSING: object = object()

_new = object.__new__
# The setters of `BaseModel`'s slots, called directly: half the time of `object.__setattr__`,
# which looks each one up again, and a record's mapping builds a dozen models.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__

#: Per model: its defaults (every field, in declaration order: repr and iteration follow
#: `__dict__`; MISSING when required or made by a default factory), its default factories
#: (`None` without any), and the field-name sets its instances share (`None` when not frozen).
_State = tuple[
    dict[str, object],
    dict[str, Callable[[], object]] | None,
    dict[tuple[str, ...], set[str]] | None,
]
_states: dict[type[BaseModel], _State] = {}


def _state_of(model: type[BaseModel]) -> _State:
    defaults: dict[str, object] = {}
    factories: dict[str, Callable[[], object]] = {}
    for name, field in model.model_fields.items():
        if field.default_factory is not None:
            factories[name] = field.default_factory  # type: ignore[assignment]
            defaults[name] = MISSING
        else:
            defaults[name] = MISSING if field.default is PydanticUndefined else field.default
    # Field-name sets are shared by the frozen instances given the same fields: pydantic never
    # changes the set of a frozen instance (`model_copy` gives the copy its own), and a set per
    # instance was one more object per record for the garbage collector to walk.
    sets: dict[tuple[str, ...], set[str]] | None = {} if model.model_config.get("frozen") else None
    state = (defaults, factories or None, sets)
    return _states.setdefault(model, state)


def complete(model: type[BaseModel], given: dict[str, object]) -> dict[str, object]:
    """Every field of `model`: `given`, and the defaults of the others (`MISSING` if required).

    A field with a default factory left out gets a fresh value from it.

    Examples:
        >>> from pydantic import BaseModel
        >>> class Point(BaseModel):
        ...     x: int
        ...     y: int = 0
        >>> complete(Point, {"y": 2}) == {"x": MISSING, "y": 2}
        True
    """
    defaults, factories, _ = _states.get(model) or _state_of(model)
    values = {**defaults, **given}
    if factories is not None:
        for name, factory in factories.items():
            if name not in given:
                values[name] = factory()
    return values


def unchecked(
    model: type[M], given: dict[str, object], values: dict[str, object] | None = None
) -> M:
    """`model(**given)` without validation: `given` must hold values validation keeps as they are.

    Fields left out take their defaults (a default factory runs for each instance);
    `model_fields_set` is what was given, as with the constructor. `values`, when given, is
    `complete(model, given)` already made. The model must have no private attributes: the one
    mechanism behind `build` (values checked here) and `trusted_factory` (values the caller's
    code checked).

    Examples:
        >>> from pydantic import BaseModel
        >>> class Label(BaseModel):
        ...     text: str
        >>> unchecked(Label, {"text": "hi"}).text
        'hi'
    """
    _, _, sets = _states.get(model) or _state_of(model)
    if values is None:
        values = complete(model, given)
    if sets is None:
        fields_set = set(given)
    else:
        names = tuple(given)
        shared = sets.get(names)
        fields_set = shared if shared is not None else sets.setdefault(names, set(names))
    instance = _new(model)
    _set_dict(instance, values)
    _set_fields_set(instance, fields_set)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance
