"""The coach's overviews read from the store in a few set-based queries: each pair's state
from the counts, and the funnel the backend counts, must say what the rows say; the people
screen reads members, preparation, answers and pairs for many people at once."""

from __future__ import annotations

from datetime import date, timedelta

from bot.storage import Backend
from conversations.core.meeting_records import Talk
from conversations.core.people_records import Attendance, Invitation, Member
from conversations.core.records import PrepProgress, Rsvp
from conversations.core.types import Role
from conversations.pairs.pair_states import MET, state_of
from conversations.pairs.pairs_overview import OUTCOMES
from tests.bot.storage.contract import (
    NOW,
    TODAY,
    agreement,
    contract,
    event,
    meeting,
    pair,
    people,
    person,
    programme,
)


@contract("pair_ids_of_coach", "pair_summaries", "pair_funnel", "pair_sheet")
async def test_pair_states_counts_funnel_and_sheet(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        duos: list[Role] = ["candidate", "buddy"]
        found = await people(store, ["coach", *duos * 9], start=0)
        coach = found[0].id
        other = await person(store, 99, "coach")

        async def duo(n: int, state: str = "accepted") -> int:
            return (await pair(store, found[2 * n + 1].id, found[2 * n + 2].id, coach, state)).id

        async def meet(pair_id: int, state: str, starts_at: date | None) -> int:
            return (await meeting(store, pair_id, state, starts_at)).id  # type: ignore[arg-type]

        proposed = await duo(0, "proposed")
        await meet(proposed, "planned", NOW - timedelta(days=1))  # not counted: not accepted
        accepted = await duo(1)
        planned = await duo(2)
        await meet(planned, "planned", NOW + timedelta(days=2))
        await meet(planned, "cancelled", NOW - timedelta(days=2))
        # A time that passed is not a meeting until one of the two says they talked.
        due = await duo(3)
        await meet(due, "planned", NOW - timedelta(hours=1))
        called = await duo(4)
        await meet(called, "call", None)  # an old "we will call each other"
        actions = await duo(5)
        await agreement(store, actions, coach, "interview", "confirmed", TODAY - timedelta(1))
        await agreement(store, actions, coach, "internship", "unconfirmed", TODAY)  # open
        await agreement(store, actions, coach, "introduction", "done", TODAY, "Jan at Acme")
        done = await duo(6)
        await agreement(store, done, coach, "introduction", "done", TODAY - timedelta(days=9))
        await agreement(store, done, coach, "interview", "done", TODAY)
        held = await duo(7)  # one of the two said they talked, and nothing was agreed
        talked = await meet(held, "held", NOW - timedelta(days=1))
        await store.save_talk(Talk(talked, found[15].id, "yes", NOW, nothing_agreed=True))
        times = await duo(8)
        await meet(times, "proposed", None)
        # Not this coach's: in no overview of theirs.
        await pair(store, found[1].id, found[4].id, other.id)

        ids = await store.pair_ids_of_coach(coach)
        summaries = await store.pair_summaries(ids, NOW, TODAY)
        funnel = await store.pair_funnel(coach, NOW, OUTCOMES)
        sheet = await store.pair_sheet(coach, NOW, TODAY)
        page = await store.pair_summaries([due, planned, 9999], NOW, TODAY)
        await store.forget_person(found[2].id, NOW)  # the buddy of `proposed` leaves
        after = await store.pair_sheet(coach, NOW, TODAY)

    assert ids == [proposed, accepted, planned, due, called, actions, done, held, times]
    assert [state_of(s) for s in summaries] == [
        "proposed",
        "accepted",
        "meeting_planned",
        "meeting_due",
        "meeting_due",
        "actions",
        "done",
        "met_nothing",
        "times_proposed",
    ]
    by_id = {s.id: s for s in summaries}
    assert (by_id[actions].open, by_id[actions].overdue, by_id[actions].done) == (1, 1, 1)
    assert (by_id[actions].agreements, by_id[done].agreements) == (3, 2)
    assert (by_id[done].open, by_id[done].overdue, by_id[done].done) == (0, 0, 2)
    assert (by_id[planned].planned, by_id[planned].started) == (1, 0)
    assert (by_id[due].planned, by_id[due].started) == (1, 1)
    assert (by_id[called].calls, by_id[times].proposed) == (1, 1)
    assert (by_id[held].held, by_id[held].nothing) == (1, 1)
    assert (by_id[held].kind, by_id[held].state) == ("buddy", "accepted")
    assert (by_id[held].candidate_id, by_id[held].buddy_id) == (found[15].id, found[16].id)
    # In id order, whatever order they were asked in; unknown ids are left out.
    assert [s.id for s in page] == [planned, due]
    # The funnel the backend counts agrees with the states computed from the counts: the
    # passed time and the old "we will call" are not meetings; the held one and agreements are.
    assert funnel == {
        "paired": 8,
        "met": 3,
        "agreed": 2,
        "done": 2,
        "internship": 0,
        "interview": 1,
        "work_experience": 0,
        "introduction": 2,
    }
    accepted_states = [state_of(s) for s in summaries if s.state == "accepted"]
    assert funnel["met"] == sum(state in MET for state in accepted_states)
    # The sheet: one line per agreement, or one for a pair without, both names, in order.
    assert [(line.pair.id, line.agreement) for line in sheet] == [
        (proposed, None),
        (accepted, None),
        (planned, None),
        (due, None),
        (called, None),
        (actions, "interview"),
        (actions, "internship"),
        (actions, "introduction"),
        (done, "introduction"),
        (done, "interview"),
        (held, None),
        (times, None),
    ]
    assert (sheet[0].candidate, sheet[0].buddy) == ("P1", "P2")
    assert sheet[0].pair == by_id[proposed]
    line = sheet[7]
    assert (line.text, line.owner, line.due_on, line.agreement_state) == (
        "Jan at Acme",
        "candidate",
        TODAY,
        "done",
    )
    assert (sheet[0].text, sheet[0].owner, sheet[0].due_on, sheet[0].agreement_state) == (
        None,
        None,
        None,
        None,
    )
    # Someone who left has no name on the sheet.
    assert (after[0].candidate, after[0].buddy) == ("P1", None)


@contract("members", "member")
async def test_members_of_a_programme_as_the_people_list_shows_them(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach = await person(store, 1, "coach")
        anna = await person(store, 2, "candidate")
        bert = await person(store, 3, "buddy", onboarded=False)
        gone = await person(store, 4, "candidate")
        group, other = await programme(store, coach.id), await programme(store, coach.id, "B")
        await store.add_member(group.id, bert.id, NOW)
        await store.add_member(group.id, anna.id, NOW + timedelta(hours=1))
        await store.add_member(group.id, gone.id, NOW)
        await store.add_member(other.id, anna.id, NOW)
        await store.person_and_conversation("tg:2", seen_on=TODAY)
        await store.forget_person(gone.id, NOW)
        expected_anna = Member(anna.id, "P2", "candidate", NOW + timedelta(hours=1), TODAY, True)
        assert await store.members(group.id) == [
            Member(bert.id, "P3", "buddy", NOW, None, False),
            expected_anna,
        ]
        assert await store.member(group.id, anna.id) == expected_anna
        assert await store.member(group.id, gone.id) is None
        assert await store.member(other.id, bert.id) is None
        assert await store.members(9999) == []


@contract("prep_done")
async def test_finished_preparation_sessions_per_person(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        anna, bert, carl = await people(store, ["candidate", "candidate", "candidate"])
        await store.save_prep(anna.id, PrepProgress(1, 5, {}, NOW))
        await store.save_prep(anna.id, PrepProgress(2, 5, {}, NOW))
        await store.save_prep(anna.id, PrepProgress(3, 2))  # not finished
        await store.save_prep(bert.id, PrepProgress(1, 1))
        await store.save_prep(carl.id, PrepProgress(2, 5, {}, NOW))
        asked = [*range(5000, 5600), anna.id, bert.id, carl.id]
        assert await store.prep_done(asked) == {anna.id: 2, carl.id: 1}
        assert await store.prep_done([]) == {}


@contract("pairs_with")
async def test_the_pairs_a_coach_made_that_these_people_are_in(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, other, anna, bert, carl, dirk = await people(
            store, ["coach", "coach", "candidate", "buddy", "candidate", "buddy"]
        )
        ab = await pair(store, anna.id, bert.id, coach.id)
        cd = await pair(store, carl.id, dirk.id, coach.id, "declined")
        await pair(store, anna.id, dirk.id, other.id)  # another coach's
        await meeting(store, ab.id, "planned", NOW + timedelta(days=1))
        found = await store.pairs_with(coach.id, [anna.id], NOW, TODAY)
        assert [(s.id, s.planned) for s in found] == [(ab.id, 1)]
        both = await store.pairs_with(coach.id, [dirk.id, *range(3000, 3600), bert.id], NOW, TODAY)
        assert [s.id for s in both] == [ab.id, cd.id]
        assert await store.pairs_with(other.id, [bert.id], NOW, TODAY) == []


@contract("invitations_from", "attendance")
async def test_answers_to_a_coachs_meetings_per_person(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, other, anna, bert = await people(store, ["coach", "coach", "candidate", "buddy"])
        group, theirs = await programme(store, coach.id), await programme(store, other.id)
        second = await event(store, group.id, timedelta(days=5), title="second")
        first = await event(store, group.id, timedelta(days=-2), title="first")
        off = await event(store, group.id, timedelta(days=3), title="off", cancelled=True)
        elsewhere = await event(store, theirs.id, timedelta(days=1), title="elsewhere")
        for meet in (second, first, off, elsewhere):
            await store.invite_to_event(meet.id, [anna.id])
        await store.invite_to_event(second.id, [bert.id])
        await store.save_rsvp(Rsvp(first.id, anna.id, "yes", NOW, None, first.starts_at))
        await store.save_rsvp(Rsvp(second.id, anna.id, "yes", NOW))
        await store.save_rsvp(Rsvp(second.id, bert.id, "no", NOW))
        # Not cancelled ones, the earliest first, and only this coach's.
        assert await store.invitations_from(coach.id, anna.id) == [
            Invitation("first", first.starts_at, "yes", True),
            Invitation("second", second.starts_at, "yes", False),
        ]
        assert await store.invitations_from(coach.id, bert.id) == [
            Invitation("second", second.starts_at, "no", False)
        ]
        assert await store.invitations_from(other.id, bert.id) == []
        assert await store.attendance(group.id) == {
            anna.id: Attendance(invited=2, yes=2, present=1),
            bert.id: Attendance(invited=1, yes=0, present=0),
        }
        assert await store.attendance(theirs.id) == {anna.id: Attendance(1, 0, 0)}
        assert await store.attendance(9999) == {}
