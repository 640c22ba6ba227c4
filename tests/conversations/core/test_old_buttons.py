"""Buttons and planned rows from before the features declared their names still work: the
raw data the previous release put in buttons ("ev:12:yes") and in `scheduled` rows
("reminder:120", "meeting:7") is pressed and run through the engine, on real records in
a real database, and the person sees what the right handler says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.records import (
    Agreement,
    Broadcast,
    CvReview,
    Event,
    Meeting,
    Pair,
    Person,
    Recipient,
)
from conversations.core.types import Role
from tests.helpers import START, Chat, outbox

COACH, ANNA, ALI, BERT, BAS = 2000, 3001, 3002, 4001, 4002


@dataclass
class World:
    """The records old buttons and rows name, by what they stand for."""

    ids: dict[str, int]

    def fill(self, template: str) -> str:
        return template.format(**self.ids)


async def _person(
    store: SqliteStore, user_id: int, role: Role, name: str, coach: int | None
) -> Person:
    person = await store.create_person(
        chat_key=f"test:{user_id}",
        role=role,
        language="en",
        programme=None,
        invited_by=coach,
        consent_at=START,
        now=START,
    )
    person.name, person.onboarded_at = name, START
    person.profile = {"company": "Bakkerij Bert"} if role == "buddy" else {}
    await store.save_person(person)
    return person


def _event(programme_id: int, title: str, starts: timedelta, code: str) -> Event:
    return Event(
        id=0,
        programme_id=programme_id,
        kind="main",
        title=title,
        starts_at=START + starts,
        ends_at=START + starts + timedelta(hours=2),
        venue_name="De Bieb",
        venue_address=None,
        latitude=None,
        longitude=None,
        capacity=20,
        description=None,
        checkin_code=code,
        created_at=START - timedelta(days=10),
    )


@pytest.fixture
async def world(store: SqliteStore) -> World:
    """A coach, two job seekers and two buddies in an In de Lift programme: an event to
    come and one that was, an accepted pair with meetings and agreements, a proposed pair,
    a CV check waiting for the coach and a broadcast being sent."""
    async with store.unit_of_work():
        coach = await _person(store, COACH, "coach", "Carla", None)
        anna = await _person(store, ANNA, "candidate", "Anna", coach.id)
        ali = await _person(store, ALI, "candidate", "Ali", coach.id)
        bert = await _person(store, BERT, "buddy", "Bert", coach.id)
        bas = await _person(store, BAS, "buddy", "Bas", coach.id)
        programme = await store.create_programme(
            kind="in_de_lift",
            name="In de Lift Delft",
            municipality=None,
            coach_id=coach.id,
            now=START,
        )
        for someone in (anna, ali, bert, bas):
            await store.add_member(programme.id, someone.id, START)
        coming = await store.create_event(
            _event(programme.id, "Meet the employers", timedelta(days=3), "c1")
        )
        await store.invite_to_event(coming.id, [anna.id])
        rsvp = await store.rsvp(coming.id, anna.id)
        assert rsvp is not None
        rsvp.state = "maybe"
        await store.save_rsvp(rsvp)
        was = await store.create_event(_event(programme.id, "Kick-off", -timedelta(days=1), "c2"))
        await store.invite_to_event(was.id, [anna.id, bert.id])
        for person_id in (anna.id, bert.id):
            rsvp = await store.rsvp(was.id, person_id)
            assert rsvp is not None
            rsvp.state, rsvp.present_at = "yes", was.starts_at
            await store.save_rsvp(rsvp)
        pair = await store.create_pair(
            Pair(0, programme.id, "in_de_lift", anna.id, bert.id, coach.id, "accepted", START)
        )
        proposed = await store.create_pair(
            Pair(0, programme.id, "in_de_lift", ali.id, bas.id, coach.id, "proposed", START)
        )
        assert pair is not None and proposed is not None
        times = await store.create_meeting(
            Meeting(0, pair.id, "proposed", START, slots=[START + timedelta(days=2, hours=5)])
        )
        held = await store.create_meeting(
            Meeting(
                0,
                pair.id,
                "planned",
                START - timedelta(days=2),
                starts_at=START - timedelta(days=1),
            )
        )
        coming_meeting = await store.create_meeting(
            Meeting(0, pair.id, "planned", START, starts_at=START + timedelta(days=4))
        )
        due = date(2026, 12, 4)
        unconfirmed = await store.create_agreement(
            Agreement(0, pair.id, "interview", "candidate", due, bert.id, START)
        )
        confirmed = await store.create_agreement(
            Agreement(
                0, pair.id, "introduction", "candidate", due, bert.id, START, state="confirmed"
            )
        )
        review = await store.create_cv_review(
            CvReview(0, anna.id, coach.id, "document", "cv-file", START)
        )
        broadcast = await store.create_broadcast(
            Broadcast(0, coach.id, f"prog:{programme.id}", {"en": "Hello"}, "sending", START),
            [Recipient(anna.id, "test:3001", "en")],
        )
    return World(
        {
            "anna": anna.id,
            "coming": coming.id,
            "was": was.id,
            "pair": pair.id,
            "proposed": proposed.id,
            "times": times.id,
            "held": held.id,
            "coming_meeting": coming_meeting.id,
            "unconfirmed": unconfirmed.id,
            "confirmed": confirmed.id,
            "review": review.id,
            "broadcast": broadcast.id,
        }
    )


# Who presses, the data as the previous release sent it, and what they then see.
PRESSES = [
    (ANNA, "ev:{coming}:yes", "Great that you are coming!"),
    (ANNA, "rt:{was}:5", "Anything you want to add?"),
    (COACH, "cv:{review}:review", "Type two tips"),
    (BAS, "pr:{proposed}:acc", "Now plan a moment with Ali"),
    (BERT, "mt:{pair}:plan", "You already have a meeting"),
    (ANNA, "mt:{pair}:end", "end your pair with Bert"),
    (ANNA, "ms:{times}:0", "Agreed with Bert"),
    (ANNA, "mm:{times}:cancel", "cancel the proposed times with Bert"),
    (ANNA, "tk:{held}:yes", "Good to hear!"),
    (BERT, "af:{held}:new", "What did you agree?"),
    (ANNA, "ag:{unconfirmed}:yes", "Confirmed:"),
    (ANNA, "ng:{confirmed}:done", "noted as done"),
    (ANNA, "r2:{was}:pick", "Tap who you would like to talk to further"),
    (COACH, "bc:{broadcast}:pause", "Paused."),
    (ANNA, "rl:{pair}:write", "Type your message to Bert"),
    (COACH, "wr:{anna}:to", "Type your message to Anna"),
]


@pytest.mark.parametrize(("user_id", "data", "seen"), PRESSES, ids=[p[1][:2] for p in PRESSES])
async def test_a_button_sent_by_the_previous_release_still_works(
    engine: Engine, world: World, user_id: int, data: str, seen: str
) -> None:
    chat = Chat(engine, user_id)
    await chat.press_data(world.fill(data))
    assert chat.last is not None and chat.last.button_status == "ok"
    assert seen in chat.text()


async def test_a_menu_button_of_the_previous_release_still_runs_its_command(
    engine: Engine, store: SqliteStore, world: World
) -> None:
    anna = Chat(engine, ANNA)
    await anna.send("/menu")
    conv = await store.conversation(f"test:{ANNA}")
    assert conv is not None
    await anna.press_data(f"v{conv.version}:cmd:events")
    assert "Meet the employers" in anna.text()


# The row as the previous release planned it (kind, and the record it is about: an event
# or a subject), whose outbox it lands in, and what that person reads.
PLANNED = [
    ("reminder:120", "event:{coming}", ANNA, "Meet the employers"),
    ("prep_nudge", "event:{coming}", ANNA, "send /prepare"),
    ("evaluation", "event:{was}", ANNA, "How was Kick-off?"),
    ("round_two", "event:{was}", ANNA, "Round two"),
    ("meeting_reminder:day", "meeting:{coming_meeting}", ANNA, "your meeting with Bert"),
    ("meeting_reminder:2h", "meeting:{coming_meeting}", ANNA, "your meeting with Bert"),
    ("meeting_followup", "meeting:{held}", ANNA, "Did you talk with Bert?"),
    ("nudge:before", "agreement:{confirmed}", ANNA, "Just checking"),
    ("nudge:due", "agreement:{confirmed}", ANNA, "Just checking"),
    ("nudge:again", "agreement:{confirmed}", ANNA, "Just checking"),
]


@pytest.mark.parametrize(("kind", "about", "user_id", "seen"), PLANNED, ids=[p[0] for p in PLANNED])
async def test_a_row_planned_by_the_previous_release_still_goes_out(
    engine: Engine,
    store: SqliteStore,
    clock: FakeClock,
    world: World,
    kind: str,
    about: str,
    user_id: int,
    seen: str,
) -> None:
    due = START + timedelta(minutes=5)
    record, _, ident = world.fill(about).partition(":")
    async with store.unit_of_work():
        person = await store.person_by_chat(f"test:{user_id}")
        assert person is not None
        if record == "event":
            await store.schedule(kind, person.id, int(ident), due)
        else:
            await store.schedule_about(kind, person.id, f"{record}:{ident}", due)
    clock.advance(timedelta(minutes=10))
    assert await engine.run_due() == 1
    sent = "\n".join(m.text for m in await outbox(store, user_id))
    assert seen in sent
