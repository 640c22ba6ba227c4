"""SQLite storage for chat apps with a window for messages LiftBot starts (WhatsApp's 24
hours): each chat's last incoming message, and the messages held until the person answers.
Also the installation's secrets, made on first use."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.effects import Effects
from bot.sqlite.base import RowsMixin, from_db, to_db


class WindowMixin(RowsMixin):
    _unit: Effects

    async def note_incoming(self, chat_key: str, now: datetime) -> None:
        """The person wrote (or pressed) just now: their window is open again."""
        await self._db.execute(
            "INSERT INTO last_incoming (chat_key, at) VALUES (?, ?)"
            " ON CONFLICT (chat_key) DO UPDATE SET at = excluded.at",
            (chat_key, to_db(now)),
        )

    async def last_incoming(self, chat_key: str) -> datetime | None:
        row = await self._row("SELECT at FROM last_incoming WHERE chat_key = ?", (chat_key,))
        return from_db(row["at"]) if row else None

    async def hold_outbox(self, outbox_id: int) -> None:
        """The outbox row waits for the person to answer (a template went in its place):
        moved, with its kind and the people it tells about, to the held messages."""
        await self._db.execute(
            "INSERT INTO held (chat_key, message, attachment, kind, about, created_at)"
            " SELECT chat_key, message, attachment, kind, about, created_at FROM outbox"
            " WHERE id = ?",
            (outbox_id,),
        )
        await self._db.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))

    async def held_messages(self, chat_key: str) -> list[aiosqlite.Row]:
        """Rows with id, chat_key, message, attachment, kind; oldest first."""
        return await self._rows(
            "SELECT id, chat_key, message, attachment, kind FROM held"
            " WHERE chat_key = ? ORDER BY id",
            (chat_key,),
        )

    async def release_held(self, chat_key: str, now: datetime) -> int:
        """The person answered: their held messages go back into the outbox, in the order
        they were held, so the outbox pump sends them (and a crash loses none). How many.
        Rows of the chat queued since the pump last ran go after them: they are newer."""
        newer = await self._row(
            "SELECT MAX(id) AS last FROM outbox WHERE chat_key = ?", (chat_key,)
        )
        cur = await self._db.execute(
            "INSERT INTO outbox (chat_key, message, attachment, created_at, about, kind)"
            " SELECT chat_key, message, attachment, ?, about, kind FROM held"
            " WHERE chat_key = ? ORDER BY id",
            (to_db(now), chat_key),
        )
        released = cur.rowcount
        if released <= 0:
            return 0
        await self._db.execute("DELETE FROM held WHERE chat_key = ?", (chat_key,))
        self._unit.queued += released
        if newer is not None and newer["last"] is not None:
            columns = "chat_key, message, attachment, created_at, about, kind"
            await self._db.execute(
                f"INSERT INTO outbox ({columns}) SELECT {columns} FROM outbox"
                " WHERE chat_key = ? AND id <= ? ORDER BY id",
                (chat_key, newer["last"]),
            )
            await self._db.execute(
                "DELETE FROM outbox WHERE chat_key = ? AND id <= ?", (chat_key, newer["last"])
            )
        return released

    async def installation_secret(self, name: str, candidate: bytes) -> bytes:
        """The installation's secret by this name; `candidate` (random) becomes it when there
        is none yet. Made once, kept for good: what it signed stays valid after a restart."""
        await self._db.execute(
            "INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)", (name, candidate)
        )
        row = await self._row("SELECT value FROM secrets WHERE name = ?", (name,))
        assert row is not None
        return bytes(row["value"])
