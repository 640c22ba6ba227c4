"""End to end on the real PTB stack: what LiftBot sends of its own accord waits out a 429
(the broadcast's progress and report, queued notices), and a broadcast makes way for a
crowd of people chatting but not for one chat that keeps the core busy.

A busy chat is one whose reply the fake server holds back for a while (stall_next): its
turn lasts that long. Message ids are given out when a message arrives, so they tell the
order in which people got their messages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.messages import Message
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    coach_with_people,
    received,
    store_of,
    write,
)
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser
from tests.helpers import ADMIN_ID

TOO_MANY = "Too Many Requests: retry after 1"


@pytest.fixture
async def steady(tg_settings: Settings, clock: FakeClock) -> AsyncIterator[Running]:
    """Broadcasts at 100 a second: 150 people take long enough to see progress."""
    settings = tg_settings.model_copy(
        update={"broadcast_rate": 100.0, "broadcast_per_chat_rate": 10.0, "broadcast_timeout": 1.0}
    )
    running = Running(settings, clock)
    await running.start()
    yield running
    await running.stop()


def no_errors(caplog: pytest.LogCaptureFixture) -> None:
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_the_report_waits_out_a_429(
    api: FakeBotApi, fast: Running, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    coach = await coach_with_people(api, fast, clock, 5)
    await write(coach, "See you on Thursday")
    api.fail_next("sendDocument", error_code=429, description=TOO_MANY, retry_after=1)
    await coach.press("Send now", expect="Sending started: 5 people")
    said = await coach.wait("Done! Delivered: 5. Unreachable: 0. Failed: 0.")
    # One message: the spreadsheet with the counts under it, sent again after the 429.
    assert said[-1].document is not None and said[-1].document.filename == "broadcast.csv"
    assert [c.method for c in api.calls].count("sendDocument") == 2
    no_errors(caplog)


async def test_progress_waits_out_a_429(
    api: FakeBotApi, steady: Running, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    coach = await coach_with_people(api, steady, clock, 150)
    await write(coach, "See you on Thursday")
    await coach.press("Send now", expect="Sending started: 150 people")
    # The first progress message (after a second) meets a 429; it comes a second later.
    api.fail_next(
        "sendMessage", error_code=429, description=TOO_MANY, retry_after=1, only_chat=coach.user.id
    )
    await coach.wait("Sending:")
    await coach.wait("Done! Delivered: 150.")
    no_errors(caplog)


async def test_a_queued_notice_waits_out_a_429(
    api: FakeBotApi, liftbot: Running, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    ada = TgChat(api, TgUser(ADMIN_ID, "Ada", "en"))
    await ada.send("/start", expect="Admin menu")
    async with store_of(liftbot).unit_of_work() as store:
        data, _ = Message("Your buddy Bert accepted.").to_row()
        await store.enqueue(f"tg:{ADMIN_ID}", data, None, clock.now())
    api.fail_next(
        "sendMessage", error_code=429, description=TOO_MANY, retry_after=1, only_chat=ADMIN_ID
    )
    caplog.set_level(logging.INFO)
    # The outbox sends through PTB's rate limiter, which waits out a 429 and tries again.
    assert liftbot.bot is not None
    await liftbot.bot.outbox.pump()
    assert ada.messages[-1].text == "Your buddy Bert accepted."
    async with store_of(liftbot).unit_of_work() as store:
        assert await store.pending_outbox("tg", after=0) == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


async def busy(api: FakeBotApi, person: TgChat, seconds: float) -> None:
    """`person` writes, and their reply is held back `seconds`: their turn lasts as long."""
    api.stall_next("sendMessage", seconds)
    asked = len(api.calls)
    api.send_text(person.user, "/help")
    await api.wait_for(
        lambda: any(
            c.method == "sendMessage" and str(c.params["chat_id"]) == str(person.user.id)
            for c in api.calls[asked:]
        )
    )


def got_it(api: FakeBotApi, people: int, text: str) -> list[SentMessage]:
    return [
        m for n in range(people) for m in api.chats.get(30_000 + n, []) if m.text == text
    ]


async def test_one_busy_chat_does_not_hold_a_broadcast_back(
    api: FakeBotApi, fast: Running, clock: FakeClock
) -> None:
    coach = await coach_with_people(api, fast, clock, 20)
    await write(coach, "Walk and talk")
    ada = TgChat(api, TgUser(ADMIN_ID, "Ada", "en"))
    await ada.send("/start", expect="Admin menu")
    await busy(api, ada, 2.0)
    await coach.press("Send now", expect="Sending started: 20 people")
    await api.wait_for(lambda: received(api, 20, "Walk and talk").total() == 20)
    # Everyone has the broadcast while Ada's reply is still on its way.
    assert not any("As admin" in (m.text or "") for m in ada.messages[ada.mark :])
    await ada.wait("As admin")


async def test_a_broadcast_makes_way_while_several_people_are_being_answered(
    api: FakeBotApi, fast: Running, clock: FakeClock
) -> None:
    coach = await coach_with_people(api, fast, clock, 20)
    await write(coach, "Walk and talk")
    ada = TgChat(api, TgUser(ADMIN_ID, "Ada", "en"))
    await ada.send("/start", expect="Admin menu")
    bob = TgChat(api, TgUser(5001, "Bob", "en"))
    await busy(api, ada, 1.0)
    await busy(api, bob, 1.0)
    await coach.press("Send now", expect="Sending started: 20 people")
    await api.wait_for(lambda: len(got_it(api, 20, "Walk and talk")) == 20)
    answered = [m.message_id for m in (*ada.messages[ada.mark :], *bob.messages)]
    # Nobody got the broadcast before one of the two was answered.
    assert answered and min(m.message_id for m in got_it(api, 20, "Walk and talk")) > min(answered)
