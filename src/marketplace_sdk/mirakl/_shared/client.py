"""What the sync and async Mirakl catalogue clients share: engine settings, the error decoder,
the P42 poll plan and the error report steps. Nothing here sends a request.

Examples:
    >>> import httpx
    >>> decode_error(httpx.Response(400, json={"status": 400, "message": "Bad file"})).message
    'Bad file'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

import attrs
import httpx
from pydantic import SecretStr

from marketplace_sdk.core._auth import StaticHeaderAuth
from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._config import Classifier, EngineConfig, ErrorDecoder, ErrorDetails
from marketplace_sdk.core._errors import DeadlineExceededError, UnsupportedOperation
from marketplace_sdk.core._ratelimit import Rate, RateLimitBackend, RateLimiter
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._limits import mcm_buckets
from marketplace_sdk.mirakl._models import ProductImport
from marketplace_sdk.mirakl._reports import ErrorReportLine, ReportFile, parse_error_report

__all__ = [
    "DEFAULT_IMPORT_TIMEOUT",
    "DEFAULT_MAX_WAIT",
    "LIMITER_MARGIN",
    "LOST_IMPORT_SLACK",
    "MCM_API",
    "P42_POLL_INTERVAL",
    "ClientBase",
    "MiraklApi",
    "decode_error",
    "engine_config",
    "lost_import",
]

#: Seconds between P42 polls: Mirakl's maximum usage for P42 is once per minute.
P42_POLL_INTERVAL = 60.0

#: How long `wait_for_import` waits by default (imports are processed in the background).
DEFAULT_IMPORT_TIMEOUT = 4 * 3_600.0

#: Seconds each slot of a Mirakl client's limiter is held past its window, on every Mirakl API.
#: Mirakl counts a call when it arrives, a transit (a new connection after a minute idle, its own
#: queueing) after the limiter stamped it, and sends no rate-limit headers the limiter could learn
#: that lag from: held one minute exactly, the next OF02 or P42 poll after a slow one lands a few
#: milliseconds inside Mirakl's minute (429, and each costs the whole Retry-After and the next
#: slot). Two seconds is 3 % of a minute, the tightest window either API has.
LIMITER_MARGIN = 2.0

#: How far before a call whose answer was lost the imports it may have opened are looked for
#: (OF04 for OF01 and OF24, P51 for P41): the two clocks drift, and Mirakl dates to the second.
LOST_IMPORT_SLACK = timedelta(minutes=2)

#: The longest a call waits for its operation's slot before `QuotaExhaustedError`: long enough
#: for the once-a-minute operations (P42, P51), far shorter than P41's 15 minutes.
DEFAULT_MAX_WAIT = 75.0


def decode_error(response: httpx.Response) -> ErrorDetails | None:
    """Read Mirakl's error body (`{"status": 400, "message": "..."}`) for the engine.

    Examples:
        >>> decode_error(httpx.Response(400, json={"status": 400, "message": "Bad file"}))
        ErrorDetails(code=None, message='Bad file', request_id=None)
        >>> decode_error(httpx.Response(502, text="<html>")) is None
        True
    """
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    message, code = body.get("message"), body.get("code")
    if message is None and code is None:
        return None
    return ErrorDetails(
        code=str(code) if code is not None else None,
        message=str(message) if message is not None else None,
    )


#: A Mirakl API's limiter buckets from a client's rate overrides (`mcm_buckets`, `mmp_buckets`).
BucketsFactory = Callable[[Mapping[str, Sequence[Rate]] | None], dict[str, tuple[Rate, ...]]]


@attrs.frozen
class MiraklApi:
    """What sets the clients of one Mirakl API apart: the call frequencies each operation is
    held to, how an error answer is read and classed, and the retry policy a client uses when
    given none. Everything else (the key, the base URL, the limiter's storage) the catalogue
    and seller clients set up alike.

    Examples:
        >>> MCM_API.buckets()["P41"], MCM_API.margin
        ((Rate(limit=1, interval=900.0),), 2.0)
    """

    buckets: BucketsFactory
    error_decoder: ErrorDecoder
    classify: Classifier | None = None
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    #: Seconds each slot of the default limiter is held past its window (`RateLimiter`'s
    #: `margin`): the server counts a call on arrival, a transit after the limiter stamped it.
    margin: float = LIMITER_MARGIN


#: Catalog Manager (MCM): its call frequencies, errors classed by status alone, and the
#: transit margin every Mirakl API's slots hold (its P42 and P51 polls are once a minute).
MCM_API = MiraklApi(buckets=mcm_buckets, error_decoder=decode_error)


def _limiter_key(base_url: str, api_key: SecretStr, shop_id: int | None) -> str:
    # Budgets belong to one seller's key on one instance. The storage name carries a short
    # digest of the key, never the key.
    digest = hashlib.sha256(api_key.get_secret_value().encode()).hexdigest()[:12]
    host = urlsplit(base_url).netloc or base_url
    return f"mirakl:{host}:{shop_id if shop_id is not None else 'default'}:{digest}"


def engine_config(
    api_key: str | SecretStr,
    *,
    base_url: str,
    shop_id: int | None = None,
    clock: Clock | None = None,
    limiter: RateLimiter | None = None,
    rate_overrides: Mapping[str, Sequence[Rate]] | None = None,
    rate_backend: RateLimitBackend | None = None,
    max_wait: float = DEFAULT_MAX_WAIT,
    retry: RetryPolicy | None = None,
    marketplace: str = "mirakl",
    api: MiraklApi | None = None,
) -> EngineConfig:
    """The engine settings of a Mirakl client of `api` (Catalog Manager, `MCM_API`, by
    default; the seller client passes `MMP_API`).

    The key is sent as it is as the `Authorization` header, with no `Bearer` scheme (Mirakl
    refuses one), so a key given with that prefix is refused here, before anything is sent.

    Raises:
        ValueError: the key is empty or starts with `Bearer`, or `base_url` is not absolute.

    Examples:
        >>> config = engine_config("key", base_url="https://acme.mirakl.net/")
        >>> config.base_url, config.limiter.buckets["P41"]
        ('https://acme.mirakl.net', (Rate(limit=1, interval=900.0),))
    """
    secret = api_key if isinstance(api_key, SecretStr) else SecretStr(api_key)
    key = secret.get_secret_value().strip()
    if not key:
        raise ValueError("the Mirakl API key is empty")
    if key.partition(" ")[0].lower() == "bearer":
        # MIRAKL-Q13: the seller APIs take the key itself; Mirakl refuses a "Bearer" header.
        raise ValueError(
            "give the Mirakl API key itself: Mirakl's seller APIs refuse 'Bearer <key>'"
        )
    if not urlsplit(base_url).scheme:
        raise ValueError(f"base_url must be absolute (https://<instance>.mirakl.net): {base_url!r}")
    api = api or MCM_API
    clock = clock or SystemClock()
    limiter = limiter or RateLimiter(
        _limiter_key(base_url, secret, shop_id),
        api.buckets(rate_overrides),
        clock=clock,
        backend=rate_backend,
        max_wait=max_wait,
        margin=api.margin,
    )
    return EngineConfig(
        marketplace=marketplace,
        base_url=base_url.rstrip("/"),
        auth=StaticHeaderAuth({"Authorization": secret}),
        limiter=limiter,
        error_decoder=api.error_decoder,
        classify=api.classify,
        retry=retry or api.retry,
        clock=clock,
    )


class TrackedImport(Protocol):
    """An import as Mirakl lists it (OF04's `OfferImport`, P51's `ProductImport`)."""

    @property
    def import_id(self) -> int:
        """The import's id."""

    @property
    def date_created(self) -> datetime | None:
        """When Mirakl created it (to the second)."""


def lost_import(
    listed: Iterable[TrackedImport], known: Collection[int], since: datetime
) -> tuple[int | None, int]:
    """The import a call whose answer was lost opened: `(import id, candidates)`.

    The candidates are the listed imports (OF04's for OF01 and OF24, P51's for P41) created
    since `since` less `LOST_IMPORT_SLACK` that the caller did not open itself (`known`), and,
    for an offer import, sent by API. One: it is the call's. None: the call opened nothing
    (sending again opens no second import). Several: the call's cannot be told apart (`None`,
    the count).

    Examples:
        >>> from datetime import UTC
        >>> listed = [ProductImport(import_id=9, import_status="RUNNING"),
        ...           ProductImport(import_id=8, import_status="COMPLETE")]
        >>> lost_import(listed, {8}, datetime(2026, 1, 1, tzinfo=UTC))
        (9, 1)
    """
    candidates = [
        item.import_id
        for item in listed
        if item.import_id not in known
        and (item.date_created is None or item.date_created >= since - LOST_IMPORT_SLACK)
        and getattr(item, "origin", None) in (None, "API")
    ]
    if len(candidates) == 1:
        return candidates[0], 1
    return None, len(candidates)


@attrs.define
class ImportPoll:
    """When to poll P42 again, and when to give up.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> poll = ImportPoll(7, FakeClock(), interval=60, deadline=100)
        >>> poll.next_wait(ProductImport(import_id=7, import_status="RUNNING"))
        60
        >>> poll.next_wait(ProductImport(import_id=7, import_status="COMPLETE")) is None
        True
    """

    import_id: int
    clock: Clock
    interval: float
    deadline: float
    marketplace: str = "mirakl"

    def next_wait(self, status: ProductImport) -> float | None:
        """`None` when `status` is final, else the seconds to wait before the next poll.

        Raises:
            DeadlineExceededError: the next poll would come after the deadline.
        """
        if status.is_final:
            return None
        if self.clock.monotonic() + self.interval > self.deadline:
            raise DeadlineExceededError(
                f"product import {self.import_id} is still {status.import_status} after the wait",
                marketplace=self.marketplace,
            )
        return self.interval


class ClientBase:
    """The parts of both clients that do not send anything.

    Examples:
        >>> ClientBase(engine_config("k", base_url="https://a.mirakl.net"), shop_id=3).shop_id
        3
    """

    def __init__(self, config: EngineConfig, *, shop_id: int | None) -> None:
        self._config = config
        self.shop_id = shop_id

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._config.base_url!r}, shop_id={self.shop_id!r})"
        )

    @property
    def clock(self) -> Clock:
        """The clock the client reads and waits on."""
        return self._config.clock

    @property
    def marketplace(self) -> str:
        """The marketplace name errors and logs carry (`"mirakl"`, or the operator's key)."""
        return self._config.marketplace or "mirakl"

    @property
    def limiter(self) -> RateLimiter:
        """The per-operation rate limiter every call of this client spends from."""
        limiter = self._config.limiter
        if not isinstance(limiter, RateLimiter):  # pragma: no cover - set by engine_config
            raise TypeError("the client has no RateLimiter")
        return limiter

    def _poll(self, import_id: int, timeout: float, interval: float) -> ImportPoll:
        if interval < P42_POLL_INTERVAL:
            raise ValueError(f"P42 may be called once per minute at most, not every {interval}s")
        deadline = self.clock.monotonic() + timeout
        return ImportPoll(import_id, self.clock, interval, deadline, self._config.marketplace)

    def _error_report_calls(self, status: ProductImport) -> list[Call[ReportFile]]:
        calls = []
        if status.has_transformation_error_report:
            calls.append(
                endpoints.get_transformation_error_report(status.import_id, shop_id=self.shop_id)
            )
        if status.has_error_report:
            calls.append(endpoints.get_error_report(status.import_id, shop_id=self.shop_id))
        return calls

    def _error_lines(self, report: ReportFile, operation: str) -> list[ErrorReportLine]:
        if not report.is_csv:
            raise UnsupportedOperation(
                f"the {operation} report is {report.content_type}, not CSV; fetch it as a file",
                marketplace=self._config.marketplace,
            )
        return parse_error_report(report.content)
