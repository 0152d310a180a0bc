"""`EtsyOAuth`: the engine's auth hook that signs Etsy requests and refreshes the token.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.etsy._auth.tokens import MemoryTokenStore
    >>> store = MemoryTokenStore(TokenPair(access_token="1.a", refresh_token="1.r",
    ...     expires_at=datetime(2026, 1, 1, 1, tzinfo=UTC)))
    >>> EtsyOAuth("key", SecretStr("shh"), store).needs_refresh(datetime(2026, 1, 1, tzinfo=UTC))
    False
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

import attrs
from pydantic import SecretStr

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._errors import ApiError, AuthenticationError, TokenRevokedError
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.etsy._auth.tokens import TokenPair, TokenStore, refresh_token_call

__all__ = ["EtsyOAuth"]

logger = logging.getLogger(__name__)


class EtsyOAuth:
    """The engine's auth hook for Etsy (`marketplace_sdk.core._auth.Authenticator`).

    Args:
        keystring: the app's keystring (its OAuth `client_id`).
        shared_secret: the app's shared secret (sent in `x-api-key` since February 2026).
        token_store: where the shop's pair is loaded from and every rotated pair saved to.
        clock: the time source for expiry.
        refresh_margin: refresh when the access token expires within this many seconds.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from marketplace_sdk.etsy._auth.tokens import MemoryTokenStore
        >>> store = MemoryTokenStore(TokenPair(access_token="1.a", refresh_token="1.r",
        ...     expires_at=datetime(2026, 1, 1, 1, tzinfo=UTC)))
        >>> auth = EtsyOAuth("key", SecretStr("shh"), store)
        >>> headers = auth.apply(ApiRequest(method="GET", path="/v3/application/users/me")).headers
        >>> headers["Authorization"], headers["x-api-key"]
        ('Bearer 1.a', 'key:shh')
        >>> "shh" in repr(auth)
        False
    """

    def __init__(
        self,
        keystring: str,
        shared_secret: SecretStr | str,
        token_store: TokenStore,
        *,
        clock: Clock | None = None,
        refresh_margin: float = 60.0,
    ) -> None:
        """Sign requests for the shop whose pair is in `token_store`."""
        if not keystring or not (
            shared_secret.get_secret_value()
            if isinstance(shared_secret, SecretStr)
            else shared_secret
        ):
            raise ValueError("Etsy needs both the keystring and the shared secret")
        self.keystring = keystring
        self._shared_secret = (
            shared_secret if isinstance(shared_secret, SecretStr) else SecretStr(shared_secret)
        )
        self.token_store = token_store
        self.clock: Clock = clock or SystemClock()
        self.refresh_margin = refresh_margin
        self._pair: TokenPair | None = None
        self._loaded = False
        self._generation = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        pair = self._pair
        expires = pair.expires_at.isoformat() if pair else None
        return f"EtsyOAuth(generation={self._generation}, expires_at={expires!r})"

    @property
    def generation(self) -> int:
        """How many times the pair was refreshed by this hook."""
        return self._generation

    @property
    def api_key(self) -> SecretStr:
        """The `x-api-key` value, `keystring:shared_secret`."""
        return SecretStr(f"{self.keystring}:{self._shared_secret.get_secret_value()}")

    @property
    def token(self) -> TokenPair | None:
        """The current pair, loaded from the store on first use."""
        with self._lock:
            if not self._loaded:
                self._pair = self.token_store.load()
                self._loaded = True
            return self._pair

    def apply(self, request: ApiRequest) -> ApiRequest:
        """`request` with `x-api-key` and, when a pair is stored, `Authorization: Bearer`."""
        headers = dict(request.headers)
        headers["x-api-key"] = self.api_key.get_secret_value()
        pair = self.token
        if pair is not None:
            headers["Authorization"] = f"Bearer {pair.access_token.get_secret_value()}"
        return attrs.evolve(request, headers=headers)

    def needs_refresh(self, now: datetime) -> bool:
        """Whether the access token is missing or expires within `refresh_margin` of `now`.

        Before answering yes, the store is read again: when another worker sharing the store
        has already refreshed (or the shop was reconnected), its pair is taken instead of
        refreshing a second time with a refresh token that has rotated; a fresh one is used
        as it is.
        """
        pair = self.token
        if pair is not None and not pair.expires_within(now, self.refresh_margin):
            return False
        stored = self.token_store.load()
        if stored is not None and stored != pair:
            self._hold(stored)
            pair = stored
        return pair is None or pair.expires_within(now, self.refresh_margin)

    def _hold(self, pair: TokenPair) -> None:
        with self._lock:
            self._pair = pair
            self._loaded = True
            self._generation += 1

    def refresh_call(self) -> Call[None]:
        """The refresh call; its parse saves the rotated pair to the store, then uses it.

        Raises:
            TokenRevokedError: no pair is stored (the shop was never connected).
        """
        # The store holds the latest refresh token, even if another worker rotated it.
        pair = self.token_store.load() or self.token
        if pair is None:
            raise TokenRevokedError(
                "no Etsy token is stored for this shop: the seller must connect the shop "
                "(OAuth consent) first",
                marketplace="etsy",
            )
        call = refresh_token_call(self.keystring, pair.refresh_token, clock=self.clock)
        request = attrs.evolve(
            call.request,
            headers={"x-api-key": self.api_key.get_secret_value()},
        )
        return Call(request, parse=lambda response: self.adopt(call.parse(response)))

    def adopt(self, pair: TokenPair) -> None:
        """Save `pair` to the store, then sign with it (after a code exchange or a refresh).

        Saved before use: once Etsy has rotated the token, the old refresh token is dead. When
        the store fails to save it, the pair is still used by this hook (the shop keeps working
        here, and the next rotation is saved) and the store's error is raised for the host.

        Examples:
            >>> from datetime import UTC, datetime
            >>> from marketplace_sdk.etsy._auth.tokens import MemoryTokenStore
            >>> auth = EtsyOAuth("key", "shh", MemoryTokenStore())
            >>> auth.adopt(TokenPair(access_token="1.a", refresh_token="1.r",
            ...                      expires_at=datetime(2026, 1, 1, tzinfo=UTC)))
            >>> auth.generation, auth.token_store.load().user_id
            (1, 1)
        """
        try:
            self.token_store.save(pair)
        except BaseException:
            logger.error("the token store could not save Etsy's rotated pair; it is kept in memory")
            raise
        finally:
            self._hold(pair)
        logger.info(
            "Etsy token pair saved for user %s; the access token expires at %s",
            pair.user_id,
            pair.expires_at.isoformat(),
        )

    def can_recover(self, error: ApiError) -> bool:
        """Whether a refresh could fix `error`: a 401 (bad or expired token), not a revocation."""
        return (
            isinstance(error, AuthenticationError)
            and not isinstance(error, TokenRevokedError)
            and error.status == 401
        )
