"""SQLite storage for recurring events: the rule and the first event the others copy."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from bot.sqlite.base import RowsMixin, from_db, to_db
from conversations.core.records import Series


class SeriesMixin(RowsMixin):
    async def create_series(
        self, programme_id: int, rule: dict[str, Any], template_event_id: int, now: datetime
    ) -> Series:
        cur = await self._db.execute(
            "INSERT INTO series (programme_id, rule, template_event_id, created_at)"
            " VALUES (?, ?, ?, ?)",
            (programme_id, json.dumps(rule), template_event_id, to_db(now)),
        )
        series_id = cast(int, cur.lastrowid)
        await self._db.execute(
            "UPDATE events SET series_id = ? WHERE id = ?", (series_id, template_event_id)
        )
        return Series(series_id, programme_id, rule, template_event_id)

    async def all_series(self) -> list[Series]:
        rows = await self._rows("SELECT * FROM series ORDER BY id")
        return [
            Series(r["id"], r["programme_id"], json.loads(r["rule"]), r["template_event_id"])
            for r in rows
        ]

    async def last_start_in_series(self, series_id: int) -> datetime | None:
        rows = await self._rows(
            "SELECT MAX(starts_at) FROM events WHERE series_id = ?", (series_id,)
        )
        return from_db(rows[0][0]) if rows else None
