"""Flow tests: invites opened by people who already joined, group invites counted at their
limit, the coach told about newcomers, and meetings for job seekers, employers or both."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.migrations import MIGRATIONS
from bot.sqlite.store import SqliteStore
from tests.conftest import ADMIN_ID, Chat, drop_outbox, invite_token, outbox
from tests.conversations.events.test_event_flows import joined, plan
from tests.conversations.joining.test_journey import candidate_invite, onboarded_coach
from tests.conversations.pairs.test_pairs_flows import button, joined_buddy

ZOETERMEER = "In de Lift Zoetermeer"


def hash_token(token: str) -> str:
    """How a token is stored: only its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


async def person_id(store: SqliteStore, user_id: int) -> int:
    async with store.unit_of_work():
        person = await store.person_by_chat(f"test:{user_id}")
    assert person is not None
    return person.id


async def invite_used_at(store: SqliteStore, token: str) -> datetime | None:
    async with store.unit_of_work():
        invite = await store.invite_by_hash(hash_token(token))
    assert invite is not None
    return invite.used_at


async def group_link(coach: Chat, limit: str) -> str:
    await coach.send("/invite")
    await coach.press("For a group")
    await coach.press("Job seekers")
    await coach.press(ZOETERMEER)
    await coach.send(limit)
    return invite_token(await coach.press("Until"))


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


async def test_each_invite_that_adds_nothing_gets_its_own_true_reply(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3631, "Anna")

    await anna.send("/start not-a-real-token-at-all-xyz")
    assert "does not work" in anna.text() and "stays valid" not in anna.text()

    taken = await candidate_invite(coach)
    other = Chat(engine, 3632)
    await other.send(f"/start {taken}")
    await other.press("Yes")
    await anna.send(f"/start {taken}")
    assert "already been used" in anna.text() and "stays valid" not in anna.text()

    late = await candidate_invite(coach)
    clock.advance(timedelta(days=15))
    await anna.send(f"/start {late}")
    assert "has expired" in anna.text() and "stays valid" not in anna.text()

    # An employer's invite: not hers, and not used up by opening it.
    await coach.send("/invite")
    await coach.press("Employer")
    for_bert = invite_token(await coach.press(ZOETERMEER))
    await anna.send(f"/start {for_bert}")
    assert "This invite is for an employer (buddy)" in anna.text()
    assert "It stays valid for whoever it was made for" in anna.text()
    assert await invite_used_at(store, for_bert) is None
    bert = Chat(engine, 3633)
    await bert.send(f"/start {for_bert}")
    assert "invited as an employer" in bert.text()

    no_programme = await candidate_invite(coach, None)
    await anna.send(f"/start {no_programme}")
    assert "this invite is not for a programme" in anna.text()
    assert await invite_used_at(store, no_programme) is None

    again = await candidate_invite(coach)
    await anna.send(f"/start {again}")
    assert "You are already in In de Lift Zoetermeer (In de Lift)" in anna.text()
    assert await invite_used_at(store, again) is None

    # A coach's own group link is not for the coach either; an admin hears the truth too.
    link = await group_link(coach, "5")
    await coach.send(f"/start {link}")
    assert "This invite is for a job seeker" in coach.text()
    admin = Chat(engine, ADMIN_ID)
    await admin.send("/start not-a-real-token-at-all-xyz")
    assert "does not work" in admin.text() and "stays valid" not in admin.text()
    await admin.send(f"/start {again}")
    assert "You are an admin" in admin.text() and "stays valid for someone else" in admin.text()


async def test_the_coach_hears_who_joined_in_their_own_language(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    token = await candidate_invite(coach)
    await coach.send("/invite")
    await coach.press("Employer")
    buddy_token = invite_token(await coach.press("No programme"))
    second = await candidate_invite(coach)
    await coach.send("/language")
    await coach.press("Nederlands")
    await drop_outbox(store)

    anna = Chat(engine, 3641)
    await anna.send(f"/start {token}")
    await anna.press("Yes")
    await anna.press("English")
    await anna.send("Anna")
    assert await outbox(store, 2000) == []  # not before the intake is done
    await anna.send("Warehouse")
    await anna.press("Logistics")
    await anna.press("Done")
    await anna.send("Planning")
    await anna.press("Mon")
    await anna.press("Done")
    await anna.send("Zoetermeer")
    await anna.press("All good")
    told = [m.text for m in await outbox(store, 2000)]
    assert told == ["🆕 Anna doet nu mee met In de Lift Zoetermeer, als werkzoekende."]

    bert = Chat(engine, 3642)
    await bert.send(f"/start {buddy_token}")
    await bert.press("Yes")
    await bert.press("English")
    for answer in ("Bert", "Bert BV", "Someone for the early shift"):
        await bert.send(answer)
    await bert.press("Logistics")
    await bert.send("Zoetermeer")
    await bert.press("Coffee")
    await bert.press("All good")
    told = [m.text for m in await outbox(store, 2000)]
    assert told == [
        "🆕 Bert doet nu mee als werkgever (buddy), met jouw uitnodiging zonder programma."
    ]

    # Someone who leaves before the coach got the news takes the news back.
    carl = Chat(engine, 3643)
    await carl.send(f"/start {second}")
    await carl.press("Yes")
    await carl.press("English")
    for answer in ("Carl", "Cook"):
        await carl.send(answer)
    await carl.press("Hospitality")
    await carl.press("Done")
    await carl.send("Cooking")
    await carl.press("Tue")
    await carl.press("Done")
    await carl.send("Delft")
    await carl.press("All good")
    await carl.send("/forget")
    await carl.press("Yes, delete")
    assert await outbox(store, 2000) == []


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


async def test_a_group_invite_is_counted_at_its_limit_also_for_two_at_once(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    await candidate_invite(coach)  # makes the programme
    link = await group_link(coach, "2")
    first, second, third = Chat(engine, 3661), Chat(engine, 3662), Chat(engine, 3663)
    await first.send(f"/start {link}")
    await first.press("Yes")
    # Two people read the consent at the same time; one place is left.
    await second.send(f"/start {link}")
    await third.send(f"/start {link}")
    yes_second, yes_third = second.button("Yes"), third.button("Yes")
    await asyncio.gather(second.press_data(yes_second), third.press_data(yes_third))
    answers = [second.text(), third.text()]
    assert sum("Which language" in a for a in answers) == 1
    assert sum("used by as many people as it allows" in a for a in answers) == 1
    async with store.unit_of_work():
        invite = await store.invite_by_hash(hash_token(link))
        assert invite is not None and invite.uses == 2 and invite.used_at is None
        assert await store.count_people() == 4  # the admin, the coach and two job seekers

    await coach.send("/mydata")
    assert "Group links created: 1, with 2 sign-ups in all" in coach.text()


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


async def test_an_invite_used_up_counts_once_in_storage(store: SqliteStore) -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    async with store.unit_of_work():
        invite = await store.create_invite(
            token_hash="g" * 64,
            role="candidate",
            programme=None,
            programme_id=None,
            created_by=None,
            now=now,
            expires_at=now + timedelta(days=1),
            max_uses=2,
        )
        assert await store.use_invite(invite.id, None, now) is True
        assert await store.use_invite(invite.id, None, now) is True
        assert await store.use_invite(invite.id, None, now) is False
        found = await store.invite(invite.id)
        assert found is not None and found.uses == 2
        late = await store.create_invite(
            token_hash="l" * 64,
            role="candidate",
            programme=None,
            programme_id=None,
            created_by=None,
            now=now,
            expires_at=now + timedelta(days=1),
            max_uses=5,
        )
        assert await store.use_invite(late.id, None, now + timedelta(days=1)) is False
