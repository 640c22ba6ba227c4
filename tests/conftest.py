"""Shared fixtures: a real SQLite store in a temp folder, a fake clock, the engine, the fake
Bot API server and the fake WhatsApp Cloud API server. Helpers (Chat, outbox, ...) live in
tests/helpers.py."""

from __future__ import annotations

import os

# PTB 22 warns about its int-seconds API (RetryAfter) unless opted in to timedelta; the
# test run turns warnings into errors.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Engine
from bot.i18n import Translator
from bot.sqlite.store import SqliteStore
from tests import network_guard
from tests.fakebotapi import FakeBotApi
from tests.fakecloudapi import FakeCloudApi
from tests.helpers import ADMIN_ID, START, TEST_CHANNELS

# Before any test runs: nothing but 127.0.0.1 can be reached.
network_guard.install()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API server on 127.0.0.1."""
    server = FakeBotApi()
    await server.start()
    yield server
    await server.stop()
    # Telegram would have refused these: a message a person never saw.
    assert not server.refused, f"calls Telegram would refuse: {server.refused}"


@pytest.fixture
async def cloud() -> AsyncIterator[FakeCloudApi]:
    server = FakeCloudApi()
    await server.start()
    yield server
    await server.stop()
    # WhatsApp would have refused these: a message a person never saw.
    assert not server.refused, f"requests the Cloud API would refuse: {server.refused}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=tmp_path / "liftbot.sqlite3",
        admin_ids=frozenset({ADMIN_ID}),
        telegram_token="123456:TEST-TOKEN",
    )


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[SqliteStore]:
    opened = await SqliteStore.open(settings.database)
    yield opened
    await opened.close()


@pytest.fixture
def engine(store: SqliteStore, clock: FakeClock, settings: Settings) -> Engine:
    translator = Translator(settings.zone, settings.locale)
    admins = frozenset({f"test:{ADMIN_ID}"})
    return Engine(store, clock, translator, settings, TEST_CHANNELS, admins)
