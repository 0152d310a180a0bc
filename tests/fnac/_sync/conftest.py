# Generated from tests/fnac/_async/conftest.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Fixtures of the FNAC client and channel tests; each module seeds its own `sandbox`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.fnac._sync.support import fnac_channel, fnac_client

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import FnacChannel, FnacClient
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.fixture
def client(sandbox: FnacSandbox, clock: FakeClock) -> Iterator[FnacClient]:
    with fnac_client(sandbox, clock) as client:
        yield client


@pytest.fixture
def channel(sandbox: FnacSandbox, clock: FakeClock) -> FnacChannel:
    return fnac_channel(sandbox, clock)
