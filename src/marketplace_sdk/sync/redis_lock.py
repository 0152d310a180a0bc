"""A lock per job and shop in Redis, so two workers never run the same job for one shop.

`JobLock.acquire` takes the key with `SET key token NX PX ttl`; the lease is renewed while the
job runs and released by a compare-and-delete, so a lease that expired and was taken by
another worker is never released or extended by the first. The Celery adapter
(`marketplace_sdk.sync.celery`) takes one around every run; any host with Redis can use it
around its own jobs.

Examples:
    >>> lock = JobLock(redis.Redis(), prefix="oms:")
    >>> lock.key("orders.new@etsy/42")
    'oms:orders.new@etsy/42'
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import attrs

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.sync._extras import require_extra

with require_extra("celery", "marketplace_sdk.sync.redis_lock"):
    import redis

__all__ = ["DEFAULT_LOCK_PREFIX", "JobLock", "JobLockError", "LockLease"]

logger = logging.getLogger(__name__)

#: Where lock keys live in Redis unless the host says otherwise.
DEFAULT_LOCK_PREFIX = "marketplace-sdk:lock:"

# Delete or extend the key only while it still holds our token: a lease that expired and was
# taken by another worker must never be released or extended by the first one.
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""


class JobLockError(MarketplaceError):
    """A lock set up wrongly (a ttl too short to renew).

    Examples:
        >>> try:
        ...     JobLock(redis.Redis(), ttl=timedelta(0))
        ... except JobLockError as error:
        ...     print(error.error_class.value)
        configuration
    """

    default_class = ErrorClass.CONFIGURATION


@attrs.define
class LockLease:
    """One holding of a `JobLock`: the key and the random token that proves it is ours.

    Examples:
        lease = lock.acquire("orders.new@etsy/42")
        if lease is not None:
            try: ...
            finally: lease.release()
    """

    client: redis.Redis = attrs.field(repr=False)
    key: str
    token: str = attrs.field(repr=False)
    ttl: timedelta

    def renew(self) -> bool:
        """Extend the lease to a full `ttl` again; `False` when it is no longer ours.

        Examples:
            still_ours = lease.renew()
        """
        milliseconds = int(self.ttl.total_seconds() * 1000)
        return bool(self.client.eval(_RENEW, 1, self.key, self.token, milliseconds))

    def release(self) -> bool:
        """Free the lock if we still hold it; `False` when it had expired or been taken.

        Examples:
            lease.release()
        """
        return bool(self.client.eval(_RELEASE, 1, self.key, self.token))


@attrs.define
class JobLock:
    """At most one run per job and shop across every worker, by a lease in Redis.

    A lease lasts `ttl` and, inside `hold`, is renewed every third of it while the job runs,
    so a long job keeps its lock and a worker that died frees it within `ttl`.

    Examples:
        lock = JobLock(redis.Redis.from_url("redis://127.0.0.1:6379/0"))
        with lock.hold("orders.new@etsy/42") as lease:
            if lease is None:
                ...  # another worker is running it
    """

    client: redis.Redis = attrs.field(repr=False)
    prefix: str = DEFAULT_LOCK_PREFIX
    ttl: timedelta = attrs.field(default=timedelta(minutes=10))

    @ttl.validator
    def _check_ttl(self, attribute: attrs.Attribute[timedelta], value: timedelta) -> None:
        if value < timedelta(milliseconds=30):
            raise JobLockError(f"a lock's ttl must be 30 ms or more, got {value}")

    def key(self, name: str) -> str:
        """The Redis key of the lock of `name` (`job@marketplace/shop`).

        Examples:
            >>> JobLock(redis.Redis(), prefix="oms:").key("orders.new@etsy/42")
            'oms:orders.new@etsy/42'
        """
        return f"{self.prefix}{name}"

    def acquire(self, name: str) -> LockLease | None:
        """Take the lock of `name` now, or `None` when someone holds it.

        Examples:
            lease = lock.acquire("orders.new@etsy/42")
        """
        token = secrets.token_hex(16)
        key = self.key(name)
        milliseconds = max(1, int(self.ttl.total_seconds() * 1000))
        if not self.client.set(key, token, nx=True, px=milliseconds):
            return None
        return LockLease(self.client, key, token, self.ttl)

    def remaining(self, name: str) -> timedelta:
        """How long the current holder's lease on `name` still lasts (zero when it is free).

        A holder that died stops renewing, so its lock frees itself within this time.

        Examples:
            wait = lock.remaining("orders.new@etsy/42")
        """
        milliseconds = int(self.client.pttl(self.key(name)))
        return timedelta(milliseconds=max(0, milliseconds))

    @contextmanager
    def hold(self, name: str) -> Iterator[LockLease | None]:
        """Hold the lock of `name` for the block, renewing it; yields `None` when it is taken.

        Examples:
            with lock.hold("orders.new@etsy/42") as lease:
                ...
        """
        lease = self.acquire(name)
        if lease is None:
            yield None
            return
        stop = threading.Event()
        renewer = threading.Thread(
            target=_keep_renewing,
            args=(lease, stop, self.ttl.total_seconds() / 3),
            name=f"renew {lease.key}",
            daemon=True,
        )
        renewer.start()
        try:
            yield lease
        finally:
            stop.set()
            renewer.join()
            if not lease.release():
                logger.warning("the lock %s had expired before the run ended", lease.key)


def _keep_renewing(lease: LockLease, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            if not lease.renew():
                logger.warning("lost the lock %s while the run went on", lease.key)
                return
        except redis.RedisError as error:
            logger.warning("could not renew the lock %s: %s", lease.key, error)
