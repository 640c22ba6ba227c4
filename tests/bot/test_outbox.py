"""The one outbox pump: in order per chat, a busy chat waits without holding up others, a
blocked chat's message goes, and a paused channel keeps everything for the next round."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.broadcast_pace import Pace
from bot.channel import ChatBusy, DeliveryPaused, Undeliverable
from bot.engine import Message
from bot.outbox import OutboxPump
from bot.sqlite.store import SqliteStore

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


class Phone:
    """A channel whose chats answer as told: "busy", "blocked", or "down" for all."""

    name = "tg"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.got: list[tuple[str, str]] = []

    async def deliver(self, address: str, message: Message) -> None:
        answer = self.answers.get(address)
        if answer == "busy":
            raise ChatBusy()
        if answer == "blocked":
            raise Undeliverable()
        if answer == "down":
            raise DeliveryPaused("time-out")
        self.got.append((address, message.text))


async def queued(store: SqliteStore, *items: tuple[str, str]) -> None:
    async with store.unit_of_work():
        for address, text in items:
            await store.enqueue(f"tg:{address}", Message(text).to_row()[0], None, NOW)


async def left(store: SqliteStore) -> list[str]:
    async with store.unit_of_work():
        return [row["chat_key"] for row in await store.pending_outbox("tg")]


async def test_a_busy_chat_waits_in_order_and_others_go_on(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "o.sqlite3")
    try:
        await queued(store, ("1", "a1"), ("2", "b1"), ("1", "a2"), ("3", "c1"), ("2", "b2"))
        phone = Phone({"2": "busy", "3": "blocked"})
        await OutboxPump(store, {"tg": phone}).pump()  # type: ignore[dict-item]
        assert phone.got == [("1", "a1"), ("1", "a2")]
        # The blocked chat's message is gone; the busy chat's two wait, in order.
        assert await left(store) == ["tg:2", "tg:2"]
        phone.answers = {}
        await OutboxPump(store, {"tg": phone}).pump()  # type: ignore[dict-item]
        assert phone.got[2:] == [("2", "b1"), ("2", "b2")]
        assert await left(store) == []
    finally:
        await store.close()


async def test_a_paused_channel_keeps_everything_for_the_next_round(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "o.sqlite3")
    try:
        await queued(store, ("1", "a1"), ("2", "b1"), ("1", "a2"))
        phone = Phone({"2": "down"})
        await OutboxPump(store, {"tg": phone}).pump()  # type: ignore[dict-item]
        assert phone.got == [("1", "a1")]
        assert await left(store) == ["tg:2", "tg:1"]
    finally:
        await store.close()


class Clocked(Phone):
    """Notes when each message arrived."""

    def __init__(self) -> None:
        super().__init__({})
        self.at: list[float] = []

    async def deliver(self, address: str, message: Message) -> None:
        self.at.append(time.monotonic())
        await super().deliver(address, message)


async def test_queued_messages_keep_to_the_pace_shared_with_broadcasts(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "o.sqlite3")
    try:
        # A reminder for 30 people at once, at 20 per second overall.
        await queued(store, *[(str(n), f"reminder {n}") for n in range(30)])
        phone, pace = Clocked(), Pace(20, 1)
        await OutboxPump(store, {"tg": phone}, pace).pump()  # type: ignore[dict-item]
        assert len(phone.got) == 30
        # No second holds more than 20 of them.
        assert max(sum(1 for t in phone.at if s <= t < s + 1) for s in phone.at) <= 20
    finally:
        await store.close()


async def test_a_call_during_a_round_is_picked_up_by_that_round(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "o.sqlite3")
    try:
        await queued(store, ("1", "first"))
        phone = Clocked()
        pump = OutboxPump(store, {"tg": phone}, Pace(20, 1))  # type: ignore[dict-item]
        first = asyncio.create_task(pump.pump())
        await asyncio.sleep(0)  # the round has started
        await queued(store, ("2", "meanwhile"))
        await pump.pump()  # returns at once: the running round looks again
        assert not first.done()
        await first
        assert phone.got == [("1", "first"), ("2", "meanwhile")]
        assert await left(store) == []
    finally:
        await store.close()
