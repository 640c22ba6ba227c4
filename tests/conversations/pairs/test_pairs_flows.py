"""Flow tests for pairs: pairing, meetings, agreements and nudges, with a fake clock."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.types import FileRef, Incoming
from tests.helpers import (
    button,
    call_planned,
    drop_outbox,
    joined,
    joined_buddy,
    onboarded_coach,
    outbox,
    pair_by_hand,
    plan,
)


async def test_pair_meet_agree_and_follow_up(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse, mornings")
    await drop_outbox(store)  # what joining queued is not under test

    await coach.send("/pair")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Choose myself")
    await coach.press("Anna")
    await coach.press("Bert")
    assert "Paired: Anna and Bert" in coach.text()
    card = await outbox(store, 4001)
    assert "introduces you to Anna" in card[0].text and "Work wanted: Warehouse" in card[0].text
    await coach.send("/pair")  # pairing the same two again is refused
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Choose myself")
    await coach.press("Anna")
    await coach.press("Bert")
    assert "already paired" in coach.text()

    await anna.press_data(button(card, "Yes, gladly"))
    assert "cannot use that button" in anna.text()  # not hers to accept
    await bert.press_data(button(card, "Yes, gladly"))
    assert "Now plan a moment with Anna" in bert.text()
    assert "paired with Bert from Bert BV" in (await outbox(store, 3001))[0].text
    assert "accepted the pair" in (await outbox(store, 2000))[0].text

    # Where, then the times: one in the past and one overlapping are refused.
    await bert.press("Plan a meeting")
    assert "Where will you meet Anna?" in bert.text()
    await bert.send("Café De Zwaan, Dorpsstraat 1, Zoetermeer")
    await bert.send("1-1-2020 10:00")
    assert "has passed" in bert.text()
    await bert.send("1-12 10:00")
    await bert.press("Another time")
    await bert.send("1-12 10:30")
    assert "overlaps" in bert.text()
    await bert.send("2-12 15:00")
    await bert.press("Send")
    pick = await outbox(store, 3001)
    assert "Bert proposes to meet:\n📍 Café De Zwaan, Dorpsstraat 1, Zoetermeer" in pick[0].text
    await anna.press_data(button(pick, "Wednesday 2 December, 15:00"))
    assert "Agreed with Bert: Wednesday 2 December, 15:00\n📍 Café De Zwaan" in anna.text()
    ics = anna.last.messages[1].attachment if anna.last else None
    assert ics is not None and ics.filename.endswith(".ics")
    assert "LOCATION:Café De Zwaan\\, Dorpsstraat 1\\, Zoetermeer".encode() in ics.content

    # Reminders: the day before and two hours before, then the follow-up question.
    clock.set(datetime(2026, 12, 1, 14, 0, tzinfo=UTC))  # 15:00 in Amsterdam, a day before
    await engine.run_due()
    reminders = [m.text for m in await outbox(store, 3001) if "Reminder" in m.text]
    assert reminders == [
        "Reminder: your meeting with Bert is Wednesday 2 December, 15:00.\n"
        "📍 Café De Zwaan, Dorpsstraat 1, Zoetermeer"
    ]
    clock.set(datetime(2026, 12, 2, 16, 0, tzinfo=UTC))  # two hours after the start
    await engine.run_due()
    followup = [m for m in await outbox(store, 3001) if "Did you talk with Bert?" in m.text]
    assert len(followup) == 1

    # Anna records: Bert introduces her to a contact, by 12 December; Bert confirms.
    await anna.press_data(button(followup, "Yes, we talked"))
    assert "What did you agree?" in anna.text()
    await anna.press("An introduction")
    await anna.press("The other")
    await anna.press("A date")
    await anna.send("12 december")
    assert "Recorded: An introduction to a contact, by Saturday 12 December" in anna.text()
    ask = [m for m in await outbox(store, 4001) if "Anna says" in m.text]
    assert "Anna says you agreed: An introduction to a contact" in ask[0].text
    await anna.press_data(button(ask, "That's right"))
    assert "cannot confirm" in anna.text()
    await bert.press_data(button(ask, "That's right"))
    assert "Confirmed" in bert.text()

    # Nudges: 10 Dec 10:00 and 12 Dec 10:00, but 12 Dec is a Saturday... and Sundays are off.
    clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))
    await engine.run_due()
    first = [m for m in await outbox(store, 4001) if "Just checking" in m.text]
    assert len(first) == 1  # to the owner only:
    assert not [m for m in await outbox(store, 3001) if "Just checking" in m.text]
    await bert.press_data(button(first, "in 3 days"))
    assert "ask again on Monday 14 December" in bert.text()  # 13 Dec is a Sunday

    clock.set(datetime(2026, 12, 12, 9, 0, tzinfo=UTC))
    await engine.run_due()
    second = [m for m in await outbox(store, 4001) if "Just checking" in m.text]
    assert len(second) == 1
    await bert.press_data(button(second, "I need help"))
    assert "What do you need help with?" in bert.text()
    await bert.send("Anna's contact does not answer the phone")
    assert "asked your coach" in bert.text()
    help_note = await outbox(store, 2000)
    assert "Bert asks for help" in help_note[0].text and "12 December" in help_note[0].text
    assert "In their own words: ‘Anna's contact does not answer the phone’" in help_note[0].text

    clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=UTC))
    await engine.run_due()
    third = [m for m in await outbox(store, 4001) if "Just checking" in m.text]
    await bert.press_data(button(third, "Done"))
    assert "noted as done" in bert.text()
    assert "Bert reports: done!" in (await outbox(store, 3001))[0].text
    await bert.press_data(button(third, "in a week"))
    assert "already marked done" in bert.text()

    await coach.send("/pairs")
    assert "Anna ↔ Bert: actions done" in coach.text()
    assert "1 paired → 1 met → 1 agreed → 1 done" in coach.text()
    assert "introduction 1" in coach.text()
    [sheet_message] = await coach.press("All pairs as CSV")
    sheet = sheet_message.attachment
    assert sheet is not None and sheet.filename == "pairs.csv"
    header, *lines = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")), delimiter=";"))
    assert header[:5] == ["Pair", "Kind", "Job seeker", "Employer", "Status"]
    assert [line[1:] for line in lines] == [
        [
            "In de Lift",
            "Anna",
            "Bert",
            "actions done",
            "An introduction to a contact",
            "employer",
            "2026-12-12",
            "done",
        ]
    ]


async def test_two_silent_nudges_alert_the_coach_and_forget_ends_it(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3101, "Anna")
    bert = await joined_buddy(engine, coach, 4101, "Bert", "Kitchen help, evenings", "Hospitality")
    await coach.send("/pair")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Choose myself")
    await coach.press("Anna")
    await coach.press("Bert")
    card = [m for m in await outbox(store, 4101) if m.buttons]
    await bert.press_data(button(card, "Yes, gladly"))
    await call_planned(store, bert, anna, "27-11 10:00", "Friday 27 November, 10:00")
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
    await engine.run_due()
    followup = [m for m in await outbox(store, 3101) if "Did you talk" in m.text]
    await anna.press_data(button(followup, "Yes, we talked"))
    await anna.press("A job interview")
    await anna.press("Me")
    await anna.press("In two weeks")
    ask = [m for m in await outbox(store, 4101) if m.buttons]
    await bert.press_data(button(ask, "That's right"))

    for day in (12, 14):  # two days before (a Saturday) and the due date (Monday 14 Dec)
        clock.set(datetime(2026, 12, day, 9, 0, tzinfo=UTC))
        await engine.run_due()
    nudges = [m for m in await outbox(store, 3101) if "Just checking" in m.text]
    assert len(nudges) == 2
    alerts = [m for m in await outbox(store, 2000) if "has not answered two reminders" in m.text]
    assert len(alerts) == 1
    # "Maybe a good moment for a message?": the coach can write to her from the note.
    assert [label for row in alerts[0].buttons for label, _ in row] == ["✉️ Write to Anna"]

    await anna.send("/forget")
    await anna.press("Yes, delete")
    await anna.press_data(button(nudges[-1:], "Done"))
    assert "do not know you" in anna.text()


async def test_round_two_choices_become_pairs(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3201, "Anna")
    bert = await joined_buddy(engine, coach, 4201, "Bert", "Warehouse help")
    await joined_buddy(engine, coach, 4202, "Wim", "Office help", "Office and admin")
    await plan(coach, "1-12 19:00", capacity="30")
    for chat in (anna, bert):
        invitation = [m for m in await outbox(store, chat.user_id) if "You are invited" in m.text]
        await chat.press_data(button(invitation, "Yes"))
    clock.set(datetime(2026, 12, 1, 18, 0, tzinfo=UTC))  # 19:00 in Amsterdam
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Mark present")
    await coach.press("Anna")
    await coach.press("Bert")
    await drop_outbox(store)

    clock.set(datetime(2026, 12, 1, 20, 0, tzinfo=UTC))  # the event is over, at 21:00
    await engine.run_due()
    assert not [m for m in await outbox(store, 3201) if "Round two" in m.text]  # quiet hours
    clock.set(datetime(2026, 12, 2, 7, 30, tzinfo=UTC))  # 08:30 the next morning
    await engine.run_due()
    ask = [m for m in await outbox(store, 3201) if "Round two" in m.text]
    assert len(ask) == 1
    assert not [m for m in await outbox(store, 4201) if "Round two" in m.text]  # job seekers only
    await anna.press_data(button(ask, "Choose"))
    assert "Bert (Bert BV)" in " ".join(anna.labels()) and "Wim" not in " ".join(anna.labels())
    await anna.press("Bert")
    await anna.press("Done")
    assert "Your coach sees your choice" in anna.text()

    await coach.send("/events")
    await coach.press("Meet the employers")
    assert "1 round-two choice" in coach.text()
    await coach.press("Round two choices")
    assert "Anna wants to talk further with Bert" in coach.text()
    await coach.press("Back")
    await coach.press("Make pairs from round two")
    assert "Round two: 1 new pair.\nPaired: Anna and Bert" in coach.text()
    assert any("introduces you to Anna" in m.text for m in await outbox(store, 4201))


async def test_a_paired_job_seeker_can_ask_their_buddy_for_a_cv_check(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await anna.send("/cv")  # not paired yet: straight to the coach
    assert "Carla will give you two tips and two tops" in anna.text()

    await drop_outbox(store)
    await coach.send("/pair")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Choose myself")
    await coach.press("Anna")
    await coach.press("Bert")
    await anna.send("/cv")  # proposed, not accepted: still only the coach
    assert "Carla will give you" in anna.text()
    card = await outbox(store, 4001)
    await bert.press_data(button(card, "Yes, gladly"))
    await drop_outbox(store)

    await anna.send("/cv")
    assert "Who would you like to check your CV?" in anna.text()
    assert anna.labels() == ["Carla, your coach", "Bert, your buddy"]
    await anna.send("Bert please")  # text where a choice is asked
    assert anna.labels() == ["Carla, your coach", "Bert, your buddy"]
    await anna.press("Bert, your buddy")
    assert "Bert will give you two tips and two tops" in anna.text()
    pdf = FileRef("document", "f1", "application/pdf", 200_000, "cv.pdf")
    anna.last = await engine.handle("test", 3001, Incoming("file", file=pdf), "en")
    assert "sent to Bert" in anna.text()
    assert not await outbox(store, 2000)  # the coach is not asked

    request = await outbox(store, 4001)
    assert request[0].text == "Anna's CV." and "asks for a CV check" in request[1].text
    await bert.press_data(button(request, "Give tips and tops"))
    await bert.send("Put your driving licence at the top\nShorter profile")
    await bert.send("Clear layout\nGood warehouse experience")
    await bert.press("Send")
    result = (await outbox(store, 3001))[-1].text
    assert "Your CV check from Bert is here!" in result and "Clear layout" in result


async def test_a_declined_pair_and_a_cancelled_meeting_reach_the_coach(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    dirk = await joined_buddy(engine, coach, 4002, "Dirk", "Someone for the shop")
    await drop_outbox(store)

    await pair_by_hand(coach, "Anna", "Dirk")
    await dirk.press_data(button(await outbox(store, 4002), "No, not this time"))
    assert "Would you like to tell the coach why?" in dirk.text()
    await dirk.send("No room before spring")
    assert "passed it on to the coach" in dirk.text()
    told = (await outbox(store, 2000))[-1].text
    assert told == "Dirk declined the pair with Anna. Reason: No room before spring"

    await pair_by_hand(coach, "Anna", "Bert")
    await bert.press_data(button(await outbox(store, 4001), "Yes, gladly"))
    await bert.press("Plan a meeting")
    await bert.send("Bakkerij Bert, Markt 3")
    await bert.send("2-12 15:00")
    await bert.press("Send")
    await anna.press_data(button(await outbox(store, 3001), "Wednesday 2 December, 15:00"))
    await drop_outbox(store)
    await anna.send("/pairs")
    await anna.press("Cancel")
    assert "Do you want to cancel the meeting of Wednesday 2 December, 15:00 with Bert?" in (
        anna.text()
    )
    await anna.press("Yes, I am sure")
    assert "The meeting is cancelled. Bert and your coach know." in anna.text()
    assert anna.labels() == ["📅 Ask for a meeting"]
    told = [m.text for m in await outbox(store, 4001)]
    assert told == [
        "Anna has cancelled the meeting of Wednesday 2 December, 15:00.\n\n"
        "Shall we plan a new moment?"
    ]
    assert [m.text for m in await outbox(store, 2000)] == [
        "Anna cancelled the meeting of Wednesday 2 December, 15:00 with Bert. "
        "Reason: no reason given"
    ]


async def test_a_buddy_answers_a_proposed_pair_from_pairs(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await pair_by_hand(coach, "Anna", "Bert")
    await drop_outbox(store)  # the introduction card scrolled away
    await bert.send("/pairs")
    assert "Your pair: Anna" in bert.text()
    await bert.press("Yes, gladly")
    assert "Now plan a moment with Anna" in bert.text()
