"""The broadcaster's pace against Telegram's limits, with a transport that notes every call.

Only lower bounds on waiting are asserted (a sleep never ends early), so a slow machine
cannot make these tests fail.
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import broadcaster as broadcaster_module
from bot.activity import Activity
from bot.app import Core
from bot.broadcaster import Broadcaster
from bot.clock import FakeClock
from bot.config import Settings
from bot.i18n import Translator
from bot.sqlite.store import SqliteStore
from conversations.core.records import Broadcast, Person, Recipient
from conversations.core.types import Role
from tests.helpers import Recording

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def joined(store: SqliteStore, chat_key: str, role: Role) -> Person:
    return await store.create_person(
        chat_key=chat_key,
        role=role,
        language="en",
        programme=None,
        invited_by=None,
        consent_at=NOW,
        now=NOW,
    )


async def send(
    tmp_path: Path,
    text: str,
    people: int,
    rate: float,
    per_chat: float,
    activity: Activity | None = None,
) -> Recording:
    store = await SqliteStore.open(tmp_path / "b.sqlite3")
    async with store.unit_of_work() as s:
        coach = await joined(s, "tg:1", "coach")
        recipients = []
        for n in range(people):
            person = await joined(s, f"tg:{100 + n}", "candidate")
            recipients.append(Recipient(person.id, f"tg:{100 + n}", "en"))
        await s.create_broadcast(
            Broadcast(0, coach.id, "everyone", {"*": text}, "sending", NOW), recipients
        )
    transport = Recording()
    translator = Translator(ZoneInfo("Europe/Amsterdam"), "en")
    broadcaster = Broadcaster(
        store,
        FakeClock(NOW),
        translator,
        {"tg": transport},
        rate=rate,
        per_chat=per_chat,
        activity=activity,
    )
    await broadcaster.run_once()
    await store.close()
    return transport


async def test_no_window_of_one_second_holds_more_than_the_rate(tmp_path: Path) -> None:
    calls = (await send(tmp_path, "Hello", people=30, rate=20, per_chat=100)).calls
    assert len(calls) == 30
    # Message k+20 starts a full second (the window) after message k was answered.
    for earlier, later in zip(calls, calls[20:], strict=False):
        assert later[0] - earlier[1] >= 1.0


async def test_the_parts_of_a_long_text_keep_to_the_per_chat_pace(tmp_path: Path) -> None:
    long_text = ("Word " * 1000).strip()  # 4,999 characters: two messages each
    calls = (await send(tmp_path, long_text, people=2, rate=1000, per_chat=20)).calls
    assert [chat for _, _, chat, _ in calls] == ["tg:100", "tg:100", "tg:101", "tg:101"]
    assert "".join(piece.text or "" for _, _, chat, piece in calls if chat == "tg:100").replace(
        " ", ""
    ) == long_text.replace(" ", "")
    for first, second in ((calls[0], calls[1]), (calls[2], calls[3])):
        assert second[0] - first[1] >= 1 / 20


async def test_progress_edits_one_message_with_counts_and_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(broadcaster_module, "FIRST_PROGRESS", 0.2)
    monkeypatch.setattr(broadcaster_module, "PROGRESS_EVERY", 0.5)
    shown = (await send(tmp_path, "Hello", people=30, rate=20, per_chat=100)).progress_shown
    assert len(shown) >= 2
    assert [message_id for message_id, _ in shown] == [None] + [77] * (len(shown) - 1)
    counts = [re.search(r"Sending: (\d+) of 30\. About (\d+) seconds? left", t) for _, t in shown]
    assert all(counts), shown
    done = [int(c[1]) for c in counts if c]
    left = [int(c[2]) for c in counts if c]
    assert done == sorted(done) and done[0] < done[-1] < 30
    assert left == sorted(left, reverse=True) and left[0] >= 1  # at 20 a second


async def test_people_chatting_with_the_bot_go_first(tmp_path: Path) -> None:
    activity = Activity()
    second = activity.answering()
    with activity.answering(), second:
        # Two people are being answered: a crowd; the broadcast waits until it thins.
        async def one_is_answered() -> float:
            await asyncio.sleep(0.2)
            second.__exit__(None, None, None)
            return time.monotonic()

        ended = asyncio.create_task(one_is_answered())
        calls = (await send(tmp_path, "Hi", people=3, rate=1000, per_chat=1000, activity=activity))
        chat_ended = await ended
    assert len(calls.calls) == 3
    assert all(started >= chat_ended for started, _, _, _ in calls.calls)


async def test_one_chat_being_answered_does_not_hold_a_broadcast_back(tmp_path: Path) -> None:
    activity = Activity()
    # One person keeps writing (or their reply waits out a 429) all through the broadcast.
    with activity.answering():
        async with asyncio.timeout(5):
            recording = await send(
                tmp_path, "Hi", people=3, rate=1000, per_chat=1000, activity=activity
            )
    assert len(recording.calls) == 3


async def test_the_sender_sleeps_until_the_next_scheduled_broadcast(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "s.sqlite3")
    clock = FakeClock(NOW)
    translator = Translator(ZoneInfo("Europe/Amsterdam"), "en")
    broadcaster = Broadcaster(store, clock, translator, {"tg": Recording()})
    assert await broadcaster.seconds_to_next() == 30
    async with store.unit_of_work() as s:
        coach = await joined(s, "tg:1", "coach")
        for seconds in (3600, 5):
            send_at = NOW + timedelta(seconds=seconds)
            await s.create_broadcast(
                Broadcast(0, coach.id, "everyone", {"*": "Hi"}, "scheduled", NOW, send_at), []
            )
    # Five seconds, not the 30 s idle check: a broadcast set for 09:00 goes at 09:00.
    assert await broadcaster.seconds_to_next() == 5
    await store.close()


def test_the_core_counts_the_chats_being_answered(settings: Settings) -> None:
    bot = Core(settings, [])
    with bot.chatting():
        assert not bot.activity.idle.is_set() and not bot.activity.crowded
        with bot.chatting():
            assert bot.activity.crowded
        assert not bot.activity.idle.is_set()  # the other update is still being handled
    assert bot.activity.idle.is_set() and bot.activity.chats == 0
