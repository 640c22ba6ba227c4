"""End to end on the real PTB stack: an In de Lift edition from planning to evaluation."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    create_programme,
    join_as_coach,
    join_candidate,
    plan_event,
    text_of,
)
from tests.fakebotapi import FakeBotApi, TgUser

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NAMES = (
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Fatima",
    "Gert",
    "Hanna",
    "Ilias",
    "Joke",
    "Kees",
    "Lotte",
    "Mo",
    "Noor",
)


async def test_in_de_lift_edition_with_waitlist_reminders_checkin_and_evaluation(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    # Monday 19 October 2026, still summer time; the clocks go back on 25 October.
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    people = [await join_candidate(api, coach, 5000 + n, name) for n, name in enumerate(NAMES)]

    saved = await plan_event(coach, "26-10 10:00", capacity=12)
    assert "Invitations sent: 14" in text_of(saved)
    for person in people:
        await person.wait("You are invited!")

    # Twelve say yes, two more end up on the waitlist.
    for n, person in enumerate(people):
        expect = "on the map" if n < 12 else "waitlist, place"
        said = await person.press("Yes", expect=expect)
        if n >= 12:
            assert f"place {n - 11}" in text_of(said)
    ics = next(m.document for m in people[0].messages if m.document is not None)
    assert ics.filename.endswith(".ics")
    calendar = Calendar.from_ical(ics.content)
    vevent = next(c for c in calendar.walk("VEVENT"))
    start = vevent.decoded("DTSTART")
    assert start.astimezone(AMSTERDAM).hour == 10 and str(start.tzinfo) == "Europe/Amsterdam"
    assert start.astimezone(UTC) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert "Markt 10" in str(vevent.get("LOCATION"))
    pin = await api.wait_for(lambda: [m.location for m in people[11].messages if m.location])
    assert pin == [(52.0607, 4.494)]

    # One cancels: the first on the waitlist moves up and is told.
    await people[3].send("/events", expect="Your answer: you are coming")
    await people[3].press("No", expect="not come")
    await people[12].wait("a place came free")
    # The calendar file comes along.
    await api.wait_for(lambda: people[12].messages[-1].document is not None)

    # Reminders: two days before (still summer time) and two hours before (winter time).
    bot = liftbot.bot
    assert bot is not None and bot.wakeups is not None
    clock.set(datetime(2026, 10, 24, 7, 59, tzinfo=UTC))
    await bot.wakeups.run_due()
    assert not any("Reminder" in TgChat.shown(m) for m in people[0].messages)

    await liftbot.stop()  # a restart between scheduling and the due time
    clock.set(datetime(2026, 10, 24, 8, 0, tzinfo=UTC))  # Saturday 10:00 in Amsterdam
    bot = await liftbot.start()  # start-up sends what is due
    for n in (0, 12):
        await people[n].wait("Reminder: you are coming")
    assert bot.wakeups is not None
    await bot.wakeups.run_due()
    await liftbot.stop()
    bot = await liftbot.start()
    assert bot.wakeups is not None
    clock.set(datetime(2026, 10, 26, 7, 0, tzinfo=UTC))  # Monday 08:00 in Amsterdam
    await bot.wakeups.run_due()  # two hours before, but still quiet hours (until 08:30)
    assert len([m for m in people[0].messages if "Reminder" in TgChat.shown(m)]) == 1
    clock.set(datetime(2026, 10, 26, 7, 30, tzinfo=UTC))
    await bot.wakeups.run_due()
    await people[0].wait("Reminder: you are coming")
    reminders = [m for m in people[0].messages if "Reminder" in TgChat.shown(m)]
    assert len(reminders) == 2  # not twice, despite two restarts
    assert not any("Reminder" in TgChat.shown(m) for m in people[3].messages)  # said no
    assert not any("Reminder" in TgChat.shown(m) for m in people[13].messages)  # waitlist

    # Check-in with the QR code's deep link.
    await coach.send("/events", expect="Choose a meeting")
    await coach.press("meet the employers", expect="Present: 0")
    qr = await coach.press("Check-in QR", expect="Scan = checked in")
    link = text_of(qr).split("https://t.me/LiftTestBot?start=")[1].split()[0]
    assert qr[-1].photo is not None
    await people[0].send(f"/start {link}", expect="Check-in for")  # an hour early is too early
    clock.set(datetime(2026, 10, 26, 8, 30, tzinfo=UTC))
    await people[0].send(f"/start {link}", expect="Welcome, Anna! You are checked in")
    await people[0].send(f"/start {link}", expect="already checked in")
    await people[1].send(f"/start {link[:-3]}xyz", expect="do not know this QR code")
    stranger = TgChat(api, TgUser(7777, "Walk-in", "en"))
    await stranger.send(f"/start {link}", expect="not on the list")
    # The coach marks someone present by hand.
    await coach.send("/events", expect="Choose a meeting")
    await coach.press("meet the employers", expect="Present: 1")
    marking = coach.with_button("Mark present")
    api.press(coach.user, marking, marking.button("Mark present"))
    await api.wait_for(lambda: "Tap who is present" in (marking.text or ""))
    # 13 said yes or are on the waitlist: ten on the first page, two to a row.
    assert "(page 1 of 2)" in (marking.text or "")
    labels = [t for t, _ in marking.buttons()]
    assert len(labels) == 12 and labels[-2:] == ["Next ➡️", "⬅️ Back"] and "✅ Anna" in labels
    api.press(coach.user, marking, marking.button("Bram"))
    await api.wait_for(lambda: "✅ Bram" in [t for t, _ in marking.buttons()])
    api.press(coach.user, marking, marking.button("Next"))
    await api.wait_for(lambda: "(page 2 of 2)" in (marking.text or ""))
    assert [t for t, _ in marking.buttons()] == [
        "Lotte",
        "Mo",
        "Noor",
        "⬅️ Previous",
        "⬅️ Back",
    ]

    # The evaluation comes the next morning at 10:00, to those who came.
    clock.set(datetime(2026, 10, 27, 9, 0, tzinfo=UTC))
    await bot.wakeups.run_due()
    await people[0].wait("Give a score from 1")
    await people[1].wait("Give a score from 1")
    assert not any("Give a score" in TgChat.shown(m) for m in people[2].messages)
    await people[0].press("4", expect="Anything you want to add?")
    await people[0].send(
        "Very useful, I got an introduction!", expect="Thank you for your feedback"
    )
    await people[1].press("5", expect="Anything you want to add?")
    await people[1].press("Skip", expect="Thank you for your feedback")

    # The coach sees counts, new versus returning, the ratings and a CSV.
    await coach.send("/events", expect="Choose a meeting")
    overview = text_of(await coach.press("meet the employers", expect="Average score"))
    assert "Yes: 12 of 12" in overview and "Waitlist: 1" in overview and "No: 1" in overview
    assert "Present: 2" in overview and "New: 12, 🔁 came before: 0" in overview
    assert "Average score: 4.5 (2 ratings)" in overview and "💬 1 comment" in overview
    assert "Anna" not in overview  # names are in the lists behind the buttons
    shown = coach.with_button("Comments")
    api.press(coach.user, shown, shown.button("Comments"))
    await api.wait_for(lambda: "I got an introduction" in (shown.text or ""))
    api.press(coach.user, shown, shown.button("Back"))
    await api.wait_for(lambda: "Average score" in (shown.text or ""))

    # Everyone invited, ten per page, turning in place: one message, edited.
    api.press(coach.user, shown, shown.button("People"))
    await api.wait_for(lambda: "(page 1 of 2)" in (shown.text or ""))
    first = (shown.text or "").split("\n")[1:]
    assert len(first) == 10
    assert first[0] == "• Anna (job seeker): coming, was there, and first time 🆕"
    api.press(coach.user, shown, shown.button("Next"))
    await api.wait_for(lambda: "(page 2 of 2)" in (shown.text or ""))
    second = (shown.text or "").split("\n")[1:]
    assert second[-2:] == ["• Noor (job seeker): waitlist", "• Daan (job seeker): not coming"]
    assert len(first + second) == 14 and len(set(first + second)) == 14
    assert [t for t, _ in shown.buttons()] == ["⬅️ Previous", "⬅️ Back"]

    coach.mark = len(coach.messages)
    api.press(coach.user, shown, shown.button("Back"))
    await api.wait_for(lambda: "Average score" in (shown.text or ""))
    export = await coach.press("CSV", expect="CSV file")
    document = export[-1].document
    assert document is not None and document.content.startswith(b"\xef\xbb\xbf")
    text = document.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 14 and sum(1 for r in rows if r["Checked in at"]) == 2
    assert {r["Answer"] for r in rows} == {"coming", "not coming", "waitlist"}
    # Local time (08:30 UTC is 09:30 in Amsterdam in winter time), to the minute.
    assert {r["Checked in at"] for r in rows} == {"", "2026-10-26 09:30"}


async def test_rsvp_refusals(api: FakeBotApi, liftbot: Running, clock: FakeClock) -> None:
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    anna = await join_candidate(api, coach, 6001, "Anna")
    await plan_event(coach, "26-10 10:00", capacity=12)
    invitation = (await anna.wait("You are invited!"))[-1]
    event_id = invitation.button("Yes").split(":")[1]

    # Someone else's event id, forged into the button: refused, nothing stored.
    bert = await join_candidate(api, coach, 6002, "Bert")
    own = (await bert.wait("You are invited!"))[-1]
    for forged in (f"ev:{int(event_id) + 1}:yes", f"rt:{event_id}:5", f"ev:{event_id}:hack"):
        bert.mark = len(bert.messages)
        api.press(bert.user, _with(own, forged), forged)
        await bert.wait("cannot use that button")

    # After the event, answers are kindly refused.
    clock.set(datetime(2026, 10, 27, 9, 0, tzinfo=UTC))
    await anna.press("Maybe", expect="already over")


def _with(message, data: str):  # type: ignore[no-untyped-def]
    from tests.fakebotapi import SentMessage

    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": data}]]}
    return SentMessage(
        message.chat_id, message.message_id, message.date, message.text, reply_markup=markup
    )
