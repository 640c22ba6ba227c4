"""Broadcasts as the coach's wizard makes them and the sender works through them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.storage import Backend
from conversations.core.records import Broadcast, BroadcastState, Recipient
from tests.bot.storage.contract import NOW, contract, people

HOUR = timedelta(hours=1)


def draft(
    sender_id: int, state: BroadcastState = "sending", send_at: datetime | None = None
) -> Broadcast:
    return Broadcast(0, sender_id, "everyone", {"nl": "Hallo", "en": "Hello"}, state, NOW, send_at)


@contract("create_broadcast", "broadcast", "save_broadcast", "broadcast_counts")
async def test_broadcast_round_trip_with_its_recipients_fixed(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        with_file = replace(
            draft(coach.id, "scheduled", NOW + HOUR), file_kind="photo", file_id="photo-1"
        )
        made = await store.create_broadcast(
            with_file, [Recipient(anna.id, "tg:2", "nl"), Recipient(bert.id, "tg:3", None)]
        )
        assert made == replace(with_file, id=made.id)
        assert await store.broadcast(made.id) == made
        assert await store.broadcast(9999) is None
        assert await store.broadcast_counts(made.id) == {"pending": 2}
        made.state, made.send_at, made.finished_at = "done", None, NOW + 2 * HOUR
        made.progress_message = 4711
        await store.save_broadcast(made)
        empty = await store.create_broadcast(draft(coach.id), [])
    async with backend.unit_of_work() as store:
        assert await store.broadcast(made.id) == made
        assert await store.broadcast_counts(empty.id) == {}
        await store.mark_recipient(made.id, anna.id, "sent", NOW)
        assert await store.broadcast_counts(made.id) == {"pending": 1, "sent": 1}


@contract("broadcasts_to_send", "next_broadcast_at")
async def test_what_the_sender_takes_up_and_when_it_looks_again(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        (coach,) = await people(store, ["coach"])
        assert await store.broadcasts_to_send(NOW) == []
        assert await store.next_broadcast_at() is None
        later = await store.create_broadcast(draft(coach.id, "scheduled", NOW + 2 * HOUR), [])
        sending = await store.create_broadcast(draft(coach.id, "sending"), [])
        sooner = await store.create_broadcast(draft(coach.id, "scheduled", NOW + HOUR), [])
        for state in ("paused", "cancelled", "done"):
            await store.create_broadcast(draft(coach.id, state, NOW - HOUR), [])
        assert await store.next_broadcast_at() == NOW + HOUR
        assert await store.broadcasts_to_send(NOW) == [sending]
        assert await store.broadcasts_to_send(NOW + HOUR) == [sending, sooner]
        assert await store.broadcasts_to_send(NOW + 3 * HOUR) == [later, sending, sooner]
        sooner.state = "sending"
        await store.save_broadcast(sooner)
        assert await store.next_broadcast_at() == NOW + 2 * HOUR


@contract("pending_recipients", "mark_recipient", "recipient_rows")
async def test_recipients_are_worked_through_and_reported(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl = await people(store, ["coach", "candidate", "buddy", "buddy"])
        # Given in another order than their ids.
        recipients = [
            Recipient(carl.id, "tg:4", "en"),
            Recipient(anna.id, "tg:2", "nl"),
            Recipient(bert.id, "tg:3", None),
        ]
        made = await store.create_broadcast(draft(coach.id), recipients)
        other = await store.create_broadcast(draft(coach.id), [Recipient(anna.id, "tg:2", "nl")])
        rows = await store.pending_recipients(made.id, 10)
        assert [
            (r["person_id"], r["chat_key"], r["language"], r["state"], r["attempts"]) for r in rows
        ] == [
            (anna.id, "tg:2", "nl", "pending", 0),
            (bert.id, "tg:3", None, "pending", 0),
            (carl.id, "tg:4", "en", "pending", 0),
        ]
        assert [r["person_id"] for r in await store.pending_recipients(made.id, 2)] == [
            anna.id,
            bert.id,
        ]
        await store.mark_recipient(made.id, anna.id, "sent", NOW + HOUR)
        await store.mark_recipient(made.id, bert.id, "failed", NOW + HOUR)
        assert [r["person_id"] for r in await store.pending_recipients(made.id, 10)] == [carl.id]
        await store.mark_recipient(made.id, carl.id, "unreachable", NOW + HOUR)
        assert await store.pending_recipients(made.id, 10) == []
        # Another broadcast to the same person is apart.
        assert [r["person_id"] for r in await store.pending_recipients(other.id, 10)] == [anna.id]
        report = await store.recipient_rows(made.id)
        assert [
            (
                r["person_id"],
                r["name"],
                r["language"],
                r["state"],
                r["attempts"],
                datetime.fromisoformat(r["sent_at"]) if r["sent_at"] else None,
            )
            for r in report
        ] == [
            (anna.id, "P2", "nl", "sent", 1, NOW + HOUR),
            (bert.id, "P3", None, "failed", 1, None),
            (carl.id, "P4", "en", "unreachable", 1, None),
        ]
        # Tried again later: each try is counted; the moment sent is kept once sent.
        await store.mark_recipient(made.id, bert.id, "sent", NOW + 2 * HOUR)
        bert_row = [r for r in await store.recipient_rows(made.id) if r["person_id"] == bert.id]
        assert (bert_row[0]["attempts"], bert_row[0]["state"]) == (2, "sent")
        assert datetime.fromisoformat(bert_row[0]["sent_at"]) == NOW + 2 * HOUR
        assert await store.broadcast_counts(made.id) == {"sent": 2, "unreachable": 1}
