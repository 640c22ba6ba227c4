"""Flow tests: meetings for job seekers, employers or both: who is invited, who may answer,
the waitlist when the audience narrows, and the counts per role in the event overview."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.engine import Engine
from bot.sqlite.migrations import MIGRATIONS
from bot.sqlite.store import SqliteStore
from tests.helpers import button, drop_outbox, joined, joined_buddy, onboarded_coach, outbox, plan


async def person_id(store: SqliteStore, user_id: int) -> int:
    async with store.unit_of_work():
        person = await store.person_by_chat(f"test:{user_id}")
    assert person is not None
    return person.id


async def test_a_buddy_cannot_answer_a_job_seekers_meeting_by_forged_data(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    await joined(engine, coach, 3601, "Anna")
    bert = await joined_buddy(engine, coach, 3602, "Bert", "Someone for the early shift")
    await drop_outbox(store)
    await plan(coach, "10-12 10:00", kind="Preparation 1")
    assert "Invitations sent: 1." in coach.text()
    assert await outbox(store, 3602) == []  # the buddy in the same programme: nothing
    yes = button(await outbox(store, 3601), "Yes")

    for forged in (yes, yes.replace(":yes", ":maybe")):
        await bert.press_data(forged)
        assert "is for job seekers only, so you cannot take a place" in bert.text()
        assert "cannot use that button" not in bert.text()
    event_id, bert_id = int(yes.split(":")[1]), await person_id(store, 3602)
    async with store.unit_of_work():
        assert await store.rsvp(event_id, bert_id) is None
        assert [r.state for r in await store.rsvps(event_id)] == ["invited"]

    await coach.send("/events")
    await coach.press("Meet the employers")
    assert "🎯 For: job seekers only" in coach.text()
    assert "✅ Yes: 0 of 2\n" in coach.text() and "(job seekers" not in coach.text()
    # A message to everyone invited to it reaches the job seeker only.
    await coach.send("/broadcast")
    await coach.press("meeting")
    await coach.press("Meet the employers")
    await coach.press("Everyone invited")
    await coach.send("See you there!")
    await coach.press("Send as it is")
    assert "This goes to 1 person" in coach.text()


async def test_narrowing_a_meeting_to_job_seekers_and_the_waitlist_keeps_the_role(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3611, "Anna")
    bert = await joined_buddy(engine, coach, 3612, "Bert", "Someone for the early shift")
    carl = await joined(engine, coach, 3613, "Carl")
    await drop_outbox(store)
    await plan(coach, "10-12 10:00", capacity="1")
    assert "Invitations sent: 3." in coach.text()
    answers = {chat: await outbox(store, chat.user_id) for chat in (anna, bert, carl)}
    await anna.press_data(button(answers[anna], "Yes"))
    await bert.press_data(button(answers[bert], "Yes"))
    assert "waitlist, place 1" in bert.text()
    await carl.press_data(button(answers[carl], "Yes"))
    assert "waitlist, place 2" in carl.text()

    await coach.send("/events")
    await coach.press("Meet the employers")
    assert "⏳ Waitlist: 2 (job seekers 1, employers 1)" in coach.text()
    await coach.press("Change")
    await coach.press("Who it is for")
    assert "Now: job seekers and employers" in coach.text()
    await coach.press("Job seekers only")
    assert "Saved: Meet the employers is now for job seekers only." in coach.text()
    assert "1 person is no longer on the list" in coach.text()
    told = await outbox(store, 3612)
    assert len(told) == 1 and "is now for job seekers only" in told[0].text

    # A place comes free: the job seeker behind the buddy moves up, never the buddy.
    await anna.press_data(button(answers[anna], "No"))
    promoted = await outbox(store, 3613)
    assert any("a place came free" in m.text for m in promoted)
    await bert.press_data(button(answers[bert], "Yes"))
    assert "is for job seekers only" in bert.text()
    event_id = int(button(answers[bert], "Yes").split(":")[1])
    bert_id = await person_id(store, 3612)
    async with store.unit_of_work():
        assert await store.rsvp(event_id, bert_id) is None


async def test_a_weekly_meetup_for_job_seekers_invites_no_buddy_to_its_dates(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    await joined(engine, coach, 3621, "Anna")
    await joined_buddy(engine, coach, 3622, "Bert", "Someone for the early shift")
    await drop_outbox(store)
    await plan(
        coach, "26-11 19:00", kind="Meetup", repeat="Every Thursday", audience="Job seekers only"
    )
    assert "Invitations sent: 1." in coach.text()
    dates = [m for m in await outbox(store, 3621) if "You are invited" in m.text]
    assert len(dates) >= 8  # two months of Thursdays
    assert await outbox(store, 3622) == []


async def test_counts_in_the_event_overview_show_job_seekers_and_employers_apart(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3651, "Anna")
    bert = await joined_buddy(engine, coach, 3652, "Bert", "Someone for the early shift")
    carl = await joined(engine, coach, 3653, "Carl")
    await drop_outbox(store)
    await plan(coach, "10-12 10:00", capacity="12")
    await anna.press_data(button(await outbox(store, 3651), "Yes"))
    await bert.press_data(button(await outbox(store, 3652), "Yes"))
    await carl.press_data(button(await outbox(store, 3653), "Maybe"))

    await coach.send("/events")
    await coach.press("Meet the employers")
    overview = coach.text()
    assert "🎯 For: job seekers and employers" in overview
    assert "✅ Yes: 2 of 12 (job seekers 1, employers 1)" in overview
    assert "🤔 Maybe: 1 (job seekers 1, employers 0)" in overview
    assert "⏳ Waitlist: 0 (job seekers 0, employers 0)" in overview
    assert "❌ No: 0 (job seekers 0, employers 0)" in overview
    assert "🙋 Present: 0 (job seekers 0, employers 0)" in overview
    await coach.press("People")
    assert "• Bert (employer): coming" in coach.text()
    assert "• Anna (job seeker): coming" in coach.text()
    await coach.press("Back")
    sheet = (await coach.press("CSV"))[-1].attachment
    assert sheet is not None
    lines = sheet.content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("Bert;Employer (buddy);coming") for line in lines)


async def test_the_migration_makes_preparation_meetings_for_job_seekers(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for version, script in enumerate(MIGRATIONS[:11], start=1):
        db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;")
    now = "2026-11-23T09:00:00+00:00"
    db.execute(
        "INSERT INTO people (id, chat_key, role, created_at) VALUES (1, 'tg:1', 'coach', ?)",
        (now,),
    )
    db.execute(
        "INSERT INTO programmes (id, kind, name, coach_id, created_at)"
        " VALUES (1, 'in_de_lift', 'Lift', 1, ?)",
        (now,),
    )
    for event_id, kind in enumerate(("prep1", "prep3", "main", "meetup"), start=1):
        db.execute(
            "INSERT INTO events (id, programme_id, kind, title, starts_at, ends_at, venue_name,"
            " capacity, checkin_code, created_at) VALUES (?, 1, ?, 'x', ?, ?, 'v', 5, ?, ?)",
            (event_id, kind, now, now, f"code{event_id}", now),
        )
    db.execute(
        "INSERT INTO invites (token_hash, role, created_at, expires_at, used_at)"
        " VALUES ('h', 'candidate', ?, ?, ?)",
        (now, now, now),
    )
    db.commit()
    db.close()

    store = await SqliteStore.open(path)
    try:
        async with store.unit_of_work():
            audiences = [(await store.event(n)).audience for n in range(1, 5)]  # type: ignore[union-attr]
            used = await store.invite_by_hash("h")
    finally:
        await store.close()
    assert audiences == ["candidate", "candidate", "both", "both"]
    assert used is not None and used.uses == 1 and used.max_uses is None
