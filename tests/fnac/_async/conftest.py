"""Fixtures of the FNAC client and channel tests; each module seeds its own `sandbox`."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from tests.fnac._async.support import fnac_channel, fnac_client

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import AsyncFnacChannel, AsyncFnacClient
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.fixture
async def client(sandbox: FnacSandbox, clock: FakeClock) -> AsyncIterator[AsyncFnacClient]:
    async with fnac_client(sandbox, clock) as client:
        yield client


@pytest.fixture
def channel(sandbox: FnacSandbox, clock: FakeClock) -> AsyncFnacChannel:
    return fnac_channel(sandbox, clock)
