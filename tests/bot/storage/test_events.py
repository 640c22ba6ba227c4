"""Programmes, their events, who is invited and came, and recurring series."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.storage import Backend
from conversations.core.records import Evaluation, Event, Rsvp
from tests.bot.storage.contract import NOW, contract, event, people, person, programme


@contract("create_programme", "programme", "programmes_of_coach")
async def test_programme_round_trip_and_a_coachs_programmes_in_order(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, other = await people(store, ["coach", "coach"])
        first = await store.create_programme(
            kind="buddyproject", name="Buddies", municipality=None, coach_id=coach.id, now=NOW
        )
        assert (first.kind, first.name, first.municipality) == ("buddyproject", "Buddies", None)
        assert (first.coach_id, first.created_at) == (coach.id, NOW)
        theirs = await programme(store, other.id)
        second = await programme(store, coach.id, "Lift Kampen")
    async with backend.unit_of_work() as store:
        assert await store.programme(first.id) == first
        assert await store.programme(9999) is None
        assert await store.programmes_of_coach(coach.id) == [first, second]
        assert await store.programmes_of_coach(other.id) == [theirs]
        assert await store.programmes_of_coach(9999) == []


@contract("add_member", "member_ids")
async def test_members_in_the_order_they_joined_once_each(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl = await people(store, ["coach", "candidate", "buddy", "candidate"])
        group = await programme(store, coach.id)
        await store.add_member(group.id, bert.id, NOW)
        await store.add_member(group.id, anna.id, NOW + timedelta(hours=1))
        await store.add_member(group.id, carl.id, NOW + timedelta(hours=2))
        await store.add_member(group.id, bert.id, NOW + timedelta(hours=3))  # already in
        await store.forget_person(carl.id, NOW)  # left, and so no longer a member
        assert await store.member_ids(group.id) == [bert.id, anna.id]
        assert await store.member_ids(9999) == []


@contract("create_event", "event", "event_by_checkin", "save_event")
async def test_event_round_trip(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach = await person(store, 1, "coach")
        group = await programme(store, coach.id)
        start = NOW + timedelta(days=2)
        draft = Event(
            id=0,
            programme_id=group.id,
            kind="prep1",
            title="Preparation 1",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            venue_name="Library",
            venue_address="Stationsweg 1, Zwolle",
            latitude=52.5,
            longitude=6.08,
            capacity=12,
            description="Bring your CV",
            checkin_code="ci-abc",
            created_at=NOW,
            reminders=[1440],
            audience="candidate",
        )
        made = await store.create_event(draft)
        assert made == replace(draft, id=made.id)
        assert await store.event(made.id) == made
        assert await store.event_by_checkin("ci-abc") == made
        assert await store.event_by_checkin("ci-nope") is None
        assert await store.event(9999) is None
        changed = replace(
            made,
            kind="main",
            title="Main event",
            starts_at=start + timedelta(days=1),
            ends_at=start + timedelta(days=1, hours=3),
            venue_name="Town hall",
            venue_address=None,
            latitude=None,
            longitude=None,
            capacity=30,
            description=None,
            reminders=[2880, 120],
            cancelled_at=NOW,
            audience="both",
        )
        await store.save_event(changed)
    async with backend.unit_of_work() as store:
        assert await store.event(made.id) == changed


@contract("events_of_coach", "open_events_for_member", "events_of_person")
async def test_events_of_a_coach_a_member_and_a_person(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, other, anna = await people(store, ["coach", "coach", "candidate"])
        mine, theirs = await programme(store, coach.id), await programme(store, other.id)
        later = await event(store, mine.id, timedelta(days=9), title="later")
        soon = await event(store, mine.id, timedelta(days=2), title="soon")
        running = await event(store, mine.id, timedelta(hours=-1), title="running")
        past = await event(store, mine.id, timedelta(days=-3), title="past")
        off = await event(store, mine.id, timedelta(days=4), title="off", cancelled=True)
        elsewhere = await event(store, theirs.id, timedelta(days=1), title="elsewhere")
        # A coach sees what has not ended, cancelled ones included, the earliest first.
        assert await store.events_of_coach(coach.id, NOW) == [running, soon, off, later]
        assert await store.events_of_coach(other.id, NOW) == [elsewhere]
        # A member is offered what has not started and is not cancelled.
        await store.add_member(mine.id, anna.id, NOW)
        assert await store.open_events_for_member(anna.id, NOW) == [soon, later]
        # A person's own events are those they are on the list of, not ended nor cancelled.
        await store.invite_to_event(later.id, [anna.id])
        await store.invite_to_event(running.id, [anna.id])
        await store.invite_to_event(past.id, [anna.id])
        await store.invite_to_event(off.id, [anna.id])
        await store.invite_to_event(elsewhere.id, [anna.id])
        assert await store.events_of_person(anna.id, NOW) == [running, elsewhere, later]
        assert await store.events_of_person(coach.id, NOW) == []


@contract("invite_to_event", "rsvp", "rsvps", "save_rsvp", "remove_from_event")
async def test_invitations_answers_and_the_waitlist(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl, dirk, gone = await people(
            store, ["coach", "candidate", "buddy", "candidate", "candidate", "candidate"]
        )
        group = await programme(store, coach.id)
        meet = await event(store, group.id)
        assert await store.invite_to_event(meet.id, [anna.id, bert.id]) == [anna.id, bert.id]
        # Only those not on the list yet are added (and returned).
        everyone = [anna.id, bert.id, carl.id, dirk.id, gone.id]
        assert await store.invite_to_event(meet.id, everyone) == [carl.id, dirk.id, gone.id]
        assert await store.rsvp(meet.id, anna.id) == Rsvp(meet.id, anna.id, "invited")
        assert await store.rsvp(meet.id, coach.id) is None
        answered = Rsvp(meet.id, anna.id, "yes", NOW + timedelta(hours=2), None, NOW)
        await store.save_rsvp(answered)
        await store.save_rsvp(Rsvp(meet.id, bert.id, "maybe", NOW + timedelta(hours=1)))
        await store.save_rsvp(Rsvp(meet.id, carl.id, "waitlist", NOW, NOW + timedelta(hours=5)))
        await store.save_rsvp(Rsvp(meet.id, dirk.id, "waitlist", NOW, NOW + timedelta(hours=4)))
        await store.forget_person(gone.id, NOW - timedelta(days=30))
    async with backend.unit_of_work() as store:
        assert await store.rsvp(meet.id, anna.id) == answered
        # Not waitlisted first (those who did not answer yet, then by answer), then the
        # waitlist in the order people joined it; people who left are not listed.
        assert [r.person_id for r in await store.rsvps(meet.id)] == [
            bert.id,
            anna.id,
            dirk.id,
            carl.id,
        ]
        await store.save_rsvp(Rsvp(meet.id, bert.id, "invited"))
        assert [r.person_id for r in await store.rsvps(meet.id)][:2] == [bert.id, anna.id]
        await store.remove_from_event(meet.id, [anna.id, dirk.id])
        assert await store.rsvp(meet.id, anna.id) is None
        assert [r.person_id for r in await store.rsvps(meet.id)] == [bert.id, carl.id]
        # Taken off the list, someone can be invited again.
        assert await store.invite_to_event(meet.id, [anna.id]) == [anna.id]
        assert await store.rsvps(9999) == []


@contract("save_evaluation", "evaluations")
async def test_evaluations_one_per_person_the_latest_answer_counts(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        group = await programme(store, coach.id)
        meet, other = await event(store, group.id), await event(store, group.id, title="other")
        await store.save_evaluation(Evaluation(meet.id, bert.id, 4, "Nice"), NOW)
        await store.save_evaluation(Evaluation(meet.id, anna.id, 2, None), NOW + timedelta(1))
        await store.save_evaluation(Evaluation(other.id, anna.id, 5, None), NOW)
        await store.save_evaluation(Evaluation(meet.id, bert.id, 5, "Great"), NOW + timedelta(2))
        assert await store.evaluations(meet.id) == [
            Evaluation(meet.id, bert.id, 5, "Great"),
            Evaluation(meet.id, anna.id, 2, None),
        ]
        assert await store.evaluations(9999) == []


@contract("came_before_ids")
async def test_who_came_to_an_earlier_event(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl = await people(store, ["coach", "candidate", "buddy", "candidate"])
        group = await programme(store, coach.id)
        earlier = await event(store, group.id, timedelta(days=-7), title="earlier")
        today = await event(store, group.id, timedelta(hours=1), title="today")
        await store.invite_to_event(earlier.id, [anna.id, bert.id])
        await store.invite_to_event(today.id, [anna.id, bert.id, carl.id])
        await store.save_rsvp(Rsvp(earlier.id, anna.id, "yes", NOW, None, earlier.starts_at))
        await store.save_rsvp(Rsvp(earlier.id, bert.id, "yes", NOW))  # said yes, did not come
        await store.save_rsvp(Rsvp(today.id, carl.id, "yes", NOW, None, today.starts_at))
        ids = [anna.id, bert.id, carl.id]
        assert await store.came_before_ids(ids, today.starts_at) == {anna.id}
        assert await store.came_before_ids(ids, earlier.starts_at) == set()
        later = today.starts_at + timedelta(days=1)
        assert await store.came_before_ids(ids, later) == {anna.id, carl.id}
        assert await store.came_before_ids([bert.id, *range(2000, 2700)], later) == set()


@contract("create_series", "all_series", "last_start_in_series")
async def test_series_keep_their_rule_and_know_their_last_start(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach = await person(store, 1, "coach")
        group = await programme(store, coach.id)
        first = await event(store, group.id, timedelta(days=3), title="first")
        other = await event(store, group.id, timedelta(days=4), title="other")
        rule = {"freq": "monthly", "weekday": 3, "nth": -1, "time": "10:00"}
        series = await store.create_series(group.id, rule, first.id, NOW)
        assert (series.programme_id, series.rule, series.template_event_id) == (
            group.id,
            rule,
            first.id,
        )
        # The first event belongs to the series it is the template of.
        assert (await store.event(first.id)).series_id == series.id  # type: ignore[union-attr]
        assert await store.last_start_in_series(series.id) == first.starts_at
        month = timedelta(days=30)

        async def occurrence(template: Event, later: timedelta, series_id: int) -> Event:
            return await store.create_event(
                replace(
                    template,
                    id=0,
                    starts_at=template.starts_at + later,
                    ends_at=template.ends_at + later,
                    checkin_code=f"ci-{series_id}-{later.days}",
                    series_id=series_id,
                )
            )

        last = await occurrence(first, 2 * month, series.id)
        await occurrence(first, month, series.id)  # made later, starts sooner
        assert last.series_id == series.id
        assert await store.last_start_in_series(series.id) == last.starts_at
        second = await store.create_series(group.id, {"freq": "weekly"}, other.id, NOW)
        await occurrence(other, 3 * month, second.id)  # another series' events do not count
        assert await store.last_start_in_series(series.id) == last.starts_at
        assert await store.all_series() == [series, second]
        assert await store.last_start_in_series(9999) is None
