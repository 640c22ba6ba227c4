"""Conversations stored before the flows' state was typed carry on after the upgrade.

Each row below is raw JSON exactly as LiftBot wrote it before (step names, data keys, the
Back trail), put straight into the SQLite file; the person then goes on through the
engine to the end. A renamed step or key would make the flow lose its place or the
answers given so far, and these tests fail.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.types import Role
from tests.helpers import Chat

COACH_ID, SEEKER_ID = 2000, 3001
# Halfway through /newevent: everything up to the duration is answered; the venue is next.
EVENT_DRAFT = (
    '{"draft": {"programme": %d, "kind": "meetup", "audience": "both",'
    ' "title": "Walk & Talk Breda", "starts_at": "2026-11-26T18:30:00+00:00",'
    ' "repeat": "once", "minutes": 90},'
    ' "_trail": ["programme", "kind", "audience", "title", "when", "when_ok", "repeat",'
    ' "duration"]}'
)
# Halfway through joining: name and work answered, Logistics ticked, "Done" not pressed yet.
INTAKE = (
    '{"mode": "onboarding", "_trail": ["ask:name", "ask:work_wanted"],'
    ' "picked": ["logistics"], "picked_for": "sectors"}'
)


async def _person(store: SqliteStore, user_id: int, role: Role, now: datetime) -> int:
    person = await store.create_person(
        chat_key=f"test:{user_id}",
        role=role,
        language="en",
        programme=None,
        invited_by=None,
        consent_at=now,
        now=now,
    )
    return person.id


async def _stored_row(
    store: SqliteStore, user_id: int, flow: str, step: str, data: str, now: datetime
) -> None:
    """A conversation row as the bot left it a week ago, in the columns' own format."""
    await store._db.execute(
        "INSERT INTO conversations (chat_key, flow, step, data, version, offered, updated_at)"
        ' VALUES (?, ?, ?, ?, 7, \'{"values": [], "typed": {}}\', ?)',
        (f"test:{user_id}", flow, step, data, (now - timedelta(days=7)).isoformat()),
    )


async def _coach_with_draft(store: SqliteStore, now: datetime) -> tuple[int, int]:
    """Carla, coach of a Walk & Talk programme, halfway through /newevent (ids: hers, its)."""
    async with store.unit_of_work():
        coach_id = await _person(store, COACH_ID, "coach", now)
        coach = await store.person(coach_id)
        assert coach is not None
        coach.name, coach.onboarded_at = "Carla", now
        await store.save_person(coach)
        programme = await store.create_programme(
            kind="walk_and_talk",
            name="Walk & Talk",
            municipality="Breda",
            coach_id=coach_id,
            now=now,
        )
        await _stored_row(store, COACH_ID, "newevent", "venue", EVENT_DRAFT % programme.id, now)
    return coach_id, programme.id


async def test_an_event_draft_stored_halfway_is_finished_after_the_upgrade(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    now = clock.now()
    coach_id, programme_id = await _coach_with_draft(store, now)
    carla = Chat(engine, COACH_ID)

    await carla.send("Bibliotheek Breda")
    assert "What is the address?" in carla.text()
    await carla.send("Kloosterplein 1, Breda")
    await carla.press("Skip")
    await carla.send("20")
    await carla.send("Bring good walking shoes")
    preview = carla.text()
    for shown in ("Walk & Talk Breda", "Bibliotheek Breda", "Places: 20", "walking shoes"):
        assert shown in preview
    await carla.press("Save")
    assert carla.text() == "Saved: Walk & Talk Breda. Invitations sent: 0."

    # What was answered before the upgrade is in the event as it was typed then.
    async with store.unit_of_work():
        [event] = await store.events_of_coach(coach_id, now)
    starts = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)
    assert (event.programme_id, event.kind, event.audience) == (programme_id, "meetup", "both")
    assert (event.starts_at, event.ends_at) == (starts, starts + timedelta(minutes=90))
    assert (event.venue_name, event.venue_address) == (
        "Bibliotheek Breda",
        "Kloosterplein 1, Breda",
    )
    assert (event.capacity, event.description) == (20, "Bring good walking shoes")


async def test_back_in_a_stored_draft_follows_the_steps_taken_before_the_upgrade(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    await _coach_with_draft(store, clock.now())
    carla = Chat(engine, COACH_ID)

    await carla.send("back")
    assert "How long does it last?" in carla.text()
    await carla.press("Back")
    assert "Does this meetup repeat?" in carla.text()
    await carla.press("Back")
    assert "I read: Thursday 26 November, 19:30. Is that right?" in carla.text()
    await carla.press("Yes")
    assert "Does this meetup repeat?" in carla.text()
    await carla.press("Just once")
    assert "How long does it last?" in carla.text()


async def test_an_intake_stored_halfway_is_finished_after_the_upgrade(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    now = clock.now()
    async with store.unit_of_work():
        seeker_id = await _person(store, SEEKER_ID, "candidate", now)
        seeker = await store.person(seeker_id)
        assert seeker is not None
        seeker.name, seeker.profile = "Anna", {"work_wanted": "Order picking"}
        await store.save_person(seeker)
        await _stored_row(store, SEEKER_ID, "intake", "ask:sectors", INTAKE, now)
    anna = Chat(engine, SEEKER_ID)

    # The sectors question again, with what she had ticked still ticked.
    await anna.send("hello")
    assert "Which sectors would you like to work in?" in anna.text()
    assert "✅ Logistics" in anna.labels()
    await anna.press("Done")
    assert "What are you good at?" in anna.text()
    await anna.send("I am always on time")
    await anna.press("Mon")
    await anna.press("Done")
    await anna.send("Breda")
    summary = anna.text()
    for shown in ("Anna", "Order picking", "Logistics", "I am always on time", "Mon", "Breda"):
        assert shown in summary
    await anna.press("All good")
    assert "Great, Anna! You are ready to start." in anna.text()

    async with store.unit_of_work():
        joined = await store.person(seeker_id)
    assert joined is not None and joined.onboarded_at == now
    assert joined.profile == {
        "work_wanted": "Order picking",
        "sectors": ["logistics"],
        "strengths": "I am always on time",
        "availability": ["mon"],
        "municipality": "Breda",
    }
