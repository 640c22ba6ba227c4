"""A pace per chat app, with transports that note every call: WhatsApp's gap between bulk
messages to one person holds only WhatsApp's chats, a "retry later" slows only its own
channel, and the outbox keeps each channel to its own overall rate.

Waits are asserted as lower bounds only (a sleep never ends early). Where a test shows that
one channel's wait does not reach the other, that wait is a minute long and the test has
twenty seconds: only a real bug, never a slow machine, makes it fail."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.broadcast_pace import Pace
from bot.broadcast_parts import Piece, RetryLater
from bot.broadcaster import Broadcaster
from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Message
from bot.i18n import Translator
from bot.outbox import OutboxPump
from bot.paces import Paces, channel_paces
from bot.sqlite.store import SqliteStore
from conversations.core.records import Broadcast, Recipient
from tests.helpers import TEST_CHANNEL, Recording

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# Four words of six characters: with a limit of 14, each person gets two or more messages.
LONG = "Hello! " * 4


class Short(Recording):
    """A channel whose messages hold `limit` characters: a text goes in several parts."""

    def __init__(self, name: str, limit: int = 1000) -> None:
        super().__init__()
        self.info = replace(TEST_CHANNEL, name=name, text_limit=limit)


class Throttled(Short):
    """Answers the first `times` messages with "retry later" (`slow`: for the whole number)."""

    def __init__(self, name: str, times: int, slow: bool = True) -> None:
        super().__init__(name)
        self.times, self.slow = times, slow
        self.refused: list[str] = []

    async def deliver(self, chat_key: str, piece: Piece) -> None:
        if self.times > 0:
            self.times -= 1
            self.refused.append(chat_key)
            raise RetryLater(0.01, slow=self.slow)
        await super().deliver(chat_key, piece)


async def broadcast(
    tmp_path: Path, text: str, chats: list[str], transports: dict[str, Recording], paces: Paces
) -> Broadcaster:
    """Sends `text` to `chats` (keys on any channel), a coach on Telegram sending."""
    store = await SqliteStore.open(tmp_path / "b.sqlite3")
    async with store.unit_of_work() as s:
        people = {}
        for key in ["tg:1", *chats]:
            role = "coach" if key == "tg:1" else "candidate"
            people[key] = await s.create_person(
                chat_key=key,
                role=role,
                language="en",
                programme=None,
                invited_by=None,
                consent_at=NOW,
                now=NOW,
            )
        recipients = [Recipient(people[key].id, key, "en") for key in chats]
        await s.create_broadcast(
            Broadcast(0, people["tg:1"].id, "everyone", {"*": text}, "sending", NOW), recipients
        )
    translator = Translator(ZoneInfo("Europe/Amsterdam"), "en")
    broadcaster = Broadcaster(store, FakeClock(NOW), translator, transports, paces=paces)
    try:
        await broadcaster.run_once()
    finally:
        await store.close()
    return broadcaster


def by_chat(transport: Recording) -> dict[str, list[tuple[float, float]]]:
    """When each chat's messages started and were answered, in order."""
    found: dict[str, list[tuple[float, float]]] = {}
    for started, answered, chat, _ in transport.calls:
        found.setdefault(chat, []).append((started, answered))
    return found


def paces(tg: Pace, wa: Pace) -> Paces:
    return Paces(lambda: Pace(1000, 1000), {"tg": tg, "wa": wa})


async def test_whatsapps_gap_for_one_person_does_not_hold_telegram_chats(
    tmp_path: Path,
) -> None:
    telegram, whatsapp = Short("tg", limit=14), Short("wa")
    # A minute between two messages to one person on WhatsApp; Telegram at its own pace.
    both = paces(Pace(1000, 1000), Pace(1000, 1 / 60))
    chats = ["tg:100", "wa:31600000001", "tg:101", "wa:31600000002"]
    async with asyncio.timeout(20):
        await broadcast(tmp_path, LONG, chats, {"tg": telegram, "wa": whatsapp}, both)
    # Each Telegram person got every part, one after the other: no minute between them.
    sent = by_chat(telegram)
    assert sorted(sent) == ["tg:100", "tg:101"] and all(len(p) >= 2 for p in sent.values())
    assert [chat for _, _, chat, _ in whatsapp.calls] == ["wa:31600000001", "wa:31600000002"]


async def test_whatsapp_keeps_its_gap_between_bulk_messages_to_one_person(
    tmp_path: Path, settings: Settings
) -> None:
    telegram, whatsapp = Short("tg", limit=14), Short("wa", limit=14)
    gap = 0.3
    chosen = settings.model_copy(update={"whatsapp_per_person_seconds": gap})
    chats = ["wa:31600000001", "tg:100", "wa:31600000002"]
    await broadcast(
        tmp_path, LONG, chats, {"tg": telegram, "wa": whatsapp}, channel_paces(chosen)
    )
    sent = by_chat(whatsapp)
    assert sorted(sent) == ["wa:31600000001", "wa:31600000002"]
    for times in sent.values():
        assert len(times) >= 2
        # Each part starts a full gap after the one before it was answered.
        for (_, answered), (started, _) in zip(times, times[1:], strict=False):
            assert started - answered >= gap
    # Each channel's pace from its own settings; Telegram's as before there were two.
    wa, tg = channel_paces(chosen).channel("wa"), channel_paces(chosen).channel("tg")
    assert (wa.rate, wa.chat_interval) == (settings.whatsapp_rate, gap)
    assert (tg.rate, tg.chat_interval) == (settings.broadcast_rate, 1 / 1.0)


async def test_a_retry_later_slows_only_its_own_channel(tmp_path: Path) -> None:
    telegram, whatsapp = Short("tg"), Throttled("wa", times=2)
    both = paces(Pace(30, 1000), Pace(20, 1000))
    chats = ["wa:31600000001", "tg:100", "wa:31600000002", "tg:101"]
    done = await broadcast(tmp_path, "Hi", chats, {"tg": telegram, "wa": whatsapp}, both)
    # Waited out and sent again: nothing lost, nothing twice.
    assert whatsapp.refused == ["wa:31600000001", "wa:31600000001"]
    assert [c for _, _, c, _ in whatsapp.calls] == ["wa:31600000001", "wa:31600000002"]
    assert [c for _, _, c, _ in telegram.calls] == ["tg:100", "tg:101"]
    assert done.paces.channel("wa").rate < 20
    assert done.paces.channel("tg").rate == 30


async def test_too_many_to_one_person_does_not_slow_the_number(tmp_path: Path) -> None:
    """WhatsApp's pair rate (131056): that person waits; the number's pace stays."""
    whatsapp = Throttled("wa", times=1, slow=False)
    both = paces(Pace(30, 1000), Pace(20, 1000))
    done = await broadcast(tmp_path, "Hi", ["wa:31600000001"], {"wa": whatsapp}, both)
    assert [c for _, _, c, _ in whatsapp.calls] == ["wa:31600000001"]
    assert done.paces.channel("wa").rate == 20


class Noting:
    """A channel that notes when each message arrived."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.at: list[float] = []

    async def deliver(self, address: str, message: Message) -> None:
        self.at.append(time.monotonic())


async def test_the_outbox_keeps_each_channel_to_its_own_rate(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "o.sqlite3")
    try:
        async with store.unit_of_work():
            for n in range(100):
                await store.enqueue(f"tg:{n}", Message(f"tg {n}").to_row()[0], None, NOW)
            for n in range(6):
                # Two notices each for three people on WhatsApp.
                await store.enqueue(f"wa:316{n % 3}", Message(f"wa {n}").to_row()[0], None, NOW)
        telegram, whatsapp = Noting("tg"), Noting("wa")
        # WhatsApp at 3 a second, a minute between bulk messages to one person; Telegram
        # fast (at WhatsApp's rate its 100 would take half a minute).
        both = paces(Pace(1000, 1), Pace(3, 1 / 60))
        pump = OutboxPump(store, {"tg": telegram, "wa": whatsapp}, both)  # type: ignore[dict-item]
        async with asyncio.timeout(20):
            await pump.pump()
        assert (len(telegram.at), len(whatsapp.at)) == (100, 6)
        # No second holds more than 3 WhatsApp messages; the minute per person is for
        # broadcasts only (a person's notices may follow each other, as on Telegram).
        at = whatsapp.at
        assert max(sum(1 for t in at if s <= t < s + 1) for s in at) <= 3
    finally:
        await store.close()


def test_no_gap_per_person_when_set_to_zero(settings: Settings) -> None:
    chosen = settings.model_copy(update={"whatsapp_per_person_seconds": 0})
    assert channel_paces(chosen).channel("wa").chat_interval == 0
