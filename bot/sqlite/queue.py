"""SQLite storage for scheduled messages and the outbox that channels send from."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import aiosqlite

from bot.effects import Effects
from bot.sqlite.base import RowsMixin, about_text, at, from_db, to_db
from bot.storage import DUE_BATCH
from conversations.core.names import NOTICE
from conversations.core.records import Scheduled


class QueueMixin(RowsMixin):
    # What the unit of work now running changed (see SqliteStore.unit_of_work).
    _unit: Effects

    # -- scheduled messages -------------------------------------------------------------

    async def schedule(
        self, kind: str, person_id: int, event_id: int | None, due: datetime
    ) -> None:
        """Plan (or re-plan) one message; one already sent is never planned again."""
        self._unit.plan_changed = True
        await self._db.execute(
            "INSERT INTO scheduled (kind, person_id, event_id, due_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind, person_id, event_id) DO UPDATE SET"
            " due_at = excluded.due_at, cancelled_at = NULL WHERE sent_at IS NULL",
            (kind, person_id, event_id, to_db(due)),
        )

    async def schedule_about(self, kind: str, person_id: int, subject: str, due: datetime) -> None:
        """Plan (or re-plan) a message about a pair, meeting or agreement."""
        self._unit.plan_changed = True
        await self._db.execute(
            "INSERT INTO scheduled (kind, person_id, subject, due_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind, person_id, subject) WHERE subject IS NOT NULL DO UPDATE SET"
            " due_at = excluded.due_at, cancelled_at = NULL, sent_at = NULL",
            (kind, person_id, subject, to_db(due)),
        )

    async def replan_scheduled(self, scheduled_id: int, due: datetime) -> None:
        """Move one planned message that is not sent yet to a new moment."""
        self._unit.plan_changed = True
        await self._db.execute(
            "UPDATE scheduled SET due_at = ? WHERE id = ? AND sent_at IS NULL",
            (to_db(due), scheduled_id),
        )

    async def unschedule_about(self, subject: str) -> None:
        self._unit.plan_changed = True
        await self._db.execute(
            "UPDATE scheduled SET cancelled_at = 'cancelled' WHERE subject = ? AND sent_at IS NULL",
            (subject,),
        )

    async def unschedule(self, person_id: int, event_id: int, kinds: list[str]) -> None:
        self._unit.plan_changed = True
        marks = ",".join("?" for _ in kinds)
        await self._db.execute(
            f"UPDATE scheduled SET cancelled_at = 'cancelled' WHERE person_id = ?"
            f" AND event_id = ? AND sent_at IS NULL AND kind IN ({marks})",
            (person_id, event_id, *kinds),
        )

    async def due_scheduled(self, now: datetime, limit: int = DUE_BATCH) -> list[Scheduled]:
        rows = await self._rows(
            "SELECT * FROM scheduled WHERE sent_at IS NULL AND cancelled_at IS NULL"
            " AND due_at <= ? ORDER BY due_at LIMIT ?",
            (to_db(now), limit),
        )
        return [
            Scheduled(
                row["id"],
                row["kind"],
                row["person_id"],
                row["event_id"],
                at(row["due_at"]),
                row["subject"],
            )
            for row in rows
        ]

    async def next_due(self) -> datetime | None:
        rows = await self._rows(
            "SELECT MIN(due_at) FROM scheduled WHERE sent_at IS NULL AND cancelled_at IS NULL"
        )
        return from_db(rows[0][0]) if rows else None

    async def mark_scheduled_sent(self, scheduled_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE scheduled SET sent_at = ? WHERE id = ?", (to_db(now), scheduled_id)
        )

    # -- outbox ---------------------------------------------------------------------------

    async def enqueue(
        self,
        chat_key: str,
        message: dict[str, Any],
        attachment: bytes | None,
        now: datetime,
        about: Iterable[int] = (),
        kind: str = NOTICE,
    ) -> None:
        """Queue a message; `about` are the people it tells about, whose /forget takes it
        back; `kind`: what kind of message it is (conversations.core.names)."""
        self._unit.queued += 1
        await self._db.execute(
            "INSERT INTO outbox (chat_key, message, attachment, created_at, about, kind)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (chat_key, json.dumps(message), attachment, to_db(now), about_text(about), kind),
        )

    async def pending_outbox(
        self, prefix: str, limit: int = 100, after: int = 0
    ) -> list[aiosqlite.Row]:
        """A channel's queued messages, oldest first, from the row after `after` on."""
        # Held messages and the last incoming one ride along: a chat app with a window
        # (bot/held.py) needs both, and one query is cheaper than two per row.
        return await self._rows(
            "SELECT o.*, EXISTS (SELECT 1 FROM held h WHERE h.chat_key = o.chat_key) AS waiting,"
            " (SELECT at FROM last_incoming l WHERE l.chat_key = o.chat_key) AS last_incoming"
            " FROM outbox o WHERE o.sent_at IS NULL AND o.chat_key LIKE ? AND o.id > ?"
            " ORDER BY o.id LIMIT ?",
            (f"{prefix}:%", after, limit),
        )

    async def delete_outbox(self, outbox_id: int) -> None:
        """A message is kept only until it is delivered (or known undeliverable): what it
        says about people is not stored longer than needed to send it."""
        await self._db.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))
