"""/forget erases every byte about a person and tells the others what changed; /mydata shows
all of it. Flow tests through the engine with a fake clock and the real SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine, Message
from bot.sqlite.store import SqliteStore
from conversations.core.records import Event
from conversations.core.types import FileRef, Incoming
from tests.helpers import (
    WORDS,
    Chat,
    button,
    distinctive_candidate,
    drop_outbox,
    invite_token,
    joined_buddy,
    journey,
    onboarded_coach,
    outbox,
    pair_by_hand,
    plan,
    start_programme,
    stored,
)


def left_over(engine: Engine) -> list[str]:
    data = stored(engine.settings.database)
    return [word for word in WORDS.values() if word.encode() in data]


async def accept(store: SqliteStore, buddy: Chat) -> None:
    card = [m for m in await outbox(store, buddy.user_id) if m.buttons]
    await buddy.press_data(button(card, "Yes, gladly"))


async def pending(store: SqliteStore, user_id: int) -> list[Message]:
    """What waits in the outbox for someone, without taking it."""
    async with store.unit_of_work():
        rows = [r for r in await store.pending_outbox("test", 10_000)]
    return [
        Message.from_row(json.loads(r["message"]), r["attachment"])
        for r in rows
        if r["chat_key"] == f"test:{user_id}"
    ]


async def test_forget_leaves_no_byte_of_her_words_in_the_database_files(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    trip = await journey(engine, store, clock)
    assert left_over(engine) == list(WORDS.values())  # all of it is stored before
    waiting = await pending(store, 4001)
    ics = [m.attachment for m in waiting if m.attachment is not None]
    assert ics and f"LiftBot: meeting with {WORDS['name']}".encode() in ics[0].content
    assert any(f"{WORDS['name']} reports: done!" in m.text for m in waiting)
    request = await pending(store, 2000)
    assert any("asks for a CV check" in m.text for m in request)

    await trip.seeker.send("/forget")
    assert "Your pair with Bert (In de Lift Zoetermeer) ends" in trip.seeker.text()
    await trip.seeker.press("Yes, delete")
    assert "deleted all your personal data" in trip.seeker.text()

    assert left_over(engine) == []
    # What waited about her is gone; what is left tells the others, without her name.
    assert [m.text for m in await pending(store, 4001)] == [
        "Your pair in In de Lift Zoetermeer has ended: the job seeker left LiftBot. "
        "Your coach knows."
    ]
    assert [m.text for m in await pending(store, 2000)] == [
        "A job seeker paired with Bert (In de Lift Zoetermeer) has left LiftBot; their data "
        "is erased and the pair has ended."
    ]
    await trip.seeker.send("/mydata")
    assert "not stored anything" in trip.seeker.text()
    # The coach had the CV request on screen: its button now says she left.
    await trip.coach.press_data(button(request, "Give tips and tops"))
    assert trip.coach.text() == "This job seeker has left. Nothing was sent."


async def test_the_other_side_and_the_coach_are_told_and_nothing_about_her_comes_later(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    seeker = await distinctive_candidate(engine, coach, 3001)
    mo = await distinctive_candidate(engine, coach, 3002, "Mo")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await plan(coach, "10-12 19:00", capacity="1")
    for chat in (seeker, mo):
        invitation = [m for m in await outbox(store, chat.user_id) if "You are invited" in m.text]
        await chat.press_data(button(invitation, "Yes"))
    assert "waitlist, place 1" in mo.text()
    await pair_by_hand(coach, WORDS["name"], "Bert")
    card = [m for m in await outbox(store, 4001) if m.buttons]
    await bert.press_data(button(card, "Yes, gladly"))
    plan_data = bert.button("Plan a meeting")
    await bert.press("Plan a meeting")
    await bert.send("Bakkerij Bert, Markt 3")
    await bert.send("1-12 10:00")
    await bert.press("Send")
    await seeker.press_data(button(await outbox(store, 3001), "Tuesday 1 December, 10:00"))
    await drop_outbox(store)

    await seeker.send("/forget")
    question = seeker.text()
    assert "Your pair with Bert (In de Lift Zoetermeer) ends" in question
    assert "Your place at 1 meeting goes to someone on the waitlist" in question
    await seeker.press("Yes, delete")

    told = [m.text for m in await outbox(store, 4001)]
    assert told == [
        "Your pair in In de Lift Zoetermeer has ended: the job seeker left LiftBot. "
        "Your coach knows."
    ]
    assert any("a place came free" in m.text for m in await outbox(store, 3002))
    assert [m.text for m in await outbox(store, 2000)] == [
        "A job seeker paired with Bert (In de Lift Zoetermeer) has left LiftBot; their data "
        "is erased and the pair has ended."
    ]
    await coach.send("/pairs")
    assert "someone who left ↔ Bert: ended" in coach.text()
    assert "0 paired" in coach.text() and WORDS["name"] not in coach.text()
    # Bert's buttons for the pair: a kind answer, not a refusal.
    await bert.press_data(plan_data)
    assert "This pair has ended." in bert.text()
    assert bert.last is not None and bert.last.button_status == "ok"
    await bert.press_data(button(card, "Yes, gladly"))
    assert "This pair has ended." in bert.text()
    await bert.send("/pairs")
    assert "not paired" in bert.text()

    # The meeting's reminders and follow-up were planned for Bert: none comes.
    for day, hour in ((30, 15), (1, 7), (1, 12), (9, 12)):
        clock.set(datetime(2026, 12 if day < 30 else 11, day, hour, 0, tzinfo=UTC))
        await engine.run_due()
    assert await outbox(store, 4001) == []
    assert await outbox(store, 2000) == []


async def test_a_buddy_who_leaves_gives_back_the_cv_check_and_ends_the_pair(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    seeker = await distinctive_candidate(engine, coach, 3001)
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await pair_by_hand(coach, WORDS["name"], "Bert")
    await accept(store, bert)
    await seeker.send("/cv")
    await seeker.press("your buddy")
    cv = FileRef("document", "console:cv.pdf", "application/pdf", 1000)
    seeker.last = await engine.handle("test", 3001, Incoming("file", file=cv), "en")
    await drop_outbox(store)

    await bert.send("/forget")
    question = bert.text()
    assert f"Your pair with {WORDS['name']} (In de Lift Zoetermeer) ends" in question
    assert "1 CV check waits for you: it goes back to the job seeker" in question
    await bert.press("Yes, delete")
    told = [m.text for m in await outbox(store, 3001)]
    assert "the employer left LiftBot. That is not because of you." in told[0]
    assert "Send your CV again with /cv" in told[1]
    assert [m.text for m in await outbox(store, 2000)] == [
        f"An employer paired with {WORDS['name']} (In de Lift Zoetermeer) has left LiftBot; "
        f"their data is erased and the pair has ended. You can pair {WORDS['name']} again "
        "with /pair."
    ]
    await seeker.send("/cv")  # only the coach is left to ask
    assert "Carla will give you two tips and two tops" in seeker.text()


async def test_a_coach_who_leaves_hands_programmes_to_the_admin_for_another_coach(
    engine: Engine, store: SqliteStore
) -> None:
    admin = Chat(engine, 1000)
    await admin.send("/start")
    carla = await onboarded_coach(engine)
    seeker = await distinctive_candidate(engine, carla, 3001)
    bert = await joined_buddy(engine, carla, 4001, "Bert", "Someone for the warehouse")
    await plan(carla, "10-12 19:00")
    await pair_by_hand(carla, WORDS["name"], "Bert")
    await accept(store, bert)
    dora = Chat(engine, 2001)
    await dora.send(f"/start {await admin_invite(admin)}")
    await dora.press("Yes")
    await dora.press("English")
    await dora.send("Dora")
    await dora.send("Werkplein")
    await dora.press("All good")
    await drop_outbox(store)

    await carla.send("/forget")
    question = carla.text()
    assert "Your programmes go to the admin, who hands them over to another coach: In de Lift" in (
        question
    )
    assert (
        "1 upcoming meeting goes on as planned; the people in it keep their place: Meet the "
        "employers (Thursday 10 December, 19:00)."
    ) in question
    assert f"1 pair stays together and gets the new coach: {WORDS['name']} ↔ Bert." in question
    await carla.press("Yes, delete")
    note = [m.text for m in await outbox(store, 1000)]
    assert note == [
        "A coach has left LiftBot. These programmes now wait for a new coach: In de Lift "
        "Zoetermeer. Their meetings go on as planned. Hand them over with /handover."
    ]
    await admin.send("/start")  # an admin who comes back later sees it too
    assert "These programmes wait for a new coach" in admin.text()
    assert ("handover", "Hand over programmes of a coach who left") in (
        engine.commands("admin", "en")
    )

    await admin.send("/handover")
    await admin.press("In de Lift Zoetermeer")
    assert "Who becomes the coach of In de Lift Zoetermeer" in admin.text()
    await admin.press("Dora")
    assert "Done: Dora is now the coach of In de Lift Zoetermeer" in admin.text()
    assert [m.text for m in await outbox(store, 2001)] == [
        "You are now the coach of In de Lift Zoetermeer (In de Lift), with 1 upcoming meeting "
        "and 1 open pair. Its previous coach left LiftBot. See /events and /pairs."
    ]
    await dora.send("/events")
    assert "Meet the employers" in " ".join(dora.labels())
    await dora.send("/pairs")
    assert f"{WORDS['name']} ↔ Bert: accepted" in dora.text()
    await seeker.send("/cv")  # her coach is Dora now
    assert seeker.labels() == ["Dora, your coach", "Bert, your buddy"]
    await admin.send("/handover")
    assert "nothing to hand over" in admin.text()


async def admin_invite(admin: Chat) -> str:
    return invite_token(await admin.send("/invite"))


async def test_a_coach_with_many_meetings_sees_the_first_and_a_count(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    await start_programme(coach, "JobOn", "JobOn Delft", "Delft")
    async with store.unit_of_work():
        person = await store.person_by_chat("test:2000")
        assert person is not None
        programme = (await store.programmes_of_coach(person.id))[0]
        for day in range(1, 8):
            start = datetime(2026, 12, day, 9, 0, tzinfo=UTC)
            await store.create_event(
                Event(
                    0, programme.id, "meetup", f"JobOn {day}", start, start, "Library",
                    None, None, None, 20, None, f"code{day}", start,
                )
            )  # fmt: skip
    await coach.send("/forget")
    assert (
        "7 upcoming meetings go on as planned; the people in them keep their place: JobOn 1 "
        "(Tuesday 1 December, 10:00), JobOn 2 (Wednesday 2 December, 10:00), JobOn 3 (Thursday "
        "3 December, 10:00), JobOn 4 (Friday 4 December, 10:00), JobOn 5 (Saturday 5 December, "
        "10:00), and 2 more meetings."
    ) in coach.text()


async def test_a_coach_halfway_through_suggestions_keeps_no_reasons_about_her(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    seeker = await distinctive_candidate(engine, coach, 3001)
    await joined_buddy(engine, coach, 4001, "Bert", f"A {WORDS['work']} for the mornings")
    await coach.send("/pair")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Suggestions")
    assert f"‘{WORDS['work'].casefold()}’" in coach.text()
    await seeker.send("/forget")
    await seeker.press("Yes, delete")

    await coach.send("hello?")  # the suggestion is shown again
    assert "Suggestion 1 of 1" in coach.text() and "someone who left" in coach.text()
    assert WORDS["work"].casefold() not in coach.text()
    assert "no clear match" in coach.text()
    await coach.press("Pair them")
    assert "I cannot make this pair" in coach.text()
