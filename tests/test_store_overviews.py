"""The coach's overviews read from the store in a few set-based queries: each pair's state
from the counts, and the funnel counted by SQLite, must say what the rows say."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.sqlite.store import SqliteStore
from conversations.core.records import Agreement, Meeting, Pair
from conversations.pairs.pair_states import MET, state_of
from conversations.pairs.pairs_overview import OUTCOMES

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


async def test_pair_states_counts_funnel_and_sheet(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "overviews.sqlite3")
    async with store.unit_of_work():
        people = []
        for n, role in enumerate(["coach", *["candidate", "buddy"] * 8]):
            person = await store.create_person(
                chat_key=f"tg:{n}",
                role=role,  # type: ignore[arg-type]
                language="nl",
                programme=None,
                invited_by=None,
                consent_at=NOW,
                now=NOW,
            )
            person.name = f"P{n}"
            await store.save_person(person)
            people.append(person.id)
        coach = people[0]

        async def pair(n: int, state: str) -> int:
            made = await store.create_pair(
                Pair(0, None, "buddy", people[2 * n + 1], people[2 * n + 2], coach, state, NOW)  # type: ignore[arg-type]
            )
            assert made is not None
            return made.id

        async def meeting(pair_id: int, state: str, starts_at: datetime | None) -> None:
            await store.create_meeting(Meeting(0, pair_id, state, NOW, [], starts_at))  # type: ignore[arg-type]

        async def agreement(pair_id: int, kind: str, state: str, due: date) -> None:
            await store.create_agreement(
                Agreement(0, pair_id, kind, "candidate", due, coach, NOW, None, state)  # type: ignore[arg-type]
            )

        proposed = await pair(0, "proposed")
        await meeting(proposed, "planned", NOW - timedelta(days=1))  # not counted: not accepted
        accepted = await pair(1, "accepted")
        planned = await pair(2, "accepted")
        await meeting(planned, "planned", NOW + timedelta(days=2))
        await meeting(planned, "cancelled", NOW - timedelta(days=2))
        # A time that passed is not a meeting until one of the two says they talked.
        due = await pair(3, "accepted")
        await meeting(due, "planned", NOW - timedelta(hours=1))
        called = await pair(4, "accepted")
        await meeting(called, "call", None)  # an old "we will call each other"
        actions = await pair(5, "accepted")
        await agreement(actions, "interview", "confirmed", TODAY - timedelta(days=1))  # overdue
        await agreement(actions, "internship", "unconfirmed", TODAY)  # open
        await agreement(actions, "introduction", "done", TODAY)
        done = await pair(6, "accepted")
        await agreement(done, "introduction", "done", TODAY - timedelta(days=9))
        await agreement(done, "interview", "done", TODAY)
        held = await pair(7, "accepted")  # one of the two said they talked
        await meeting(held, "held", NOW - timedelta(days=1))

        ids = await store.pair_ids_of_coach(coach)
        summaries = await store.pair_summaries(ids, NOW, TODAY)
        funnel = await store.pair_funnel(coach, NOW, OUTCOMES)
        sheet = await store.pair_sheet(coach, NOW, TODAY)
        page = await store.pair_summaries(ids[2:4], NOW, TODAY)
    await store.close()

    assert ids == [proposed, accepted, planned, due, called, actions, done, held]
    assert [state_of(s) for s in summaries] == [
        "proposed",
        "accepted",
        "meeting_planned",
        "meeting_due",
        "meeting_due",
        "actions",
        "done",
        "met",
    ]
    by_id = {s.id: s for s in summaries}
    assert (by_id[actions].open, by_id[actions].overdue, by_id[actions].done) == (1, 1, 1)
    assert (by_id[done].open, by_id[done].overdue, by_id[done].done) == (0, 0, 2)
    assert [s.id for s in page] == [planned, due]
    # The funnel SQLite counts agrees with the states computed from the counts: the passed
    # time and the old "we will call" are not meetings; the held one and agreements are.
    assert funnel == {
        "paired": 7,
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
    ]
    assert (sheet[0].candidate, sheet[0].buddy) == ("P1", "P2")
