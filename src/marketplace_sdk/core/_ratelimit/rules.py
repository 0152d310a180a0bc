"""The limiter's arithmetic as pure rules: when a slot frees, what a server's headers mean.

Times are whole milliseconds on the limiter's clock. A window of `interval_ms` counts an entry
stamped `t` while `now - interval_ms <= t`; the limiter stamps an entry when the request goes on
the wire, and the server counts it when it arrives, a little later and by a varying amount
(transit jitter). `margin_ms` widens the limiter's window by that much, so the server's window
has always let go of an entry before the limiter reuses its slot.

Examples:
    >>> wait_ms(blocking=1_000, now=1_500, interval_ms=1_000, margin_ms=20)
    521
    >>> unseen_by_us(server_used=7, local_used=5)
    2
"""

from __future__ import annotations

__all__ = ["margin_for_lag", "unseen_by_us", "wait_ms", "window_start"]


def window_start(now: int, interval_ms: int, margin_ms: int = 0) -> int:
    """The oldest stamp still counted at `now` by a window widened by `margin_ms`.

    Examples:
        >>> window_start(10_000, 1_000, 20)
        8980
    """
    return now - interval_ms - margin_ms


def wait_ms(blocking: int | None, now: int, interval_ms: int, margin_ms: int) -> int:
    """Milliseconds until the entry stamped `blocking` leaves the widened window (0: it has).

    `blocking` is the entry whose expiry makes room for the next call (the `limit - weight`-th
    newest), or `None` when the window is not full.

    Examples:
        >>> wait_ms(None, 5_000, 1_000, 20)
        0
        >>> wait_ms(3_000, 5_000, 1_000, 20)
        0
        >>> wait_ms(4_000, 5_000, 1_000, 20)
        21
    """
    if blocking is None or blocking < window_start(now, interval_ms, margin_ms):
        return 0
    # +1: an entry exactly on the window's lower bound still counts.
    return blocking - window_start(now, interval_ms, margin_ms) + 1


def unseen_by_us(server_used: int, local_used: int) -> int:
    """Calls the server counts in its window that this limiter has not counted (never < 0).

    They are other clients' calls on the same credential (another process, another app
    instance): slots to mark spent locally, so the limiter stays inside the server's window.

    Examples:
        >>> unseen_by_us(server_used=3, local_used=5)
        0
    """
    return max(0, server_used - local_used)


def margin_for_lag(sent: int, oldest_counted: int, interval_ms: int) -> int:
    """The margin that would have kept the server's oldest counted call in our window.

    The server answered the call sent at `sent` counting calls back to ours stamped
    `oldest_counted`; our window at `sent` reaches back `interval_ms` plus the margin. A call
    further back than that was counted by the server that much later than we stamped it.

    Examples:
        >>> margin_for_lag(sent=2_030, oldest_counted=1_000, interval_ms=1_000)
        30
        >>> margin_for_lag(sent=1_900, oldest_counted=1_000, interval_ms=1_000)
        0
    """
    return max(0, sent - oldest_counted - interval_ms)
