"""The leader lease: one holder at a time, renewals, expiry and takeover, several processes."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.sync._lease import Lease, SQLiteLease

TTL = timedelta(seconds=30)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "lease.db"


def test_only_one_of_two_instances_holds_the_lease(path: Path, clock: FakeClock) -> None:
    first, second = SQLiteLease(path, ttl=TTL, clock=clock), SQLiteLease(path, ttl=TTL, clock=clock)
    assert isinstance(first, Lease)
    assert first.acquire()
    assert not second.acquire()
    assert first.held
    assert not second.held
    info = first.current()
    assert info is not None
    assert info.holder == first.holder != second.holder
    assert info.expires_at == clock.now() + TTL


def test_acquiring_again_is_idempotent_for_the_holder(path: Path, clock: FakeClock) -> None:
    lease = SQLiteLease(path, ttl=TTL, clock=clock)
    assert lease.acquire()
    assert lease.acquire()
    assert lease.held


def test_a_renewed_lease_is_not_taken_over(path: Path, clock: FakeClock) -> None:
    holder, other = SQLiteLease(path, ttl=TTL, clock=clock), SQLiteLease(path, ttl=TTL, clock=clock)
    assert holder.acquire()
    for _ in range(10):  # 10 renewals every ttl / 3: far past the first ttl
        clock.advance(10)
        assert holder.renew()
        assert not other.acquire()
    assert holder.held


def test_an_expired_lease_is_taken_over_and_the_old_holder_learns_it(
    path: Path, clock: FakeClock
) -> None:
    old, new = SQLiteLease(path, ttl=TTL, clock=clock), SQLiteLease(path, ttl=TTL, clock=clock)
    assert old.acquire()
    clock.advance(29)
    assert old.held
    assert not new.acquire()
    clock.advance(1)
    assert not old.held  # the holder's own belief runs out with the ttl
    assert new.acquire()
    assert not old.renew()
    assert not old.held
    info = new.current()
    assert info is not None
    assert info.holder == new.holder


def test_an_expired_lease_nobody_took_can_still_be_renewed(path: Path, clock: FakeClock) -> None:
    lease = SQLiteLease(path, ttl=TTL, clock=clock)
    assert lease.acquire()
    clock.advance(45)
    assert not lease.held
    assert lease.renew()
    assert lease.held


def test_renew_without_holding_fails(path: Path, clock: FakeClock) -> None:
    lease = SQLiteLease(path, ttl=TTL, clock=clock)
    assert not lease.renew()
    assert lease.current() is None


def test_release_frees_the_lease_at_once_and_only_for_its_holder(
    path: Path, clock: FakeClock
) -> None:
    first, second = SQLiteLease(path, ttl=TTL, clock=clock), SQLiteLease(path, ttl=TTL, clock=clock)
    assert first.acquire()
    second.release()  # not ours: nothing happens
    assert not second.acquire()
    first.release()
    assert not first.held
    assert second.acquire()


def test_leases_of_different_names_are_independent(path: Path, clock: FakeClock) -> None:
    a = SQLiteLease(path, name="scheduler-a", ttl=TTL, clock=clock)
    b = SQLiteLease(path, name="scheduler-b", ttl=TTL, clock=clock)
    assert a.acquire()
    assert b.acquire()


def test_a_non_positive_ttl_is_refused(path: Path) -> None:
    with pytest.raises(ValueError, match="ttl"):
        SQLiteLease(path, ttl=0)


def test_threads_racing_for_the_lease_leave_one_holder(path: Path, clock: FakeClock) -> None:
    leases = [SQLiteLease(path, ttl=TTL, clock=clock) for _ in range(8)]
    barrier = threading.Barrier(len(leases))
    won: list[bool] = [False] * len(leases)

    def race(index: int) -> None:
        barrier.wait(timeout=10)
        won[index] = leases[index].acquire()

    threads = [threading.Thread(target=race, args=(index,)) for index in range(len(leases))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sum(won) == 1
    assert [lease.held for lease in leases] == won


_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["acquire", "renew", "release", "advance"]),
        st.integers(min_value=0, max_value=2),
        st.integers(min_value=0, max_value=45),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(steps=_STEPS)
def test_whatever_happens_at_most_one_process_believes_it_holds_the_lease(
    steps: list[tuple[str, int, int]],
) -> None:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as folder:
        leases = [SQLiteLease(Path(folder) / "lease.db", ttl=TTL, clock=clock) for _ in range(3)]
        owner: int | None = None
        expires = clock.now()
        for action, who, seconds in steps:
            now = clock.now()
            if action == "advance":
                clock.advance(seconds)
            elif action == "acquire":
                expected = owner is None or owner == who or now >= expires
                assert leases[who].acquire() is expected
                if expected:
                    owner, expires = who, now + TTL
            elif action == "renew":
                expected = owner == who
                assert leases[who].renew() is expected
                if expected:
                    expires = now + TTL
            else:
                leases[who].release()
                owner = None if owner == who else owner
            held = [lease.held for lease in leases]
            assert sum(held) <= 1
            assert held == [index == owner and clock.now() < expires for index in range(3)]


_CONTENDER = """
import sys
from marketplace_sdk.sync._lease import SQLiteLease
lease = SQLiteLease(sys.argv[1], ttl=60)
sys.stdin.readline()  # start together
print("won" if lease.acquire() else "lost", lease.holder, flush=True)
"""


def test_processes_sharing_one_file_elect_exactly_one_holder(path: Path) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _CONTENDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = []
    for process in processes:  # every contender is ready once all have been started
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        outcomes.append(out.split())
    winners = [holder for verdict, holder in outcomes if verdict == "won"]
    assert len(winners) == 1
    assert len({holder for _, holder in outcomes}) == 3  # distinct pid per holder
    info = SQLiteLease(path).current()
    assert info is not None
    assert info.holder == winners[0]
    assert not SQLiteLease(path).acquire()  # still held: its ttl has not run out
