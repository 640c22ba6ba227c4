"""Store contract tests, run over every storage backend (SQLite today)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.sqlite.migrations import MIGRATIONS
from bot.sqlite.store import SqliteStore
from conversations.core.records import Conversation

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = await SqliteStore.open(tmp_path / "contract.sqlite3")
    yield store
    await store.close()


async def test_migrations_run_once_and_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    first = await SqliteStore.open(path)
    assert await first.schema_version() == len(MIGRATIONS)
    await first.close()
    again = await SqliteStore.open(path)
    assert await again.schema_version() == len(MIGRATIONS)
    await again.close()


async def test_upgrade_keeps_broadcast_recipients(tmp_path: Path) -> None:
    """A database made before the last migration keeps its pending recipients."""
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


async def test_person_round_trip(backend: SqliteStore) -> None:
    async with backend.unit_of_work() as store:
        person = await store.create_person(
            chat_key="tg:1",
            role="candidate",
            language="nl",
            programme="In de Lift",
            invited_by=None,
            consent_at=NOW,
            now=NOW,
        )
        person.name, person.profile = "Anna", {"sectors": ["care"]}
        await store.save_person(person)
    async with backend.unit_of_work() as store:
        again = await store.person_by_chat("tg:1")
    assert again is not None and again.name == "Anna" and again.profile == {"sectors": ["care"]}
    assert again.consent_at == NOW and again.programme == "In de Lift"


async def test_conversation_round_trip_and_delete(backend: SqliteStore) -> None:
    conv = Conversation("tg:1", "intake", "ask:name", {"mode": "onboarding"}, 3, ["a", "b"])
    async with backend.unit_of_work() as store:
        await store.save_conversation(conv, NOW)
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:1") == conv
        await store.delete_conversation("tg:1")
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:1") is None


async def test_person_and_conversation_are_read_together(backend: SqliteStore) -> None:
    async with backend.unit_of_work() as store:
        assert await store.person_and_conversation("tg:1") == (None, None)
        person = await store.create_person(
            chat_key="tg:1",
            role="buddy",
            language="en",
            programme=None,
            invited_by=None,
            consent_at=NOW,
            now=NOW,
        )
        assert await store.person_and_conversation("tg:1") == (person, None)
        conv = Conversation("tg:1", "menu", "main", {"page": 2}, 4, ["cmd:help"])
        await store.save_conversation(conv, NOW)
        await store.save_conversation(Conversation("tg:2", "intake"), NOW)
        assert await store.person_and_conversation("tg:1") == (person, conv)
        # Someone who has not joined yet can be in the middle of a conversation.
        assert await store.person_and_conversation("tg:2") == (None, Conversation("tg:2", "intake"))
        await store.forget_person(person.id, NOW)
        assert await store.person_and_conversation("tg:1") == (None, None)


async def test_unit_of_work_rolls_back_on_error(backend: SqliteStore) -> None:
    with pytest.raises(RuntimeError):
        async with backend.unit_of_work() as store:
            await store.save_conversation(Conversation("tg:9", "intake"), NOW)
            raise RuntimeError("boom")
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:9") is None


async def test_invite_is_used_once(backend: SqliteStore) -> None:
    async with backend.unit_of_work() as store:
        invite = await store.create_invite(
            token_hash="h" * 64,
            role="buddy",
            programme=None,
            programme_id=None,
            created_by=None,
            now=NOW,
            expires_at=NOW + timedelta(days=14),
        )
        a = await store.create_person(
            chat_key="tg:1",
            role="buddy",
            language=None,
            programme=None,
            invited_by=None,
            consent_at=NOW,
            now=NOW,
        )
        assert await store.use_invite(invite.id, a.id, NOW) is True
        assert await store.use_invite(invite.id, a.id, NOW) is False
        found = await store.invite_by_hash("h" * 64)
    assert found is not None and found.used_by == a.id and found.used_at == NOW


async def test_forget_erases_personal_fields(backend: SqliteStore) -> None:
    async with backend.unit_of_work() as store:
        person = await store.create_person(
            chat_key="tg:5",
            role="candidate",
            language="en",
            programme="Buddyproject",
            invited_by=None,
            consent_at=NOW,
            now=NOW,
        )
        person.name, person.profile = "Bram", {"strengths": "cooking"}
        await store.save_person(person)
        await store.save_conversation(Conversation("tg:5", "intake", "summary"), NOW)
    async with backend.unit_of_work() as store:
        await store.forget_person(person.id, NOW)
    async with backend.unit_of_work() as store:
        assert await store.person_by_chat("tg:5") is None
        assert await store.person(person.id) is None
        assert await store.conversation("tg:5") is None
        assert await store.count_people() == 0
