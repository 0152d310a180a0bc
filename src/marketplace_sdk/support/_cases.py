"""Reproducible support cases: record a session's HTTP exchanges, scrubbed, and replay them.

`record_case(path)` records every exchange that any httpx client (sync or async) makes over
the network while the block runs, into a vcrpy cassette, through `Scrubber`: no key, token,
signature or buyer's personal data reaches the file. `replay_case(path)` serves that cassette
back with no network: the same code, pointed at any base URL, gets the recorded answers in the
recorded order, and a request the case does not hold raises `UnmatchedRequestError`. A case
recorded while investigating becomes a regression test.

Requests are matched on method, path and query string (after scrubbing), not on host or port,
so a case recorded against a loopback sandbox replays under any base URL. Requests carried by
an in-process transport (`sandbox.transport()`) are not network exchanges and are not
recorded: serve the sandbox on loopback (`sandbox.serve()`) to record it.

vcrpy is the optional `support` extra (`pip install 'marketplace-sdk[support]'`).

Examples:
    ```python
    from marketplace_sdk.support import record_case, replay_case

    with record_case("cases/order-1234.yaml", secrets=[shop_key]) as case:
        order = channel.get_order("1234")
    print(case.interactions, "exchanges recorded")

    with replay_case("cases/order-1234.yaml"):
        assert offline_channel.get_order("1234").marketplace_status == "Paid"
    ```
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

import attrs
from pydantic import SecretStr

from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._frames import import_extra
from marketplace_sdk.core._redact_logs import unwatch_secrets, watch_secrets
from marketplace_sdk.support._scrub import Scrubber

__all__ = [
    "DEFAULT_MATCH_ON",
    "Case",
    "CaseError",
    "UnmatchedRequestError",
    "record_case",
    "replay_case",
]

logger = logging.getLogger(__name__)

#: What a replayed request must share with a recorded one (vcrpy matcher names).
DEFAULT_MATCH_ON: tuple[str, ...] = ("method", "path", "query")


class CaseError(MarketplaceError):
    """A support case cannot be recorded or replayed (missing file, file already there).

    Examples:
        >>> CaseError("no case at x.yaml").error_class.value
        'system'
    """


class UnmatchedRequestError(CaseError):
    """A replayed session sent a request the case does not hold (or already served).

    Attributes:
        method: the request's method.
        url: the request's URL, without secrets.
        reason: vcrpy's reason (`no_match`, `already_played`, `nothing_similar`, ...).

    Examples:
        >>> str(UnmatchedRequestError("GET", "http://x/v1/a", "no_match", "c.yaml"))
        'GET http://x/v1/a is not in the case c.yaml (no_match): the code sent a request the recorded session did not'
    """  # noqa: E501

    def __init__(self, method: str, url: str, reason: str, path: str) -> None:
        super().__init__(
            f"{method} {url} is not in the case {path} ({reason}): "
            "the code sent a request the recorded session did not"
        )
        self.method = method
        self.url = url
        self.reason = reason


class _VcrRequest(Protocol):
    uri: str
    method: str
    body: bytes | None
    headers: dict[str, str]


@attrs.define
class Case:
    """A support case being recorded or replayed (yielded by `record_case` and `replay_case`).

    Attributes:
        path: the cassette file.
        mode: `"record"` or `"replay"`.
        scrubber: what removes secrets and buyer data; `case.add_secret(...)` adds a value.

    Examples:
        >>> case = Case(Path("c.yaml"), "record", Scrubber())
        >>> case.interactions, case.mode
        (0, 'record')
    """

    path: Path
    mode: Literal["record", "replay"]
    scrubber: Scrubber
    _cassette: object | None = attrs.field(default=None, init=False)

    def add_secret(self, value: str | SecretStr) -> None:
        """Remove `value` from everything recorded from now on (and match replays without it).

        Examples:
            >>> case = Case(Path("c.yaml"), "record", Scrubber())
            >>> case.add_secret(SecretStr("tok-42"))
            >>> case.scrubber.secrets
            ('tok-42',)
        """
        self.scrubber.add_secret(_plain(value))

    @property
    def interactions(self) -> int:
        """The exchanges recorded so far, or held by the case being replayed.

        Examples:
            >>> Case(Path("c.yaml"), "replay", Scrubber()).interactions
            0
        """
        return len(getattr(self._cassette, "data", ()))

    @property
    def all_played(self) -> bool:
        """Whether a replay served every recorded exchange (always true while recording).

        Examples:
            >>> Case(Path("c.yaml"), "record", Scrubber()).all_played
            True
        """
        return bool(getattr(self._cassette, "all_played", True)) if self.mode == "replay" else True


def _plain(value: str | SecretStr) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def _scrub_request(scrubber: Scrubber) -> object:
    def scrub(request: _VcrRequest) -> _VcrRequest:
        request.uri = scrubber.url(request.uri)
        for name, value in list(request.headers.items()):
            request.headers[name] = scrubber.headers({name: value})[name]
        if request.body:
            request.body = scrubber.body_bytes(request.body)
        return request

    return scrub


def _scrub_response(scrubber: Scrubber) -> object:
    def scrub(response: dict[str, Any]) -> dict[str, Any]:
        headers = response.get("headers")
        if isinstance(headers, dict):
            response["headers"] = scrubber.header_lists(headers)
        body = response.get("body", {}).get("string")
        if isinstance(body, str):
            body = body.encode("utf-8")
        if isinstance(body, bytes) and body:
            scrubbed = scrubber.body_bytes(body)
            response["body"]["string"] = scrubbed
            for name, values in response["headers"].items():
                if name.lower() == "content-length" and isinstance(values, list):
                    response["headers"][name] = [str(len(scrubbed))]
        return response

    return scrub


def _recorder(mode: str, scrubber: Scrubber, match_on: Sequence[str]) -> object:
    vcr = import_extra("vcr", "support")
    return vcr.VCR(
        record_mode=mode,
        match_on=list(match_on),
        before_record_request=_scrub_request(scrubber),
        before_record_response=_scrub_response(scrubber),
        decode_compressed_response=True,
    )


@contextmanager
def record_case(
    path: str | Path,
    *,
    secrets: Iterable[str | SecretStr] = (),
    match_on: Sequence[str] = DEFAULT_MATCH_ON,
    overwrite: bool = False,
) -> Iterator[Case]:
    """Record every httpx exchange made in the block to the cassette `path`, scrubbed.

    Args:
        path: the cassette file to write (YAML); its folder is created.
        secrets: literal values to remove besides what `Scrubber` finds by name: a shop's key,
            an id that must not leave the company. They are also removed from URLs, so pass
            the same values to `replay_case`.
        match_on: vcrpy matchers the replay will use (kept with the case's code, not the file).
        overwrite: replace an existing case; otherwise an existing file is an error.

    Yields:
        The `Case`; `case.interactions` counts what was recorded.

    Raises:
        CaseError: `path` exists and `overwrite` is false.
        MissingExtraError: vcrpy is not installed.

    Examples:
        ```python
        with record_case("cases/ticket-812.yaml", secrets=[credentials.key]):
            channel.get_order("1234")
        ```
    """
    target = Path(path)
    if target.exists():
        if not overwrite:
            raise CaseError(f"a case already exists at {target}; pass overwrite=True to replace it")
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    case = Case(target, "record", Scrubber(secrets=[_plain(s) for s in secrets]))
    recorder = _recorder("all", case.scrubber, match_on)
    # vcrpy logs every exchange it records, unscrubbed: its records go through the redaction
    # pass with the case's secrets too.
    watch_secrets(case.scrubber)
    try:
        with recorder.use_cassette(str(target)) as cassette:  # type: ignore[attr-defined]
            case._cassette = cassette
            yield case
    finally:
        unwatch_secrets(case.scrubber)
    logger.info("recorded %d exchanges to %s", case.interactions, target)


@contextmanager
def replay_case(
    path: str | Path,
    *,
    secrets: Iterable[str | SecretStr] = (),
    match_on: Sequence[str] = DEFAULT_MATCH_ON,
) -> Iterator[Case]:
    """Serve the cassette `path` to every httpx client in the block, with no network.

    Each recorded answer is served once, to a request with the same method, path and query
    (scrubbed the same way as when recording), in the recorded order.

    Args:
        path: a cassette written by `record_case`.
        secrets: the literal secrets given to `record_case`, if any appeared in URLs.
        match_on: vcrpy matchers; add `"body"` to also compare (scrubbed) bodies.

    Yields:
        The `Case`; `case.all_played` says whether every exchange was asked for.

    Raises:
        CaseError: there is no case at `path`.
        UnmatchedRequestError: a request the case does not hold (raised from the block).
        MissingExtraError: vcrpy is not installed.

    Examples:
        ```python
        with replay_case("cases/ticket-812.yaml") as case:
            order = channel.get_order("1234")
        assert case.all_played
        ```
    """
    source = Path(path)
    if not source.is_file():
        raise CaseError(f"no recorded case at {source}")
    case = Case(source, "replay", Scrubber(secrets=[_plain(s) for s in secrets]))
    recorder = _recorder("none", case.scrubber, match_on)
    errors = import_extra("vcr.errors", "support")
    unmatched: type[Exception] = errors.CannotOverwriteExistingCassetteException
    watch_secrets(case.scrubber)
    try:
        with recorder.use_cassette(str(source)) as cassette:  # type: ignore[attr-defined]
            case._cassette = cassette
            try:
                yield case
            except unmatched as error:
                request = getattr(error, "failed_request", None)
                method = str(getattr(request, "method", "?"))
                url = case.scrubber.url(str(getattr(request, "uri", "?")))
                reason = str(getattr(error, "reason", "no_match"))
                raise UnmatchedRequestError(method, url, reason, str(source)) from None
    finally:
        unwatch_secrets(case.scrubber)
