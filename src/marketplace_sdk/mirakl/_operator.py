"""`MiraklOperator`: what sets one Mirakl operator apart from another, as data.

Every Mirakl operator (Carrefour, Decathlon, Leroy Merlin...) serves the same seller API; they
differ in their instance URL, the call frequencies they allow (an External Partner key polls
OR11 every 15 minutes, say), whether sellers may list from their catalogue, their currency and
whether OR11 offers seek pagination. The built-in marketplace `mirakl` is the operator whose
URL each profile gives; `register_operator` makes another one a marketplace of its own.

Examples:
    >>> from marketplace_sdk.core._ratelimit import Rate
    >>> acme = MiraklOperator(key="acme", title="Acme", base_url="https://acme.mirakl.net",
    ...                       call_frequencies={"OR11": [Rate.every(900)]})
    >>> acme.env("API_KEY"), acme.call_frequencies["OR11"]
    ('ACME_API_KEY', (Rate(limit=1, interval=900.0),))
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs

from marketplace_sdk.core._ratelimit import Rate

__all__ = ["MIRAKL_OPERATOR", "MiraklOperator"]

_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _frequencies(value: Mapping[str, Sequence[Rate]] | None) -> Mapping[str, tuple[Rate, ...]]:
    return MappingProxyType({name: tuple(rates) for name, rates in (value or {}).items()})


def _url(_: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and not value.startswith(("https://", "http://")):
        raise ValueError(f"{attribute.name} must be an http(s) URL, not {value!r}")


@attrs.frozen(kw_only=True)
class MiraklOperator:
    """One Mirakl operator as the SDK knows it.

    Attributes:
        key: its marketplace key (`carrefour`): profiles, cursors, the CLI's group.
        title: its name in messages and help ("Carrefour").
        base_url: its instance URL, the default of the `connect` command (`None`: asked for).
        call_frequencies: operation code to rates, replacing Mirakl's stated ones where the
            operator allows less (`{"OR11": [Rate.every(900)]}`).
        catalogue: whether sellers may read its catalogue structure and list offers on its
            products from the OMS.
        currency: its currency, for an order or offer that names none.
        seek_pagination: whether its OR11 offers seek pagination.

    Examples:
        >>> MIRAKL_OPERATOR.key, MIRAKL_OPERATOR.catalogue
        ('mirakl', True)
    """

    key: str = attrs.field(validator=attrs.validators.matches_re(_KEY))
    title: str
    base_url: str | None = attrs.field(default=None, validator=_url)
    call_frequencies: Mapping[str, tuple[Rate, ...]] = attrs.field(
        factory=dict, converter=_frequencies
    )
    catalogue: bool = True
    currency: str | None = None
    seek_pagination: bool = False

    def env(self, name: str) -> str:
        """The environment variable of one of its `connect` options (`CARREFOUR_API_KEY`).

        Examples:
            >>> MIRAKL_OPERATOR.env("URL")
            'MIRAKL_URL'
        """
        return f"{self.key.upper()}_{name}"


#: The built-in `mirakl` marketplace: any operator, its URL in each profile.
MIRAKL_OPERATOR = MiraklOperator(key="mirakl", title="Mirakl")
