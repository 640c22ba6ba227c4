"""SQLite storage for the durable intake: incoming updates kept until handled (bot/intake.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from bot.sqlite.base import RowsMixin, from_db, to_db

# Rows set aside are kept this long, for a developer to see why they could not be read.
SET_ASIDE_KEPT = timedelta(days=7)
# The ids of handled updates are kept this long: Meta retries a webhook for up to a week.
DONE_KEPT = timedelta(days=14)


class IntakeMixin(RowsMixin):
    async def keep_update(
        self, channel: str, update_id: str, chat_key: str | None, payload: str, now: datetime
    ) -> int | None:
        """Keep one incoming update; its row id, or None when it was kept already (also
        when it was handled since: webhooks are delivered again days later)."""
        # One statement (one trip to aiosqlite's thread): a batch of 200 holds the lock
        # half as long as with the check on its own.
        cur = await self._db.execute(
            "INSERT OR IGNORE INTO intake (channel, update_id, chat_key, payload, received_at)"
            " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM intake_done WHERE channel = ? AND update_id = ?)",
            (channel, update_id, chat_key, payload, to_db(now), channel, update_id),
        )
        return cur.lastrowid if cur.rowcount == 1 else None

    async def pending_updates(
        self, channel: str, limit: int = 100, after: int = 0
    ) -> list[aiosqlite.Row]:
        """A channel's kept updates not done and not set aside, oldest first."""
        return await self._rows(
            "SELECT id, update_id, chat_key, payload, tries, answer FROM intake"
            " WHERE channel = ? AND set_aside IS NULL AND id > ? ORDER BY id LIMIT ?",
            (channel, after, limit),
        )

    async def update_done(self, intake_id: int) -> None:
        """Handled: the person's words go, in the unit of work of what they changed; the
        update's id stays two weeks, so that a second delivery is recognised."""
        row = await self._row("SELECT received_at FROM intake WHERE id = ?", (intake_id,))
        if row is not None:
            await self._db.execute(
                "INSERT OR IGNORE INTO intake_done (channel, update_id, received_at)"
                " SELECT channel, update_id, received_at FROM intake WHERE id = ?",
                (intake_id,),
            )
            received = from_db(row["received_at"])
            assert received is not None
            await self._db.execute(
                "DELETE FROM intake_done WHERE received_at < ?", (to_db(received - DONE_KEPT),)
            )
        await self._db.execute("DELETE FROM intake WHERE id = ?", (intake_id,))

    async def update_answered(self, intake_id: int, answer: str) -> None:
        """Handled, its replies not yet out: they are kept in place of the person's words."""
        await self._db.execute(
            "UPDATE intake SET answer = ?, payload = '' WHERE id = ?", (answer, intake_id)
        )

    async def update_tried(self, intake_id: int) -> None:
        await self._db.execute("UPDATE intake SET tries = tries + 1 WHERE id = ?", (intake_id,))

    async def set_update_aside(self, intake_id: int, reason: str, now: datetime) -> None:
        """No more tries: kept a week for a developer to look at, then deleted."""
        await self._db.execute(
            "UPDATE intake SET set_aside = ?, set_aside_at = ? WHERE id = ?",
            (reason, to_db(now), intake_id),
        )
        await self._db.execute(
            "DELETE FROM intake WHERE set_aside_at < ?", (to_db(now - SET_ASIDE_KEPT),)
        )

    async def intake_cursor(self, channel: str) -> str | None:
        row = await self._row("SELECT cursor FROM intake_cursors WHERE channel = ?", (channel,))
        return str(row["cursor"]) if row else None

    async def save_intake_cursor(self, channel: str, cursor: str) -> None:
        await self._db.execute(
            "INSERT INTO intake_cursors (channel, cursor) VALUES (?, ?)"
            " ON CONFLICT (channel) DO UPDATE SET cursor = excluded.cursor",
            (channel, cursor),
        )
