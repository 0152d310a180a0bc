"""Logs: every record of a logger the SDK drives goes through the redaction pass.

The SDK drives its own loggers (`marketplace_sdk.*`) and those of the libraries it runs: httpx
and httpcore (every request), vcrpy (support cases: it logs whole recorded answers at INFO),
tenacity, APScheduler, Celery, kombu and redis (the schedulers). Their records are redacted
where they are made, before any handler, filter or formatter of the host sees them: the
message (with its arguments), the traceback and the stack. A record with nothing to redact is
left exactly as it was (its message template and arguments intact, for the host's grouping).

Besides secrets found by name (`marketplace_sdk.core._redact`), records lose the values held
by every live `SecretSource` that was watched: each engine's configuration (its auth hook's
keys and tokens, and the last secrets its requests carried) and a support case's scrubber while
it records or replays. Those values are gathered again at most every `REFRESH_SECONDS`, and at
once when a source is added or an engine learns a new one; a value a source took up in between
(a token renewed a moment ago) is caught by name until then.

This works through the record factory (`logging.setLogRecordFactory`), wrapped once per
process when the first engine is configured; the factory found there is kept and called first.
A host that later installs its own factory should wrap the one it finds, as logging advises.

Examples:
    >>> import logging
    >>> install_log_redaction()
    >>> record = logging.getLogger("httpx").makeRecord(
    ...     "httpx", logging.INFO, "f.py", 1, "sent %s", ("Authorization: Bearer abc",), None)
    >>> record.getMessage()
    'sent Authorization: [REDACTED]'
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import weakref
from typing import Any

from marketplace_sdk.core._redact import Redactor
from marketplace_sdk.core._secrets import SecretSource

__all__ = [
    "DRIVEN_LOGGERS",
    "REFRESH_SECONDS",
    "install_log_redaction",
    "redact_record",
    "regather",
    "unwatch_secrets",
    "watch_secrets",
    "watched_secrets",
]

#: The loggers (and their children) whose records are redacted.
DRIVEN_LOGGERS = (
    "marketplace_sdk",
    "httpx",
    "httpcore",
    "vcr",
    "tenacity",
    "apscheduler",
    "celery",
    "kombu",
    "redis",
)
_PREFIXES = tuple(f"{name}." for name in DRIVEN_LOGGERS)
_NAMES = frozenset(DRIVEN_LOGGERS)

#: How long the log pass reuses the values it gathered from the watched sources. Gathering
#: asks every live engine; a process serving many shops would pay that on every record.
REFRESH_SECONDS = 0.2

_lock = threading.Lock()
_sources: weakref.WeakSet[SecretSource] = weakref.WeakSet()
_unweakable: list[SecretSource] = []
_installed = False
_cache: tuple[float, Redactor] | None = None  # (when gathered, the pass built on it)


def watch_secrets(source: object) -> None:
    """Redact the values `source` holds from every SDK log record while it lives.

    Anything that is not a `SecretSource` (no auth, a test double) only installs the log
    redaction. The source is held weakly: an engine that is gone stops counting.

    Examples:
        >>> class Keys:
        ...     def secret_values(self) -> list[str]:
        ...         return ["k-8f2e91"]
        >>> keys = Keys()
        >>> watch_secrets(keys)
        >>> "k-8f2e91" in watched_secrets()
        True
        >>> unwatch_secrets(keys)
    """
    global _cache
    install_log_redaction()
    if not isinstance(source, SecretSource):
        return
    with _lock:
        _cache = None
        try:
            _sources.add(source)
        except TypeError:  # no weak reference to it (a slotted class without __weakref__)
            if not any(known is source for known in _unweakable):
                _unweakable.append(source)


def unwatch_secrets(source: object) -> None:
    """Stop redacting what `source` holds (a support case that finished recording).

    Examples:
        >>> unwatch_secrets(object())
    """
    global _cache
    with _lock:
        _cache = None
        with contextlib.suppress(TypeError):  # never held weakly
            _sources.discard(source)  # type: ignore[arg-type]
        _unweakable[:] = [known for known in _unweakable if known is not source]


def watched_secrets() -> tuple[str, ...]:
    """Every value the watched sources hold now.

    Examples:
        >>> isinstance(watched_secrets(), tuple)
        True
    """
    with _lock:
        sources = [*_sources, *_unweakable]
    values: set[str] = set()
    for source in sources:
        values.update(value for value in source.secret_values() if value)
    return tuple(sorted(values))


def regather() -> None:
    """Have the next log record gather the watched values afresh (a source learnt a new one).

    Examples:
        >>> regather()
    """
    global _cache
    _cache = None


def _log_redactor() -> Redactor:
    """The pass for log records: the watched values, gathered at most every REFRESH_SECONDS."""
    global _cache
    now = time.monotonic()
    cached = _cache
    if cached is not None and now - cached[0] < REFRESH_SECONDS:
        return cached[1]
    redactor = Redactor(secrets=watched_secrets())
    _cache = (now, redactor)
    return redactor


def _driven(name: object) -> bool:
    return isinstance(name, str) and (name in _NAMES or name.startswith(_PREFIXES))


def redact_record(record: logging.LogRecord, redactor: Redactor | None = None) -> None:
    """Redact `record` in place: its message, traceback and stack.

    Examples:
        >>> import logging
        >>> record = logging.makeLogRecord({"msg": "token=%s", "args": ("t0k",)})
        >>> redact_record(record)
        >>> record.getMessage(), record.args
        ('token=[REDACTED]', ())
    """
    redactor = redactor or _log_redactor()
    try:
        message = record.getMessage()
    except Exception:  # arguments that do not fit: the handler will say so, without them
        message, record.args = str(record.msg), ()
    clean = redactor.text(message)
    if clean != message:
        record.msg, record.args = clean, ()
    if record.exc_info and record.exc_info[0] is not None:
        trace = record.exc_text or logging.Formatter().formatException(record.exc_info)
        clean = redactor.text(trace)
        if clean != trace:
            # Formatters print `exc_text` when set; without `exc_info` none re-formats it.
            record.exc_info, record.exc_text = None, clean
    if record.stack_info:
        record.stack_info = redactor.text(record.stack_info)


class _RedactingFactory:
    """The record factory: the one found at install, then `redact_record` for driven loggers."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = self.inner(*args, **kwargs)
        if _driven(record.name):
            try:
                redact_record(record)
            except Exception:  # never break the caller's log call, never pass a secret on
                record.msg, record.args = "(log record withheld: it could not be redacted)", ()
                record.exc_info = record.exc_text = record.stack_info = None
        return record


def install_log_redaction() -> None:
    """Redact every record of `DRIVEN_LOGGERS` from now on (once per process; idempotent).

    Examples:
        >>> install_log_redaction()
        >>> install_log_redaction()
    """
    global _installed
    with _lock:
        if _installed:
            return
        logging.setLogRecordFactory(_RedactingFactory(logging.getLogRecordFactory()))
        _installed = True
