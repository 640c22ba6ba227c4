"""What every SQLite store mixin shares: the connection, row queries and UTC timestamps."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, cast

import aiosqlite

from conversations.core.records import Person
from conversations.core.types import Role

# Ids per "IN (?, ?, ...)" query: older SQLite builds allow 999 parameters.
ID_BATCH = 500


def marks(values: list[int]) -> str:
    """The "?, ?, ?" for an IN list of these values."""
    return ", ".join("?" * len(values))


def to_db(moment: datetime | None) -> str | None:
    # Always UTC: the columns are compared as text, so every value needs the same offset.
    return moment.astimezone(UTC).isoformat() if moment else None


def about_text(about: Iterable[int]) -> str | None:
    """The people a queued message tells about, as ",12,34," (a /forget finds its id)."""
    ids = sorted(set(about))
    return f",{','.join(map(str, ids))}," if ids else None


def from_db(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def person_from_row(row: aiosqlite.Row) -> Person:
    return Person(
        id=row["id"],
        chat_key=row["chat_key"],
        role=cast(Role, row["role"]),
        language=row["language"],
        name=row["name"],
        profile=json.loads(row["profile"]),
        programme=row["programme"],
        invited_by=row["invited_by"],
        consent_at=from_db(row["consent_at"]),
        onboarded_at=from_db(row["onboarded_at"]),
        created_at=cast(datetime, from_db(row["created_at"])),
        last_seen_on=date.fromisoformat(row["last_seen_on"]) if row["last_seen_on"] else None,
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class RowsMixin:
    _db: aiosqlite.Connection

    async def _rows(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> list[aiosqlite.Row]:
        # One trip to the database thread (execute, fetch and close as three would be
        # three): each trip waits for the event loop, and they add up per update.
        return list(await self._db.execute_fetchall(sql, params))

    async def _row(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> aiosqlite.Row | None:
        rows = await self._rows(sql, params)
        return rows[0] if rows else None
