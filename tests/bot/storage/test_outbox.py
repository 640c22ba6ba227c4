"""The outbox: messages for other people wait here until delivered."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.storage import Backend
from tests.bot.storage.contract import NOW, contract, people


@contract("enqueue", "pending_outbox", "delete_outbox")
async def test_outbox_per_channel_oldest_first_until_delivered(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        first = {"text": "Hallo Anna", "buttons": [[["Ja", "ev:1:yes"]]]}
        await store.enqueue("tg:1", first, None, NOW)
        await store.enqueue("wa:1", {"text": "WhatsApp"}, None, NOW)
        await store.enqueue("tg:2", {"text": "With a file"}, b"\x00BEGIN:VCALENDAR", NOW)
        await store.enqueue("tgx:3", {"text": "Another channel"}, None, NOW)
        for n in range(3):
            await store.enqueue("tg:1", {"text": f"n{n}"}, None, NOW + timedelta(minutes=n))
    async with backend.unit_of_work() as store:
        rows = await store.pending_outbox("tg")
        assert [row["chat_key"] for row in rows] == ["tg:1", "tg:2", "tg:1", "tg:1", "tg:1"]
        assert json.loads(rows[0]["message"]) == first
        assert rows[0]["attachment"] is None and rows[1]["attachment"] == b"\x00BEGIN:VCALENDAR"
        assert [json.loads(row["message"])["text"] for row in rows[2:]] == ["n0", "n1", "n2"]
        assert len({row["id"] for row in rows}) == 5
        assert [row["chat_key"] for row in await store.pending_outbox("wa")] == ["wa:1"]
        assert [row["id"] for row in await store.pending_outbox("tg", limit=2)] == [
            row["id"] for row in rows[:2]
        ]
        # From a row on: the pump walks forward past chats that could not take one.
        after = await store.pending_outbox("tg", after=rows[2]["id"])
        assert [row["id"] for row in after] == [row["id"] for row in rows[3:]]
        await store.delete_outbox(rows[0]["id"])
        await store.delete_outbox(rows[3]["id"])
    async with backend.unit_of_work() as store:
        left = await store.pending_outbox("tg")
        assert [row["id"] for row in left] == [rows[1]["id"], rows[2]["id"], rows[4]["id"]]


@contract("enqueue", "pending_outbox", "forget_person")
async def test_messages_about_someone_who_leaves_are_taken_back(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        anna, bert, coach, carl = await people(store, ["candidate", "buddy", "coach", "buddy"])
        await store.enqueue("tg:3", {"text": "Anna and Bert"}, None, NOW, about=[anna.id, bert.id])
        await store.enqueue("tg:3", {"text": "Carl"}, None, NOW, about=(carl.id,))
        await store.enqueue("tg:2", {"text": "For Bert"}, None, NOW)
        await store.enqueue("tg:1", {"text": "For Anna"}, None, NOW)
        await store.enqueue("tg:4", {"text": "About 1x"}, None, NOW, about=[anna.id * 10 + 1])
        await store.forget_person(anna.id, NOW)
        texts = [json.loads(row["message"])["text"] for row in await store.pending_outbox("tg")]
        # What tells about Anna, and what waited for her, is gone; the rest stays.
        assert texts == ["Carl", "For Bert", "About 1x"]


@contract("enqueue", "pending_outbox")
async def test_each_row_says_what_kind_of_message_it_is(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        await store.enqueue("tg:1", {"text": "A reminder"}, None, NOW, kind="reminder")
        await store.enqueue("tg:1", {"text": "To the coach"}, None, NOW)
    async with backend.unit_of_work() as store:
        rows = await store.pending_outbox("tg")
        assert [row["kind"] for row in rows] == ["reminder", "notice"]
