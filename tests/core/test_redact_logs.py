"""The records of every logger the SDK drives go through the redaction pass."""

from __future__ import annotations

import logging

import pytest

from marketplace_sdk.core._auth import StaticHeaderAuth
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._redact import REDACTED
from marketplace_sdk.core._redact_logs import (
    DRIVEN_LOGGERS,
    install_log_redaction,
    unwatch_secrets,
    watch_secrets,
    watched_secrets,
)

KEY = "mirakl-key-5e2a91c4"


@pytest.fixture
def records(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    install_log_redaction()
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.mark.parametrize("name", [*DRIVEN_LOGGERS, "vcr.stubs.a_module_imported_later"])
def test_a_driven_logger_and_its_children_lose_secrets(
    name: str, records: pytest.LogCaptureFixture
) -> None:
    logging.getLogger(name).info("answer %s", '{"refresh_token": "r-1a2b3c4d"}')
    assert records.records[-1].getMessage() == f'answer {{"refresh_token": "{REDACTED}"}}'


def test_the_keys_of_a_live_engine_are_removed_from_any_driven_record(
    records: pytest.LogCaptureFixture,
) -> None:
    config = EngineConfig(
        marketplace="demo", base_url="https://api.example",
        auth=StaticHeaderAuth({"Authorization": KEY}),
    )  # fmt: skip
    assert KEY in watched_secrets()
    logging.getLogger("marketplace_sdk.demo").warning("the server said: bad key %s", KEY)
    assert records.records[-1].getMessage() == f"the server said: bad key {REDACTED}"
    del config


def test_a_traceback_is_redacted_too(records: pytest.LogCaptureFixture) -> None:
    try:
        raise RuntimeError("connect to redis://:hunter2-pass@cache:6379 failed")
    except RuntimeError:
        logging.getLogger("marketplace_sdk.sync").exception("job failed")
    assert "hunter2" not in records.text
    assert "job failed" in records.text
    assert "RuntimeError" in records.text


def test_a_clean_record_keeps_its_template_and_arguments(
    records: pytest.LogCaptureFixture,
) -> None:
    logging.getLogger("httpx").info("HTTP Request: %s %s", "GET", "https://api.example/x")
    record = records.records[-1]
    assert record.msg == "HTTP Request: %s %s"
    assert record.args == ("GET", "https://api.example/x")


def test_other_loggers_are_left_alone(records: pytest.LogCaptureFixture) -> None:
    logging.getLogger("the_host.app").info("token=%s", "t-0k3n")
    assert records.records[-1].getMessage() == "token=t-0k3n"


def test_a_record_whose_arguments_do_not_fit_never_breaks_the_call(
    records: pytest.LogCaptureFixture,
) -> None:
    logging.getLogger("marketplace_sdk.x").info("%s and %s", "Bearer abc")
    assert "abc" not in records.records[-1].getMessage()


def test_a_source_stops_counting_once_unwatched() -> None:
    class Keys:
        def secret_values(self) -> list[str]:
            return ["case-secret-77a1"]

    keys = Keys()
    watch_secrets(keys)
    assert "case-secret-77a1" in watched_secrets()
    unwatch_secrets(keys)
    assert "case-secret-77a1" not in watched_secrets()


def test_a_stack_is_redacted_too(records: pytest.LogCaptureFixture) -> None:
    def deep(token: str) -> None:
        logging.getLogger("marketplace_sdk.x").info("here", stack_info=True)

    deep("Bearer stack-secret-77")  # the stack quotes this line
    record = records.records[-1]
    assert record.stack_info is not None
    assert "deep(" in record.stack_info
    assert "stack-secret-77" not in record.stack_info


def test_a_record_that_cannot_be_redacted_is_withheld_never_raised(
    records: pytest.LogCaptureFixture,
) -> None:
    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    logging.getLogger("marketplace_sdk.x").info(Unprintable())
    assert records.records[-1].getMessage() == "(log record withheld: it could not be redacted)"


def test_a_source_without_weak_references_is_watched_all_the_same() -> None:
    class Slotted:
        __slots__ = ()

        def secret_values(self) -> list[str]:
            return ["slotted-secret-99"]

    source = Slotted()
    watch_secrets(source)
    watch_secrets(source)
    assert "slotted-secret-99" in watched_secrets()
    unwatch_secrets(source)
    assert "slotted-secret-99" not in watched_secrets()
