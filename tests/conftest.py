"""Shared fixtures: a real SQLite store in a temp folder, a fake clock, and a chat driver."""

from __future__ import annotations

import os

# PTB 22 warns about its int-seconds API (RetryAfter) unless opted in to timedelta; the
# test run turns warnings into errors.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.channel import ChatBusy
from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Engine, Message, Outcome
from bot.i18n import Translator
from bot.outbox import OutboxPump
from bot.sqlite.store import SqliteStore
from conversations.core.channel import ChannelInfo
from conversations.core.types import Incoming
from tests import network_guard
from tests.fakebotapi import FakeBotApi

# Before any test runs: nothing but 127.0.0.1 can be reached.
network_guard.install()

ADMIN_ID = 1000
# The channel the engine tests talk through: Telegram's limits, and links in Telegram's form
# so tests read tokens from them as from a real invite.
TEST_CHANNEL = ChannelInfo(
    name="test",
    text_limit=4096,
    caption_limit=1024,
    max_buttons=100,
    can_edit=True,
    files=True,
    locations=True,
    open_link=lambda payload: f"https://t.me/LiftTestBot?start={payload}",
)
TEST_CHANNELS = {"test": TEST_CHANNEL}
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


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


class Chat:
    """One person talking to the engine directly, as a channel would."""

    def __init__(self, engine: Engine, user_id: int, language: str | None = "en") -> None:
        self.engine = engine
        self.user_id = user_id
        self.language = language
        self.last: Outcome | None = None

    async def _run(self, event: Incoming) -> list[Message]:
        self.last = await self.engine.handle("test", self.user_id, event, self.language)
        return self.last.messages

    async def send(self, text: str) -> list[Message]:
        return await self._run(Incoming.from_text(text))

    async def press_data(self, data: str) -> list[Message]:
        return await self._run(Incoming("choice", choice=data))

    def button(self, label_part: str) -> str:
        assert self.last is not None
        found = [
            data
            for message in self.last.messages
            for row in message.buttons
            for label, data in row
            if label_part.lower() in label.lower()
        ]
        assert len(found) == 1, f"{label_part!r} matches {len(found)} buttons: {self.labels()}"
        return found[0]

    def labels(self) -> list[str]:
        assert self.last is not None
        return [label for m in self.last.messages for row in m.buttons for label, _ in row]

    async def press(self, label_part: str) -> list[Message]:
        return await self.press_data(self.button(label_part))

    def text(self) -> str:
        assert self.last is not None
        return "\n".join(m.text for m in self.last.messages)


def invite_token(messages: list[Message]) -> str:
    for message in messages:
        if "?start=" in message.text:
            return message.text.split("?start=")[1].split()[0]
    raise AssertionError(f"no invite link in {[m.text for m in messages]}")


class Delivered:
    """The test channel's end of the one outbox pump (bot/outbox.py). A person's messages
    are taken when a test looks at that person: until then their chat is busy and the rows
    wait in the outbox, as for someone whose phone is off."""

    name = "test"

    def __init__(self) -> None:
        self.taking: str | None = None
        self.received: list[Message] = []

    async def deliver(self, address: str, message: Message) -> None:
        if self.taking is not None and address != self.taking:
            raise ChatBusy()
        self.received.append(message)


async def _take(store: SqliteStore, address: str | None) -> list[Message]:
    delivered = Delivered()
    delivered.taking = address
    await OutboxPump(store, {"test": delivered}).pump()  # type: ignore[dict-item]
    return delivered.received


async def outbox(store: SqliteStore, user_id: int) -> list[Message]:
    """Messages queued for one person, oldest first, delivered through the outbox pump
    (which deletes each row once delivered, as for every channel)."""
    return await _take(store, str(user_id))


async def drop_outbox(store: SqliteStore) -> None:
    """Deliver everything queued so far: what came before is not under test."""
    await _take(store, None)
