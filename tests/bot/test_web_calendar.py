"""The "Add to calendar" links: GET /calendar/<token>.ics on a real Starlette app gives the
latest version of the event's or meeting's file, for the side of the pair that reads it;
tampered, expired and unknown tokens, cancelled events and people who left get a 404."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from icalendar import Calendar
from starlette.applications import Starlette

from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Engine, Message
from bot.i18n import Translator
from bot.signed_links import LIFETIME, Signer
from bot.sqlite.store import SqliteStore
from bot.web_calendar import calendar_link, calendar_link_text, calendar_routes
from tests.helpers import (
    call_planned,
    coach_with_programme,
    joined,
    joined_buddy,
    outbox,
    pair_by_hand,
    plan,
)

SIGNER = Signer(b"s" * 32)


@pytest.fixture
async def web(
    store: SqliteStore, clock: FakeClock, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    translator = Translator(settings.zone, settings.locale)
    app = Starlette(routes=calendar_routes(store, SIGNER, clock, translator, settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://liftbot.test") as client:
        yield client


def calendar_of(messages: list[Message]) -> Message:
    found = [m for m in messages if m.calendar]
    assert len(found) == 1, [m.text for m in messages]
    return found[0]


async def fetch(web: httpx.AsyncClient, token: str) -> httpx.Response:
    return await web.get(calendar_link("https://liftbot.test/", token))


async def test_an_event_link_gives_its_latest_calendar_file(
    engine: Engine, store: SqliteStore, clock: FakeClock, web: httpx.AsyncClient
) -> None:
    coach = await coach_with_programme(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    await plan(coach, "24-11 19:00")
    invitation = [m for m in await outbox(store, 3001) if "Meet the employers" in m.text]
    yes = next(d for row in invitation[0].buttons for label, d in row if "Yes" in label)
    message = calendar_of(await anna.press_data(yes))
    assert message.calendar is not None and message.calendar.startswith("event:")
    assert message.attachment is not None and message.attachment.subject == message.calendar
    token = SIGNER.sign(message.calendar, clock.now())
    assert "event" not in token

    answer = await fetch(web, token)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    vevent = Calendar.from_ical(answer.content).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Meet the employers"
    first_start = vevent.decoded("DTSTART")

    # The coach moves it: the same link now gives the new time.
    event_id = int(message.calendar.split(":")[1])
    async with store.unit_of_work():
        event = await store.event(event_id)
        assert event is not None
        event.starts_at += timedelta(days=1)
        event.ends_at += timedelta(days=1)
        await store.save_event(event)
    moved = Calendar.from_ical((await fetch(web, token)).content).walk("VEVENT")[0]
    assert moved.decoded("DTSTART") - first_start == timedelta(days=1)

    async with store.unit_of_work():
        event.cancelled_at = clock.now()
        await store.save_event(event)
    assert (await fetch(web, token)).status_code == 404


async def test_a_meeting_link_is_written_for_the_side_that_reads_it(
    engine: Engine, store: SqliteStore, clock: FakeClock, web: httpx.AsyncClient
) -> None:
    coach = await coach_with_programme(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    await pair_by_hand(coach, "Anna", "Bert")
    card = await outbox(store, 4001)
    yes = next(d for m in card for row in m.buttons for label, d in row if "Yes, gladly" in label)
    await bert.press_data(yes)
    await outbox(store, 3001)
    await call_planned(store, bert, anna, "27-11 14:00", "Friday 27 November, 14:00")
    mine = calendar_of(anna.last.messages if anna.last else [])
    bert_gets = calendar_of(await outbox(store, 4001))
    assert mine.calendar and mine.calendar.endswith(":candidate")
    assert bert_gets.calendar and bert_gets.calendar.endswith(":buddy")

    for message, other in ((mine, "Bert"), (bert_gets, "Anna")):
        assert message.calendar is not None
        answer = await fetch(web, SIGNER.sign(message.calendar, clock.now()))
        assert answer.status_code == 200, message.calendar
        vevent = Calendar.from_ical(answer.content).walk("VEVENT")[0]
        assert str(vevent["SUMMARY"]) == f"LiftBot: meeting with {other}"
        # The same file as the one sent on a channel that can send files.
        assert message.attachment is not None
        sent = Calendar.from_ical(message.attachment.content).walk("VEVENT")[0]
        assert vevent.decoded("DTSTART") == sent.decoded("DTSTART")

    assert mine.calendar is not None
    token = SIGNER.sign(mine.calendar, clock.now())
    await anna.send("/forget")
    await anna.press("delete")
    assert (await fetch(web, token)).status_code == 404


async def test_tampered_expired_and_unknown_links_get_nothing(
    engine: Engine, store: SqliteStore, clock: FakeClock, web: httpx.AsyncClient
) -> None:
    coach = await coach_with_programme(engine)
    await joined(engine, coach, 3001, "Anna")
    await plan(coach, "24-11 19:00")
    async with store.unit_of_work():
        coach_person = await store.person_by_chat("test:2000")
        assert coach_person is not None
        events = await store.events_of_coach(coach_person.id, clock.now())
    subject = f"event:{events[0].id}"
    good = SIGNER.sign(subject, clock.now())
    assert (await fetch(web, good)).status_code == 200
    for token in (
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        Signer(b"t" * 32).sign(subject, clock.now()),
        SIGNER.sign("event:999", clock.now()),
        SIGNER.sign("meeting:999:buddy", clock.now()),
        SIGNER.sign("meeting:1:coach", clock.now()),
        SIGNER.sign("person:1", clock.now()),
        "nonsense",
    ):
        answer = await fetch(web, token)
        assert answer.status_code == 404, token
        assert "calendar" not in answer.headers["content-type"]
    assert (await web.get("/calendar/.ics")).status_code == 404
    assert (await web.post(calendar_link("", good))).status_code == 405
    clock.advance(LIFETIME)
    assert (await fetch(web, good)).status_code == 404


def test_the_text_that_goes_with_the_link(settings: Settings) -> None:
    translator = Translator(settings.zone, settings.locale)
    link = calendar_link("https://liftbot.example.nl", "abc.def")
    assert link == "https://liftbot.example.nl/calendar/abc.def.ics"
    assert calendar_link_text(translator, "nl", link) == (
        "Zet het in je agenda met deze link:\nhttps://liftbot.example.nl/calendar/abc.def.ics"
    )
    assert calendar_link_text(translator, "en", link).startswith("Add it to your calendar")
