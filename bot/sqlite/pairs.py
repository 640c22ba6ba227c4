"""SQLite storage for pairs, their meetings and the actions they agreed."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from typing import cast

import aiosqlite

from bot.sqlite.base import RowsMixin, at, from_db, to_db
from conversations.core.meeting_records import PLACE_KINDS, Place
from conversations.core.records import Agreement, Meeting, Pair


def _place(row: aiosqlite.Row) -> Place | None:
    """The meeting's place; None for meetings from before places were asked."""
    kind = row["place_kind"]
    if kind not in PLACE_KINDS:
        return None
    return Place(kind, row["place_text"], row["place_link"], row["latitude"], row["longitude"])


class PairsMixin(RowsMixin):
    @staticmethod
    def _pair(row: aiosqlite.Row) -> Pair:
        return Pair(
            id=row["id"],
            programme_id=row["programme_id"],
            kind=row["kind"],
            candidate_id=row["candidate_id"],
            buddy_id=row["buddy_id"],
            coach_id=row["coach_id"],
            state=row["state"],
            created_at=at(row["created_at"]),
            reason=row["reason"],
            answered_at=from_db(row["answered_at"]),
            ended_by=row["ended_by"],
        )

    async def create_pair(self, pair: Pair) -> Pair | None:
        """A new pair, or None when these two are already paired (proposed or accepted)."""
        try:
            cur = await self._db.execute(
                "INSERT INTO pairs (programme_id, kind, candidate_id, buddy_id, coach_id, state,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    pair.programme_id,
                    pair.kind,
                    pair.candidate_id,
                    pair.buddy_id,
                    pair.coach_id,
                    pair.state,
                    to_db(pair.created_at),
                ),
            )
        except sqlite3.IntegrityError:
            return None
        return await self.pair(cast(int, cur.lastrowid))

    async def pair(self, pair_id: int) -> Pair | None:
        rows = await self._rows("SELECT * FROM pairs WHERE id = ?", (pair_id,))
        return self._pair(rows[0]) if rows else None

    async def save_pair(self, pair: Pair) -> None:
        await self._db.execute(
            "UPDATE pairs SET state = ?, reason = ?, answered_at = ?, ended_by = ? WHERE id = ?",
            (pair.state, pair.reason, to_db(pair.answered_at), pair.ended_by, pair.id),
        )
        if pair.state in ("declined", "cancelled"):
            # Numbers and usernames were shared for this pair only: they go when it ends.
            await self._db.execute("DELETE FROM pair_reach WHERE pair_id = ?", (pair.id,))

    async def pairs_of_coach(self, coach_id: int) -> list[Pair]:
        rows = await self._rows("SELECT * FROM pairs WHERE coach_id = ? ORDER BY id", (coach_id,))
        return [self._pair(row) for row in rows]

    async def pairs_of_person(self, person_id: int) -> list[Pair]:
        rows = await self._rows(
            "SELECT * FROM pairs WHERE (candidate_id = ? OR buddy_id = ?)"
            " AND state IN ('proposed', 'accepted') ORDER BY id",
            (person_id, person_id),
        )
        return [self._pair(row) for row in rows]

    @staticmethod
    def _meeting(row: aiosqlite.Row) -> Meeting:
        return Meeting(
            id=row["id"],
            pair_id=row["pair_id"],
            state=row["state"],
            created_at=at(row["created_at"]),
            slots=[at(s) for s in json.loads(row["slots"])],
            starts_at=from_db(row["starts_at"]),
            place=_place(row),
            closed_by=row["closed_by"],
            note=row["note"],
            closed_at=from_db(row["closed_at"]),
        )

    async def create_meeting(self, meeting: Meeting) -> Meeting:
        place = meeting.place
        cur = await self._db.execute(
            "INSERT INTO meetings (pair_id, state, slots, starts_at, created_at, place_kind,"
            " place_text, place_link, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                meeting.pair_id,
                meeting.state,
                json.dumps([to_db(s) for s in meeting.slots]),
                to_db(meeting.starts_at),
                to_db(meeting.created_at),
                place.kind if place else None,
                place.text if place else None,
                place.link if place else None,
                place.latitude if place else None,
                place.longitude if place else None,
            ),
        )
        found = await self.meeting(cast(int, cur.lastrowid))
        assert found is not None
        return found

    async def meeting(self, meeting_id: int) -> Meeting | None:
        rows = await self._rows("SELECT * FROM meetings WHERE id = ?", (meeting_id,))
        return self._meeting(rows[0]) if rows else None

    async def save_meeting(self, meeting: Meeting) -> None:
        await self._db.execute(
            "UPDATE meetings SET state = ?, slots = ?, starts_at = ?, closed_by = ?, note = ?,"
            " closed_at = ? WHERE id = ?",
            (
                meeting.state,
                json.dumps([to_db(s) for s in meeting.slots]),
                to_db(meeting.starts_at),
                meeting.closed_by,
                meeting.note,
                to_db(meeting.closed_at),
                meeting.id,
            ),
        )

    async def meetings_of_pair(self, pair_id: int) -> list[Meeting]:
        rows = await self._rows("SELECT * FROM meetings WHERE pair_id = ? ORDER BY id", (pair_id,))
        return [self._meeting(row) for row in rows]

    @staticmethod
    def _agreement(row: aiosqlite.Row) -> Agreement:
        return Agreement(
            id=row["id"],
            pair_id=row["pair_id"],
            kind=row["kind"],
            owner=row["owner"],
            due_on=date.fromisoformat(row["due_on"]),
            recorded_by=row["recorded_by"],
            created_at=at(row["created_at"]),
            text=row["text"],
            state=row["state"],
            unanswered=row["unanswered"],
            done_at=from_db(row["done_at"]),
        )

    async def create_agreement(self, agreement: Agreement) -> Agreement:
        cur = await self._db.execute(
            "INSERT INTO agreements (pair_id, kind, text, owner, due_on, recorded_by, state,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                agreement.pair_id,
                agreement.kind,
                agreement.text,
                agreement.owner,
                agreement.due_on.isoformat(),
                agreement.recorded_by,
                agreement.state,
                to_db(agreement.created_at),
            ),
        )
        found = await self.agreement(cast(int, cur.lastrowid))
        assert found is not None
        return found

    async def agreement(self, agreement_id: int) -> Agreement | None:
        rows = await self._rows("SELECT * FROM agreements WHERE id = ?", (agreement_id,))
        return self._agreement(rows[0]) if rows else None

    async def save_agreement(self, agreement: Agreement) -> None:
        await self._db.execute(
            "UPDATE agreements SET state = ?, due_on = ?, unanswered = ?, done_at = ? WHERE id = ?",
            (
                agreement.state,
                agreement.due_on.isoformat(),
                agreement.unanswered,
                to_db(agreement.done_at),
                agreement.id,
            ),
        )

    async def agreements_of_pair(self, pair_id: int) -> list[Agreement]:
        rows = await self._rows(
            "SELECT * FROM agreements WHERE pair_id = ? ORDER BY id", (pair_id,)
        )
        return [self._agreement(row) for row in rows]

    async def save_round_two(
        self, event_id: int, candidate_id: int, buddy_ids: list[int], now: datetime
    ) -> None:
        """A job seeker's choices after the main event; a new choice replaces the old."""
        await self._db.execute(
            "DELETE FROM round_two WHERE event_id = ? AND candidate_id = ?",
            (event_id, candidate_id),
        )
        for buddy_id in buddy_ids:
            await self._db.execute(
                "INSERT INTO round_two (event_id, candidate_id, buddy_id, chosen_at)"
                " VALUES (?, ?, ?, ?)",
                (event_id, candidate_id, buddy_id, to_db(now)),
            )

    async def round_two_choices(self, event_id: int) -> list[tuple[int, int]]:
        rows = await self._rows(
            "SELECT candidate_id, buddy_id FROM round_two WHERE event_id = ?"
            " ORDER BY candidate_id, buddy_id",
            (event_id,),
        )
        return [(row[0], row[1]) for row in rows]
