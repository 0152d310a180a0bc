"""The per-job, per-shop lock against a real Redis."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import redis
from tests.sync.celery.conftest import wait_until

from marketplace_sdk.sync.redis_lock import JobLock, JobLockError


def a_name() -> str:
    return f"orders.new@etsy/{uuid.uuid4().hex[:8]}"


def test_a_second_worker_cannot_take_a_held_lock_until_it_is_released(
    redis_client: redis.Redis,
) -> None:
    one, two = JobLock(redis_client), JobLock(redis_client)
    name = a_name()

    lease = one.acquire(name)
    assert lease is not None
    assert two.acquire(name) is None
    assert lease.release() is True
    again = two.acquire(name)
    assert again is not None
    again.release()


def test_the_lock_is_per_job_and_shop(redis_client: redis.Redis) -> None:
    lock = JobLock(redis_client)
    shop = uuid.uuid4().hex[:8]
    leases = [lock.acquire(f"{job}@{market}/{shop}") for job in ("a", "b") for market in "xy"]
    assert None not in leases
    for lease in leases:
        assert lease is not None
        lease.release()


def test_a_lease_that_expired_and_was_retaken_is_neither_released_nor_renewed(
    redis_client: redis.Redis,
) -> None:
    lock = JobLock(redis_client, ttl=timedelta(seconds=30))
    name = a_name()
    stale = lock.acquire(name)
    assert stale is not None
    redis_client.delete(lock.key(name))  # its lease ran out
    current = lock.acquire(name)
    assert current is not None

    assert stale.release() is False
    assert stale.renew() is False
    assert redis_client.get(lock.key(name)) == current.token.encode()
    assert current.release() is True
    assert not redis_client.exists(lock.key(name))


def test_renewing_puts_the_full_lease_back(redis_client: redis.Redis) -> None:
    lock = JobLock(redis_client, ttl=timedelta(seconds=60))
    name = a_name()
    lease = lock.acquire(name)
    assert lease is not None
    assert 59_000 < redis_client.pttl(lock.key(name)) <= 60_000
    redis_client.pexpire(lock.key(name), 500)  # as if most of the lease had passed

    assert lease.renew() is True
    assert 59_000 < redis_client.pttl(lock.key(name)) <= 60_000
    lease.release()


def test_hold_yields_nothing_when_taken_and_frees_the_lock_after_the_block(
    redis_client: redis.Redis,
) -> None:
    lock = JobLock(redis_client, prefix="custom:")
    name = a_name()
    with lock.hold(name) as lease:
        assert lease is not None
        assert lease.key == f"custom:{name}"
        with lock.hold(name) as second:
            assert second is None
        assert redis_client.exists(f"custom:{name}")  # the refused holder freed nothing
    assert not redis_client.exists(f"custom:{name}")


def test_the_token_in_the_lock_is_not_in_the_lease_repr(redis_client: redis.Redis) -> None:
    lease = JobLock(redis_client).acquire(a_name())
    assert lease is not None
    assert lease.token not in repr(lease)
    lease.release()


def test_a_held_lock_is_renewed_while_the_run_goes_on(redis_client: redis.Redis) -> None:
    lock = JobLock(redis_client, ttl=timedelta(milliseconds=600))
    name = a_name()
    seen: list[int] = []

    def renewed() -> bool:
        seen.append(redis_client.pttl(lock.key(name)))
        return len(seen) > 1 and seen[-1] > seen[-2]  # the lease went back up

    with lock.hold(name) as lease:
        assert lease is not None
        wait_until(renewed, timeout=5, what="a renewal of the lease")
        assert redis_client.get(lock.key(name)) == lease.token.encode()
    assert not redis_client.exists(lock.key(name))


def test_the_time_left_on_a_lease_is_what_a_dead_holder_still_blocks(
    redis_client: redis.Redis,
) -> None:
    lock = JobLock(redis_client, ttl=timedelta(seconds=60))
    name = a_name()
    assert lock.remaining(name) == timedelta(0)
    lease = lock.acquire(name)
    assert lease is not None
    redis_client.pexpire(lock.key(name), 1500)  # as if its holder had stopped renewing
    assert timedelta(seconds=1) < lock.remaining(name) <= timedelta(seconds=1.5)
    lease.release()
    assert lock.remaining(name) == timedelta(0)


def test_a_lease_too_short_to_renew_is_refused(redis_client: redis.Redis) -> None:
    with pytest.raises(JobLockError, match="ttl"):
        JobLock(redis_client, ttl=timedelta(0))
