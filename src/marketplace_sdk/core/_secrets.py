"""The secret values the SDK knows, for the redaction pass to remove wherever they show.

Names catch most secrets (`marketplace_sdk.core._redact`), but a server quoting a key in its
error message gives no name. The SDK knows the secrets of the calls it makes:

- a `SecretSource` holds some: each auth hook (its keys and current tokens), a support case's
  scrubber (the values a person listed);
- a request carries some (`carried_secrets`): the token it was signed with, the refresh token it
  spends, FNAC's key in the `auth` body, even when the auth hook has moved on since;
- a `SecretMemory` keeps the last ones seen, so a server quoting a token renewed a moment ago
  is still caught.

Examples:
    >>> carried_secrets(headers={"x-api-key": "keystring:s3cret-value"})
    ['keystring:s3cret-value', 's3cret-value']
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from marketplace_sdk.core._redact import is_secret_name, named_values

__all__ = ["SecretMemory", "SecretSource", "carried_secrets", "secret_values"]


@runtime_checkable
class SecretSource(Protocol):
    """Something that knows secret values: an auth hook, a support case's scrubber.

    Examples:
        >>> class Keys:
        ...     def secret_values(self) -> list[str]:
        ...         return ["k-8f2e91"]
        >>> isinstance(Keys(), SecretSource)
        True
    """

    def secret_values(self) -> Iterable[str]:
        """The secret values it holds now (credentials, current tokens)."""
        ...


def secret_values(source: object) -> tuple[str, ...]:
    """The values `source` says are secret, or none when it is not a `SecretSource`.

    Examples:
        >>> secret_values(None)
        ()
    """
    if not isinstance(source, SecretSource):
        return ()
    return tuple(value for value in source.secret_values() if value)


def carried_secrets(
    *,
    headers: Mapping[str, str] | None = None,
    fields: Mapping[str, Any] | None = None,
    body: bytes | str | None = None,
    extra: Iterable[str] = (),
) -> list[str]:
    """The secrets a request carries: what its answer may quote back.

    `headers` by name (also `Authorization`'s credential after its scheme, and `x-api-key`'s
    secret after the keystring); `fields` (query, form or JSON fields, nested) by name; `body`
    (JSON, form or XML text) through the same names. `extra` adds names.

    Examples:
        >>> carried_secrets(headers={"Authorization": "Bearer t0k", "Accept": "*/*"},
        ...                 body=b'<q partner_id="P-1" shop_id="S" token="T-1"/>')
        ['Bearer t0k', 't0k', 'P-1', 'T-1']
    """
    extra = tuple(extra)
    found: list[str] = []
    for name, value in (headers or {}).items():
        if not value or not is_secret_name(name, extra):
            continue
        found.append(value)
        scheme, _, credential = value.partition(" ")
        if credential and scheme.isalpha():
            found.append(credential.strip())
        if name.lower() in {"x-api-key", "api-key"} and ":" in value:
            found.append(value.split(":", 1)[1])
    stack: list[Any] = [fields or {}]
    while stack:
        item = stack.pop()
        pairs = item.items() if isinstance(item, Mapping) else enumerate(item)
        for key, value in pairs:
            if isinstance(value, Mapping | list | tuple):
                stack.append(value)
            elif isinstance(value, str) and value and is_secret_name(str(key), extra):
                found.append(value)
    if body:
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        found += named_values(text, extra)
    return found


class SecretMemory:
    """The last `size` secret values seen, oldest forgotten first (thread-safe).

    Examples:
        >>> memory = SecretMemory(size=2)
        >>> memory.remember(["a-1", "b-2", "c-3"])
        True
        >>> memory.values()
        ('b-2', 'c-3')
    """

    def __init__(self, size: int = 32) -> None:
        """Keep at most `size` values."""
        self.size = size
        self._values: dict[str, None] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SecretMemory(size={self.size}, held={len(self._values)})"

    def remember(self, values: Iterable[str]) -> bool:
        """Keep `values` (the most recent last); whether one of them was new."""
        new = False
        with self._lock:
            for value in values:
                if value:
                    new = new or value not in self._values
                    self._values.pop(value, None)
                    self._values[value] = None
            while len(self._values) > self.size:
                del self._values[next(iter(self._values))]
        return new

    def values(self) -> tuple[str, ...]:
        """The values kept, oldest first."""
        with self._lock:
            return tuple(self._values)
