"""People and the invites that bring them in."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import Backend
from conversations.core.records import Person
from tests.bot.storage.contract import NOW, contract, people, person, programme


@contract("create_person", "person", "person_by_chat", "save_person")
async def test_person_round_trip(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        made = await store.create_person(
            chat_key="tg:1",
            role="candidate",
            language="nl",
            programme="In de Lift",
            invited_by=None,
            consent_at=NOW,
            now=NOW,
        )
        assert made == Person(
            made.id, "tg:1", "candidate", "nl", None, {}, "In de Lift", None, NOW, None, NOW
        )
        coach = await store.create_person(
            chat_key="tg:2",
            role="coach",
            language=None,
            programme=None,
            invited_by=made.id,
            consent_at=None,
            now=NOW + timedelta(hours=1),
        )
        assert coach.id != made.id and coach.invited_by == made.id and coach.consent_at is None
        assert coach.created_at == NOW + timedelta(hours=1)
        made.name, made.profile = "Anna", {"sectors": ["care"], "hours": 24}
        made.role, made.language, made.programme = "buddy", "en", "Buddyproject"
        made.onboarded_at = NOW + timedelta(minutes=5)
        await store.save_person(made)
    async with backend.unit_of_work() as store:
        again = await store.person_by_chat("tg:1")
        assert again == made
        assert await store.person(made.id) == made
        assert await store.person(coach.id) == coach
        assert await store.person_by_chat("tg:404") is None
        assert await store.person(9999) is None


@contract("people_by_id")
async def test_people_by_id_gives_those_still_here_also_for_many_ids(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        found = await people(store, ["candidate", "buddy", "coach"])
        await store.forget_person(found[1].id, NOW)
        # More ids than one query may hold, most of them unknown.
        asked = [*range(1, 1200), found[0].id, found[0].id]
        got = await store.people_by_id(asked)
        assert got == {found[0].id: found[0], found[2].id: found[2]}
        assert await store.people_by_id([]) == {}


@contract("people_with_role")
async def test_people_with_role_who_can_be_reached_and_finished_joining(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        coach_a = await person(store, 1, "coach")
        await person(store, 2, "coach", onboarded=False)  # still joining
        coach_c = await person(store, 3, "coach")
        gone = await person(store, 4, "coach")
        await store.forget_person(gone.id, NOW)
        admin = await person(store, 5, "admin", onboarded=False)  # admins need not join
        await person(store, 6, "candidate")
        assert await store.people_with_role("coach") == [coach_a, coach_c]
        assert await store.people_with_role("admin") == [admin]
        assert await store.people_with_role("buddy") == []


@contract("everyone", "people_of_coach")
async def test_audiences_everyone_and_the_people_of_a_coach(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach = await person(store, 1, "coach")
        other = await person(store, 2, "coach")
        member = await person(store, 3, "candidate")
        invited = await person(store, 4, "buddy", invited_by=coach.id)
        stranger = await person(store, 5, "candidate")
        both = await person(store, 6, "candidate", invited_by=coach.id)
        gone = await person(store, 7, "candidate", invited_by=coach.id)
        mine, theirs = await programme(store, coach.id), await programme(store, other.id)
        for who in (member, both, gone):
            await store.add_member(mine.id, who.id, NOW)
        await store.add_member(mine.id, coach.id, NOW)  # the coach is not their own audience
        await store.add_member(theirs.id, stranger.id, NOW)
        await store.add_member(theirs.id, both.id, NOW)
        await store.forget_person(gone.id, NOW)
        assert await store.people_of_coach(coach.id) == [member, invited, both]
        assert await store.people_of_coach(other.id) == [stranger, both]
        assert await store.everyone() == [coach, other, member, invited, stranger, both]


@contract(
    "create_invite",
    "invite",
    "invite_by_hash",
    "use_invite",
    "note_invite_user",
    "invites_created_by",
)
async def test_personal_invite_is_used_once_and_names_who_used_it(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach = await person(store, 1, "coach")
        group = await programme(store, coach.id)
        invite = await store.create_invite(
            token_hash="h" * 64,
            role="buddy",
            programme="Lift Zwolle",
            programme_id=group.id,
            created_by=coach.id,
            now=NOW,
            expires_at=NOW + timedelta(days=14),
        )
        assert (invite.role, invite.programme, invite.programme_id) == (
            "buddy",
            "Lift Zwolle",
            group.id,
        )
        assert (invite.created_by, invite.created_at, invite.expires_at) == (
            coach.id,
            NOW,
            NOW + timedelta(days=14),
        )
        assert (invite.used_at, invite.used_by, invite.max_uses, invite.uses) == (
            None,
            None,
            None,
            0,
        )
        assert not invite.is_group
        # Used before the person's row exists; who it was is noted afterwards.
        assert await store.use_invite(invite.id, None, NOW) is True
        assert await store.use_invite(invite.id, None, NOW) is False
        anna = await person(store, 2, "buddy")
        await store.note_invite_user(invite.id, anna.id)
        found = await store.invite_by_hash("h" * 64)
        assert found is not None and found == await store.invite(invite.id)
        assert (found.used_by, found.used_at, found.uses) == (anna.id, NOW, 1)
        assert await store.invite_by_hash("x" * 64) is None
        assert await store.invite(9999) is None
        other = await store.create_invite(
            token_hash="o" * 64,
            role="candidate",
            programme=None,
            programme_id=None,
            created_by=None,
            now=NOW,
            expires_at=NOW + timedelta(days=1),
        )
        mine = await store.create_invite(
            token_hash="m" * 64,
            role="candidate",
            programme=None,
            programme_id=None,
            created_by=coach.id,
            now=NOW,
            expires_at=NOW + timedelta(days=1),
        )
        assert [i.id for i in await store.invites_created_by(coach.id)] == [invite.id, mine.id]
        assert other.id not in {i.id for i in await store.invites_created_by(coach.id)}
        assert await store.invites_created_by(anna.id) == []


@contract("create_invite", "use_invite", "invite", "note_invite_user")
async def test_group_invite_is_used_up_to_its_limit_and_keeps_no_one(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        invite = await store.create_invite(
            token_hash="g" * 64,
            role="candidate",
            programme=None,
            programme_id=None,
            created_by=None,
            now=NOW,
            expires_at=NOW + timedelta(days=7),
            max_uses=2,
        )
        assert invite.is_group and invite.max_uses == 2
        anna, bert, carl = await people(store, ["candidate"] * 3)
        assert await store.use_invite(invite.id, anna.id, NOW) is True
        assert await store.use_invite(invite.id, bert.id, NOW) is True
        assert await store.use_invite(invite.id, carl.id, NOW) is False
        await store.note_invite_user(invite.id, anna.id)
        found = await store.invite(invite.id)
        assert found is not None
        assert (found.uses, found.used_at, found.used_by) == (2, None, None)


@contract("create_invite", "use_invite", "invite")
async def test_an_invite_past_its_end_cannot_be_used(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        ends = NOW + timedelta(days=1)
        personal = await store.create_invite(
            token_hash="p" * 64,
            role="buddy",
            programme=None,
            programme_id=None,
            created_by=None,
            now=NOW,
            expires_at=ends,
        )
        group = await store.create_invite(
            token_hash="q" * 64,
            role="buddy",
            programme=None,
            programme_id=None,
            created_by=None,
            now=NOW,
            expires_at=ends,
            max_uses=5,
        )
        assert await store.use_invite(personal.id, None, ends) is False
        assert await store.use_invite(group.id, None, ends + timedelta(seconds=1)) is False
        assert await store.use_invite(9999, None, NOW) is False
        assert (await store.invite(personal.id)).uses == 0  # type: ignore[union-attr]
        assert await store.use_invite(group.id, None, ends - timedelta(seconds=1)) is True
