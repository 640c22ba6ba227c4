"""SQLite storage for what became of a pair's meetings: each side's "did you talk?" answer
(and "nothing agreed"), and requests for help with an agreed action."""

from __future__ import annotations

from typing import cast

import aiosqlite

from bot.sqlite.base import RowsMixin, at, to_db
from conversations.core.meeting_records import HelpRequest, Talk


def _talk(row: aiosqlite.Row) -> Talk:
    return Talk(
        meeting_id=row["meeting_id"],
        person_id=row["person_id"],
        talked=row["talked"],
        answered_at=at(row["answered_at"]),
        nothing_agreed=bool(row["nothing_agreed"]),
    )


def _help(row: aiosqlite.Row) -> HelpRequest:
    return HelpRequest(
        id=row["id"],
        agreement_id=row["agreement_id"],
        person_id=row["person_id"],
        asked_at=at(row["asked_at"]),
        note=row["note"],
    )


class MeetingsMixin(RowsMixin):
    async def save_talk(self, talk: Talk) -> None:
        """One person's answer for one meeting; a later answer replaces theirs."""
        await self._db.execute(
            "INSERT INTO meeting_talks (meeting_id, person_id, talked, nothing_agreed,"
            " answered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, person_id)"
            " DO UPDATE SET talked = excluded.talked, nothing_agreed = excluded.nothing_agreed,"
            " answered_at = excluded.answered_at",
            (
                talk.meeting_id,
                talk.person_id,
                talk.talked,
                int(talk.nothing_agreed),
                to_db(talk.answered_at),
            ),
        )

    async def talks_of_pair(self, pair_id: int) -> list[Talk]:
        rows = await self._rows(
            "SELECT t.* FROM meeting_talks t JOIN meetings m ON m.id = t.meeting_id"
            " WHERE m.pair_id = ? ORDER BY t.meeting_id, t.answered_at",
            (pair_id,),
        )
        return [_talk(row) for row in rows]

    async def talks_of_person(self, person_id: int) -> list[Talk]:
        rows = await self._rows(
            "SELECT * FROM meeting_talks WHERE person_id = ? ORDER BY answered_at", (person_id,)
        )
        return [_talk(row) for row in rows]

    async def create_help_request(self, request: HelpRequest) -> HelpRequest:
        cur = await self._db.execute(
            "INSERT INTO help_requests (agreement_id, person_id, note, asked_at)"
            " VALUES (?, ?, ?, ?)",
            (request.agreement_id, request.person_id, request.note, to_db(request.asked_at)),
        )
        rows = await self._rows(
            "SELECT * FROM help_requests WHERE id = ?", (cast(int, cur.lastrowid),)
        )
        return _help(rows[0])

    async def help_requests_of_person(self, person_id: int) -> list[HelpRequest]:
        rows = await self._rows(
            "SELECT * FROM help_requests WHERE person_id = ? ORDER BY id", (person_id,)
        )
        return [_help(row) for row in rows]
