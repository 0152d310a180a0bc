"""Catalogued marketplace behaviours: what a sandbox reproduces, switchable by id.

A real marketplace does things its published description does not say (QUIRKS.md in the
shared specs lists them, each with an id such as ``ETSY-Q01``). Each sandbox carries the
catalogue of its marketplace as data: for every id, what the marketplace does, where that is
known from, what the SDK does about it, and whether the sandbox reproduces it. The sandbox
consults its `Behaviours` while serving, so an integrator can switch one off to see the
spec's kinder answer, or switch on the riskier reading of a behaviour no staff confirmed.
The docs page "Known marketplace behaviours" is printed from the same data.

Examples:
    >>> q01 = Behaviour("ETSY-Q01", "Zero stock is refused", reproduced=True,
    ...                 marketplace_does="Etsy refuses an inventory with no stock.",
    ...                 source="etsy/open-api #560", sdk_does="Deactivates instead.")
    >>> behaviours = Behaviours((q01,))
    >>> behaviours.on("ETSY-Q01")
    True
    >>> behaviours.disable("ETSY-Q01").on("ETSY-Q01")
    False
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

__all__ = [
    "Behaviour",
    "BehaviourError",
    "Behaviours",
    "Switch",
]


class BehaviourError(LookupError):
    """A behaviour id or switch name the sandbox does not know, or one it cannot switch.

    Examples:
        >>> Behaviours(()).on("ETSY-Q99")
        Traceback (most recent call last):
        marketplace_sdk.testing._behaviours.BehaviourError: no behaviour or switch 'ETSY-Q99'
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@attrs.frozen
class Switch:
    """A named reading of a behaviour whose source is weak ([UNCONFIRMED]).

    `default` is the reading that is riskier for a client, so tests meet the worse case
    unless they ask otherwise.

    Examples:
        >>> Switch("ETSY-Q37.quantity-ceiling", "Refuse a quantity above 999.", default=True).name
        'ETSY-Q37.quantity-ceiling'
    """

    name: str
    summary: str
    default: bool = True


@attrs.frozen
class Behaviour:
    """One catalogued behaviour of a marketplace, and what the SDK and the sandbox do about it.

    Attributes:
        id: the catalogue id, e.g. ``"FNAC-Q02"``.
        title: one line naming the behaviour.
        reproduced: whether the sandbox reproduces it (on by default when it does).
        marketplace_does: what the real marketplace does, in the project's own words.
        source: where that is known from (threads, release notes), and whether staff confirmed it.
        sdk_does: what the SDK does so that an OMS survives it.
        out_of_scope: why it is not reproduced (required when `reproduced` is false).
        confirmed: false when the catalogue marks the whole behaviour [UNCONFIRMED].
        switches: named readings of its unconfirmed parts.

    Examples:
        >>> Behaviour("FNAC-Q17", "Platform topology", reproduced=False,
        ...           out_of_scope="Concerns hosts, not answers.").reproduced
        False
    """

    id: str
    title: str
    reproduced: bool
    marketplace_does: str = ""
    source: str = ""
    sdk_does: str = ""
    out_of_scope: str = ""
    confirmed: bool = True
    switches: tuple[Switch, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not self.reproduced and not self.out_of_scope:
            raise ValueError(f"{self.id} is not reproduced: say why in out_of_scope")
        for switch in self.switches:
            if not switch.name.startswith(f"{self.id}."):
                raise ValueError(f"switch {switch.name!r} must be named {self.id}.<reading>")


class Behaviours:
    """The live switches of one sandbox over its marketplace's catalogue.

    Every reproduced behaviour is on unless switched off; every switch starts at its default.
    A behaviour the sandbox does not reproduce is listed but cannot be switched on.

    Examples:
        >>> from marketplace_sdk.etsy.sandbox import EtsySandbox
        >>> sandbox = EtsySandbox(behaviours={"ETSY-Q01": False})
        >>> sandbox.behaviours.on("ETSY-Q01")
        False
    """

    def __init__(
        self, catalogue: Iterable[Behaviour], overrides: Mapping[str, bool] | None = None
    ) -> None:
        self.catalogue: tuple[Behaviour, ...] = tuple(catalogue)
        self._state: dict[str, bool] = {}
        self._by_id: dict[str, Behaviour] = {}
        for behaviour in self.catalogue:
            if behaviour.id in self._by_id:
                raise ValueError(f"{behaviour.id} is catalogued twice")
            self._by_id[behaviour.id] = behaviour
            self._state[behaviour.id] = behaviour.reproduced
            for switch in behaviour.switches:
                self._state[switch.name] = switch.default
        for name, value in (overrides or {}).items():
            self.set(name, value)

    def __repr__(self) -> str:
        off = [name for name, on in self._state.items() if not on]
        return f"Behaviours({len(self.catalogue)} catalogued, off={off})"

    def __iter__(self) -> Iterator[Behaviour]:
        return iter(self.catalogue)

    def __len__(self) -> int:
        return len(self.catalogue)

    def __getitem__(self, behaviour_id: str) -> Behaviour:
        try:
            return self._by_id[behaviour_id]
        except KeyError:
            raise BehaviourError(f"no behaviour {behaviour_id!r}") from None

    def on(self, name: str) -> bool:
        """Whether the behaviour `name` (an id, or a switch ``<id>.<reading>``) is on."""
        try:
            return self._state[name]
        except KeyError:
            raise BehaviourError(f"no behaviour or switch {name!r}") from None

    def set(self, name: str, value: bool) -> Behaviours:
        """Switch `name` on or off; answers `self` so calls chain."""
        if name not in self._state:
            known = ", ".join(sorted(self._state)) or "none"
            raise BehaviourError(f"no behaviour or switch {name!r} (known: {known})")
        behaviour = self._by_id.get(name)
        if value and behaviour is not None and not behaviour.reproduced:
            raise BehaviourError(
                f"{name} is not reproduced by this sandbox: {behaviour.out_of_scope}"
            )
        self._state[name] = value
        return self

    def enable(self, name: str) -> Behaviours:
        """Switch `name` on (the marketplace's real behaviour)."""
        return self.set(name, True)

    def disable(self, name: str) -> Behaviours:
        """Switch `name` off (the spec's reading)."""
        return self.set(name, False)

    def states(self) -> dict[str, bool]:
        """Every behaviour id and switch name with whether it is on, in catalogue order."""
        return dict(self._state)

    def markdown(self) -> str:
        """The catalogue as Markdown, one section per behaviour (the docs page prints this)."""
        return behaviours_markdown(self.catalogue)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "—"


def behaviours_markdown(catalogue: Iterable[Behaviour]) -> str:
    """The catalogue as Markdown sections, one per behaviour (the docs page prints this).

    Examples:
        >>> odd = Behaviour("X-Q1", "Odd", reproduced=False, out_of_scope="n/a")
        >>> behaviours_markdown([odd]).splitlines()[0]
        '### X-Q1 — Odd'
    """
    parts: list[str] = []
    for behaviour in catalogue:
        lines = [f"### {behaviour.id} — {behaviour.title}", ""]
        if not behaviour.confirmed:
            lines += ["*Unconfirmed: a single third-party source, or inferred from a schema.*", ""]
        lines += [
            f"- **The marketplace:** {_cell(behaviour.marketplace_does)}",
            f"- **Source:** {_cell(behaviour.source)}",
        ]
        if behaviour.reproduced:
            lines.append(f"- **The SDK:** {_cell(behaviour.sdk_does)}")
            lines.append(f"- **Sandbox:** reproduced, on by default (switch: `{behaviour.id}`).")
        else:
            if behaviour.sdk_does:
                lines.append(f"- **The SDK:** {_cell(behaviour.sdk_does)}")
            lines.append(f"- **Sandbox:** out of scope. {_cell(behaviour.out_of_scope)}")
        for switch in behaviour.switches:
            state = "on" if switch.default else "off"
            lines.append(
                f"- **Switch `{switch.name}`** ({state} by default): {_cell(switch.summary)}"
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def catalogue_order(behaviours: Iterable[Behaviour]) -> tuple[Behaviour, ...]:
    """`behaviours` sorted by marketplace, then by number (``ETSY-Q2`` before ``ETSY-Q10``).

    Examples:
        >>> [b.id for b in catalogue_order([Behaviour("X-Q10", "b", reproduced=True),
        ...                                 Behaviour("X-Q2", "a", reproduced=True)])]
        ['X-Q2', 'X-Q10']
    """

    def key(behaviour: Behaviour) -> tuple[str, int]:
        marketplace, _, number = behaviour.id.partition("-Q")
        return marketplace, int(number) if number.isdigit() else 0

    return tuple(sorted(behaviours, key=key))
