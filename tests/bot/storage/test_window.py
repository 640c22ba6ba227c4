"""Chat apps with a window (WhatsApp's 24 hours): each chat's last incoming message, the
messages held until the person answers, and the installation's secrets."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.effects import Effects
from bot.storage import Backend
from conversations.core.records import Broadcast, Recipient
from tests.bot.storage.contract import NOW, Reopen, contract, people


@contract("note_incoming", "last_incoming", "pending_outbox")
async def test_the_last_incoming_message_is_kept_per_chat(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        assert await store.last_incoming("wa:31600000001") is None
        await store.note_incoming("wa:31600000001", NOW)
        await store.note_incoming("wa:31600000002", NOW)
        await store.note_incoming("wa:31600000001", NOW + timedelta(hours=3))
        await store.enqueue("wa:31600000001", {"text": "Hoi"}, None, NOW)
        await store.enqueue("wa:31600000003", {"text": "Never wrote"}, None, NOW)
    async with backend.unit_of_work() as store:
        assert await store.last_incoming("wa:31600000001") == NOW + timedelta(hours=3)
        assert await store.last_incoming("wa:31600000002") == NOW
        rows = await store.pending_outbox("wa")
        # The pump reads it with each row, not with a query of its own.
        assert [row["last_incoming"] for row in rows] == [
            (NOW + timedelta(hours=3)).isoformat(),
            None,
        ]


@contract("enqueue", "pending_outbox", "hold_outbox", "held_messages", "release_held")
async def test_held_messages_wait_and_go_back_into_the_outbox_in_order(
    backend: Backend, reopen: Reopen
) -> None:
    async with backend.unit_of_work() as store:
        await store.enqueue("wa:1", {"text": "Nudge"}, None, NOW, kind="nudge")
        await store.enqueue("wa:1", {"text": "Calendar"}, b"BEGIN:VCALENDAR", NOW, kind="pair")
        await store.enqueue("wa:2", {"text": "Other chat"}, None, NOW, kind="reminder")
        rows = await store.pending_outbox("wa")
        assert [row["kind"] for row in rows] == ["nudge", "pair", "reminder"]
        assert not any(row["waiting"] for row in rows)
        await store.hold_outbox(rows[0]["id"])
    async with backend.unit_of_work() as store:
        # Held: out of the outbox, and what comes after for that chat waits behind it.
        rows = await store.pending_outbox("wa")
        assert [(row["chat_key"], bool(row["waiting"])) for row in rows] == [
            ("wa:1", True),
            ("wa:2", False),
        ]
        await store.hold_outbox(rows[0]["id"])
    again = await reopen()
    async with again.unit_of_work() as store:
        held = await store.held_messages("wa:1")
        assert [json.loads(row["message"])["text"] for row in held] == ["Nudge", "Calendar"]
        assert [row["kind"] for row in held] == ["nudge", "pair"]
        assert held[1]["attachment"] == b"BEGIN:VCALENDAR"
        assert await store.held_messages("wa:2") == []
        # Queued after they were held, before the pump ran again: it stays after them.
        await store.enqueue("wa:1", {"text": "Newer"}, None, NOW, kind="notice")
    effects = Effects()
    async with again.unit_of_work(effects) as store:
        assert await store.release_held("wa:2", NOW) == 0
        assert await store.release_held("wa:1", NOW + timedelta(days=1)) == 2
    # Released messages count as queued, so the pump runs after the turn.
    assert effects.queued == 2
    async with again.unit_of_work() as store:
        assert await store.held_messages("wa:1") == []
        rows = await store.pending_outbox("wa")
        assert [json.loads(row["message"])["text"] for row in rows] == [
            "Other chat",
            "Nudge",
            "Calendar",
            "Newer",
        ]
        assert [row["kind"] for row in rows] == ["reminder", "nudge", "pair", "notice"]
        assert rows[2]["attachment"] == b"BEGIN:VCALENDAR"
        assert not any(row["waiting"] for row in rows)


@contract("enqueue", "pending_outbox", "hold_outbox", "held_messages", "forget_person")
async def test_forget_takes_back_held_messages(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        anna, bert, coach = await people(store, ["candidate", "buddy", "coach"])
        await store.note_incoming("tg:1", NOW)
        await store.enqueue("tg:1", {"text": "For Anna"}, None, NOW)
        await store.enqueue("tg:2", {"text": "About Anna"}, None, NOW, about=[anna.id])
        await store.enqueue("tg:2", {"text": "For Bert"}, None, NOW)
        await store.enqueue("tg:3", {"text": "About Bert"}, None, NOW, about=[bert.id])
        for row in await store.pending_outbox("tg"):
            await store.hold_outbox(row["id"])
        await store.forget_person(anna.id, NOW)
        assert await store.held_messages("tg:1") == []
        assert [json.loads(r["message"])["text"] for r in await store.held_messages("tg:2")] == [
            "For Bert"
        ]
        assert len(await store.held_messages("tg:3")) == 1
        assert await store.last_incoming("tg:1") is None


@contract("installation_secret")
async def test_an_installation_secret_is_made_once_and_kept(
    backend: Backend, reopen: Reopen
) -> None:
    async with backend.unit_of_work() as store:
        first = await store.installation_secret("calendar", b"\x01" * 32)
        assert first == b"\x01" * 32
        assert await store.installation_secret("calendar", b"\x02" * 32) == first
        assert await store.installation_secret("other", b"\x03" * 32) == b"\x03" * 32
    again = await reopen()
    async with again.unit_of_work() as store:
        assert await store.installation_secret("calendar", b"\x04" * 32) == first


@contract("note_incoming", "create_broadcast", "pending_recipients")
async def test_broadcast_recipients_come_with_their_last_incoming_message(
    backend: Backend,
) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        await store.note_incoming("tg:2", NOW)
        made = await store.create_broadcast(
            Broadcast(0, coach.id, "everyone", {"*": "Hallo"}, "sending", NOW),
            [Recipient(anna.id, "tg:2", "nl"), Recipient(bert.id, "tg:3", None)],
        )
        rows = await store.pending_recipients(made.id, 10)
        assert [(r["chat_key"], r["last_incoming"]) for r in rows] == [
            ("tg:2", NOW.isoformat()),
            ("tg:3", None),
        ]
