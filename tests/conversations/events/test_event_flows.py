"""Flow tests for events: changes and cancellations, recurring meetups and the CV check."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.records import PrepProgress
from conversations.core.types import FileRef, Incoming
from tests.helpers import (
    consenting_candidate,
    drop_outbox,
    joined,
    onboarded_coach,
    outbox,
    plan,
    start_programme,
)


async def test_change_time_and_cancel_tell_the_people_who_come(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bram = await joined(engine, coach, 3002, "Bram")
    carla = await joined(engine, coach, 3003, "Carla")
    await plan(coach, "1-12 10:00", capacity="1")
    event_yes = (await outbox(store, 3001))[0].buttons[0][0][1]
    await anna.press_data(event_yes)
    await bram.press_data(event_yes)
    assert "waitlist, place 1" in bram.text()
    await carla.press_data(event_yes.replace(":yes", ":no"))

    # More places: the waitlist moves up at once.
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Change")
    await coach.press("Places")
    await coach.send("-3")
    assert "from 1 to 1000" in coach.text()
    await coach.send("2")
    assert "I told 1 person" in coach.text()
    assert any("a place came free" in m.text for m in await outbox(store, 3002))
    assert "something changed (Places)" in (await outbox(store, 3001))[0].text

    # A new time: both are told, with a new calendar file for those who come.
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Change")
    await coach.press("Time")
    await coach.send("2-12 14:00")
    assert "I read: Wednesday 2 December, 14:00" in coach.text()
    await coach.press("Yes")
    assert "I told 2 people" in coach.text()
    told = await outbox(store, 3001)
    assert "Wednesday 2 December, 14:00 to 16:00" in told[0].text
    assert told[1].attachment is not None and told[1].attachment.filename.endswith(".ics")
    assert not [m for m in await outbox(store, 3003) if "changed" in m.text]  # said no

    # Cancelled: told, and answering afterwards is kindly refused.
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Cancel event")
    await coach.press("No, it goes ahead")
    assert "goes ahead" in coach.text()
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Cancel event")
    await coach.press("Yes, cancel it")
    assert "sent a message to 2 people" in coach.text()
    assert "is cancelled" in (await outbox(store, 3001))[0].text
    await carla.press_data(event_yes)
    assert "has been cancelled" in carla.text()


async def test_a_monthly_meetup_is_planned_ahead_and_kept_going(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    await joined(engine, coach, 3101, "Anna")
    await plan(coach, "26-11 19:00", kind="Meetup", repeat="last Thursday")
    planned = coach.last
    assert planned is not None
    text = "\n".join(m.text for m in planned.messages)
    # Two months ahead: 26 November itself and 31 December.
    assert "Also planned ahead (1):\nThursday 31 December, 19:00" in text
    assert len([m for m in await outbox(store, 3101) if "You are invited" in m.text]) == 2

    clock.set(datetime(2026, 12, 30, 9, 0, tzinfo=UTC))
    assert await engine.extend_series() == 2  # the last Thursdays of January and February
    invites = [m.text for m in await outbox(store, 3101) if "You are invited" in m.text]
    # Next year's dates carry their year.
    assert "Thursday 28 January 2027, 19:00" in invites[0]
    assert "Thursday 25 February 2027, 19:00" in invites[1]
    assert await engine.extend_series() == 0  # never twice


async def test_cv_check_with_two_tips_and_two_tops(engine: Engine, store: SqliteStore) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3201, "Anna")
    await anna.send("/cv")
    assert "Send your CV as a PDF" in anna.text()
    await anna.send("here it is")
    assert "waiting for your CV" in anna.text()
    zip_file = FileRef("document", "f1", "application/zip", 1000, "cv.zip")
    big = FileRef("document", "f2", "application/pdf", 30 * 1024 * 1024, "cv.pdf")
    good = FileRef("document", "f3", "application/pdf", 200_000, "cv.pdf")
    for file, expect in (
        (zip_file, "cannot use that file"),
        (big, "at most 10 MB"),
        (good, "sent to Carla"),
    ):
        anna.last = await engine.handle("test", 3201, Incoming("file", file=file), "en")
        assert expect in anna.text()

    # The coach also heard that Anna joined; the CV request is the message with the file.
    request = [m for m in await outbox(store, 2000) if "has joined" not in m.text]
    assert request[0].file is not None and request[0].file.file_id == "f3"
    review = request[1].buttons[0][0][1]
    await anna.press_data(review)
    assert "cannot use that button" in anna.text()  # not her review to give
    await coach.press_data(review)
    assert "Type two tips" in coach.text()
    await coach.send("1. Put your phone number at the top\n2. Shorter sentences\n3. A photo")
    assert "I count 3 tips" in coach.text()
    await coach.send("- Put your phone number at the top\n- Shorter sentences")
    await coach.send("Clear work history\nGood list of skills")
    assert "💡 Shorter sentences" in coach.text() and "⭐ Good list of skills" in coach.text()
    await coach.press("Send")
    assert "Sent to Anna" in coach.text()
    result = await outbox(store, 3201)
    assert "Your CV check from Carla is here" in result[0].text
    assert "💡 Put your phone number at the top" in result[0].text
    await coach.press_data(review)
    assert "already been answered" in coach.text()


async def test_a_file_out_of_the_blue_gets_a_hint(engine: Engine) -> None:
    anna = await consenting_candidate(engine, 3301)
    file = FileRef("photo", "p1", "image/jpeg", 1000)
    anna.last = await engine.handle("test", 3301, Incoming("file", file=file), "en")
    assert "Send /cv first" in anna.text()


async def test_one_gentle_nudge_before_a_prep_meeting_for_who_did_not_prepare(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    await joined(engine, coach, 3401, "Anna")
    await joined(engine, coach, 3402, "Bram")
    carla = await joined(engine, coach, 3403, "Carla")
    await plan(coach, "1-12 19:00", kind="Preparation 1", capacity="12")
    await drop_outbox(store)  # the invitations are not under test here
    async with store.unit_of_work():
        done = await store.person_by_chat("test:3402")
        assert done is not None
        await store.save_prep(done.id, PrepProgress(1, 4, {"neighbour": "Hi!"}, clock.now()))
    await carla.send("/events")
    await carla.press("No")

    clock.set(datetime(2026, 11, 30, 8, 59, tzinfo=UTC))
    await engine.run_due()
    assert [m.text for m in await outbox(store, 3401)] == []
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # 10:00 in Amsterdam, the day before
    await engine.run_due()
    nudges = await outbox(store, 3401)
    assert len(nudges) == 1 and "Preparation 1 only takes a few minutes" in nudges[0].text
    assert await outbox(store, 3402) == [] and await outbox(store, 3403) == []
    await engine.run_due()
    assert await outbox(store, 3401) == []  # one nudge, not two


async def test_reminders_can_be_set_per_event_and_past_dates_are_refused(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3501, "Anna")
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("main event")
    await coach.press("Keep this")
    await coach.send("Meet the employers")
    await coach.send("1-1-2020 10:00")
    assert "That time has passed" in coach.text()
    await coach.send("asdfgh")
    assert "cannot read that date" in coach.text()
    await coach.send("/cancel")  # stop the wizard, then plan it properly
    await plan(coach, "10-12 10:00", capacity="12")
    yes = (await outbox(store, 3501))[0].buttons[0][0][1]
    await anna.press_data(yes)

    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Change")
    await coach.press("Reminders")
    await coach.press("Only 2 hours before")
    assert "Saved" in coach.text()
    clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=UTC))  # two days before: nothing now
    await engine.run_due()
    assert await outbox(store, 3501) == []
    clock.set(datetime(2026, 12, 10, 7, 0, tzinfo=UTC))  # 08:00 in Amsterdam: still quiet
    await engine.run_due()
    assert await outbox(store, 3501) == []
    clock.set(datetime(2026, 12, 10, 7, 30, tzinfo=UTC))  # 08:30, the quiet hours are over
    await engine.run_due()
    reminders = [m.text for m in await outbox(store, 3501) if "Reminder" in m.text]
    assert len(reminders) == 1 and "Reminder: you are coming" in reminders[0]


async def test_a_long_list_of_meetings_comes_in_pages(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    for day, weekday in (("24-11", "Tuesday"), ("25-11", "Wednesday"), ("26-11", "Thursday")):
        await plan(coach, f"{day} 19:00", kind="Meetup", repeat=f"Every {weekday}")

    await coach.send("/events")
    assert "Choose a meeting (page 1 of 3):" in coach.text()
    first = [label for label in coach.labels() if "Walk&Talk" in label]
    assert len(first) == 10 and "Tuesday 24 November" in first[0]
    assert "Next ➡️" in coach.labels() and "⬅️ Previous" not in coach.labels()

    await coach.press("Next")
    assert coach.last is not None and coach.last.messages[0].edit  # the page turns in place
    assert "(page 2 of 3)" in coach.text()
    assert {"⬅️ Previous", "Next ➡️"} <= set(coach.labels())
    await coach.press("Next")
    last = [label for label in coach.labels() if "Walk&Talk" in label]
    assert "(page 3 of 3)" in coach.text() and "Next ➡️" not in coach.labels()
    assert 1 <= len(last) <= 10 and not set(last) & set(first)

    await coach.press(last[-1])  # a meeting far ahead can be opened
    assert last[-1].split(", ")[-1] in coach.text()
    await coach.send("/events")  # a new /events starts at the first page again
    assert "(page 1 of 3)" in coach.text()


async def test_a_broadcast_to_a_meeting_pages_through_meetings(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "In de Lift", "In de Lift Zoetermeer", "Zoetermeer")
    for day, weekday in (("24-11", "Tuesday"), ("26-11", "Thursday")):
        await plan(coach, f"{day} 19:00", kind="Meetup", repeat=f"Every {weekday}")

    await coach.send("/broadcast")
    await coach.press("meeting")
    assert "Which meeting? (page 1 of 2)" in coach.text()
    await coach.press("Next")
    assert "(page 2 of 2)" in coach.text()
    await coach.press("Previous")
    assert "(page 1 of 2)" in coach.text()
    await coach.press("Tuesday 24 November")
    assert "Who from the meeting?" in coach.text()
