"""Flow tests: invites opened by people who already joined, group invites counted at their
limit, and the coach told about newcomers."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timedelta

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from tests.helpers import (
    ADMIN_ID,
    Chat,
    candidate_invite,
    drop_outbox,
    invite_token,
    joined,
    onboarded_coach,
    outbox,
)

ZOETERMEER = "In de Lift Zoetermeer"


def hash_token(token: str) -> str:
    """How a token is stored: only its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


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
