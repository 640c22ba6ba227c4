"""SQLite storage behind the coach's people screen: a programme's members, and for a page of
them (or all, for the CSV) their preparation, answers to invitations and pairs, a few
queries for many people at once. Also the day someone was last seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import aiosqlite

from bot.sqlite.base import ID_BATCH, at, from_db, marks
from bot.sqlite.overviews import OverviewsMixin
from conversations.core.overview_records import PairSummary
from conversations.core.people_records import Attendance, Invitation, Member

_MEMBER = (
    "SELECT p.id, p.name, p.role, p.last_seen_on, p.onboarded_at, m.joined_at"
    " FROM memberships m JOIN people p ON p.id = m.person_id"
    " WHERE m.programme_id = ? AND p.forgotten_at IS NULL"
)


def _member(row: aiosqlite.Row) -> Member:
    seen = row["last_seen_on"]
    return Member(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        joined_at=at(row["joined_at"]),
        last_seen_on=date.fromisoformat(seen) if seen else None,
        onboarded=from_db(row["onboarded_at"]) is not None,
    )


class PeopleMixin(OverviewsMixin):
    async def mark_seen(self, person_id: int, day: date) -> None:
        await self._db.execute(
            "UPDATE people SET last_seen_on = ? WHERE id = ?", (day.isoformat(), person_id)
        )

    async def members(self, programme_id: int) -> list[Member]:
        rows = await self._rows(f"{_MEMBER} ORDER BY m.joined_at, p.id", (programme_id,))
        return [_member(row) for row in rows]

    async def member(self, programme_id: int, person_id: int) -> Member | None:
        """Whether someone is (still) in the programme: every button naming a person asks."""
        row = await self._row(f"{_MEMBER} AND p.id = ?", (programme_id, person_id))
        return _member(row) if row else None

    async def prep_done(self, person_ids: Sequence[int]) -> dict[int, int]:
        """Per person, the preparation sessions they finished (people with none are left out)."""
        wanted, found = sorted(set(person_ids)), dict[int, int]()
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            rows = await self._rows(
                "SELECT person_id, COUNT(*) FROM prep_progress WHERE finished_at IS NOT NULL"
                f" AND person_id IN ({marks(batch)}) GROUP BY person_id",
                tuple(batch),
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    async def pairs_with(
        self, coach_id: int, person_ids: Sequence[int], now: datetime, today: date
    ) -> list[PairSummary]:
        """The pairs this coach made that these people are in, with their counts."""
        wanted, ids = sorted(set(person_ids)), list[int]()
        # Each id is asked for twice: half a batch keeps within SQLite's parameter limit.
        for start in range(0, len(wanted), ID_BATCH // 2):
            batch = wanted[start : start + ID_BATCH // 2]
            rows = await self._rows(
                "SELECT id FROM pairs WHERE coach_id = ?"
                f" AND (candidate_id IN ({marks(batch)}) OR buddy_id IN ({marks(batch)}))",
                (coach_id, *batch, *batch),
            )
            ids += [row[0] for row in rows]
        return await self.pair_summaries(ids, now, today)

    async def invitations_from(self, coach_id: int, person_id: int) -> list[Invitation]:
        """Someone's answers to the meetings of this coach's programmes (not cancelled ones),
        the earliest first."""
        rows = await self._rows(
            "SELECT e.title, e.starts_at, r.state, r.present_at IS NOT NULL"
            " FROM rsvps r JOIN events e ON e.id = r.event_id"
            " JOIN programmes g ON g.id = e.programme_id"
            " WHERE r.person_id = ? AND g.coach_id = ? AND e.cancelled_at IS NULL"
            " ORDER BY e.starts_at, e.id",
            (person_id, coach_id),
        )
        return [Invitation(row[0], at(row[1]), row[2], bool(row[3])) for row in rows]

    async def attendance(self, programme_id: int) -> dict[int, Attendance]:
        """Per person, the programme's meetings (not cancelled) they were invited to, said
        yes to and came to."""
        rows = await self._rows(
            "SELECT r.person_id, COUNT(*), SUM(r.state = 'yes'), SUM(r.present_at IS NOT NULL)"
            " FROM rsvps r JOIN events e ON e.id = r.event_id"
            " WHERE e.programme_id = ? AND e.cancelled_at IS NULL GROUP BY r.person_id",
            (programme_id,),
        )
        return {row[0]: Attendance(row[1], row[2] or 0, row[3] or 0) for row in rows}
