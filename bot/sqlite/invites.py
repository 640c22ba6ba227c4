"""SQLite storage for invites: personal ones (used once) and group ones (a limit of uses)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import aiosqlite

from bot.sqlite.base import RowsMixin, from_db, to_db
from conversations.core.records import Invite
from conversations.core.types import Role


class InvitesMixin(RowsMixin):
    @staticmethod
    def _invite(row: aiosqlite.Row) -> Invite:
        return Invite(
            id=row["id"],
            role=cast(Role, row["role"]),
            programme=row["programme"],
            programme_id=row["programme_id"],
            created_by=row["created_by"],
            created_at=cast(datetime, from_db(row["created_at"])),
            expires_at=cast(datetime, from_db(row["expires_at"])),
            used_at=from_db(row["used_at"]),
            used_by=row["used_by"],
            max_uses=row["max_uses"],
            uses=row["uses"],
        )

    async def create_invite(
        self,
        *,
        token_hash: str,
        role: Role,
        programme: str | None,
        programme_id: int | None,
        created_by: int | None,
        now: datetime,
        expires_at: datetime,
        max_uses: int | None = None,
    ) -> Invite:
        cur = await self._db.execute(
            "INSERT INTO invites (token_hash, role, programme, programme_id, created_by,"
            " created_at, expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                token_hash,
                role,
                programme,
                programme_id,
                created_by,
                to_db(now),
                to_db(expires_at),
                max_uses,
            ),
        )
        invite = await self.invite(cast(int, cur.lastrowid))
        assert invite is not None
        return invite

    async def invite(self, invite_id: int) -> Invite | None:
        row = await self._row("SELECT * FROM invites WHERE id = ?", (invite_id,))
        return self._invite(row) if row else None

    async def invite_by_hash(self, token_hash: str) -> Invite | None:
        row = await self._row("SELECT * FROM invites WHERE token_hash = ?", (token_hash,))
        return self._invite(row) if row else None

    async def use_invite(self, invite_id: int, person_id: int | None, now: datetime) -> bool:
        """Count one use of an invite; False when it cannot be used (any more): a personal
        invite someone used first, a group invite at its limit, or one past its end. One
        statement checks and counts, so two people at once never go over the limit."""
        cur = await self._db.execute(
            "UPDATE invites SET uses = uses + 1,"
            " used_at = CASE WHEN max_uses IS NULL THEN ? ELSE used_at END,"
            " used_by = CASE WHEN max_uses IS NULL THEN ? ELSE used_by END"
            " WHERE id = ? AND expires_at > ? AND used_at IS NULL"
            " AND uses < COALESCE(max_uses, 1)",
            (to_db(now), person_id, invite_id, to_db(now)),
        )
        return cur.rowcount == 1

    async def note_invite_user(self, invite_id: int, person_id: int) -> None:
        """Who used a personal invite, once their row exists (a group invite keeps no one)."""
        await self._db.execute(
            "UPDATE invites SET used_by = ? WHERE id = ? AND max_uses IS NULL",
            (person_id, invite_id),
        )

    async def invites_created_by(self, person_id: int) -> list[Invite]:
        rows = await self._rows(
            "SELECT * FROM invites WHERE created_by = ? ORDER BY id", (person_id,)
        )
        return [self._invite(row) for row in rows]
