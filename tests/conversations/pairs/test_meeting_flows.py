"""Flow tests for a pair's meetings: bad input at every step gets a clear, kind answer in the
person's language and loses nothing, and the coach's funnel counts only real meetings."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine
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
    pair_by_hand,
)


async def accepted(engine: Engine, store: SqliteStore) -> tuple[Chat, Chat, Chat]:
    """Carla pairs Anna with Bert, who accepts; what came before is not under test."""
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await pair_by_hand(coach, "Anna", "Bert")
    await bert.press_data(button(await outbox(store, 4001), "Yes, gladly"))
    await drop_outbox(store)
    return coach, anna, bert


async def propose(bert: Chat, place: str, *times: str) -> None:
    await bert.send("/pairs")
    await bert.press("Plan a meeting")
    await bert.send(place)
    for number, moment in enumerate(times):
        if number:
            await bert.press("Another time")
        await bert.send(moment)
    await bert.press("Send")


async def test_a_long_place_and_a_link_that_is_not_one_get_a_kind_answer_in_dutch(
    engine: Engine, store: SqliteStore
) -> None:
    _, anna, bert = await accepted(engine, store)
    await bert.send("/language")
    await bert.press("Nederlands")
    await bert.send("/pairs")
    await bert.press("Afspraak plannen")
    assert "Waar spreek je af met Anna?" in bert.text()
    await bert.send(("Café De Zwaan, Dorpsstraat 1, Zoetermeer. " * 20)[:500])
    assert "Dat is wat lang: 500 tekens. Houd het onder de 200 tekens" in bert.text()
    assert "Waar spreek je af met Anna?" in bert.text()  # asked again, nothing moved on
    await bert.press("Videobellen")
    for typed in ("via Teams", "javascript:alert(1)", "https://", "ftp://files.example.com/x"):
        await bert.send(typed)
        assert "Dat is geen link die ik kan gebruiken" in bert.text(), typed
        assert "Plak de link van het videogesprek" in bert.text()
    await bert.send("meet.jit.si/anna-en-bert")  # without https://: added, as a browser would
    assert "Genoteerd: https://meet.jit.si/anna-en-bert" in bert.text()
    await bert.send("3-12 10:00")
    await bert.press("Versturen")
    pick = await outbox(store, 3001)
    assert "💻 video call: https://meet.jit.si/anna-en-bert" in pick[0].text  # Anna reads English
    await anna.press_data(button(pick, "Thursday 3 December, 10:00"))
    ics = anna.last.messages[1].attachment if anna.last else None
    assert ics is not None and b"LOCATION:https://meet.jit.si/anna-en-bert" in ics.content
    # Bert's file is in Dutch, with the same place.
    bert_ics = [m.attachment for m in await outbox(store, 4001) if m.attachment]
    assert bert_ics and b"SUMMARY:LiftBot: afspraak met Anna" in bert_ics[0].content


async def test_none_of_these_twice_and_an_old_time_after_new_ones(
    engine: Engine, store: SqliteStore
) -> None:
    _, anna, bert = await accepted(engine, store)
    await propose(bert, "Bakkerij Bert, Markt 3", "1-12 10:00", "2-12 10:00")
    first = await outbox(store, 3001)
    none = button(first, "None of these suit me")
    await anna.press_data(none)
    assert "I will ask Bert for other times. Do you want to add a note" in anna.text()
    await anna.press_data(none)  # twice while the question is open: the same question
    assert "Do you want to add a note" in anna.text()
    assert await outbox(store, 4001) == []  # nothing sent yet
    await anna.send("Afternoons suit me better")
    assert anna.text() == "Sent. Bert will propose other times."
    asked = await outbox(store, 4001)
    assert [m.text for m in asked] == [
        "Anna says none of the proposed times suit.\n"
        "Their note: ‘Afternoons suit me better’\n"
        "Will you propose other times?"
    ]
    await anna.press_data(none)  # and once more, after it was sent
    assert anna.text() == "You already asked Bert for other times. You will hear from Bert here."
    assert await outbox(store, 4001) == []  # Bert is not asked twice

    await bert.press_data(button(asked, "Propose new times"))
    await bert.press("Same as last time")
    await bert.send("3-12 14:00")
    await bert.press("Send")
    second = await outbox(store, 3001)
    # An old time pressed after the new ones came: the new ones, with their buttons.
    await anna.press_data(button(first, "Tuesday 1 December, 10:00"))
    assert "These times no longer stand: Bert has proposed new ones." in anna.text()
    assert anna.labels() == ["Thursday 3 December, 14:00", "🙅 None of these suit me"]
    # Bert moves his open proposal once more: the second message's time is old too.
    await bert.send("/pairs")
    await bert.press("Move")
    await bert.press("Same as last time")
    await bert.send("4-12 14:00")
    await bert.press("Send")
    await anna.press_data(button(second, "Thursday 3 December, 14:00"))
    assert anna.labels() == ["Friday 4 December, 14:00", "🙅 None of these suit me"]
    await anna.press("Friday 4 December, 14:00")  # nothing was lost on the way
    assert "Agreed with Bert: Friday 4 December, 14:00\n📍 Bakkerij Bert, Markt 3" in anna.text()
    await anna.press_data(button(second, "Thursday 3 December, 14:00"))
    assert "You already picked a time: Friday 4 December, 14:00" in anna.text()


async def test_cancel_twice_and_a_talk_answer_from_outside_the_pair(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach, anna, bert = await accepted(engine, store)
    eve = await joined_buddy(engine, coach, 4002, "Eve", "Someone for the office")
    await propose(bert, "Bakkerij Bert, Markt 3", "1-12 10:00")
    await anna.press_data(button(await outbox(store, 3001), "Tuesday 1 December, 10:00"))
    await drop_outbox(store)

    await anna.send("/pairs")
    cancel = anna.button("Cancel")
    await anna.press_data(cancel)
    await anna.press_data(cancel)  # twice while "are you sure?" is open: asked once more
    assert "Do you want to cancel the meeting of Tuesday 1 December, 10:00 with Bert?" in (
        anna.text()
    )
    await anna.press("Yes, I am sure")
    assert "The meeting is cancelled" in anna.text()
    await anna.press_data(cancel)  # and after it was cancelled
    assert anna.text() == "This meeting is already cancelled. Nothing more to do."
    assert anna.labels() == ["📅 Ask for a meeting"]
    await bert.press_data(cancel.replace(":cancel", ":move"))
    assert "already cancelled" in bert.text()
    assert len(await outbox(store, 4001)) == 1 and len(await outbox(store, 2000)) == 1

    # Planned again; after the time Eve, who is not in the pair, forges an answer.
    await propose(bert, "Bakkerij Bert, Markt 3", "2-12 10:00")
    await anna.press_data(button(await outbox(store, 3001), "Wednesday 2 December, 10:00"))
    clock.set(datetime(2026, 12, 2, 11, 0, tzinfo=UTC))
    await engine.run_due()
    talk = [m for m in await outbox(store, 3001) if "Did you talk with Bert?" in m.text]
    yes = button(talk, "Yes, we talked")
    await eve.press_data(yes)
    assert eve.text() == (
        "This question is for the two people of this pair, so I cannot use your answer. "
        "Nothing was changed."
    )
    await coach.send("/pairs")
    assert "1 paired → 0 met" in coach.text() and "met? not confirmed yet" in coach.text()
    await anna.press_data(yes.replace(":yes", ":maybe"))  # forged data: refused
    assert "cannot use that button" in anna.text()


async def test_the_funnel_counts_a_phone_call_only_once_someone_says_they_talked(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach, anna, bert = await accepted(engine, store)
    await call_planned(store, bert, anna, "27-11 10:00", "Friday 27 November, 10:00")
    await coach.send("/pairs")
    assert "1 paired → 0 met" in coach.text() and "Anna ↔ Bert: meeting planned" in coach.text()

    clock.set(datetime(2026, 11, 27, 11, 0, tzinfo=UTC))  # an hour after the start
    await coach.send("/pairs")
    assert "1 paired → 0 met" in coach.text()
    assert "Anna ↔ Bert: met? not confirmed yet" in coach.text()
    # Anna answers from /pairs before the follow-up comes: it then does not come to her.
    await anna.send("/pairs")
    assert "The meeting time has passed. Did you talk?" in anna.text()
    await anna.press("Not yet")
    assert "Shall we plan a new moment?" in anna.text()
    await coach.send("/pairs")
    assert "1 paired → 0 met" in coach.text() and "Anna ↔ Bert: accepted" in coach.text()
    clock.set(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    await engine.run_due()
    assert not [m for m in await outbox(store, 3001) if "Did you talk" in m.text]
    followup = [m for m in await outbox(store, 4001) if "Did you talk with Anna?" in m.text]

    # Bert says they did talk (Anna had not heard back yet): now they met.
    await bert.press_data(button(followup, "Yes, we talked"))
    await coach.send("/pairs")
    assert "1 paired → 1 met → 0 agreed" in coach.text() and "Anna ↔ Bert: met" in coach.text()
    await bert.press("Nothing agreed")
    assert "Noted: nothing agreed for now" in bert.text()
    await coach.send("/pairs")
    assert "Anna ↔ Bert: met, nothing agreed" in coach.text()
    [sheet] = await coach.press("All pairs as CSV")
    assert sheet.attachment is not None and b";met, nothing agreed;" in sheet.attachment.content
    # No nudge is planned for "nothing agreed"; something agreed later is recorded in /pairs.
    await bert.send("/pairs")
    assert "Status: met, nothing agreed" in bert.text()
    await bert.press("Record what we agreed")
    await bert.send("Anna visits the bakery")  # typed where a kind is asked: own words
    assert "Who will do it?" in bert.text()


async def test_it_is_not_going_to_happen_tells_the_coach_and_can_end_the_pair(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    _, anna, bert = await accepted(engine, store)
    await call_planned(store, bert, anna, "27-11 10:00", "Friday 27 November, 10:00")
    clock.set(datetime(2026, 11, 27, 11, 0, tzinfo=UTC))
    await engine.run_due()
    await drop_outbox(store)
    await bert.send("/pairs")
    await bert.press("It is not going to happen")
    assert "Your coach knows. What would you like" in bert.text()
    assert bert.labels() == ["📅 Plan a meeting", "End the pair"]
    assert [m.text for m in await outbox(store, 2000)] == [
        "Bert says the meeting with Anna is not going to happen."
    ]
    await bert.press("End the pair")
    assert "Do you want to end your pair with Anna?" in bert.text()
    await bert.send("No room at the bakery before summer")
    assert "Your reason: ‘No room at the bakery before summer’" in bert.text()
    await bert.press("Yes, I am sure")
    assert "Your pair has ended. Anna and your coach know." in bert.text()
    assert [m.text for m in await outbox(store, 3001)] == [
        "Bert has ended your pair. Your coach knows.\n"
        "Reason: ‘No room at the bakery before summer’\n"
        "Thank you for your time together!"
    ]
    assert [m.text for m in await outbox(store, 2000)] == [
        "Bert ended the pair with Anna. Reason: No room at the bakery before summer"
    ]
    await anna.send("/pairs")
    assert "not paired yet" in anna.text()
    await bert.send("/mydata")
    assert "Your reason to end the pair: No room at the bakery before summer" in bert.text()
