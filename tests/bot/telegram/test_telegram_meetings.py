"""End to end on the real PTB stack with a fake clock: a pair's meetings with a time and a
place, "none of these suit me", cancelling with a reason and planning again, "did you
talk?" deciding whether the pair met, "nothing agreed", and Done / I need help from /pairs."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Component

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    add_member,
    create_programme,
    join_as_coach,
    pair_by_hand,
    store_of,
    text_of,
)
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser

PIN = (52.06011, 4.49417)


async def accepted_pair(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> tuple[TgChat, TgChat, TgChat]:
    """Carla pairs Anna with Bert, who accepts."""
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # Monday
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    store, now = store_of(liftbot), clock.now()
    await add_member(store, 5001, "candidate", "Anna", {"work_wanted": "warehouse"}, now)
    await add_member(store, 6001, "buddy", "Bert", {"company": "Bakkerij Bert"}, now)
    anna = TgChat(api, TgUser(5001, "Anna", "en"))
    bert = TgChat(api, TgUser(6001, "Bert", "en"))
    await pair_by_hand(coach, bert, "Anna")
    await bert.press("Yes, gladly", expect="Now plan a moment with Anna")
    return coach, anna, bert


def event_of(documents: list[SentMessage]) -> Component:
    """The VEVENT of the last calendar file among these messages."""
    files = [m.document for m in documents if m.document is not None]
    assert files and files[-1].filename.endswith(".ics")
    events: list[Component] = Calendar.from_ical(files[-1].content).walk("VEVENT")
    return events[0]


async def run_due(liftbot: Running) -> None:
    running = liftbot.bot
    assert running is not None and running.wakeups is not None
    await running.wakeups.run_due()


async def test_a_meeting_at_a_pin_then_by_phone_with_none_of_these_on_the_way(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    _, anna, bert = await accepted_pair(api, liftbot, clock)

    # Bert drops a pin and names the place, then gives two times.
    await bert.press("Plan a meeting", expect="Where will you meet Anna?")
    bert.mark = len(bert.messages)
    api.send_location(bert.user, *PIN)
    await bert.wait("What is the place called?")
    await bert.send("Café De Zwaan, at the window", expect="Type time 1")
    await bert.send("26-11 10:00", expect="Another one, or send?")
    await bert.press("Another time", expect="Type time 2")
    await bert.send("27-11 10:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")

    # Anna sees the pin and the times, and none of them suit: she says why.
    proposal = await anna.wait("Bert proposes to meet:\n📍 Café De Zwaan, at the window")
    assert [m.location for m in proposal if m.location] == [PIN]
    assert [label for label, _ in proposal[-1].buttons()] == [
        "Thursday 26 November, 10:00",
        "Friday 27 November, 10:00",
        "🙅 None of these suit me",
    ]
    await anna.press("None of these suit me", expect="Do you want to add a note")
    await anna.send("Mornings are hard for me, afternoons are fine", expect="Sent.")
    asked = text_of(await bert.wait("Anna says none of the proposed times suit."))
    assert "Their note: ‘Mornings are hard for me, afternoons are fine’" in asked

    # Bert proposes new times at the same place; Anna picks one and both get the place.
    await bert.press("Propose new times", expect="Last time: 📍 Café De Zwaan, at the window")
    await bert.press("Same as last time", expect="Type time 1")
    await bert.send("26-11 14:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    await anna.wait("Bert proposes to meet")
    picked = await anna.press("Thursday 26 November, 14:00", expect="Add it to your calendar")
    assert "Agreed with Bert: Thursday 26 November, 14:00\n📍 Café De Zwaan" in text_of(picked)
    at_cafe = event_of(picked)
    assert str(at_cafe["LOCATION"]) == "Café De Zwaan, at the window"
    assert (at_cafe["GEO"].latitude, at_cafe["GEO"].longitude) == PIN
    assert str(at_cafe["SUMMARY"]) == "LiftBot: meeting with Bert"
    await anna.wait("The place on the map")
    await bert.wait("Agreed with Anna: Thursday 26 November, 14:00\n📍 Café De Zwaan")
    calendar = await bert.wait("Add it to your calendar")
    assert str(event_of(calendar)["LOCATION"]) == "Café De Zwaan, at the window"

    # The reminder the day before carries the place too.
    clock.set(datetime(2026, 11, 25, 13, 0, tzinfo=UTC))
    await run_due(liftbot)
    await anna.wait(
        "Reminder: your meeting with Bert is Thursday 26 November, 14:00.\n"
        "📍 Café De Zwaan, at the window"
    )

    # Bert moves it to a phone call: Anna's calendar file says so, without a pin.
    await bert.send("/pairs", expect="Meeting: Thursday 26 November, 14:00")
    await bert.press("Move", expect="Where will you meet Anna?")
    await bert.press("By phone", expect="Type time 1")
    await bert.send("27-11 15:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    moved = text_of(await anna.wait("Bert has moved your meeting of Thursday 26 November"))
    assert "📞 by phone" in moved
    picked = await anna.press("Friday 27 November, 15:00", expect="Add it to your calendar")
    by_phone = event_of(picked)
    assert str(by_phone["LOCATION"]) == "Phone call" and "GEO" not in by_phone
    # The two-hours reminder of the moved meeting does not come any more; the new one's do.
    clock.set(datetime(2026, 11, 26, 14, 0, tzinfo=UTC))
    await run_due(liftbot)
    await anna.wait("Reminder: your meeting with Bert is Friday 27 November, 15:00.\n📞 by phone")
    reminders = [m.text for m in anna.messages if "Reminder" in (m.text or "")]
    assert len(reminders) == 2 and "Thursday 26 November, 14:00" in (reminders[0] or "")


async def test_cancel_with_a_reason_plan_again_not_yet_nothing_agreed_and_actions_in_pairs(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    coach, anna, bert = await accepted_pair(api, liftbot, clock)
    await bert.press("Plan a meeting", expect="Where will you meet Anna?")
    await bert.send("Bakkerij Bert, Markt 3, Zoetermeer", expect="Type time 1")
    await bert.send("26-11 10:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    await anna.wait("Bert proposes to meet")
    await anna.press("Thursday 26 November, 10:00", expect="Add it to your calendar")

    # Anna cancels: "are you sure", a reason, then the yes. Bert and Carla hear why.
    await anna.send("/pairs", expect="Meeting: Thursday 26 November, 10:00")
    await anna.press("Cancel", expect="Do you want to cancel the meeting of Thursday")
    await anna.send("I have a job interview that morning", expect="Your reason:")
    done = await anna.press("Yes, I am sure", expect="The meeting is cancelled")
    assert [label for label, _ in done[-1].buttons()] == ["📅 Ask for a meeting"]
    told = text_of(await bert.wait("Anna has cancelled the meeting of Thursday 26 November"))
    assert "Reason: ‘I have a job interview that morning’" in told
    await coach.wait(
        "Anna cancelled the meeting of Thursday 26 November, 10:00 with Bert. "
        "Reason: I have a job interview that morning"
    )
    overview = text_of(await coach.send("/pairs", expect="Follow-through"))
    assert "1 paired → 0 met" in overview and "Anna ↔ Bert: accepted" in overview

    # Planned again, by phone; after the time, "did you talk?": Anna says not yet.
    await bert.press("Plan a meeting", expect="Where will you meet Anna?")
    await bert.press("By phone", expect="Type time 1")
    await bert.send("27-11 10:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    await anna.wait("Bert proposes to meet:\n📞 by phone")
    await anna.press("Friday 27 November, 10:00", expect="Add it to your calendar")
    clock.set(datetime(2026, 11, 27, 11, 0, tzinfo=UTC))  # two hours after the start
    await run_due(liftbot)
    await anna.wait("Did you talk with Bert?")
    await bert.wait("Did you talk with Anna?")
    await anna.press("Not yet", expect="Shall we plan a new moment?")
    overview = text_of(await coach.send("/pairs", expect="Follow-through"))
    assert "1 paired → 0 met" in overview and "Anna ↔ Bert: accepted" in overview
    await anna.send("/pairs", expect="Status: accepted")

    # Anna asks for a meeting; Bert plans a video call; afterwards he says they talked.
    await anna.press("Ask for a meeting", expect="I have asked Bert to propose")
    await bert.wait("Anna would like to plan a meeting with you")
    await bert.press("Plan a meeting", expect="Where will you meet Anna?")
    await bert.press("Video call", expect="Paste the link")
    await bert.send("https://meet.jit.si/anna-en-bert", expect="Type time 1")
    await bert.send("30-11 15:00", expect="Another one, or send?")
    await bert.press("Send", expect="Anna will pick a time")
    await anna.wait("💻 video call: https://meet.jit.si/anna-en-bert")
    picked = await anna.press("Monday 30 November, 15:00", expect="Add it to your calendar")
    assert str(event_of(picked)["LOCATION"]) == "https://meet.jit.si/anna-en-bert"
    clock.set(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    await run_due(liftbot)
    await bert.wait("Did you talk with Anna?")
    await bert.press("Yes, we talked", expect="What did you agree?")
    await bert.press("Nothing agreed", expect="Noted: nothing agreed for now")
    overview = text_of(await coach.send("/pairs", expect="Follow-through"))
    assert "1 paired → 1 met → 0 agreed" in overview
    assert "Anna ↔ Bert: met, nothing agreed" in overview

    # Anna did agree something: she records it; Bert confirms.
    await anna.wait("Did you talk with Bert?")
    await anna.press("Yes, we talked", expect="What did you agree?")
    await anna.press("An introduction", expect="Who will do it?")
    await anna.press("The other", expect="By when?")
    await anna.press("In two weeks", expect="asking Bert to confirm")
    await bert.wait("Anna says you agreed: An introduction to a contact")
    await bert.press("That's right", expect="Confirmed")

    # From /pairs: each open action with Done / I need help; help with a note, then done.
    shown = await bert.send("/pairs", expect="📌 An introduction to a contact")
    assert [label for label, _ in shown[-1].buttons()] == ["✅ Done", "🙋 I need help"]
    await bert.press("I need help", expect="What do you need help with?")
    await bert.send("Which contact would suit Anna best?", expect="asked your coach")
    helped = text_of(await coach.wait("Bert asks for help with an agreement (Anna and Bert)"))
    assert "In their own words: ‘Which contact would suit Anna best?’" in helped
    await bert.send("/pairs", expect="📌 An introduction to a contact")
    await bert.press("Done", expect="noted as done")
    await anna.wait("Bert reports: done!")
    overview = text_of(await coach.send("/pairs", expect="Follow-through"))
    assert "1 paired → 1 met → 1 agreed → 1 done" in overview
