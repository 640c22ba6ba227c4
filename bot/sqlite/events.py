"""SQLite storage for programmes, events, series, attendance and evaluations."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

import aiosqlite

from bot.sqlite.base import at, from_db, to_db
from bot.sqlite.series import SeriesMixin
from conversations.core.records import (
    Audience,
    Evaluation,
    Event,
    EventKind,
    Programme,
    ProgrammeKind,
    Rsvp,
    RsvpState,
)


class EventsMixin(SeriesMixin):
    # -- programmes -------------------------------------------------------------------

    @staticmethod
    def _programme(row: aiosqlite.Row) -> Programme:
        return Programme(
            id=row["id"],
            kind=cast(ProgrammeKind, row["kind"]),
            name=row["name"],
            municipality=row["municipality"],
            coach_id=row["coach_id"],
            created_at=at(row["created_at"]),
        )

    async def create_programme(
        self,
        *,
        kind: ProgrammeKind,
        name: str,
        municipality: str | None,
        coach_id: int,
        now: datetime,
    ) -> Programme:
        cur = await self._db.execute(
            "INSERT INTO programmes (kind, name, municipality, coach_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (kind, name, municipality, coach_id, to_db(now)),
        )
        found = await self.programme(cast(int, cur.lastrowid))
        assert found is not None
        return found

    async def programme(self, programme_id: int) -> Programme | None:
        rows = await self._rows("SELECT * FROM programmes WHERE id = ?", (programme_id,))
        return self._programme(rows[0]) if rows else None

    async def programmes_of_coach(self, coach_id: int) -> list[Programme]:
        rows = await self._rows(
            "SELECT * FROM programmes WHERE coach_id = ? ORDER BY id", (coach_id,)
        )
        return [self._programme(row) for row in rows]

    async def add_member(self, programme_id: int, person_id: int, now: datetime) -> None:
        await self._db.execute(
            "INSERT OR IGNORE INTO memberships (programme_id, person_id, joined_at)"
            " VALUES (?, ?, ?)",
            (programme_id, person_id, to_db(now)),
        )

    async def member_ids(self, programme_id: int) -> list[int]:
        rows = await self._rows(
            "SELECT m.person_id FROM memberships m JOIN people p ON p.id = m.person_id"
            " WHERE m.programme_id = ? AND p.forgotten_at IS NULL ORDER BY m.joined_at, p.id",
            (programme_id,),
        )
        return [row[0] for row in rows]

    # -- events -----------------------------------------------------------------------

    @staticmethod
    def _event(row: aiosqlite.Row) -> Event:
        return Event(
            id=row["id"],
            programme_id=row["programme_id"],
            kind=cast(EventKind, row["kind"]),
            title=row["title"],
            starts_at=at(row["starts_at"]),
            ends_at=at(row["ends_at"]),
            venue_name=row["venue_name"],
            venue_address=row["venue_address"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            capacity=row["capacity"],
            description=row["description"],
            checkin_code=row["checkin_code"],
            created_at=at(row["created_at"]),
            reminders=json.loads(row["reminders"]),
            cancelled_at=from_db(row["cancelled_at"]),
            series_id=row["series_id"],
            audience=cast(Audience, row["audience"]),
        )

    async def _events(self, sql: str, params: tuple[Any, ...]) -> list[Event]:
        return [self._event(row) for row in await self._rows(sql, params)]

    async def create_event(self, event: Event) -> Event:
        cur = await self._db.execute(
            "INSERT INTO events (programme_id, kind, title, starts_at, ends_at, venue_name,"
            " venue_address, latitude, longitude, capacity, description, reminders,"
            " checkin_code, created_at, series_id, audience)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.programme_id,
                event.kind,
                event.title,
                to_db(event.starts_at),
                to_db(event.ends_at),
                event.venue_name,
                event.venue_address,
                event.latitude,
                event.longitude,
                event.capacity,
                event.description,
                json.dumps(event.reminders),
                event.checkin_code,
                to_db(event.created_at),
                event.series_id,
                event.audience,
            ),
        )
        found = await self.event(cast(int, cur.lastrowid))
        assert found is not None
        return found

    async def event(self, event_id: int) -> Event | None:
        rows = await self._rows("SELECT * FROM events WHERE id = ?", (event_id,))
        return self._event(rows[0]) if rows else None

    async def event_by_checkin(self, code: str) -> Event | None:
        rows = await self._rows("SELECT * FROM events WHERE checkin_code = ?", (code,))
        return self._event(rows[0]) if rows else None

    async def save_event(self, event: Event) -> None:
        await self._db.execute(
            "UPDATE events SET kind=?, title=?, starts_at=?, ends_at=?, venue_name=?,"
            " venue_address=?, latitude=?, longitude=?, capacity=?, description=?,"
            " reminders=?, cancelled_at=?, audience=? WHERE id=?",
            (
                event.kind,
                event.title,
                to_db(event.starts_at),
                to_db(event.ends_at),
                event.venue_name,
                event.venue_address,
                event.latitude,
                event.longitude,
                event.capacity,
                event.description,
                json.dumps(event.reminders),
                to_db(event.cancelled_at),
                event.audience,
                event.id,
            ),
        )

    async def events_of_coach(self, coach_id: int, since: datetime) -> list[Event]:
        return await self._events(
            "SELECT e.* FROM events e JOIN programmes p ON p.id = e.programme_id"
            " WHERE p.coach_id = ? AND e.ends_at >= ? ORDER BY e.starts_at",
            (coach_id, to_db(since)),
        )

    async def open_events_for_member(self, person_id: int, since: datetime) -> list[Event]:
        """Upcoming events of the programmes someone belongs to."""
        return await self._events(
            "SELECT e.* FROM events e JOIN memberships m ON m.programme_id = e.programme_id"
            " WHERE m.person_id = ? AND e.starts_at > ? AND e.cancelled_at IS NULL"
            " ORDER BY e.starts_at",
            (person_id, to_db(since)),
        )

    async def events_of_person(self, person_id: int, since: datetime) -> list[Event]:
        return await self._events(
            "SELECT e.* FROM events e JOIN rsvps r ON r.event_id = e.id"
            " WHERE r.person_id = ? AND e.ends_at >= ? AND e.cancelled_at IS NULL"
            " ORDER BY e.starts_at",
            (person_id, to_db(since)),
        )

    # -- attendance -------------------------------------------------------------------

    @staticmethod
    def _rsvp(row: aiosqlite.Row) -> Rsvp:
        return Rsvp(
            event_id=row["event_id"],
            person_id=row["person_id"],
            state=cast(RsvpState, row["state"]),
            answered_at=from_db(row["answered_at"]),
            waitlisted_at=from_db(row["waitlisted_at"]),
            present_at=from_db(row["present_at"]),
        )

    async def invite_to_event(self, event_id: int, person_ids: list[int]) -> list[int]:
        """Add people to an event's list; returns those who were not on it yet."""
        added = []
        for person_id in person_ids:
            cur = await self._db.execute(
                "INSERT OR IGNORE INTO rsvps (event_id, person_id) VALUES (?, ?)",
                (event_id, person_id),
            )
            if cur.rowcount == 1:
                added.append(person_id)
        return added

    async def remove_from_event(self, event_id: int, person_ids: list[int]) -> None:
        """Take people off an event's list (it is no longer for them)."""
        await self._db.executemany(
            "DELETE FROM rsvps WHERE event_id = ? AND person_id = ?",
            [(event_id, person_id) for person_id in person_ids],
        )

    async def rsvp(self, event_id: int, person_id: int) -> Rsvp | None:
        rows = await self._rows(
            "SELECT * FROM rsvps WHERE event_id = ? AND person_id = ?", (event_id, person_id)
        )
        return self._rsvp(rows[0]) if rows else None

    async def rsvps(self, event_id: int) -> list[Rsvp]:
        rows = await self._rows(
            "SELECT r.* FROM rsvps r JOIN people p ON p.id = r.person_id"
            " WHERE r.event_id = ? AND p.forgotten_at IS NULL"
            " ORDER BY r.waitlisted_at IS NOT NULL, r.waitlisted_at, r.answered_at, r.person_id",
            (event_id,),
        )
        return [self._rsvp(row) for row in rows]

    async def save_rsvp(self, rsvp: Rsvp) -> None:
        await self._db.execute(
            "UPDATE rsvps SET state=?, answered_at=?, waitlisted_at=?, present_at=?"
            " WHERE event_id=? AND person_id=?",
            (
                rsvp.state,
                to_db(rsvp.answered_at),
                to_db(rsvp.waitlisted_at),
                to_db(rsvp.present_at),
                rsvp.event_id,
                rsvp.person_id,
            ),
        )

    async def save_evaluation(self, evaluation: Evaluation, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO evaluations (event_id, person_id, rating, comment, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id, person_id) DO UPDATE SET"
            " rating = excluded.rating, comment = excluded.comment",
            (
                evaluation.event_id,
                evaluation.person_id,
                evaluation.rating,
                evaluation.comment,
                to_db(now),
            ),
        )

    async def evaluations(self, event_id: int) -> list[Evaluation]:
        rows = await self._rows(
            "SELECT * FROM evaluations WHERE event_id = ? ORDER BY created_at", (event_id,)
        )
        return [
            Evaluation(row["event_id"], row["person_id"], row["rating"], row["comment"])
            for row in rows
        ]
