"""What only the SQLite backend has: its migrations, run once, in order, never edited."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from bot.sqlite.migrations import MIGRATIONS
from bot.sqlite.store import SqliteStore
from tests.bot.storage.contract import NOW

# The released migrations, byte for byte: 15 entries. Appending new ones changes nothing
# here; editing a released one (which would never run on existing databases) fails.
RELEASED = 15
RELEASED_SHA256 = "58f1256ca234334b04b4ae6a820d66a9860398bf60e1165ae12e079d78f59df3"


def test_released_migrations_are_never_edited() -> None:
    assert len(MIGRATIONS) >= RELEASED
    digest = hashlib.sha256("\0".join(MIGRATIONS[:RELEASED]).encode()).hexdigest()
    assert digest == RELEASED_SHA256


async def test_migrations_run_once_and_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    first = await SqliteStore.open(path)
    assert await first.schema_version() == len(MIGRATIONS)
    await first.close()
    again = await SqliteStore.open(path)
    assert await again.schema_version() == len(MIGRATIONS)
    await again.close()


async def test_upgrade_keeps_broadcast_recipients(tmp_path: Path) -> None:
    """A database made before the recipients' table was rebuilt keeps its pending ones."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        for version, script in enumerate(MIGRATIONS[:8], start=1):
            db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;")
        db.execute("INSERT INTO people (id, role, created_at) VALUES (1, 'coach', 'x')")
        db.execute(
            "INSERT INTO broadcasts (id, sender_id, audience, texts, state, created_at)"
            " VALUES (1, 1, 'everyone', '{}', 'sending', 'x')"
        )
        db.execute(
            "INSERT INTO broadcast_recipients (broadcast_id, person_id, chat_key, attempts)"
            " VALUES (1, 1, 'tg:5', 2)"
        )
    store = await SqliteStore.open(path)
    async with store.unit_of_work():
        (row,) = await store.pending_recipients(1, 10)
    await store.close()
    assert (row["chat_key"], row["attempts"], row["state"]) == ("tg:5", 2, "pending")
    assert "next_try_at" not in row.keys()


async def test_count_people_counts_those_still_here(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "count.sqlite3")
    async with store.unit_of_work():
        for n in range(3):
            await store.create_person(
                chat_key=f"tg:{n}",
                role="candidate",
                language=None,
                programme=None,
                invited_by=None,
                consent_at=None,
                now=NOW,
            )
        await store.forget_person(1, NOW)
        assert await store.count_people() == 2
    await store.close()
