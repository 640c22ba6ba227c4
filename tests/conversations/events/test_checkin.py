"""Check-in with the QR code's deep link: open from an hour before the start until an hour
after the end, and refused kindly after that, with nobody marked present."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from tests.helpers import drop_outbox, joined, onboarded_coach, plan, say_yes

# "1-12 10:00" for two hours, in Amsterdam (UTC+1 in winter): it ends at 11:00 UTC.
ENDS = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


async def present(store: SqliteStore, code: str, user_id: int) -> bool:
    async with store.unit_of_work():
        event = await store.event_by_checkin(code)
        person = await store.person_by_chat(f"test:{user_id}")
        assert event is not None and person is not None
        rsvp = await store.rsvp(event.id, person.id)
        assert rsvp is not None and rsvp.state == "yes"
        return rsvp.present_at is not None


async def test_a_check_in_after_the_window_is_refused(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bram = await joined(engine, coach, 3002, "Bram")
    await drop_outbox(store)
    await plan(coach, "1-12 10:00", capacity="10")
    for person in (anna, bram):
        await say_yes(store, person)
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Check-in QR")
    found = re.search(r"\?start=(ci_[\w-]+)", coach.text())
    assert found is not None, coach.text()
    link = found[1]
    code = link.removeprefix("ci_")

    # Inside the window: an hour after the end, less a minute.
    clock.set(ENDS + timedelta(minutes=59))
    await bram.send(f"/start {link}")
    assert "Welcome, Bram! You are checked in for Meet the employers" in bram.text()
    assert await present(store, code, 3002)

    # An hour and a minute after the end: too late, and not marked present.
    clock.set(ENDS + timedelta(minutes=61))
    await anna.send(f"/start {link}")
    assert "Meet the employers is over; check-in is closed." in anna.text()
    assert "checked in" not in anna.text()
    assert not await present(store, code, 3001)
    await anna.send(f"/start {link}")  # trying again changes nothing
    assert "check-in is closed" in anna.text()
    assert not await present(store, code, 3001)

    await coach.send("/events")
    await coach.press("Meet the employers")
    assert "Present: 1" in coach.text()
