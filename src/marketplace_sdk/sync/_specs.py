"""Jobs declared as data: `JobSpec` says what runs, how often, for which shops and how.

A spec names its job by reference (`"package.module:function"`), so the same spec can be run by
the embedded runner in this process, by the simulated scheduler in a test, or by a Celery worker
on another machine that imports the function itself. Specs load from and dump to plain dicts
(JSON, TOML, YAML: the host's choice of config file).

The job function receives a `JobContext` (the shop's channel, the cursor store, the host's sink,
the clock and the run's fixed `now`) and the spec's keyword arguments merged with the shop's own,
and returns a `RunReport`.

Examples:
    >>> spec = JobSpec.from_dict({
    ...     "id": "orders.new", "func": "marketplace_sdk.sync:new_orders",
    ...     "interval": "PT5M", "shops": [{"marketplace": "etsy", "shop_id": "42"}],
    ... })
    >>> spec.interval, [str(shop) for shop in spec.shops]
    (datetime.timedelta(seconds=300), ['etsy/42'])
    >>> JobSpec.from_dict(spec.to_dict()) == spec
    True
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.core._redact import redact_text

if TYPE_CHECKING:
    from marketplace_sdk.sync._jobs import RunReport

__all__ = [
    "JobFunction",
    "JobSpec",
    "JobSpecError",
    "ShopRef",
    "format_duration",
    "import_reference",
    "parse_duration",
    "resolve_job",
]

#: What a job is: given the run's context and its keyword arguments, do one run.
JobFunction = Callable[..., "RunReport"]

_DURATION = re.compile(
    r"^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)
_REFERENCE = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")


class JobSpecError(MarketplaceError):
    """A job spec that cannot run: bad field, unknown function reference, malformed duration.

    A configuration error: fix the spec, retrying will not help.

    Examples:
        >>> try:
        ...     parse_duration("5 minutes")
        ... except JobSpecError as error:
        ...     print(error)
        duration '5 minutes' is not ISO 8601 (e.g. PT5M, PT1H, P90D)
    """

    default_class = ErrorClass.CONFIGURATION


def parse_duration(value: str | int | float | timedelta) -> timedelta:
    """A duration from ISO 8601 (`PT5M`, `P1DT2H`), seconds, or a `timedelta`.

    Examples:
        >>> parse_duration("PT30M"), parse_duration(90)
        (datetime.timedelta(seconds=1800), datetime.timedelta(seconds=90))
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise JobSpecError(f"duration {value!r} is not a number of seconds")
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = _DURATION.match(value.strip()) if value.strip() not in ("P", "PT") else None
    if match is None:
        raise JobSpecError(f"duration {value!r} is not ISO 8601 (e.g. PT5M, PT1H, P90D)")
    parts = {name: int(part) for name, part in match.groupdict().items() if part}
    return timedelta(**parts)


def format_duration(value: timedelta) -> str:
    """The ISO 8601 form `parse_duration` reads back (whole seconds).

    Examples:
        >>> format_duration(timedelta(days=1, minutes=5)), format_duration(timedelta(0))
        ('P1DT5M', 'PT0S')
    """
    total = int(value.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(
        f"{amount}{unit}"
        for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if amount
    )
    text = "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return "PT0S" if text == "P" else text


def _import_failure(what: str, reference: str, module_name: str, error: Exception) -> str:
    # The cause travels with the error (a Celery result, a run report), not only in a log; a
    # host's module may quote a DSN or a token while failing, so it is redacted.
    cause = redact_text(f"{type(error).__name__}: {error}")
    message = f"{what} {reference!r}: cannot import {module_name}: {cause}"
    missing = error.name if isinstance(error, ModuleNotFoundError) else None
    if missing is not None and (module_name + ".").startswith(missing + "."):
        message += (
            " (is the host's package installed, or on the PYTHONPATH, where this process "
            "runs? a Celery worker needs it too)"
        )
    return message


def import_reference(reference: str, *, what: str = "reference") -> object:
    """Import the object a `"package.module:attribute"` reference names.

    Raises:
        JobSpecError: a malformed reference, a module that cannot be imported (the message
            carries the cause's type and message, redacted), a missing attribute; the message
            starts with `what` (`"job reference"`, `"runtime"`).

    Examples:
        >>> import_reference("marketplace_sdk.sync:standard_schedule").__name__
        'standard_schedule'
    """
    if not _REFERENCE.match(reference):
        raise JobSpecError(f"{what} {reference!r} is not 'package.module:attribute'")
    module_name, _, attribute = reference.partition(":")
    try:
        target: object = importlib.import_module(module_name)
    except Exception as error:  # the host's module may fail in any way while it loads
        raise JobSpecError(_import_failure(what, reference, module_name, error)) from error
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise JobSpecError(f"{what} {reference!r}: no {part!r} there") from None
    return target


def resolve_job(reference: str) -> JobFunction:
    """Import the job function a spec names (`"package.module:function"`).

    Examples:
        >>> resolve_job("marketplace_sdk.sync:new_orders").__name__
        'new_orders'
    """
    target = import_reference(reference, what="job reference")
    if not callable(target):
        raise JobSpecError(f"job reference {reference!r} is not callable")
    function: JobFunction = target
    return function


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value or {})


@attrs.frozen
class ShopRef:
    """One connected shop a job runs for, with that shop's own job arguments.

    Examples:
        >>> shop = ShopRef("fnac", "SHOP-1", kwargs={"max_skus_per_15min": 500})
        >>> str(shop), shop.kwargs["max_skus_per_15min"]
        ('fnac/SHOP-1', 500)
    """

    marketplace: str
    shop_id: str
    kwargs: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_frozen_mapping, eq=False, hash=False
    )

    def __str__(self) -> str:
        return f"{self.marketplace}/{self.shop_id}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data.

        Examples:
            >>> ShopRef("etsy", "42").to_dict()
            {'marketplace': 'etsy', 'shop_id': '42'}
        """
        data: dict[str, Any] = {"marketplace": self.marketplace, "shop_id": self.shop_id}
        if self.kwargs:
            data["kwargs"] = dict(self.kwargs)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ShopRef:
        """Read `to_dict`'s output.

        Examples:
            >>> ShopRef.from_dict({"marketplace": "etsy", "shop_id": 42}).shop_id
            '42'
        """
        try:
            return cls(str(data["marketplace"]), str(data["shop_id"]), kwargs=data.get("kwargs"))
        except KeyError as missing:
            raise JobSpecError(f"shop entry {dict(data)!r} lacks {missing}") from None


def _shops(value: Iterable[ShopRef]) -> tuple[ShopRef, ...]:
    return tuple(value)


def _positive(instance: object, attribute: attrs.Attribute[timedelta], value: timedelta) -> None:
    if value <= timedelta(0):
        raise JobSpecError(f"{attribute.name} must be positive, got {value}")


def _not_negative(
    instance: object, attribute: attrs.Attribute[timedelta], value: timedelta
) -> None:
    if value < timedelta(0):
        raise JobSpecError(f"{attribute.name} must not be negative, got {value}")


def _reference(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _REFERENCE.match(value):
        raise JobSpecError(f"func {value!r} is not 'package.module:function'")


@attrs.frozen
class JobSpec:
    """A scheduled job, as data.

    Attributes:
        id: the job's name, unique in a schedule (`"orders.new"`); also its cursor's job id.
        func: the job function, `"package.module:function"`.
        interval: time between two runs for one shop.
        kwargs: keyword arguments for every run (JSON-shaped).
        shops: the shops it runs for, each with its own extra arguments.
        coalesce: several missed runs collapse into one (the window widens; see
            `marketplace_sdk.sync._windows`) instead of a burst.
        misfire_grace: a run later than this after its due time still runs (when `coalesce`
            is off, later ones are skipped and the next run catches up).
        jitter: runs of different shops are spread by up to this much, deterministically.
        run_at_start: run once as soon as the scheduler starts rather than one interval later.

    At most one run of a job is ever in progress for one shop: every runner enforces it.

    Examples:
        >>> spec = JobSpec("orders.status", "marketplace_sdk.sync:status_orders",
        ...                interval=timedelta(minutes=30), shops=(ShopRef("etsy", "42"),))
        >>> spec.name_for(spec.shops[0])
        'orders.status@etsy/42'
    """

    id: str = attrs.field(validator=attrs.validators.min_len(1))
    func: str = attrs.field(validator=_reference)
    interval: timedelta = attrs.field(validator=_positive)
    kwargs: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_frozen_mapping, eq=False, hash=False
    )
    shops: tuple[ShopRef, ...] = attrs.field(default=(), converter=_shops)
    coalesce: bool = True
    misfire_grace: timedelta = attrs.field(default=timedelta(minutes=5), validator=_not_negative)
    jitter: timedelta = attrs.field(default=timedelta(0), validator=_not_negative)
    run_at_start: bool = False

    def name_for(self, shop: ShopRef) -> str:
        """The name of this job for one shop: its lock, its scheduler entry, its reports.

        Examples:
            >>> JobSpec("a", "m:f", timedelta(1)).name_for(ShopRef("fnac", "S"))
            'a@fnac/S'
        """
        return f"{self.id}@{shop}"

    def arguments_for(self, shop: ShopRef) -> dict[str, Any]:
        """The keyword arguments of a run for `shop`: the spec's, then the shop's over them.

        Examples:
            >>> spec = JobSpec("a", "m:f", timedelta(1), kwargs={"lookback": 300, "x": 1})
            >>> spec.arguments_for(ShopRef("etsy", "1", kwargs={"x": 2}))
            {'lookback': 300, 'x': 2}
        """
        return {**self.kwargs, **shop.kwargs}

    def jitter_for(self, shop: ShopRef) -> timedelta:
        """This shop's fixed offset within `jitter` (the same on every machine and restart).

        Examples:
            >>> spec = JobSpec("a", "m:f", timedelta(minutes=5), jitter=timedelta(seconds=60))
            >>> timedelta(0) <= spec.jitter_for(ShopRef("etsy", "1")) < timedelta(seconds=60)
            True
        """
        if not self.jitter:
            return timedelta(0)
        digest = hashlib.sha256(self.name_for(shop).encode()).digest()
        fraction = int.from_bytes(digest[:8], "big") / 2**64
        return timedelta(seconds=int(fraction * self.jitter.total_seconds()))

    def with_shops(self, *shops: ShopRef) -> JobSpec:
        """The same spec for these shops.

        Examples:
            >>> JobSpec("a", "m:f", timedelta(1)).with_shops(ShopRef("etsy", "1")).shops[0].shop_id
            '1'
        """
        return attrs.evolve(self, shops=shops)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (durations in ISO 8601), for a config file.

        Examples:
            >>> JobSpec("a", "m:f", timedelta(minutes=5)).to_dict()["interval"]
            'PT5M'
        """
        return {
            "id": self.id,
            "func": self.func,
            "interval": format_duration(self.interval),
            "kwargs": dict(self.kwargs),
            "shops": [shop.to_dict() for shop in self.shops],
            "coalesce": self.coalesce,
            "misfire_grace": format_duration(self.misfire_grace),
            "jitter": format_duration(self.jitter),
            "run_at_start": self.run_at_start,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobSpec:
        """Read a spec from plain data; unknown keys are refused (a typo must not pass).

        Examples:
            >>> JobSpec.from_dict({"id": "a", "func": "m:f", "interval": 60}).interval.seconds
            60
        """
        known = {field.name for field in attrs.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise JobSpecError(f"job spec {data.get('id')!r}: unknown keys {unknown}")
        for required in ("id", "func", "interval"):
            if required not in data:
                raise JobSpecError(f"job spec {data.get('id')!r} lacks {required!r}")
        optional: dict[str, Any] = {}
        for name in ("misfire_grace", "jitter"):
            if name in data:
                optional[name] = parse_duration(data[name])
        for name in ("coalesce", "run_at_start"):
            if name in data:
                optional[name] = bool(data[name])
        return cls(
            id=str(data["id"]),
            func=str(data["func"]),
            interval=parse_duration(data["interval"]),
            kwargs=data.get("kwargs"),
            shops=tuple(ShopRef.from_dict(shop) for shop in data.get("shops", ())),
            **optional,
        )
