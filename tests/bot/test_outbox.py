"""The one outbox pump: in order per chat, a busy chat waits without holding up others, a
blocked chat's message goes, and a paused channel keeps everything for the next round."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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
