"""The core's durable intake (bot/intake.py) over the real SQLite store: each chat's updates
in order, a waiting update holds no slot, done in the unit of work of the change, failures
tried a bounded number of times and then set aside without their content in the log, and
what was kept before a restart handed on first. The handlers here stand in for a channel's
(the Telegram channel's own is tested over the wire in tests/bot/telegram/)."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.engine import Engine
from bot.i18n import Translator
from bot.intake import MAX_PAYLOAD, MAX_TRIES, Arrived, Intake, Kept, Unreadable
from bot.sqlite.store import SqliteStore
from conversations.core.records import Conversation, Person
from conversations.core.types import Incoming
from tests.helpers import TEST_CHANNELS

pytestmark = pytest.mark.filterwarnings("error")


def arrived(update_id: int, chat: int | None, text: str = "hi") -> Arrived:
    return Arrived(str(update_id), None if chat is None else f"test:{chat}", text)


async def pending(store: SqliteStore, channel: str = "test") -> list[str]:
    async with store.unit_of_work() as unit:
        return [row["update_id"] for row in await unit.pending_updates(channel)]


async def settled(intake: Intake, store: SqliteStore) -> None:
    """Until every kept update was handed on and done."""
    for _ in range(500):
        if not intake.waiting() and not await pending(store):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"still pending: {await pending(store)}")


async def test_each_chat_in_order_and_a_waiting_update_holds_no_slot(
    store: SqliteStore, clock: FakeClock
) -> None:
    intake = Intake(store, clock, slots=2, flood=1000)
    handled: list[tuple[str | None, str]] = []
    busy: Counter[str | None] = Counter()
    release = asyncio.Event()

    async def handler(kept: Kept) -> None:
        busy[kept.chat_key] += 1
        assert busy[kept.chat_key] == 1, "two updates of one chat at once"
        if kept.chat_key == "test:1":
            await release.wait()
        handled.append((kept.chat_key, kept.payload))
        busy[kept.chat_key] -= 1

    await intake.attach("test", handler)
    # Chat 1 floods; its first update is stuck. With two slots, chats 2 and 3 still go.
    await intake.keep("test", [arrived(n, 1, f"a{n}") for n in range(1, 41)], cursor="41")
    await intake.keep("test", [arrived(41, 2, "b"), arrived(42, 3, "c"), arrived(43, None, "x")])
    for _ in range(100):
        if len(handled) == 3:
            break
        await asyncio.sleep(0.01)
    assert sorted(handled, key=str) == [("test:2", "b"), ("test:3", "c"), (None, "x")]
    release.set()
    await settled(intake, store)
    assert [text for chat, text in handled if chat == "test:1"] == [f"a{n}" for n in range(1, 41)]
    async with store.unit_of_work() as unit:
        assert await unit.intake_cursor("test") == "41"


async def test_a_second_delivery_is_kept_once_and_a_huge_one_set_aside(
    store: SqliteStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    intake = Intake(store, clock)
    handled: list[str] = []

    async def handler(kept: Kept) -> None:
        handled.append(kept.update_id)

    await intake.attach("test", handler)
    huge = "geheim " * (MAX_PAYLOAD // 7 + 1)
    assert await intake.keep("test", [arrived(1, 1), arrived(1, 1), arrived(2, 1, huge)]) == 1
    await settled(intake, store)
    assert await intake.keep("test", [arrived(2, 1, huge)]) == 0  # set aside: still known
    await settled(intake, store)
    assert handled == ["1"]
    assert "test update 2 set aside: too large" in caplog.text
    assert "geheim" not in caplog.text


async def test_an_update_that_causes_no_turn_is_done_all_the_same(
    store: SqliteStore, clock: FakeClock
) -> None:
    intake = Intake(store, clock)
    seen: list[Kept] = []

    async def ignores(kept: Kept) -> None:
        seen.append(kept)  # an update kind LiftBot does not handle

    await intake.attach("test", ignores)
    await intake.keep("test", [arrived(1, 1), arrived(2, None)])
    await settled(intake, store)
    assert [kept.done for kept in seen] == [True, True]


async def test_failures_are_tried_again_then_set_aside_without_their_content(
    store: SqliteStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    intake = Intake(store, clock)
    tries: Counter[str] = Counter()
    handled: list[str] = []

    async def handler(kept: Kept) -> None:
        tries[kept.update_id] += 1
        if "unreadable" in kept.payload:
            raise Unreadable("cannot be read (KeyError)")
        if "flaky" in kept.payload and tries[kept.update_id] == 1:
            raise ConnectionError(f"lost while sending {kept.payload}")
        handled.append(kept.update_id)

    await intake.attach("test", handler)
    updates = [
        arrived(1, 1, "mijn adres is unreadable Dorpsstraat 1"),
        arrived(2, 1, "after"),
        arrived(3, 2, "a flaky line"),
    ]
    await intake.keep("test", updates)
    await settled(intake, store)
    # The poison update was tried MAX_TRIES times, set aside, and its chat went on after it.
    assert tries["1"] == MAX_TRIES
    assert sorted(handled) == ["2", "3"]
    assert tries["3"] == 2
    async with store.unit_of_work() as unit:
        assert await unit.pending_updates("test") == []
        # Set aside, it is still known: delivered again, it is not kept (or tried) again.
        assert await unit.keep_update("test", "1", "test:1", "{}", clock.now()) is None
    logged = caplog.text
    assert "test update 1 set aside after 3 tries: cannot be read (KeyError)" in logged
    assert "test update 3 failed, try 1 of 3: ConnectionError" in logged
    assert "Dorpsstraat" not in logged and "flaky line" not in logged


async def test_what_was_kept_before_a_restart_goes_first_once(
    store: SqliteStore, clock: FakeClock
) -> None:
    first = Intake(store, clock)
    handled: list[str] = []
    stuck = asyncio.Event()

    async def hangs(kept: Kept) -> None:
        stuck.set()
        await asyncio.Event().wait()  # the process dies here

    await first.attach("test", hangs)
    await first.keep("test", [arrived(n, 1 + n % 2, f"m{n}") for n in range(1, 7)], cursor="7")
    await stuck.wait()
    await first.stop(grace=0.05)
    assert await pending(store) == ["1", "2", "3", "4", "5", "6"]

    again = Intake(store, clock)

    async def handler(kept: Kept) -> None:
        handled.append(kept.payload)

    assert await again.attach("test", handler) == 6
    assert await again.cursor("test") == "7"
    await again.keep("test", [arrived(7, 1, "m7"), arrived(8, 2, "m8")], cursor="9")
    await settled(again, store)
    assert [m for m in handled if int(m[1:]) % 2] == ["m1", "m3", "m5", "m7"]
    assert [m for m in handled if not int(m[1:]) % 2] == ["m2", "m4", "m6", "m8"]


async def test_a_flooding_chat_hears_one_moment_once_until_its_queue_drained(
    store: SqliteStore, clock: FakeClock
) -> None:
    told: list[str] = []
    release = asyncio.Event()

    async def notice(chat_key: str) -> None:
        told.append(chat_key)

    intake = Intake(store, clock, flood=5, on_flood=notice)

    async def handler(kept: Kept) -> None:
        await release.wait()

    await intake.attach("test", handler)
    await intake.keep("test", [arrived(n, 1) for n in range(1, 6)])  # one handled, four wait
    await intake.keep("test", [arrived(n, 2) for n in range(6, 9)])
    await asyncio.sleep(0.01)
    assert told == []
    await intake.keep("test", [arrived(n, 1) for n in range(9, 30)])
    await asyncio.sleep(0.01)
    assert told == ["test:1"]
    release.set()
    await settled(intake, store)
    assert told == ["test:1"]
    release.clear()
    await intake.keep("test", [arrived(n, 1) for n in range(30, 40)])
    await asyncio.sleep(0.01)
    assert told == ["test:1", "test:1"]  # a new flood, after the last one drained
    release.set()
    await settled(intake, store)


class CannotRead(SqliteStore):
    """A backend that fails to read who writes (a damaged file, say)."""

    async def person_and_conversation(
        self, chat_key: str, seen_on: date | None = None
    ) -> tuple[Person | None, Conversation | None]:
        raise OSError("disk I/O error")


async def test_done_in_the_unit_of_work_of_the_change_or_after_the_error_reply(
    store: SqliteStore, engine: Engine, clock: FakeClock, tmp_path: Path
) -> None:
    intake = Intake(store, clock)
    outcomes: list[str] = []

    async def handler(kept: Kept) -> None:
        async with store.unit_of_work() as unit:
            assert [row["id"] for row in await unit.pending_updates("test")][0] == kept.id
        event = Incoming.from_text(kept.payload)
        outcome = await engine.handle("test", 1, event, "en", None, kept.id)
        kept.answer = outcome.answer
        outcomes.append(outcome.messages[0].text)

    await intake.attach("test", handler)
    await intake.keep("test", [arrived(1, 1, "/help")])
    await settled(intake, store)
    assert outcomes and "invite" in outcomes[0]

    broken = await CannotRead.open(tmp_path / "broken.sqlite3")
    try:
        failing = Engine(
            broken, clock, Translator(engine.settings.zone, "en"), engine.settings, TEST_CHANNELS
        )
        async with broken.unit_of_work() as unit:
            kept = await unit.keep_update("test", "9", "test:1", "/start", clock.now())
        assert kept is not None
        outcome = await failing.handle("test", 1, Incoming.from_text("/start"), "en", None, kept)
        assert "something went wrong" in outcome.messages[0].text
        async with broken.unit_of_work() as unit:
            # The person is told; the update is not tried again (it would only fail again),
            # but what they are told is kept until it is out, their words are not.
            [row] = await unit.pending_updates("test")
            assert row["payload"] == "" and row["answer"] == outcome.answer
            assert outcome.answer is not None and "something went wrong" in outcome.answer
    finally:
        await broken.close()


async def test_replies_kept_with_a_handled_update_are_sent_not_handled_again(
    store: SqliteStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    # Before the restart: chat 1's update was handled (its replies kept, its words gone)
    # and the process died before the replies were out; chat 2's was not handled.
    async with store.unit_of_work() as unit:
        handled = await unit.keep_update("test", "1", "test:1", "geheim", clock.now())
        await unit.keep_update("test", "2", "test:2", "hoi", clock.now())
        assert handled is not None
        await unit.update_answered(handled, '{"messages": ["Welkom"]}')
    calls: list[str] = []
    failures = iter([True, False])

    async def handler(kept: Kept) -> None:
        calls.append(f"handled {kept.payload}")

    async def resend(kept: Kept) -> None:
        calls.append(f"resent {kept.answer}")
        if next(failures):
            raise ConnectionError("the chat app did not answer")

    intake = Intake(store, clock, resend=resend)
    assert await intake.attach("test", handler) == 2
    await settled(intake, store)
    # The handled one is not handled again; its replies go out, a failed send tried again.
    assert sorted(calls) == sorted(
        ['resent {"messages": ["Welkom"]}'] * 2 + ["handled hoi"]
    )
    assert "geheim" not in caplog.text and "Welkom" not in caplog.text


async def test_replies_that_cannot_be_sent_are_given_up_and_their_row_goes(
    store: SqliteStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    sent: list[str] = []

    async def handler(kept: Kept) -> None:
        kept.answer = '{"messages": ["Hallo Anna"]}'  # the turn committed with this answer
        raise ConnectionError("the reply did not go out")

    async def resend(kept: Kept) -> None:
        sent.append(kept.update_id)
        raise ConnectionError("still not")

    intake = Intake(store, clock, resend=resend)
    await intake.attach("test", handler)
    await intake.keep("test", [arrived(1, 1)])
    await settled(intake, store)
    assert sent == ["1"] * (MAX_TRIES - 1)
    assert "test update 1 was handled; its replies could not be sent" in caplog.text
    assert "Hallo Anna" not in caplog.text


async def test_an_update_that_stops_liftbot_each_time_is_set_aside_after_a_few_starts(
    store: SqliteStore, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with store.unit_of_work() as unit:
        await unit.keep_update("test", "1", "test:1", "geheim", clock.now())
    for _ in range(MAX_TRIES):
        intake, tried = Intake(store, clock), asyncio.Event()

        async def stops_the_process(kept: Kept, tried: asyncio.Event = tried) -> None:
            tried.set()
            await asyncio.Event().wait()  # the process dies here, nothing noted after

        await intake.attach("test", stops_the_process)
        await tried.wait()
        await intake.stop(grace=0.01)
    handled: list[str] = []

    async def handler(kept: Kept) -> None:
        handled.append(kept.update_id)

    # The next start does not try it again: it is set aside, with the reason, not the words.
    again = Intake(store, clock)
    await again.attach("test", handler)
    await settled(again, store)
    assert handled == []
    assert "test update 1 set aside after 3 tries: LiftBot stopped while handling it" in caplog.text
    assert "geheim" not in caplog.text


async def test_an_update_waiting_at_a_stop_is_handled_after_the_start(
    store: SqliteStore, clock: FakeClock
) -> None:
    async with store.unit_of_work() as unit:
        # Tried twice before (it failed): one more try is left.
        kept = await unit.keep_update("test", "1", "test:1", "hoi", clock.now())
        assert kept is not None
        await unit.update_tried(kept)
        await unit.update_tried(kept)
    handled: list[str] = []

    async def handler(kept: Kept) -> None:
        handled.append(kept.update_id)

    intake = Intake(store, clock)
    await intake.attach("test", handler)
    await settled(intake, store)
    assert handled == ["1"]
