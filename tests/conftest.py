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

from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Engine, Message, Outcome
from bot.i18n import Translator
from bot.sqlite.store import SqliteStore
from conversations.core.channel import ChannelInfo
from conversations.core.types import Incoming
from tests.fakebotapi import FakeBotApi

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


async def outbox(store: SqliteStore, user_id: int, channel: str = "test") -> list[Message]:
    """Messages queued for one person and not yet taken, oldest first; taking them deletes
    them, as a channel does once they are delivered."""
    import json

    async with store.unit_of_work():
        rows = [
            r
            for r in await store.pending_outbox(channel)
            if r["chat_key"] == f"{channel}:{user_id}"
        ]
        for row in rows:
            await store.delete_outbox(row["id"])
    return [Message.from_row(json.loads(row["message"]), row["attachment"]) for row in rows]


async def drop_outbox(store: SqliteStore) -> None:
    """Take everything queued so far, as delivered: what came before is not under test."""
    async with store.unit_of_work():
        for row in await store.pending_outbox("test", limit=10_000):
            await store.delete_outbox(row["id"])
