"""The `backend` fixture: every contract test runs once per entry of contract.BACKENDS, on a
fresh database of its own, and fails when it did not call each method it declares."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Backend
from tests.bot.storage.contract import BACKENDS, Recorder, Reopen


@pytest.fixture(params=sorted(BACKENDS))
def backend_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def backend(
    request: pytest.FixtureRequest, backend_name: str, tmp_path: Path
) -> AsyncIterator[Recorder]:
    store = await BACKENDS[backend_name](tmp_path)
    recorder = Recorder(store)
    try:
        yield recorder
    finally:
        await store.close()
    declared: frozenset[str] = getattr(request.function, "contract_methods", frozenset())
    missed = sorted(declared - recorder.called)
    assert not missed, f"declares {missed} but never called them"


@pytest.fixture
async def reopen(backend: Recorder, backend_name: str, tmp_path: Path) -> AsyncIterator[Reopen]:
    """Open the backend's database again, as a restart would; closed after the test. Its
    calls count towards the test's declared methods too."""
    opened: list[Backend] = []

    async def again() -> Backend:
        opened.append(await BACKENDS[backend_name](tmp_path))
        return Recorder(opened[-1], backend.called)

    yield again
    for store in opened:
        await store.close()
