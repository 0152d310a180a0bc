"""Carrier tables: which carrier a marketplace is told for the carrier an OMS names.

Marketplaces only take the carriers they know (Etsy a carrier name from its list, FNAC a code
from `carriers_query`); a carrier they do not know is not refused cleanly: Etsy marks the
order shipped and hides the tracking, FNAC sends no despatch note. So a channel never sends
a carrier it cannot map: it looks the OMS's carrier up in its `CarrierTable` and raises
`UnknownCarrierError` before anything is sent when the table has no entry.

Each marketplace package holds its default table as data (`etsy.ETSY_CARRIERS`,
`fnac.FNAC_CARRIERS`) and the docs print it; a host extends or overrides it per channel with
`CarrierTable.extend` (its own spellings, a carrier its contract adds, a fallback such as
Etsy's ``other``).

Examples:
    >>> table = CarrierTable("Shop", {"La Poste": "LAPOSTE", "Colissimo": "LAPOSTE"})
    >>> table.resolve("la-poste"), table.resolve(" COLISSIMO ")
    ('LAPOSTE', 'LAPOSTE')
    >>> table.resolve("Colis Privé")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._carriers.UnknownCarrierError: [Shop] no Shop carrier for 'Colis Privé': map it in the channel's carrier table (known: Colissimo, La Poste)
"""  # noqa: E501

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from types import MappingProxyType

import attrs

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError

__all__ = ["CarrierTable", "UnknownCarrierError", "carrier_key", "carriers_option"]


def carrier_key(carrier: str) -> str:
    """The spelling-free key of a carrier name: lower case, unaccented letters and digits.

    Examples:
        >>> carrier_key("Royal-Mail "), carrier_key("Colis Privé")
        ('royalmail', 'colisprive')
    """
    plain = unicodedata.normalize("NFKD", carrier.casefold())
    return "".join(char for char in plain if char.isalnum() and not unicodedata.combining(char))


class UnknownCarrierError(MarketplaceError):
    """An OMS carrier the channel's carrier table cannot map: nothing was sent.

    A configuration error: add the carrier to the table (`CarrierTable.extend`), or give the
    table a fallback the marketplace accepts.

    Examples:
        >>> error = UnknownCarrierError("Bob", marketplace="Etsy", known=("UPS",))
        >>> error.carrier, error.error_class.value
        ('Bob', 'configuration')
    """

    default_class = ErrorClass.CONFIGURATION

    def __init__(self, carrier: str, *, marketplace: str, known: tuple[str, ...] = ()) -> None:
        listed = ", ".join(known) or "none"
        super().__init__(
            f"no {marketplace} carrier for {carrier!r}: map it in the channel's carrier table "
            f"(known: {listed})",
            marketplace=marketplace,
        )
        self.carrier = carrier
        self.known = known


def _frozen(entries: Mapping[str, str]) -> Mapping[str, str]:
    for name, value in entries.items():
        if not carrier_key(name) or not value.strip():
            raise ValueError(f"carrier table entry {name!r} -> {value!r} is empty")
    return MappingProxyType(dict(entries))


@attrs.frozen
class CarrierTable:
    """OMS carrier names and the marketplace's carrier each one is sent as.

    Names are matched ignoring case, spaces and punctuation ("Royal Mail", "royal-mail"). The
    marketplace's own value is accepted as a name too, so a host may name the marketplace's
    carrier directly.

    Attributes:
        marketplace: the marketplace's display name (for messages).
        entries: OMS carrier name -> the marketplace's carrier name or code.
        fallback: what an unmapped carrier is sent as; `None` (the default) refuses it.

    Examples:
        >>> CarrierTable("Etsy", {"USPS": "USPS"}).resolve("usps")
        'USPS'
    """

    marketplace: str
    entries: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    fallback: str | None = None

    def lookup(self, carrier: str) -> str | None:
        """The marketplace's carrier for `carrier`, or `None` when the table has none.

        The fallback is not applied here (see `resolve`).

        Examples:
            >>> CarrierTable("Shop", {"DHL Express": "DHL"}).lookup("DHL")
            'DHL'
        """
        key = carrier_key(carrier)
        if not key:
            return None
        for name, value in self.entries.items():
            if carrier_key(name) == key:
                return value
        for value in self.entries.values():
            if carrier_key(value) == key:
                return value
        return None

    def resolve(self, carrier: str) -> str:
        """The marketplace's carrier for `carrier`: the table's entry, else the fallback.

        Raises:
            UnknownCarrierError: no entry and no fallback.

        Examples:
            >>> CarrierTable("Etsy", {}, fallback="other").resolve("Colis Privé")
            'other'
        """
        found = self.lookup(carrier)
        if found is not None:
            return found
        if self.fallback is not None:
            return self.fallback
        raise UnknownCarrierError(carrier, marketplace=self.marketplace, known=self.names())

    def extend(
        self, entries: Mapping[str, str] | None = None, *, fallback: str | None = None
    ) -> CarrierTable:
        """A copy with `entries` added (overriding the same names) and, if given, `fallback`.

        Examples:
            >>> table = CarrierTable("Shop", {"UPS": "UPS"}).extend({"Colis Privé": "OTHER"})
            >>> table.resolve("colis prive"), table.resolve("UPS")
            ('OTHER', 'UPS')
        """
        merged = {
            name: value
            for name, value in self.entries.items()
            if carrier_key(name) not in {carrier_key(new) for new in entries or {}}
        }
        merged.update(entries or {})
        return CarrierTable(
            self.marketplace, merged, fallback=fallback if fallback is not None else self.fallback
        )

    def names(self) -> tuple[str, ...]:
        """The OMS names the table maps, sorted.

        Examples:
            >>> CarrierTable("Shop", {"UPS": "UPS", "DHL": "DHL"}).names()
            ('DHL', 'UPS')
        """
        return tuple(sorted(self.entries, key=str.casefold))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(sorted(self.entries.items(), key=lambda item: item[0].casefold()))

    def markdown(self) -> str:
        """The table as Markdown: OMS carrier, what the marketplace is sent (the docs print it).

        Examples:
            >>> print(CarrierTable("Shop", {"UPS": "UPS"}).markdown())
            | OMS carrier | Sent to Shop |
            |---|---|
            | UPS | `UPS` |
            <BLANKLINE>
            Any other carrier is refused (`UnknownCarrierError`) before anything is sent.
        """
        lines = [f"| OMS carrier | Sent to {self.marketplace} |", "|---|---|"]
        lines += [f"| {name} | `{value}` |" for name, value in self]
        if self.fallback is None:
            tail = "Any other carrier is refused (`UnknownCarrierError`) before anything is sent."
        else:
            tail = f"Any other carrier is sent as `{self.fallback}`."
        return "\n".join([*lines, "", tail])


def carriers_option(options: Mapping[str, object], default: CarrierTable) -> CarrierTable:
    """The carrier table a channel factory is given in its options, else `default`.

    `options["carriers"]` is a whole `CarrierTable`, or a mapping of OMS names to the
    marketplace's carriers that extends `default`.

    Raises:
        TypeError: the option is something else.

    Examples:
        >>> default = CarrierTable("Shop", {"UPS": "UPS"})
        >>> carriers_option({"carriers": {"Bob": "BOB"}}, default).names()
        ('Bob', 'UPS')
        >>> carriers_option({}, default) is default
        True
    """
    value = options.get("carriers")
    if value is None:
        return default
    if isinstance(value, CarrierTable):
        return value
    if isinstance(value, Mapping) and all(
        isinstance(name, str) and isinstance(code, str) for name, code in value.items()
    ):
        return default.extend({str(name): str(code) for name, code in value.items()})
    raise TypeError("option 'carriers' must be a CarrierTable or a mapping of names to carriers")
