"""SQLite storage for broadcasts: one row per broadcast and one per recipient."""

from __future__ import annotations

import json
from datetime import datetime
from typing import cast

import aiosqlite

from bot.effects import Effects
from bot.sqlite.base import RowsMixin, at, from_db, person_from_row, to_db
from conversations.core.records import Broadcast, Person, Recipient


class BroadcastsMixin(RowsMixin):
    # What the unit of work now running changed (see SqliteStore.unit_of_work).
    _unit: Effects

    @staticmethod
    def _broadcast(row: aiosqlite.Row) -> Broadcast:
        return Broadcast(
            id=row["id"],
            sender_id=row["sender_id"],
            audience=row["audience"],
            texts=json.loads(row["texts"]),
            state=row["state"],
            created_at=at(row["created_at"]),
            send_at=from_db(row["send_at"]),
            file_kind=row["file_kind"],
            file_id=row["file_id"],
            finished_at=from_db(row["finished_at"]),
            progress_message=row["progress_message"],
        )

    async def create_broadcast(
        self, broadcast: Broadcast, recipients: list[Recipient]
    ) -> Broadcast:
        """The broadcast and its recipients, fixed at the moment the sender confirmed."""
        self._unit.broadcasts_changed = True
        cur = await self._db.execute(
            "INSERT INTO broadcasts (sender_id, audience, texts, file_kind, file_id, state,"
            " send_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                broadcast.sender_id,
                broadcast.audience,
                json.dumps(broadcast.texts),
                broadcast.file_kind,
                broadcast.file_id,
                broadcast.state,
                to_db(broadcast.send_at),
                to_db(broadcast.created_at),
            ),
        )
        broadcast_id = cast(int, cur.lastrowid)
        await self._db.executemany(
            "INSERT INTO broadcast_recipients (broadcast_id, person_id, chat_key, language)"
            " VALUES (?, ?, ?, ?)",
            [(broadcast_id, r.person_id, r.chat_key, r.language) for r in recipients],
        )
        found = await self.broadcast(broadcast_id)
        assert found is not None
        return found

    async def broadcast(self, broadcast_id: int) -> Broadcast | None:
        rows = await self._rows("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return self._broadcast(rows[0]) if rows else None

    async def save_broadcast(self, broadcast: Broadcast) -> None:
        self._unit.broadcasts_changed = True
        await self._db.execute(
            "UPDATE broadcasts SET state = ?, send_at = ?, finished_at = ?, progress_message = ?"
            " WHERE id = ?",
            (
                broadcast.state,
                to_db(broadcast.send_at),
                to_db(broadcast.finished_at),
                broadcast.progress_message,
                broadcast.id,
            ),
        )

    async def broadcasts_to_send(self, now: datetime) -> list[Broadcast]:
        rows = await self._rows(
            "SELECT * FROM broadcasts WHERE state = 'sending'"
            " OR (state = 'scheduled' AND send_at <= ?) ORDER BY id",
            (to_db(now),),
        )
        return [self._broadcast(row) for row in rows]

    async def next_broadcast_at(self) -> datetime | None:
        row = await self._row("SELECT MIN(send_at) FROM broadcasts WHERE state = 'scheduled'")
        return from_db(row[0]) if row else None

    async def broadcast_counts(self, broadcast_id: int) -> dict[str, int]:
        rows = await self._rows(
            "SELECT state, COUNT(*) FROM broadcast_recipients WHERE broadcast_id = ?"
            " GROUP BY state",
            (broadcast_id,),
        )
        return {row[0]: row[1] for row in rows}

    async def pending_recipients(self, broadcast_id: int, limit: int) -> list[aiosqlite.Row]:
        return await self._rows(
            "SELECT r.*, (SELECT at FROM last_incoming l WHERE l.chat_key = r.chat_key)"
            " AS last_incoming FROM broadcast_recipients r"
            " WHERE r.broadcast_id = ? AND r.state = 'pending' ORDER BY r.person_id LIMIT ?",
            (broadcast_id, limit),
        )

    async def mark_recipient(
        self,
        broadcast_id: int,
        person_id: int,
        state: str,
        now: datetime,
    ) -> None:
        await self._db.execute(
            "UPDATE broadcast_recipients SET state = ?, attempts = attempts + 1,"
            " sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END"
            " WHERE broadcast_id = ? AND person_id = ?",
            (state, state, to_db(now), broadcast_id, person_id),
        )

    async def recipient_rows(self, broadcast_id: int) -> list[aiosqlite.Row]:
        return await self._rows(
            "SELECT r.*, p.name FROM broadcast_recipients r JOIN people p ON p.id = r.person_id"
            " WHERE r.broadcast_id = ? ORDER BY r.person_id",
            (broadcast_id,),
        )

    # Audiences are read in one query each: one per person held the lock for seconds.
    async def everyone(self) -> list[Person]:
        rows = await self._rows(
            "SELECT * FROM people WHERE forgotten_at IS NULL AND chat_key IS NOT NULL ORDER BY id"
        )
        return [person_from_row(row) for row in rows]

    async def people_of_coach(self, coach_id: int) -> list[Person]:
        """Everyone in the coach's programmes, and everyone the coach invited."""
        rows = await self._rows(
            "SELECT DISTINCT p.* FROM people p LEFT JOIN memberships m ON m.person_id = p.id"
            " LEFT JOIN programmes g ON g.id = m.programme_id"
            " WHERE p.forgotten_at IS NULL AND p.chat_key IS NOT NULL AND p.id != ?"
            " AND (g.coach_id = ? OR p.invited_by = ?) ORDER BY p.id",
            (coach_id, coach_id, coach_id),
        )
        return [person_from_row(row) for row in rows]
