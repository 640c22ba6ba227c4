"""SQLite storage: a bot.storage.Backend, so also the flows' conversations.core.stores.Store."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import aiosqlite

from bot.effects import Effects
from bot.sqlite.base import ID_BATCH, marks, person_from_row, to_db
from bot.sqlite.delivery import DeliveryMixin
from bot.sqlite.intake import IntakeMixin
from bot.sqlite.invites import InvitesMixin
from bot.sqlite.meetings import MeetingsMixin
from bot.sqlite.migrations import MIGRATIONS
from bot.sqlite.people import PeopleMixin
from bot.sqlite.privacy import PrivacyMixin
from bot.sqlite.reach import ReachMixin
from bot.sqlite.window import WindowMixin
from bot.storage import Backend
from conversations.core.records import Conversation, Person
from conversations.core.types import Role


class SqliteStore(
    PrivacyMixin,
    PeopleMixin,
    ReachMixin,
    MeetingsMixin,
    InvitesMixin,
    IntakeMixin,
    WindowMixin,
    DeliveryMixin,
):
    """One aiosqlite connection; every unit of work runs under one lock.

    aiosqlite shares one transaction between all tasks on a connection, so a
    commit by one task would cover another's half-done writes: the lock keeps
    units of work apart.
    """

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db
        self._lock = asyncio.Lock()
        self._erased = False
        self._unit = Effects()

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:
        db = await aiosqlite.connect(str(path))
        db.row_factory = aiosqlite.Row
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA foreign_keys=ON")
            # Deleted personal data is overwritten, not left behind in free pages.
            await db.execute("PRAGMA secure_delete=ON")
            store = cls(db)
            await store._migrate()
        except BaseException:
            # Not a database, or read-only: aiosqlite's thread would keep the process alive.
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self._db.close()

    async def _migrate(self) -> None:
        row = await self._row("PRAGMA user_version")
        current = int(row[0]) if row else 0
        for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
            await self._db.executescript(
                f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;"
            )

    async def schema_version(self) -> int:
        row = await self._row("PRAGMA user_version")
        return int(row[0]) if row else 0

    @asynccontextmanager
    async def unit_of_work(self, effects: Effects | None = None) -> AsyncIterator[SqliteStore]:
        """Serialise one event's reads and writes; commit at the end or roll back on error.

        What the unit queued or changed in the plan is added to `effects` after the commit
        only: a unit that rolls back has no effects."""
        async with self._lock:
            self._unit = Effects()
            try:
                yield self
            except BaseException:
                await self._db.rollback()
                raise
            else:
                # Nothing written, nothing to commit: saves a trip for read-only events.
                if self._db.in_transaction:
                    await self._db.commit()
                if self._erased:
                    # Old page images in the WAL still hold erased data until a checkpoint.
                    self._erased = False
                    await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                if effects is not None:
                    effects.add(self._unit)

    # -- conversations -------------------------------------------------------------

    async def conversation(self, chat_key: str) -> Conversation | None:
        return (await self.person_and_conversation(chat_key))[1]

    async def person_and_conversation(
        self, chat_key: str, seen_on: date | None = None
    ) -> tuple[Person | None, Conversation | None]:
        """Who writes and where they are, in one query: every incoming event starts here.
        With `seen_on` (today), also the day a job seeker or employer was last seen, for
        their coach: a write once a day at most, so nearly every event costs no extra query.
        (Nobody looks at a coach's or an admin's last day: theirs is not kept.)"""
        row = await self._row(
            "SELECT p.*, c.chat_key AS c_chat_key, c.flow AS c_flow, c.step AS c_step,"
            " c.data AS c_data, c.version AS c_version, c.offered AS c_offered"
            " FROM (SELECT ? AS chat_key) AS k"
            " LEFT JOIN people p ON p.chat_key = k.chat_key AND p.forgotten_at IS NULL"
            " LEFT JOIN conversations c ON c.chat_key = k.chat_key",
            (chat_key,),
        )
        assert row is not None
        person = person_from_row(row) if row["id"] is not None else None
        if (
            person is not None
            and person.role in ("candidate", "buddy")
            and seen_on is not None
            and person.last_seen_on != seen_on
        ):
            await self.mark_seen(person.id, seen_on)
            person.last_seen_on = seen_on
        if row["c_chat_key"] is None:
            return person, None
        # Older rows hold only the offered values; newer ones also the typed-answer labels.
        offered = json.loads(row["c_offered"])
        typed = offered.get("typed", {}) if isinstance(offered, dict) else {}
        conv = Conversation(
            chat_key=row["c_chat_key"],
            flow=row["c_flow"],
            step=row["c_step"],
            data=json.loads(row["c_data"]),
            version=row["c_version"],
            offered=offered.get("values", []) if isinstance(offered, dict) else offered,
            choices=typed if isinstance(typed, dict) else {},
        )
        return person, conv

    async def save_conversation(self, conv: Conversation, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO conversations (chat_key, flow, step, data, version, offered, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(chat_key) DO UPDATE SET"
            " flow=excluded.flow, step=excluded.step, data=excluded.data,"
            " version=excluded.version, offered=excluded.offered, updated_at=excluded.updated_at",
            (
                conv.chat_key,
                conv.flow,
                conv.step,
                json.dumps(conv.data),
                conv.version,
                json.dumps({"values": conv.offered, "typed": conv.choices}),
                to_db(now),
            ),
        )

    async def delete_conversation(self, chat_key: str) -> None:
        await self._db.execute("DELETE FROM conversations WHERE chat_key = ?", (chat_key,))

    # -- people ---------------------------------------------------------------------

    async def _one_person(self, where: str, value: Any) -> Person | None:
        row = await self._row(
            f"SELECT * FROM people WHERE {where} = ? AND forgotten_at IS NULL", (value,)
        )
        return person_from_row(row) if row else None

    async def person_by_chat(self, chat_key: str) -> Person | None:
        return await self._one_person("chat_key", chat_key)

    async def person(self, person_id: int) -> Person | None:
        return await self._one_person("id", person_id)

    async def people_by_id(self, person_ids: Iterable[int]) -> dict[int, Person]:
        """The people with these ids who are still here, in one query per 500 ids."""
        wanted, found = sorted(set(person_ids)), dict[int, Person]()
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            rows = await self._rows(
                f"SELECT * FROM people WHERE forgotten_at IS NULL AND id IN ({marks(batch)})",
                tuple(batch),
            )
            found.update((row["id"], person_from_row(row)) for row in rows)
        return found

    async def create_person(
        self,
        *,
        chat_key: str,
        role: Role,
        language: str | None,
        programme: str | None,
        invited_by: int | None,
        consent_at: datetime | None,
        now: datetime,
    ) -> Person:
        cur = await self._db.execute(
            "INSERT INTO people (chat_key, role, language, programme, invited_by, consent_at,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chat_key, role, language, programme, invited_by, to_db(consent_at), to_db(now)),
        )
        person = await self.person(cast(int, cur.lastrowid))
        assert person is not None
        return person

    async def save_person(self, person: Person) -> None:
        await self._db.execute(
            "UPDATE people SET role=?, language=?, name=?, profile=?, programme=?,"
            " consent_at=?, onboarded_at=? WHERE id=?",
            (
                person.role,
                person.language,
                person.name,
                json.dumps(person.profile),
                person.programme,
                to_db(person.consent_at),
                to_db(person.onboarded_at),
                person.id,
            ),
        )

    async def count_people(self) -> int:
        row = await self._row("SELECT COUNT(*) FROM people WHERE forgotten_at IS NULL")
        return int(row[0]) if row else 0


def _is_backend(store: SqliteStore) -> Backend:
    """For mypy: SqliteStore keeps every promise of the Backend protocol."""
    return store
