"""What an Etsy client runs on: the engine configuration, the auth hook and the rate limiter.

Examples:
    >>> from marketplace_sdk.etsy._auth import MemoryTokenStore
    >>> setup = etsy_setup("keystring", "shared-secret", MemoryTokenStore())
    >>> setup.remaining_daily_budget
    10000
"""

from __future__ import annotations

import attrs
from pydantic import SecretStr

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._ratelimit import Rate, RateLimiter
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.etsy._auth import EtsyOAuth, TokenStore
from marketplace_sdk.etsy._errors import classify, decode_error, rate_limit_observer

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_RATES",
    "EtsySetup",
    "default_rate_limiter",
    "etsy_setup",
]

#: Etsy's API root; the sandbox's loopback URL replaces it in tests.
DEFAULT_BASE_URL = "https://api.etsy.com"

#: Etsy's default budget per app: 10 queries per second and 10,000 per rolling day.
DEFAULT_RATES = (Rate.per_second(10), Rate.per_day(10_000))
#: Seconds each window is held past its end against transit jitter: 2 % of Etsy's second.
TRANSIT_MARGIN = 0.02


def default_rate_limiter(keystring: str, *, clock: Clock | None = None) -> RateLimiter:
    """The app's default Etsy budget (10/s, 10,000/day), keyed by the keystring.

    Share one limiter between every client of the same app: Etsy counts per app, not per shop.
    Each window keeps a slot `TRANSIT_MARGIN` seconds past its end, so transit jitter never
    lands two calls in one of Etsy's seconds; the server's headers raise or lower the limits.

    Examples:
        >>> per_second, per_day = default_rate_limiter("app-key").buckets["default"]
        >>> per_day
        Rate(limit=10000, interval=86400.0)
    """
    return RateLimiter(
        f"etsy:{keystring}",
        {"default": list(DEFAULT_RATES)},
        clock=clock,
        margin=TRANSIT_MARGIN,
    )


@attrs.frozen
class EtsySetup:
    """The engine configuration, auth hook and limiter one Etsy client runs on.

    Examples:
        >>> from marketplace_sdk.etsy._auth import MemoryTokenStore
        >>> etsy_setup("key", "secret", MemoryTokenStore()).config.marketplace
        'etsy'
    """

    config: EngineConfig
    auth: EtsyOAuth
    limiter: RateLimiter | None

    @property
    def daily_limit(self) -> int | None:
        """Calls the app may send per rolling day, as the limiter knows it: Etsy's published
        10,000 until the server's `x-limit-per-day` says otherwise.

        Examples:
            >>> from marketplace_sdk.etsy._auth import MemoryTokenStore
            >>> etsy_setup("key", "secret", MemoryTokenStore()).daily_limit
            10000
        """
        if self.limiter is None:
            return None
        for rates in self.limiter.buckets.values():
            for rate in rates:
                if rate.interval == 86_400:
                    return rate.limit
        return None

    @property
    def remaining_daily_budget(self) -> int | None:
        """Calls left in the app's rolling day, as this client's limiter counts them.

        Examples:
            left = client.remaining_daily_budget
        """
        if self.limiter is None:
            return None
        for rate, left in self.limiter.remaining().items():
            if rate.interval == 86_400:
                return left
        return None


def etsy_setup(
    keystring: str,
    shared_secret: SecretStr | str,
    token_store: TokenStore,
    *,
    base_url: str = DEFAULT_BASE_URL,
    clock: Clock | None = None,
    limiter: RateLimiter | None = None,
    retry: RetryPolicy | None = None,
    refresh_margin: float = 60.0,
) -> EtsySetup:
    """Wire Etsy's auth, error decoding, rate-limit headers and limiter into an `EngineConfig`.

    Examples:
        >>> from marketplace_sdk.etsy._auth import MemoryTokenStore
        >>> etsy_setup("key", "secret", MemoryTokenStore()).config.base_url
        'https://api.etsy.com'
    """
    clock = clock or SystemClock()
    auth = EtsyOAuth(
        keystring, shared_secret, token_store, clock=clock, refresh_margin=refresh_margin
    )
    limiter = limiter or default_rate_limiter(keystring, clock=clock)
    config = EngineConfig(
        marketplace="etsy",
        base_url=base_url,
        auth=auth,
        limiter=limiter,
        error_decoder=decode_error,
        on_response=rate_limit_observer(limiter),
        classify=classify,
        retry=retry or RetryPolicy(),
        clock=clock,
        secret_params=frozenset({"code", "code_verifier", "refresh_token", "access_token"}),
    )
    return EtsySetup(config=config, auth=auth, limiter=limiter)
