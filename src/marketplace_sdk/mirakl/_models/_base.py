"""The base of the Mirakl wire models: lenient, immutable, UTC timestamps.

Examples:
    >>> LabelTranslation(locale="fr", value="Bijoux").value
    'Bijoux'
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

__all__ = ["LabelTranslation", "MiraklModel", "UtcDatetime", "empty_as_none"]


def _as_utc(value: datetime) -> datetime:
    # Mirakl writes UTC with a `Z`; a value without an offset is read as UTC too.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def empty_as_none(value: object) -> object:
    """`None` for an empty string (Mirakl fills required-but-absent fields with "")."""
    return None if value == "" else value


#: A timestamp, always timezone-aware UTC once parsed.
UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class MiraklModel(BaseModel):
    """Base of the Mirakl wire models: immutable, unknown fields kept in `model_extra`.

    Examples:
        >>> LabelTranslation.model_validate({"locale": "fr", "value": "Bijoux", "x": 1}).model_extra
        {'x': 1}
    """

    model_config = ConfigDict(extra="allow", frozen=True)


class LabelTranslation(MiraklModel):
    """A label in one locale.

    Examples:
        >>> LabelTranslation(locale="fr", value="Protection solaire").value
        'Protection solaire'
    """

    locale: str | None = None
    value: str | None = None
