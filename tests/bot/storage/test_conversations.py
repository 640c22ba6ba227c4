"""Where each chat is in its conversation, read with the person at every event."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import Backend
from conversations.core.records import Conversation
from tests.bot.storage.contract import NOW, TODAY, contract, person


@contract("save_conversation", "conversation", "delete_conversation")
async def test_conversation_round_trip_and_delete(backend: Backend) -> None:
    conv = Conversation(
        "tg:1", "intake", "ask:name", {"mode": "onboarding", "n": [1, 2]}, 3, ["a", "b"]
    )
    conv.choices = {"key": "k1", "labels": {"h1": ["yes", False]}}
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:1") is None
        await store.save_conversation(conv, NOW)
        await store.save_conversation(Conversation("tg:2", "menu"), NOW)
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:1") == conv
        # Saving again replaces the row.
        conv.step, conv.version, conv.offered, conv.choices = "ask:work", 4, [], {}
        await store.save_conversation(conv, NOW)
        assert await store.conversation("tg:1") == conv
        await store.delete_conversation("tg:1")
        await store.delete_conversation("tg:404")  # nothing there: no error
    async with backend.unit_of_work() as store:
        assert await store.conversation("tg:1") is None
        assert await store.conversation("tg:2") == Conversation("tg:2", "menu")


@contract("person_and_conversation", "save_conversation", "forget_person")
async def test_person_and_conversation_are_read_together(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        assert await store.person_and_conversation("tg:1") == (None, None)
        anna = await person(store, 1, "buddy")
        assert await store.person_and_conversation("tg:1") == (anna, None)
        conv = Conversation("tg:1", "menu", "main", {"page": 2}, 4, ["cmd:help"])
        await store.save_conversation(conv, NOW)
        await store.save_conversation(Conversation("tg:2", "intake"), NOW)
        assert await store.person_and_conversation("tg:1") == (anna, conv)
        # Someone who has not joined yet can be in the middle of a conversation.
        assert await store.person_and_conversation("tg:2") == (None, Conversation("tg:2", "intake"))
        await store.forget_person(anna.id, NOW)
        assert await store.person_and_conversation("tg:1") == (None, None)


@contract("person_and_conversation", "person")
async def test_last_day_seen_is_kept_for_job_seekers_and_employers_only(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        seeker, buddy, coach = (
            await person(store, 1, "candidate"),
            await person(store, 2, "buddy"),
            await person(store, 3, "coach"),
        )
        for who in (seeker, buddy, coach):
            found, _ = await store.person_and_conversation(who.chat_key or "", seen_on=TODAY)
            assert found is not None
            assert found.last_seen_on == (TODAY if who.role != "coach" else None)
        # Without a day nothing changes; a later day replaces the earlier one.
        await store.person_and_conversation("tg:1")
        assert (await store.person(seeker.id)).last_seen_on == TODAY  # type: ignore[union-attr]
        later = TODAY + timedelta(days=2)
        await store.person_and_conversation("tg:1", seen_on=later)
    async with backend.unit_of_work() as store:
        assert (await store.person(seeker.id)).last_seen_on == later  # type: ignore[union-attr]
        assert (await store.person(buddy.id)).last_seen_on == TODAY  # type: ignore[union-attr]
        assert (await store.person(coach.id)).last_seen_on is None  # type: ignore[union-attr]
