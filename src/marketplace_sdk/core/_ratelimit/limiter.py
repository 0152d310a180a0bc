"""`RateLimiter`: the budgets of one (marketplace, credential) key.

The limiter never sleeps: `reserve` either takes the slots and returns `0.0`, or takes nothing
and says how long to wait. The HTTP engine's sync and async executors wait on their `Clock`
(`while (wait := limiter.reserve(bucket)) > 0: clock.sleep(wait)`), so both share this logic,
and every attempt, retries included, spends budget.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> clock = FakeClock()
    >>> limiter = RateLimiter("etsy:app-1", {"default": [Rate.per_second(2)]}, clock=clock)
    >>> [limiter.reserve() for _ in range(3)]
    [0.0, 0.0, 1.001]
    >>> clock.sleep(1.001)
    >>> limiter.reserve()
    0.0
"""

from __future__ import annotations

import logging
import math
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

import attrs
from pyrate_limiter import AbstractBucket, RateItem, SlidingWindowLog

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._errors import QuotaExhaustedError
from marketplace_sdk.core._ratelimit.backends import MemoryBackend, RateLimitBackend
from marketplace_sdk.core._ratelimit.priority import urgency_since
from marketplace_sdk.core._ratelimit.rate import Rate
from marketplace_sdk.core._ratelimit.rules import (
    margin_for_lag,
    unseen_by_us,
    wait_ms,
    window_start,
)

__all__ = ["DEFAULT_BUCKET", "SENT_AT", "RateLimiter"]

logger = logging.getLogger(__name__)

#: The bucket an unknown bucket name falls back to.
DEFAULT_BUCKET = "default"

_WINDOW = SlidingWindowLog()
#: Expired entries are dropped at most this often (seconds of clock time) per window.
_LEAK_EVERY_MS = 60_000
#: How far back (beyond the window) entries are kept for `observe`'s `sent_at`.
_KEEP_FOR_AGE_MS = 10_000
#: The httpx request extension holding when the engine took the call's slot (`Clock.monotonic`).
SENT_AT = "marketplace_sdk.sent_at"
#: Windows up to this long learn their margin from the server's counts (jitter matters there).
_LEARN_MARGIN_UP_TO_MS = 60_000
#: The largest margin learned, as a share of the window: past it, jitter costs more than 429s.
_MAX_MARGIN_SHARE = 0.05
#: Entries of other threads newer than the answered call that the scan may step over.
_LEARN_SCAN_SLACK = 64
#: How often a call yielding to more urgent calls than its window holds looks again (ms).
_YIELD_TICK_MS = 10
#: Shares of a long window's budget left at which `observe` warns, once per crossing.
LOW_BUDGET_SHARES = (0.10, 0.05, 0.01)
#: Windows at least this long are budgets worth a low-budget warning (not per-second rates).
_WARN_LOW_FROM_MS = 3_600_000


def _period(rate: Rate) -> str:
    names = {1_000: "second", 60_000: "minute", 3_600_000: "hour", 86_400_000: "day"}
    return names.get(rate.interval_ms, f"{rate.interval:g} s")


#: Round trips kept to tell a usual answer from an unusually slow one.
_ROUND_TRIPS_KEPT = 31
#: Round trips needed before one is called unusually slow.
_ROUND_TRIPS_NEEDED = 5


@attrs.define
class _Answers:
    """When this process's calls in one short window were answered, by their stamp.

    The server counts a call when it arrives, and it arrives before its answer comes back: once
    every call stamped `t` is answered, the latest answer bounds when the server counted them,
    however late the transit. `in_flight` counts the calls stamped `t` not answered yet;
    `round_trips` keeps the last stamp-to-answer times, to tell an unusually slow answer.
    """

    in_flight: dict[int, int] = attrs.Factory(dict)
    answered_at: dict[int, int] = attrs.Factory(dict)
    round_trips: deque[int] = attrs.Factory(lambda: deque(maxlen=_ROUND_TRIPS_KEPT))
    lock: threading.Lock = attrs.Factory(threading.Lock)

    def sent(self, stamp: int, weight: int) -> None:
        with self.lock:
            self.in_flight[stamp] = self.in_flight.get(stamp, 0) + weight

    def answered(self, sent: int, now: int, within: int) -> None:
        """The call that took its slot at or before `sent` (by at most `within`) was answered
        at `now`.

        Calls in flight under two stamps of that span leave the answer's stamp in doubt (another
        thread took a slot between this one's and its send): it is not recorded, and both keep
        their margin. Calls under one stamp each stay in flight until each is answered.
        """
        with self.lock:
            # `sent` is rounded to the millisecond, the stamp floored: one more is allowed.
            stamps = {stamp for stamp in self.in_flight if sent - within <= stamp <= sent + 1}
            if len(stamps) != 1:
                return
            (stamp,) = stamps
            left = self.in_flight[stamp] - 1
            if left > 0:
                self.in_flight[stamp] = left
            else:
                del self.in_flight[stamp]
            self.answered_at[stamp] = max(now, self.answered_at.get(stamp, now))
            self.round_trips.append(now - stamp)

    def unusually_slow(self, round_trip: int, margin: int) -> bool:
        """Whether `round_trip` is past twice the usual one and the margin: such a call may
        have reached the server that late too (a stalled thread, a loaded host)."""
        with self.lock:
            if len(self.round_trips) < _ROUND_TRIPS_NEEDED:
                return False
            usual = sorted(self.round_trips)[len(self.round_trips) // 2]
        return round_trip > 2 * usual + margin

    def bound(self, stamp: int) -> int | None:
        """The latest time the server may have counted the calls stamped `stamp`, if known."""
        with self.lock:
            if stamp in self.in_flight:
                return None
            return self.answered_at.get(stamp)

    def forget_before(self, oldest: int) -> None:
        with self.lock:
            for table in (self.in_flight, self.answered_at):
                for stamp in [stamp for stamp in table if stamp < oldest]:
                    del table[stamp]


#: Answer times per counting bucket, shared by every limiter over one `MemoryBackend` bucket.
_ANSWERS: weakref.WeakKeyDictionary[AbstractBucket, _Answers] = weakref.WeakKeyDictionary()
_ANSWERS_LOCK = threading.Lock()


def _answers_of(store: AbstractBucket) -> _Answers:
    with _ANSWERS_LOCK:
        found = _ANSWERS.get(store)
        if found is None:
            found = _ANSWERS[store] = _Answers()
        return found


@attrs.define
class _Window:
    """One rate of one bucket and the pyrate-limiter bucket that counts it."""

    rate: Rate
    store: AbstractBucket
    margin_ms: int = 0
    last_leak_ms: int | None = None
    #: This process's answer times (short windows over a `MemoryBackend` only).
    answers: _Answers | None = None


def _held_until(window: _Window, stamp: int) -> int:
    """The latest time the server may count the calls stamped `stamp`, as far as we can tell.

    Every call of that stamp answered: the server counted it by its answer at the latest,
    however late it got there. An answer as slow as usual (a distant server) keeps the margin
    when that is sooner; an unusually slow one holds its slot to its answer.
    """
    held = stamp + window.margin_ms
    answers = window.answers
    answered = None if answers is None else answers.bound(stamp)
    if answers is None or answered is None:
        return held
    if answered <= held or answers.unusually_slow(answered - stamp, window.margin_ms):
        return answered
    return held


class RateLimiter:
    """Budgets for one (marketplace, credential) key; thread-safe; never blocks or sleeps itself.

    `buckets` maps a bucket name to the rates every call in it must respect together: Etsy
    spends one slot of the app's per-second rate and one of its per-day rate on each call
    (`{"default": [Rate.per_second(10), Rate.per_day(10_000)]}`); Mirakl budgets each operation
    on its own (`{"P41": [Rate.every(900)], "OF01": [Rate.per_minute(1)], "default": []}`).
    An empty list means unlimited. Several operations may share a bucket name.

    A bucket name the limiter does not know falls back to `"default"`; without a `"default"`
    bucket it is a `ValueError` (a configuration mistake, not something to retry).

    Args:
        key: names the budget's owner, e.g. `"etsy:app-1234"`. It names the shared storage and
            appears in logs and errors, so it must not be a secret.
        buckets: bucket name to its rates.
        clock: time source (the `FakeClock` in tests); the system clock by default.
        backend: where counts live: `MemoryBackend` (default, this process), `SQLiteBackend`
            (processes of one host) or `RedisBackend` (any hosts).
        max_wait: longest wait `reserve` returns; a longer one (a spent daily quota) raises
            `QuotaExhaustedError` instead.
        margin: seconds added to every window before a slot is reused: the server counts a
            call when it arrives, a varying transit time after the limiter stamped it, and
            without a margin two calls can land in one server window (a 429). 20 ms costs 2 %
            of a 1-second rate; 0 (the default) keeps windows exact. A call of this process
            answered sooner (`observe` with `sent_at`, windows up to a minute, `MemoryBackend`)
            frees its slot one window after its answer: the server counted it by then. One
            answered unusually late (past twice the usual round trip and the margin) is held
            to a window after its answer: it may have reached the server late too.
        priority_hold: the longest a background call waiting in `queued` yields to urgent
            calls (`urgent()`) of this process, in seconds; past it, it takes the next free
            slot like any call. Urgent calls waiting for a slot keep that many slots free of
            background calls: they go first, and background work still goes on between waves
            and is never held back longer than this. 0 turns priority off.

    Examples:
        >>> limiter = RateLimiter("mirakl:shop-1", {"OF01": [Rate.per_minute(1)]})
        >>> limiter.reserve("OF01")
        0.0
        >>> limiter.remaining("OF01")
        {Rate(limit=1, interval=60.0): 0}
    """

    def __init__(
        self,
        key: str,
        buckets: Mapping[str, Sequence[Rate]],
        *,
        clock: Clock | None = None,
        backend: RateLimitBackend | None = None,
        max_wait: float = 60.0,
        margin: float = 0.0,
        priority_hold: float = 2.0,
    ) -> None:
        if max_wait < 0:
            raise ValueError(f"max_wait must not be negative, not {max_wait!r}")
        if not (math.isfinite(priority_hold) and priority_hold >= 0):
            raise ValueError(
                f"priority_hold must be a non-negative number of seconds, not {priority_hold!r}"
            )
        self.priority_hold = priority_hold
        # Per bucket name: this process's urgent calls waiting for a slot, each by its own
        # token: (its `urgent(since=...)`, its weight).
        self._urgent_waiting: dict[str, dict[object, tuple[float, int]]] = {}
        self._urgent_lock = threading.Lock()
        if not (math.isfinite(margin) and margin >= 0):
            raise ValueError(f"margin must be a non-negative number of seconds, not {margin!r}")
        self.key = key
        self.margin = margin
        self._margin_ms = round(margin * 1000)
        self.clock: Clock = clock or SystemClock()
        self.backend: RateLimitBackend = backend or MemoryBackend()
        self.max_wait = max_wait
        self._rates: dict[str, tuple[Rate, ...]] = {}
        self._windows: dict[str, list[_Window]] = {}
        self._warned: set[tuple[str, float]] = set()
        # Per (bucket, window ms): the limit the server announced, and the lowest share of
        # LOW_BUDGET_SHARES already warned about (reset when the budget frees up again).
        self._announced: dict[tuple[str, int], int] = {}
        self._low_warned: dict[tuple[str, int], float] = {}
        for name, rates in buckets.items():
            for rate in rates:
                if not isinstance(rate, Rate):
                    raise TypeError(f"bucket {name!r}: {rate!r} is not a Rate")
            rates = tuple(sorted(rates, key=lambda rate: (rate.interval, rate.limit)))
            intervals = [rate.interval_ms for rate in rates]
            if len(set(intervals)) != len(intervals):
                raise ValueError(
                    f"bucket {name!r} lists two rates over the same window: {list(rates)}; "
                    "keep the lower one"
                )
            self._rates[name] = rates
            self._windows[name] = [self._window(name, rate, self._margin_ms) for rate in rates]

    def _window(self, name: str, rate: Rate, margin_ms: int) -> _Window:
        store = self.backend.open_bucket(self.key, name, rate)
        # Answer times are known for this process's calls only: over a store other processes
        # share, a call stamped like ours may be theirs and still on its way.
        local = isinstance(self.backend, MemoryBackend)
        short = rate.interval_ms <= _LEARN_MARGIN_UP_TO_MS
        return _Window(
            rate, store, margin_ms, answers=_answers_of(store) if local and short else None
        )

    def __repr__(self) -> str:
        buckets = {name: [str(rate) for rate in rates] for name, rates in self._rates.items()}
        return f"RateLimiter({self.key!r}, {buckets}, backend={self.backend!r})"

    @property
    def buckets(self) -> Mapping[str, tuple[Rate, ...]]:
        """The configured rates of each bucket.

        Examples:
            >>> RateLimiter("k", {"default": [Rate.per_day(5), Rate.per_second(1)]}).buckets
            {'default': (Rate(limit=1, interval=1.0), Rate(limit=5, interval=86400.0))}
        """
        return dict(self._rates)

    def reserve(self, bucket: str = DEFAULT_BUCKET, weight: int = 1) -> float:
        """Take `weight` slots from every rate of `bucket` if all allow it now and return 0.0;
        otherwise take nothing and return the seconds to wait before trying again.

        Args:
            bucket: the bucket name; an unknown one falls back to `"default"`.
            weight: slots the call costs (1 for a plain call).

        Returns:
            `0.0` when granted, else the wait in seconds (at most `max_wait`) until every rate
            of the bucket has room.

        Raises:
            QuotaExhaustedError: the wait is longer than `max_wait` (a spent daily quota, say);
                its `retry_after` is that wait.
            ValueError: `weight` is below 1 or above a limit of the bucket (it could never fit),
                or the bucket is unknown and there is no `"default"` bucket.

        Examples:
            >>> limiter = RateLimiter("k", {"default": [Rate.per_day(1)]}, max_wait=60)
            >>> limiter.reserve()
            0.0
            >>> try:
            ...     limiter.reserve()
            ... except QuotaExhaustedError as err:
            ...     round(err.retry_after)
            86400
        """
        return self._reserve(bucket, weight, yielding=False)

    @contextmanager
    def queued(
        self, bucket: str = DEFAULT_BUCKET, weight: int = 1
    ) -> Iterator[Callable[[], float]]:
        """A place in line for one call: the block gets a `take()` that works like `reserve`
        for that call, in its priority.

        Inside `urgent()`, the call counts as waiting from the start of the block until `take`
        grants it (or the block ends): meanwhile, background calls of this process (those
        outside `urgent()`) waiting in `queued` leave that many slots free, so the urgent call
        gets the next one. A background call yields so for at most `priority_hold` seconds from
        the start of its block, then takes slots in turn as before. Among urgent calls the
        oldest goes first: one leaves the next slot to those waiting with an older
        `urgent(since=...)` (a burst's first changes are not overtaken by its later ones).
        Calls of other processes
        (a shared `RedisBackend`) know nothing of it. The HTTP engine takes every call's slot
        this way.

        Examples:
            >>> from marketplace_sdk.core._clock import FakeClock
            >>> from marketplace_sdk.core._ratelimit.priority import urgent
            >>> clock = FakeClock()
            >>> limiter = RateLimiter("k", {"default": [Rate.per_second(1)]}, clock=clock)
            >>> limiter.reserve()
            0.0
            >>> with limiter.queued() as poll:
            ...     with urgent(), limiter.queued() as stock:
            ...         clock.sleep(stock())
            ...         poll() > 0, stock()  # the slot that freed is kept for the urgent call
            (True, 0.0)
        """
        name, windows = self._resolve(bucket)
        self._check_weight(name, windows, weight)
        started = self.clock.monotonic()
        since = urgency_since()  # the call's priority is the one it was queued in
        urgent_call = since is not None
        waiting = urgent_call and bool(windows) and self.priority_hold > 0
        token = object()
        if waiting:
            assert since is not None
            self._urgent_wait(name, token, (since, weight))

        def take() -> float:
            nonlocal waiting
            if waiting:
                # Urgent calls waiting with an older `since` go first: their weight is left free.
                assert since is not None
                ahead = self._older_urgent(name, token, since)
                wait = self._reserve(bucket, weight, yielding=False, ahead=ahead)
                if wait == 0:
                    waiting = False
                    self._urgent_wait(name, token, None)
                return wait
            if urgent_call:
                return self._reserve(bucket, weight, yielding=False)
            held_back = self.clock.monotonic() - started < self.priority_hold
            return self._reserve(bucket, weight, yielding=held_back)

        try:
            yield take
        finally:
            if waiting:
                self._urgent_wait(name, token, None)

    def _urgent_wait(self, name: str, token: object, entry: tuple[float, int] | None) -> None:
        with self._urgent_lock:
            waiting = self._urgent_waiting.setdefault(name, {})
            if entry is not None:
                waiting[token] = entry
            else:
                waiting.pop(token, None)
                if not waiting:
                    del self._urgent_waiting[name]

    def _urgent_weight(self, name: str) -> int:
        """The weight of this process's urgent calls waiting in bucket `name`."""
        with self._urgent_lock:
            return sum(weight for _, weight in self._urgent_waiting.get(name, {}).values())

    def _older_urgent(self, name: str, token: object, since: float) -> int:
        """The weight of the urgent calls waiting in `name` with a `since` older than `since`."""
        with self._urgent_lock:
            return sum(
                weight
                for other, (their, weight) in self._urgent_waiting.get(name, {}).items()
                if their < since and other is not token
            )

    def _reserve(self, bucket: str, weight: int, *, yielding: bool, ahead: int = 0) -> float:
        name, windows = self._resolve(bucket)
        if not windows:
            return 0.0
        self._check_weight(name, windows, weight)
        held = (self._urgent_weight(name) if yielding else 0) + ahead
        with self.backend.transaction():
            now = self._now_ms()
            for window in windows:
                self._leak(window, now)
            # Check every window before taking anything, so a denied call spends nothing.
            # A background call yielding to urgent ones must fit with their weight in the short
            # windows: the slots they wait for stay free (at most the window's other slots).
            waits = [
                (self._yielding_wait_ms(window, now, weight, held), window) for window in windows
            ]
            wait_ms, blocking = max(waits, key=lambda pair: pair[0])
            if wait_ms == 0:
                item = RateItem(f"{self.key}:{name}", now, weight=weight)
                for window in windows:
                    if window.answers is not None:
                        window.answers.sent(now, weight)
                    if not window.store.put(item):
                        # Another process took the slot between check and put (Redis only).
                        wait_ms = self._denied_wait_ms(window, item)
                        blocking = window
                        logger.debug(
                            "rate limit %s %r: lost a race for %s", self.key, name, window.rate
                        )
                        break
        if wait_ms == 0:
            return 0.0
        wait = wait_ms / 1000
        if held and wait > self.max_wait:
            return self._reserve(bucket, weight, yielding=False)  # spent: say so, plainly
        if wait > self.max_wait:
            raise QuotaExhaustedError(self._spent_message(name, blocking, wait), retry_after=wait)
        return wait

    def _spent_message(self, name: str, window: _Window, wait: float) -> str:
        """Which budget is spent: the server's announced limit (else ours) and the calls used."""
        rate = window.rate
        with self.backend.transaction():
            used = self._count(window, window_start(self._now_ms(), rate.interval_ms))
        announced = self._announced.get((name, rate.interval_ms))
        whose = (
            "announced by the server"
            if announced is not None
            else "configured; the server has not announced its own"
        )
        return (
            f"the budget of {rate.limit} calls per {_period(rate)} ({whose}) of bucket "
            f"{name!r} for {self.key!r} is spent: {used} of {rate.limit} used in the last "
            f"{_period(rate)}; the next slot frees in {wait:.0f}s"
        )

    def _warn_if_low(self, name: str, window: _Window, remaining: int) -> None:
        """Warn once each time a long window's budget left falls past a `LOW_BUDGET_SHARES`."""
        rate = window.rate
        if rate.interval_ms < _WARN_LOW_FROM_MS:
            return
        key = (name, rate.interval_ms)
        crossed = [share for share in LOW_BUDGET_SHARES if remaining <= rate.limit * share]
        if not crossed:
            self._low_warned.pop(key, None)  # the budget freed up: warn again next time
            return
        lowest = min(crossed)
        if lowest >= self._low_warned.get(key, math.inf):
            return
        self._low_warned[key] = lowest
        logger.warning(
            "rate limit %s %r: %d of the %d calls per %s left (%g %% or less)",
            self.key,
            name,
            remaining,
            rate.limit,
            _period(rate),
            lowest * 100,
        )

    def observe(
        self,
        bucket: str,
        *,
        remaining: int,
        interval: float,
        limit: int | None = None,
        sent_at: float | None = None,
    ) -> None:
        """Learn the server's window from its rate-limit headers, and stay inside it.

        `x-limit-per-day: 100000` with `x-remaining-today: 99990` (`limit=100_000,
        remaining=99_990, interval=86_400`):

        - the server's `limit` becomes the window's limit, up or down: a daily budget raised
          for the app is used, a lowered one respected;
        - the calls the server has counted (`limit - remaining`) beyond those this limiter
          counted are other clients' calls on the same credential: they are recorded as spent
          now. Without `limit`, the configured limit stands in for the server's.

        `sent_at` is when the call this answer is for took its slot (the limiter clock's
        `monotonic`; the engine notes it in the request's `SENT_AT` extension):

        - the limiter's own calls stamped in the window as it was then (widened by the margin)
          are set against the server's count, so a call of ours that the server still counts
          and the limiter already let go of is not taken for someone else's;
        - when the server still counts a call of ours that the window, as it was then, had let
          go of, it counted that call later than the limiter stamped it (transit jitter): the
          window's margin grows to cover that lag (windows up to a minute; at most 5 % of the
          window), so the next calls land outside the server's window;
        - the answered call's slot is held until a window after this answer at most (the server
          counted it on arrival, before it answered), when that is sooner than its margin, and
          until then exactly when the answer is unusually slow (it may have arrived late too).

        The rate of `bucket` whose window equals `interval` learns; an interval the bucket
        does not budget is ignored (logged once). A window of an hour or more warns once each
        time the budget left falls to a share of `LOW_BUDGET_SHARES` (10 %, 5 %, 1 %), and
        again only after it has freed up; a spent one is refused naming the limit the server
        announced and the calls used.

        Args:
            bucket: the bucket name; an unknown one falls back to `"default"`.
            remaining: calls the server still allows in the window.
            interval: the window in seconds (1 for per second, 86400 for per day).
            limit: the server's limit for the window, when it says it.
            sent_at: when the answered call took its slot, when known.

        Examples:
            >>> limiter = RateLimiter("k", {"default": [Rate.per_second(10), Rate.per_day(100)]})
            >>> limiter.observe("default", remaining=12, interval=86_400)
            >>> limiter.remaining()[Rate.per_day(100)]
            12
            >>> other = RateLimiter("k", {"default": [Rate.per_day(10_000)]})
            >>> other.observe("default", remaining=99_990, interval=86_400, limit=100_000)
            >>> other.remaining()
            {Rate(limit=100000, interval=86400.0): 99990}
        """
        name, windows = self._resolve(bucket)
        interval_ms = Rate(1, interval).interval_ms
        matching = [window for window in windows if window.rate.interval_ms == interval_ms]
        if not matching:
            if (name, interval) not in self._warned:
                self._warned.add((name, interval))
                logger.warning(
                    "rate limit %s %r: the server reports a %gs window the bucket does not "
                    "budget; ignored",
                    self.key,
                    name,
                    interval,
                )
            return
        remaining = max(0, remaining)
        age_ms = 0 if sent_at is None else max(0, round((self.clock.monotonic() - sent_at) * 1000))
        for window in matching:
            if limit is not None and limit >= 1:
                self._announced[(name, window.rate.interval_ms)] = limit
                if limit != window.rate.limit:
                    self._adopt(name, window, limit)
            rate = window.rate
            server_used = max(0, rate.limit - remaining)
            with self.backend.transaction():
                now = self._now_ms()
                self._leak(window, now)
                if sent_at is not None:
                    if window.answers is not None:
                        window.answers.answered(now - age_ms, now, rate.interval_ms)
                    self._learn_margin(name, window, now - age_ms, server_used)
                start = window_start(now - age_ms, rate.interval_ms, window.margin_ms)
                local_used = self._count(window, start)
                counted_now = self._count(window, window_start(now, rate.interval_ms))
                # Never below the server's own remaining count.
                spent = min(
                    unseen_by_us(server_used, local_used),
                    rate.limit - counted_now - remaining,
                )
                if spent > 0:
                    window.store.put(RateItem(f"{self.key}:{name}:observed", now, weight=spent))
                    logger.debug(
                        "rate limit %s %r: server says %d left of %s, lowered by %d",
                        self.key,
                        name,
                        remaining,
                        rate,
                        spent,
                    )
            self._warn_if_low(name, window, remaining)

    def _learn_margin(self, name: str, window: _Window, sent: int, server_used: int) -> None:
        """Widen `window`'s margin if the server still counted a call the window let go of."""
        rate = window.rate
        if rate.interval_ms > _LEARN_MARGIN_UP_TO_MS or server_used < 1:
            return
        # Our `server_used`-th newest stamp up to the answered call: the oldest of ours the
        # server counted (later calls of other threads are skipped).
        ours = 0
        for offset in range(rate.limit + _LEARN_SCAN_SLACK):
            item = window.store.peek(offset)
            if not isinstance(item, RateItem):
                return
            if item.timestamp > sent:
                continue
            ours += 1
            if ours == server_used:
                needed = margin_for_lag(sent, item.timestamp, rate.interval_ms)
                cap = math.floor(rate.interval_ms * _MAX_MARGIN_SHARE)
                learned = min(cap, needed)
                if learned > window.margin_ms:
                    logger.info(
                        "rate limit %s %r: the server counts calls up to %d ms after we "
                        "stamp them; %s now keeps a %d ms margin",
                        self.key,
                        name,
                        needed,
                        rate,
                        learned,
                    )
                    window.margin_ms = learned
                return

    def _adopt(self, name: str, window: _Window, limit: int) -> None:
        """Make the server's `limit` the window's own, keeping the calls already counted."""
        learned = Rate(limit, window.rate.interval)
        logger.info(
            "rate limit %s %r: the server allows %s; configured %s",
            self.key,
            name,
            learned,
            window.rate,
        )
        window.rate = learned
        window.store = self.backend.open_bucket(self.key, name, learned)
        if window.answers is not None:
            window.answers = _answers_of(window.store)
        self._rates[name] = tuple(item.rate for item in self._windows[name])

    def remaining(self, bucket: str = DEFAULT_BUCKET) -> dict[Rate, int]:
        """Slots left now in each rate of `bucket` (for a scheduler rationing a daily budget).

        Examples:
            >>> limiter = RateLimiter("k", {"default": [Rate.per_second(10), Rate.per_day(100)]})
            >>> limiter.reserve(weight=3)
            0.0
            >>> limiter.remaining()
            {Rate(limit=10, interval=1.0): 7, Rate(limit=100, interval=86400.0): 97}
        """
        _, windows = self._resolve(bucket)
        with self.backend.transaction():
            now = self._now_ms()
            return {
                window.rate: window.rate.limit
                - self._count(window, window_start(now, window.rate.interval_ms))
                for window in windows
            }

    # -- internals -------------------------------------------------------------------------

    def _resolve(self, bucket: str) -> tuple[str, list[_Window]]:
        if bucket in self._windows:
            return bucket, self._windows[bucket]
        if DEFAULT_BUCKET in self._windows:
            return DEFAULT_BUCKET, self._windows[DEFAULT_BUCKET]
        raise ValueError(
            f"rate limiter {self.key!r} has no bucket {bucket!r} and no {DEFAULT_BUCKET!r} "
            f"bucket to fall back to (known: {sorted(self._windows)})"
        )

    def _check_weight(self, name: str, windows: list[_Window], weight: int) -> None:
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise ValueError(f"weight must be a positive integer, not {weight!r}")
        for window in windows:
            if weight > window.rate.limit:
                raise ValueError(
                    f"a call of weight {weight} can never fit bucket {name!r}'s {window.rate}"
                )

    def _now_ms(self) -> int:
        clock = self.clock
        seconds = clock.now().timestamp() if self.backend.wall_clock else clock.monotonic()
        # Rounded to the microsecond first: a wait of 1.001 s added to a float clock may land
        # on 1000.9999999 ms, which would floor back into the window.
        return math.floor(round(seconds * 1000, 3))

    def _wait_ms(self, window: _Window, now: int, weight: int) -> int:
        """0 if `weight` fits `window` (widened by the margin) now, else milliseconds until."""
        rate = window.store.rates[0]
        # The entry whose expiry makes room: `limit - weight` places from the newest.
        blocking = window.store.peek(_WINDOW.blocking_offset(rate, weight) or 0)
        assert blocking is None or isinstance(blocking, RateItem)
        if blocking is None:
            return 0
        return wait_ms(_held_until(window, blocking.timestamp), now, rate.interval, 0)

    def _yielding_wait_ms(self, window: _Window, now: int, weight: int, urgent: int) -> int:
        """`_wait_ms` for a call that leaves `urgent` slots free in the short windows."""
        if urgent == 0 or window.rate.interval_ms > _LEARN_MARGIN_UP_TO_MS:
            # A daily budget is not a line: urgent calls get their turn in the short windows.
            return self._wait_ms(window, now, weight)
        limit = window.rate.limit
        if weight + urgent <= limit:
            return self._wait_ms(window, now, weight + urgent)
        # More waiting urgently than the window holds: look again once it has emptied.
        return max(_YIELD_TICK_MS, self._wait_ms(window, now, limit))

    def _denied_wait_ms(self, window: _Window, item: RateItem) -> int:
        waited = window.store.waiting(item)
        assert isinstance(waited, int)
        return max(1, waited)

    def _count(self, window: _Window, start: int) -> int:
        """Slots taken in `window` since `start` (at most its limit), bisecting from the newest."""
        rate = window.store.rates[0]
        low, high = 0, rate.limit  # the answer is in [low, high]
        while low < high:
            middle = (low + high) // 2
            item = window.store.peek(middle)
            assert item is None or isinstance(item, RateItem)
            if item is not None and item.timestamp >= start:
                low = middle + 1
            else:
                high = middle
        return low

    def _leak(self, window: _Window, now: int) -> None:
        if window.last_leak_ms is not None and now - window.last_leak_ms < min(
            _LEAK_EVERY_MS, window.rate.interval_ms
        ):
            return
        window.last_leak_ms = now
        # One millisecond more: pyrate-limiter's Redis leak also drops the entry that sits
        # exactly on the window's lower bound, which still counts. The margin and the age of
        # an answer (`observe`) look further back than the window: keep those entries too.
        window.store.leak(now - 1 - window.margin_ms - _KEEP_FOR_AGE_MS)
        if window.answers is not None:
            window.answers.forget_before(now - 1 - window.margin_ms - _KEEP_FOR_AGE_MS)
