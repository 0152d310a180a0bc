"""The auth hook: how a client adds credentials to a request and renews them.

An `Authenticator` is sans-I/O like the rest of the engine: it rewrites an `ApiRequest` (a header
for Etsy's OAuth bearer token, root attributes of the XML body for FNAC) and, when its credentials
are stale or refused, hands the engine the `Call` that renews them. The engine sends that call
under a lock, so concurrent requests on one client renew once, not once each, and it retries a
refused request once after a renewal. A renewal the marketplace refuses (`TokenRevokedError`)
or whose answer is lost (`TokenRefreshLostError`) is latched by the engine: it is not sent
again until `generation` moves on or `refresh_call` returns a different request (new
credentials were stored), and every caller meanwhile gets that error.

Examples:
    >>> from marketplace_sdk.core._request import ApiRequest
    >>> auth = StaticHeaderAuth({"Authorization": "secret-key"})
    >>> auth.apply(ApiRequest(method="GET", path="/account")).headers["Authorization"]
    'secret-key'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol, runtime_checkable

import attrs
from pydantic import SecretStr

from marketplace_sdk.core._errors import ApiError
from marketplace_sdk.core._request import ApiRequest, Call

__all__ = ["Authenticator", "StaticHeaderAuth"]


@runtime_checkable
class Authenticator(Protocol):
    """What the engine needs from a marketplace's authentication.

    Examples:
        >>> isinstance(StaticHeaderAuth({"Authorization": "k"}), Authenticator)
        True
    """

    @property
    def generation(self) -> int:
        """A number that changes every time the credentials are renewed."""
        ...

    def apply(self, request: ApiRequest) -> ApiRequest:
        """Return `request` with the current credentials added."""
        ...

    def needs_refresh(self, now: datetime) -> bool:
        """Whether the credentials must be renewed before the next request (missing, expiring)."""
        ...

    def refresh_call(self) -> Call[None]:
        """The call that renews the credentials; its `parse` stores the new ones.

        It is sent without `apply` (it carries its own credentials) and raises a
        `TokenRevokedError` when the marketplace refuses to renew.
        """
        ...

    def can_recover(self, error: ApiError) -> bool:
        """Whether a renewal could fix `error` (an expired or invalid token)."""
        ...


@attrs.define
class StaticHeaderAuth:
    """Credentials that are fixed headers and never renewed (an API key, say).

    Header values are held as `SecretStr`, so the object's repr shows no secret.

    Examples:
        >>> StaticHeaderAuth({"Authorization": "secret-key"})
        StaticHeaderAuth(headers=['Authorization'])
    """

    _headers: dict[str, SecretStr]

    def __init__(self, headers: Mapping[str, str | SecretStr]) -> None:
        """Hold `headers` (name to value) as secrets."""
        self._headers = {
            name: value if isinstance(value, SecretStr) else SecretStr(value)
            for name, value in headers.items()
        }

    def __repr__(self) -> str:
        return f"StaticHeaderAuth(headers={sorted(self._headers)})"

    @property
    def generation(self) -> int:
        """Always 0: static credentials never change."""
        return 0

    def apply(self, request: ApiRequest) -> ApiRequest:
        """Add the headers to `request`."""
        headers = dict(request.headers)
        headers.update({name: value.get_secret_value() for name, value in self._headers.items()})
        return attrs.evolve(request, headers=headers)

    def needs_refresh(self, now: datetime) -> bool:
        """Never."""
        return False

    def refresh_call(self) -> Call[None]:
        """Static credentials cannot be renewed; the engine never asks (`can_recover` is False)."""
        raise TypeError("static credentials have no renewal call")

    def can_recover(self, error: ApiError) -> bool:
        """Never: a refused static key needs a person."""
        return False
