"""Units of work: committed at the end, rolled back on an error, kept apart from each
other; and what was committed is there after closing and opening again (a restart)."""

from __future__ import annotations

import asyncio

import pytest

from bot.effects import Effects
from bot.storage import Backend
from conversations.core.records import Conversation
from tests.bot.storage.contract import NOW, Reopen, contract, people


@contract("unit_of_work", "save_conversation", "conversation")
async def test_unit_of_work_commits_at_the_end_and_rolls_back_on_error(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        await store.save_conversation(Conversation("tg:1", "intake"), NOW)
    with pytest.raises(RuntimeError):
        async with backend.unit_of_work() as store:
            await store.save_conversation(Conversation("tg:9", "intake"), NOW)
            await store.save_conversation(Conversation("tg:1", "menu"), NOW)
            raise RuntimeError("boom")
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:9") is None
        assert await store.conversation("tg:1") == Conversation("tg:1", "intake")


@contract("unit_of_work", "save_conversation", "conversation")
async def test_one_units_rollback_never_undoes_anothers_writes(backend: Backend) -> None:
    """Two events at once: the one that fails takes back only its own writes."""
    wrote, release = asyncio.Event(), asyncio.Event()

    async def slow() -> None:
        async with backend.unit_of_work() as store:
            await store.save_conversation(Conversation("tg:1", "intake"), NOW)
            wrote.set()
            await release.wait()

    async def failing() -> None:
        await wrote.wait()
        async with backend.unit_of_work() as store:
            await store.save_conversation(Conversation("tg:2", "intake"), NOW)
            raise RuntimeError("boom")

    first, second = asyncio.create_task(slow()), asyncio.create_task(failing())
    await wrote.wait()
    for _ in range(20):  # give the failing unit every chance to run in between
        await asyncio.sleep(0)
    release.set()
    await first
    with pytest.raises(RuntimeError):
        await second
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:1") == Conversation("tg:1", "intake")
        assert await store.conversation("tg:2") is None


@contract("close", "unit_of_work", "create_person", "person_by_chat")
async def test_what_was_committed_is_there_after_a_restart(
    backend: Backend, reopen: Reopen
) -> None:
    async with backend.unit_of_work() as store:
        made = await store.create_person(
            chat_key="tg:1",
            role="buddy",
            language="en",
            programme=None,
            invited_by=None,
            consent_at=NOW,
            now=NOW,
        )
    await backend.close()
    again = await reopen()
    async with again.unit_of_work() as store:
        assert await store.person_by_chat("tg:1") == made


@contract("unit_of_work", "enqueue", "schedule")
async def test_effects_come_after_the_commit_and_never_from_a_rolled_back_unit(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        (anna,) = await people(store, ["candidate"])
    failed = Effects()
    with pytest.raises(RuntimeError):
        async with backend.unit_of_work(failed) as store:
            await store.enqueue("tg:1", {"text": "hi"}, None, NOW)
            await store.schedule("prep_nudge", anna.id, None, NOW)
            raise RuntimeError("the flow failed halfway")
    assert failed == Effects()

    done = Effects()
    async with backend.unit_of_work(done) as store:
        await store.enqueue("tg:1", {"text": "hi"}, None, NOW)
        await store.enqueue("tg:1", {"text": "again"}, None, NOW)
        await store.schedule("prep_nudge", anna.id, None, NOW)
        # Inside the unit nothing is told yet: it may still roll back.
        assert done == Effects()
    assert done == Effects(queued=2, plan_changed=True, broadcasts_changed=False)
    # Another unit starts with nothing of the last one's.
    quiet = Effects()
    async with backend.unit_of_work(quiet) as store:
        await store.person(anna.id)
    assert quiet == Effects()
