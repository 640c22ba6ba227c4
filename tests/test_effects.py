"""What a unit of work changed travels with it, after the commit only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.effects import Effects
from bot.engine import Message
from bot.sqlite.store import SqliteStore

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


async def test_effects_come_after_the_commit_and_never_from_a_rolled_back_unit(
    tmp_path: Path,
) -> None:
    store = await SqliteStore.open(tmp_path / "e.sqlite3")
    try:
        async with store.unit_of_work() as s:
            person = await s.create_person(
                chat_key="tg:1",
                role="candidate",
                language="en",
                programme=None,
                invited_by=None,
                consent_at=NOW,
                now=NOW,
            )
        failed = Effects()
        with pytest.raises(RuntimeError):
            async with store.unit_of_work(failed) as s:
                await s.enqueue("tg:1", Message("hi").to_row()[0], None, NOW)
                await s.schedule("prep_nudge", person.id, None, NOW)
                raise RuntimeError("the flow failed halfway")
        assert failed == Effects()

        done = Effects()
        async with store.unit_of_work(done) as s:
            await s.enqueue("tg:1", Message("hi").to_row()[0], None, NOW)
            await s.enqueue("tg:1", Message("again").to_row()[0], None, NOW)
            await s.schedule("prep_nudge", person.id, None, NOW)
            # Inside the unit nothing is told yet: it may still roll back.
            assert done == Effects()
        assert done == Effects(queued=2, plan_changed=True, broadcasts_changed=False)
        # Another unit starts with nothing of the last one's.
        quiet = Effects()
        async with store.unit_of_work(quiet) as s:
            await s.person(person.id)
        assert quiet == Effects()
    finally:
        await store.close()
