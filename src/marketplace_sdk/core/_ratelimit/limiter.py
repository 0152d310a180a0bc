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
from collections.abc import Mapping, Sequence

import attrs
from pyrate_limiter import AbstractBucket, RateItem, SlidingWindowLog

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._errors import QuotaExhaustedError
from marketplace_sdk.core._ratelimit.backends import MemoryBackend, RateLimitBackend
from marketplace_sdk.core._ratelimit.rate import Rate

__all__ = ["DEFAULT_BUCKET", "RateLimiter"]

logger = logging.getLogger(__name__)

#: The bucket an unknown bucket name falls back to.
DEFAULT_BUCKET = "default"

_WINDOW = SlidingWindowLog()
#: Expired entries are dropped at most this often (seconds of clock time) per window.
_LEAK_EVERY_MS = 60_000


@attrs.define
class _Window:
    """One rate of one bucket and the pyrate-limiter bucket that counts it."""

    rate: Rate
    store: AbstractBucket
    last_leak_ms: int | None = None


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
    ) -> None:
        if max_wait < 0:
            raise ValueError(f"max_wait must not be negative, not {max_wait!r}")
        self.key = key
        self.clock: Clock = clock or SystemClock()
        self.backend: RateLimitBackend = backend or MemoryBackend()
        self.max_wait = max_wait
        self._rates: dict[str, tuple[Rate, ...]] = {}
        self._windows: dict[str, list[_Window]] = {}
        self._warned: set[tuple[str, float]] = set()
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
            self._windows[name] = [
                _Window(rate, self.backend.open_bucket(key, name, rate)) for rate in rates
            ]

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
        name, windows = self._resolve(bucket)
        if not windows:
            return 0.0
        self._check_weight(name, windows, weight)
        with self.backend.transaction():
            now = self._now_ms()
            for window in windows:
                self._leak(window, now)
            # Check every window before taking anything, so a denied call spends nothing.
            waits = [(self._wait_ms(window, now, weight), window) for window in windows]
            wait_ms, blocking = max(waits, key=lambda pair: pair[0])
            if wait_ms == 0:
                item = RateItem(f"{self.key}:{name}", now, weight=weight)
                for window in windows:
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
        if wait > self.max_wait:
            raise QuotaExhaustedError(
                f"rate budget {blocking.rate} of bucket {name!r} for {self.key!r} is spent; "
                f"the next slot frees in {wait:.0f}s",
                retry_after=wait,
            )
        return wait

    def observe(
        self, bucket: str, *, remaining: int, interval: float, limit: int | None = None
    ) -> None:
        """Lower the local budget from a server's remaining-budget header.

        `x-remaining-today: 12` (`remaining=12, interval=86_400`) means at most 12 more calls in
        the bucket's day window: when the local count allows more (other processes or apps
        spend the same credential), the difference is recorded as spent now. The budget is never
        raised above the configured limit. When the server states its `limit` for the window
        and it is higher than the configured one, only the calls it has counted
        (`limit - remaining`) are charged against the configured limit.

        The rate of `bucket` whose window equals `interval` is lowered; an interval the bucket
        does not budget is ignored (logged once).

        Args:
            bucket: the bucket name; an unknown one falls back to `"default"`.
            remaining: calls the server still allows in the window.
            interval: the window in seconds (1 for per second, 86400 for per day).
            limit: the server's limit for the window, when it says it.

        Examples:
            >>> limiter = RateLimiter("k", {"default": [Rate.per_second(10), Rate.per_day(100)]})
            >>> limiter.observe("default", remaining=12, interval=86_400)
            >>> limiter.remaining()[Rate.per_day(100)]
            12
            >>> other = RateLimiter("k", {"default": [Rate.per_day(100)]})
            >>> other.observe("default", remaining=9_990, interval=86_400, limit=10_000)
            >>> other.remaining()[Rate.per_day(100)]
            90
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
        for window in matching:
            rate = window.rate
            target = remaining
            if limit is not None:
                if limit < rate.limit:
                    logger.warning(
                        "rate limit %s %r: the server allows %d per %gs, less than the "
                        "configured %s",
                        self.key,
                        name,
                        limit,
                        interval,
                        rate,
                    )
                target = min(remaining, rate.limit - max(0, limit - remaining))
            with self.backend.transaction():
                now = self._now_ms()
                self._leak(window, now)
                local = rate.limit - self._count(window, now)
                spent = local - max(0, target)
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
            return {window.rate: window.rate.limit - self._count(window, now) for window in windows}

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
        """0 if `weight` fits `window` now, else milliseconds until it does."""
        rate = window.store.rates[0]
        # The entry whose expiry makes room: `limit - weight` places from the newest.
        blocking = window.store.peek(_WINDOW.blocking_offset(rate, weight) or 0)
        assert blocking is None or isinstance(blocking, RateItem)
        if blocking is None or blocking.timestamp < _WINDOW.window_start(rate, now):
            return 0
        return max(1, _WINDOW.retry_after(rate, now, blocking.timestamp))

    def _denied_wait_ms(self, window: _Window, item: RateItem) -> int:
        waited = window.store.waiting(item)
        assert isinstance(waited, int)
        return max(1, waited)

    def _count(self, window: _Window, now: int) -> int:
        """Slots taken in `window` now (at most its limit), by bisecting from the newest."""
        rate = window.store.rates[0]
        start = _WINDOW.window_start(rate, now)
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
        # One millisecond of margin: pyrate-limiter's Redis leak also drops the entry that sits
        # exactly on the window's lower bound, which still counts.
        window.store.leak(now - 1)
