"""Quiet hours and stale reminders in the flows, through the engine with a fake clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.engine import Engine, Message
from bot.sqlite.store import SqliteStore
from tests.helpers import (
    Chat,
    button,
    call_planned,
    drop_outbox,
    joined,
    joined_buddy,
    onboarded_coach,
    outbox,
    plan,
)

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A local moment in Amsterdam, winter 2026 (Monday 30 November, Tuesday 1 December)."""
    return datetime(2026, month, day, hour, minute, tzinfo=AMS)


def texts(messages: list[Message], part: str) -> list[str]:
    return [m.text for m in messages if part in m.text]


def invitations(messages: list[Message]) -> list[Message]:
    return [m for m in messages if "You are invited" in m.text]


async def run_at(engine: Engine, clock: FakeClock, moment: datetime) -> None:
    clock.set(moment)
    await engine.run_due()


async def paired(engine: Engine, store: SqliteStore) -> tuple[Chat, Chat, Chat]:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await coach.send("/pair")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Choose myself")
    await coach.press("Anna")
    await coach.press("Bert")
    card = [m for m in await outbox(store, 4001) if m.buttons]
    await bert.press_data(button(card, "Yes, gladly"))
    await drop_outbox(store)
    return coach, anna, bert


async def test_a_two_days_reminder_a_day_late_is_dropped_and_the_two_hours_one_is_sent(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    await plan(coach, "3-12 19:00", capacity="12")  # Thursday; reminders Tuesday and 17:00
    invitation = await outbox(store, 3001)
    await anna.press_data(button(invitation, "Yes"))

    # Down from before Tuesday 19:00 until Wednesday 19:30: 23.5 hours are left, less
    # than half of the two days the reminder was meant to give.
    await run_at(engine, clock, at(2, 19, 30))
    assert texts(await outbox(store, 3001), "Reminder") == []
    await run_at(engine, clock, at(3, 16, 59))
    assert texts(await outbox(store, 3001), "Reminder") == []
    await run_at(engine, clock, at(3, 17, 0))
    reminders = texts(await outbox(store, 3001), "Reminder: you are coming")
    assert len(reminders) == 1 and "Thursday 3 December, 19:00" in reminders[0]


async def test_a_reminder_with_too_little_time_left_or_after_the_start_is_not_sent(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach, anna, bert = await paired(engine, store)
    await bert.press("Plan a meeting")
    await bert.press("By phone")
    await bert.send("3-12 14:00")  # Thursday; reminders Wednesday 14:00 and Thursday 12:00
    await bert.press("Send")
    await anna.press_data(button(await outbox(store, 3001), "Thursday 3 December, 14:00"))
    await drop_outbox(store)

    # Down until ten minutes before the start: both reminders are stale.
    await run_at(engine, clock, at(3, 13, 50))
    for user_id in (3001, 4001):
        assert texts(await outbox(store, user_id), "Reminder") == []
    await run_at(engine, clock, at(3, 16, 0))  # the follow-up still comes
    assert texts(await outbox(store, 3001), "Did you talk with Bert?")

    # An event reminder after the start: down from before 17:00 until 19:15.
    await plan(coach, "10-12 19:00", capacity="12")
    await anna.press_data(button(invitations(await outbox(store, 3001)), "Yes"))
    await run_at(engine, clock, at(10, 19, 15))
    assert texts(await outbox(store, 3001), "Reminder") == []


async def test_a_before_nudge_late_past_the_due_date_is_dropped(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    _, anna, bert = await paired(engine, store)
    await call_planned(store, bert, anna, "27-11 10:00", "Friday 27 November, 10:00")
    await run_at(engine, clock, at(30, 10, 0, month=11))  # a few days later: the follow-up
    await anna.press_data(button(await outbox(store, 3001), "Yes, we talked"))
    await anna.press("A job interview")
    await anna.press("Me")
    await anna.press("A date")
    await anna.send("11 december")  # Friday: nudges Wednesday 9 and Friday 11 at 10:00
    await bert.press_data(button(await outbox(store, 4001), "That's right"))

    # Down from Tuesday until Friday 10:00: the "before" nudge says nothing new any more.
    await run_at(engine, clock, at(11, 10, 0))
    nudges = texts(await outbox(store, 3001), "Just checking")
    assert len(nudges) == 1 and "by Friday 11 December" in nudges[0]


async def test_the_follow_up_after_a_late_meeting_waits_for_the_morning(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    _, anna, bert = await paired(engine, store)
    await bert.press("Plan a meeting")
    await bert.send("Bibliotheek Zoetermeer")
    await bert.send("2-12 19:30")  # Wednesday evening: "how did it go" at 21:30, quiet
    await bert.press("Send")
    await anna.press_data(button(await outbox(store, 3001), "Wednesday 2 December, 19:30"))
    await drop_outbox(store)
    await run_at(engine, clock, at(2, 21, 30))
    await run_at(engine, clock, at(3, 8, 29))
    assert texts(await outbox(store, 3001), "Did you talk") == []
    await run_at(engine, clock, at(3, 8, 30))
    assert texts(await outbox(store, 3001), "Did you talk with Bert?")
    assert texts(await outbox(store, 4001), "Did you talk with Anna?")


async def test_no_evaluation_or_preparation_nudge_on_a_sunday(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    await plan(coach, "7-12 19:00", kind="Preparation 1", capacity="12")  # a Monday
    await anna.press_data(button(invitations(await outbox(store, 3001)), "Yes"))
    await drop_outbox(store)
    # The nudge the day before would be on Sunday: it comes on Saturday instead.
    await run_at(engine, clock, at(5, 10, 0))
    nudge = texts(await outbox(store, 3001), "Preparation 1 only takes a few minutes")
    assert len(nudge) == 1 and "Monday 7 December, 19:00" in nudge[0]
    assert "Tomorrow" not in nudge[0]

    # A meeting on Saturday: the evaluation "the next morning" waits for Monday 10:00.
    await plan(coach, "12-12 14:00", kind="Preparation 2", capacity="12")
    await anna.press_data(button(invitations(await outbox(store, 3001)), "Yes"))
    clock.set(at(12, 14, 0))
    await coach.send("/events")
    await coach.press("12 December")
    await coach.press("Mark present")
    await coach.press("Anna")
    await drop_outbox(store)
    for moment in (at(13, 10, 0), at(14, 9, 59)):
        await run_at(engine, clock, moment)
        assert texts(await outbox(store, 3001), "Give a score") == []
    await run_at(engine, clock, at(14, 10, 0))
    assert texts(await outbox(store, 3001), "How was Meet the employers? Give a score")


async def test_a_broadcast_scheduled_in_quiet_time_warns_the_coach(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await joined(engine, coach, 3001, "Anna")

    async def schedule(when: str) -> str:
        await coach.send("/broadcast")
        await coach.press("Everyone I coach")
        await coach.send("The library is closed on Thursday.")
        await coach.press("Send as it is")
        await coach.press("Send later")
        await coach.send(when)
        shown = coach.text()
        assert "This goes to 1 person" in shown and coach.labels()[0] == "✅ Schedule"
        await coach.press("Do not send")
        return shown

    assert "⚠️" not in await schedule("1-12 20:45")
    night = await schedule("1-12 22:00")
    assert "⚠️ 22:00 is in the quiet hours (from 21:00 to 08:30)" in night
    assert "You can still schedule it" in night
    assert "⚠️ That is a Sunday" in await schedule("6-12 11:00")
    assert "⚠️ 07:15 is in the quiet hours" in await schedule("2-12 7:15")
