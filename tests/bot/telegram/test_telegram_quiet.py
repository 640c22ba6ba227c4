"""End to end on the real PTB stack: quiet hours hold after downtime, stale reminders are
dropped, and a series' new dates are not announced at night."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    add_member,
    create_programme,
    join_as_coach,
    join_candidate,
    pair_by_hand,
    plan_walk_and_talk,
    store_of,
    text_of,
)
from tests.fakebotapi import FakeBotApi, TgUser

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A local moment in Amsterdam in late 2026 (winter time)."""
    return datetime(2026, month, day, hour, minute, tzinfo=AMS)


def shown(chat: TgChat, part: str) -> list[str]:
    return [TgChat.shown(m) for m in chat.messages if part in TgChat.shown(m)]


async def plan_main_event(coach: TgChat, when: str) -> None:
    await coach.send("/newevent", expect="Which programme")
    await coach.press("Lift Zoetermeer", expect="What kind of meeting")
    await coach.press("main event", expect="Who is the meeting for")
    await coach.press("Keep this", expect="What is the title")
    await coach.send("Meet the employers", expect="When does it start")
    await coach.send(when, expect="Is that right?")
    await coach.press("Yes", expect="How long")
    await coach.press("2 hours", expect="Where is it")
    await coach.send("Library", expect="What is the address")
    await coach.press("Skip", expect="Send a location")
    await coach.press("Skip", expect="How many people")
    await coach.send("12", expect="A short description")
    await coach.press("Skip", expect="Save and invite?")
    await coach.press("Save and invite", expect="Invitations sent")


@pytest.mark.parametrize(
    "back_at", [at(28, 21, 30), at(29, 12, 0)], ids=["saturday-21:30", "sunday-noon"]
)
async def test_nothing_goes_out_in_quiet_time_after_downtime_and_stale_reminders_are_dropped(
    api: FakeBotApi, liftbot: Running, clock: FakeClock, back_at: datetime
) -> None:
    # Monday 23 November 10:00. Anna (job seeker) and Bert (employer) are in the programme.
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    now = clock.now()
    await add_member(store_of(liftbot), 5001, "candidate", "Anna", {}, now)
    await add_member(store_of(liftbot), 6001, "buddy", "Bert", {"company": "Bert BV"}, now)
    anna = TgChat(api, TgUser(5001, "Anna", "en"))
    bert = TgChat(api, TgUser(6001, "Bert", "en"))

    # The main event on Monday 30 November 10:00: reminders two days before (Saturday
    # 10:00) and two hours before (08:00, in quiet hours, so 08:30); Anna says yes.
    await plan_main_event(coach, "30-11 10:00")
    await anna.wait("You are invited!")
    await anna.press("Yes", expect="Add it to your calendar")

    # Anna and Bert meet on Tuesday and agree that Bert introduces her by Saturday 28
    # November: a nudge on Thursday 10:00 and one on Saturday 10:00.
    await pair_by_hand(coach, bert, "Anna")
    await bert.press("Yes, gladly", expect="Now plan a moment with Anna")
    await bert.press("Plan a meeting", expect="Where will you meet Anna?")
    await bert.send("Bakkerij Bert, Markt 3", expect="Type time 1")
    await bert.send("24-11 14:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    await anna.wait("Bert proposes to meet")
    await anna.press("Tuesday 24 November, 14:00", expect="Add it to your calendar")
    running = liftbot.bot
    assert running is not None and running.wakeups is not None
    clock.set(at(24, 16, 0))
    await running.wakeups.run_due()
    await anna.wait("Did you talk with Bert?")
    # Its reminders fell due before the start but were not sent in time: now stale.
    assert shown(anna, "Reminder: your meeting") == []
    await anna.press("Yes, we talked", expect="What did you agree?")
    await anna.press("An introduction", expect="Who will do it?")
    await anna.press("The other", expect="By when?")
    await anna.press("A date", expect="Type the date")
    await anna.send("28 november", expect="asking Bert to confirm")
    await bert.wait("Anna says you agreed")
    await bert.press("That's right", expect="Confirmed")
    clock.set(at(26, 10, 0))
    await running.wakeups.run_due()
    await bert.wait("Just checking: An introduction to a contact")

    # Saturday 09:00 the bot goes down, over the 10:00 nudge and the two-days reminder.
    clock.set(at(28, 9, 0))
    await running.wakeups.run_due()
    await liftbot.stop()
    clock.set(back_at)
    running = await liftbot.start()  # start-up sends what is due... in allowed time only
    assert running.wakeups is not None
    await running.wakeups.run_due()
    assert len(shown(bert, "Just checking")) == 1
    assert shown(anna, "Reminder") == [] and shown(anna, "Preparation 3") == []
    for moment in (at(29, 20, 0), at(30, 8, 29)):  # Sunday evening, Monday just before 08:30
        clock.set(moment)
        await running.wakeups.run_due()
        assert len(shown(bert, "Just checking")) == 1 and shown(anna, "Reminder") == []

    # Monday 08:30, the end of the quiet hours: the nudge goes out, and Anna gets the
    # two-hours reminder only; the two-days one, with 90 minutes to go, is stale.
    clock.set(at(30, 8, 30))
    await running.wakeups.run_due()
    await api.wait_for(lambda: len(shown(bert, "Just checking")) == 2)
    await anna.wait("Reminder: you are coming")
    reminders = shown(anna, "Reminder")
    assert len(reminders) == 1 and "Monday 30 November, 10:00" in reminders[0]
    # Anna's preparation nudge (planned for Saturday, as Sunday is quiet) is not sent on
    # the day of the event itself: too late to prepare.
    assert shown(anna, "Preparation 3") == []


async def test_new_dates_of_a_series_are_announced_when_the_quiet_hours_end(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 8001, "Anna")
    await plan_walk_and_talk(coach)
    await anna.wait("Thursday 31 December, 19:00")
    invitations = len(shown(anna, "You are invited"))

    # The daily job runs when the quiet hours end, in the bot's time zone.
    running = liftbot.bot
    assert running is not None and running.wakeups is not None
    job = running.wakeups.scheduler.get_job("series")
    next_run = job.next_run_time.astimezone(AMS)
    assert (next_run.hour, next_run.minute) == (8, 30)

    # A restart at 03:00 on Wednesday 30 December, when 25 February comes within reach:
    # no invitation in the night, not at start-up and not from the job.
    await liftbot.stop()
    clock.set(at(30, 3, 0, month=12))
    running = await liftbot.start()
    assert running.wakeups is not None
    await running.wakeups.extend_series()
    assert len(shown(anna, "You are invited")) == invitations
    clock.set(at(30, 8, 30, month=12))
    await running.wakeups.extend_series()
    said = await anna.wait("Thursday 25 February 2027, 19:00")
    assert "You are invited" in text_of(said)
