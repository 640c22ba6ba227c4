"""What every SQLite store mixin shares: the connection, row queries and UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import aiosqlite


def to_db(moment: datetime | None) -> str | None:
    # Always UTC: the columns are compared as text, so every value needs the same offset.
    return moment.astimezone(UTC).isoformat() if moment else None


def from_db(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class RowsMixin:
    _db: aiosqlite.Connection

    async def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[aiosqlite.Row]:
        async with self._db.execute(sql, params) as cur:
            return list(await cur.fetchall())
