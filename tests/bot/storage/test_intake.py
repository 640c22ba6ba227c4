"""The durable intake: incoming updates kept until handled, each once, oldest first; a
polling channel's position kept with them; /forget takes back what waits."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import Backend
from tests.bot.storage.contract import NOW, Reopen, contract, people


@contract("keep_update", "pending_updates", "update_done")
async def test_kept_once_per_channel_oldest_first_until_done(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        first = await store.keep_update("tg", "7", "tg:1", '{"text": "Hallo"}', NOW)
        assert first is not None
        # A second delivery of the same update is recognised and not kept twice.
        assert await store.keep_update("tg", "7", "tg:1", '{"text": "Hallo"}', NOW) is None
        # The same id on another channel is another update.
        assert await store.keep_update("wa", "7", "wa:1", "{}", NOW) is not None
        second = await store.keep_update("tg", "8", None, '{"poll": 1}', NOW)
        third = await store.keep_update("tg", "9", "tg:2", '{"text": "Hoi"}', NOW)
    async with backend.unit_of_work() as store:
        rows = await store.pending_updates("tg")
        assert [row["id"] for row in rows] == [first, second, third]
        assert [row["update_id"] for row in rows] == ["7", "8", "9"]
        assert [row["chat_key"] for row in rows] == ["tg:1", None, "tg:2"]
        assert rows[0]["payload"] == '{"text": "Hallo"}' and rows[0]["tries"] == 0
        assert [row["id"] for row in await store.pending_updates("tg", limit=1)] == [first]
        after = await store.pending_updates("tg", after=rows[0]["id"])
        assert [row["id"] for row in after] == [second, third]
        assert [row["update_id"] for row in await store.pending_updates("wa")] == ["7"]
        assert first is not None
        await store.update_done(first)
    async with backend.unit_of_work() as store:
        assert [row["id"] for row in await store.pending_updates("tg")] == [second, third]


@contract("keep_update", "update_done", "pending_updates")
async def test_an_update_delivered_again_after_it_was_handled_is_not_kept_again(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        kept = await store.keep_update("wa", "wamid.1", "wa:31", "{}", NOW)
        assert kept is not None
        await store.update_done(kept)
    # A webhook delivered again a day later (Meta retries): handled already.
    async with backend.unit_of_work() as store:
        later = NOW + timedelta(days=1)
        assert await store.keep_update("wa", "wamid.1", "wa:31", '{"other": 1}', later) is None
        assert await store.pending_updates("wa") == []
        # Another channel's update with that id is another update.
        assert await store.keep_update("tg", "wamid.1", "tg:1", "{}", later) is not None
    # Two weeks on, the ids of old updates are forgotten as newer ones are done.
    async with backend.unit_of_work() as store:
        newer = await store.keep_update("wa", "wamid.2", "wa:31", "{}", NOW + timedelta(days=15))
        assert newer is not None
        await store.update_done(newer)
    async with backend.unit_of_work() as store:
        assert await store.keep_update("wa", "wamid.1", "wa:31", "{}", NOW) is not None


@contract("keep_update", "update_done", "pending_updates")
async def test_done_rolls_back_with_the_change_it_belonged_to(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        kept = await store.keep_update("tg", "1", "tg:1", "{}", NOW)
    assert kept is not None
    try:
        async with backend.unit_of_work() as store:
            await store.update_done(kept)
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    async with backend.unit_of_work() as store:
        assert [row["id"] for row in await store.pending_updates("tg")] == [kept]


@contract("keep_update", "update_tried", "set_update_aside", "pending_updates")
async def test_tries_are_counted_and_a_row_set_aside_is_no_longer_pending(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        old = await store.keep_update("tg", "1", "tg:1", "{bad", NOW - timedelta(days=8))
        bad = await store.keep_update("tg", "2", "tg:1", "{bad", NOW)
        good = await store.keep_update("tg", "3", "tg:1", "{}", NOW)
        assert old is not None and bad is not None
        await store.set_update_aside(old, "unreadable", NOW - timedelta(days=8))
        await store.update_tried(bad)
        await store.update_tried(bad)
    async with backend.unit_of_work() as store:
        rows = await store.pending_updates("tg")
        assert [(row["id"], row["tries"]) for row in rows] == [(bad, 2), (good, 0)]
        await store.set_update_aside(bad, "unreadable", NOW)
    async with backend.unit_of_work() as store:
        assert [row["id"] for row in await store.pending_updates("tg")] == [good]
        # Set aside, the update is still known: a second delivery is not kept again. The
        # one set aside over a week ago was deleted when the next one was set aside.
        assert await store.keep_update("tg", "2", "tg:1", "{bad", NOW) is None
        assert await store.keep_update("tg", "1", "tg:1", "{bad", NOW) is not None


@contract("intake_cursor", "save_intake_cursor", "keep_update", "pending_updates")
async def test_the_cursor_is_kept_with_the_rows_and_survives_a_restart(
    backend: Backend, reopen: Reopen
) -> None:
    async with backend.unit_of_work() as store:
        assert await store.intake_cursor("tg") is None
        await store.keep_update("tg", "41", "tg:1", "{}", NOW)
        await store.save_intake_cursor("tg", "42")
    try:
        async with backend.unit_of_work() as store:
            await store.keep_update("tg", "42", "tg:1", "{}", NOW)
            await store.save_intake_cursor("tg", "43")
            raise RuntimeError("killed before the commit")
    except RuntimeError:
        pass
    async with backend.unit_of_work() as store:
        await store.save_intake_cursor("wa", "abc")
    again = await reopen()
    async with again.unit_of_work() as store:
        assert await store.intake_cursor("tg") == "42"
        assert await store.intake_cursor("wa") == "abc"
        assert [row["update_id"] for row in await store.pending_updates("tg")] == ["41"]


@contract("keep_update", "pending_updates", "forget_person")
async def test_forget_takes_back_the_updates_still_waiting(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        anna, bert = await people(store, ["candidate", "buddy"])
        await store.keep_update("tg", "1", "tg:1", '{"text": "mijn adres"}', NOW)
        aside = await store.keep_update("tg", "2", "tg:1", '{"text": "nog iets"}', NOW)
        await store.keep_update("tg", "3", "tg:2", '{"text": "van Bert"}', NOW)
        assert aside is not None
        await store.set_update_aside(aside, "unreadable", NOW)
        await store.forget_person(anna.id, NOW)
    async with backend.unit_of_work() as store:
        assert [row["chat_key"] for row in await store.pending_updates("tg")] == ["tg:2"]
        # Set aside, Anna's words went too: the update id may come in again.
        assert await store.keep_update("tg", "2", "tg:1", "{}", NOW) is not None
    assert bert.chat_key == "tg:2"


@contract("keep_update", "update_answered", "pending_updates", "update_done")
async def test_an_answered_update_keeps_its_replies_not_the_persons_words(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        kept = await store.keep_update("tg", "5", "tg:1", '{"text": "mijn adres"}', NOW)
        waiting = await store.keep_update("tg", "6", "tg:1", '{"text": "nog iets"}', NOW)
        assert kept is not None and waiting is not None
    try:
        async with backend.unit_of_work() as store:
            await store.update_answered(kept, '{"messages": []}')
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    async with backend.unit_of_work() as store:
        rows = await store.pending_updates("tg")
        assert [(row["payload"], row["answer"]) for row in rows] == [
            ('{"text": "mijn adres"}', None),
            ('{"text": "nog iets"}', None),
        ]
        await store.update_answered(kept, '{"messages": ["Dank je"]}')
    async with backend.unit_of_work() as store:
        rows = await store.pending_updates("tg")
        assert [(row["id"], row["payload"], row["answer"]) for row in rows] == [
            (kept, "", '{"messages": ["Dank je"]}'),
            (waiting, '{"text": "nog iets"}', None),
        ]
        await store.update_done(kept)
    async with backend.unit_of_work() as store:
        assert [row["id"] for row in await store.pending_updates("tg")] == [waiting]
