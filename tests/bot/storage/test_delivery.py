"""What became of broadcast messages, as the chat app reports it afterwards (WhatsApp's
statuses): each recipient's furthest state, whatever the order and however often."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import timedelta

from bot.storage import Backend, Row
from conversations.core.records import Broadcast, Recipient
from tests.bot.storage.contract import NOW, contract, people

DAY = timedelta(days=1)


def draft(sender_id: int) -> Broadcast:
    return Broadcast(0, sender_id, "everyone", {"*": "Hallo"}, "sending", NOW)


def delivery_of(rows: Sequence[Row], person_id: int) -> tuple[str | None, int | None]:
    row = next(r for r in rows if r["person_id"] == person_id)
    return row["delivery"], row["delivery_error"]


@contract("remember_messages", "record_delivery", "recipient_rows", "delivery_counts")
async def test_the_furthest_state_whatever_the_order(backend: Backend) -> None:
    """Every order of sent, delivered, read, each twice, ends at 'read'; a 'failed' among
    them ends at 'failed' with its (lowest) code, also when 'read' comes after it."""
    # Each of the 90 orders of sent, delivered and read, each twice: once as they are, once
    # with two failures mixed in (codes in either order).
    orders = sorted(set(itertools.permutations(["sent", "delivered", "read"] * 2)))
    async with backend.unit_of_work() as store:
        coach, *readers = await people(store, ["coach"] + ["candidate"] * (2 * len(orders)))
        recipients = [Recipient(p.id, f"wa:316{p.id}", "nl") for p in readers]
        made = await store.create_broadcast(draft(coach.id), recipients)
        for reader in readers:
            await store.mark_recipient(made.id, reader.id, "sent", NOW)
            await store.remember_messages(made.id, reader.id, "wa", [f"wamid.{reader.id}"], NOW)
    failing = readers[len(orders) :]
    async with backend.unit_of_work() as store:
        for n, (reader, order) in enumerate(zip(readers, orders + orders, strict=True)):
            seen: list[tuple[str, int | None]] = [(state, None) for state in order]
            if reader in failing:
                codes = [131026, 131049] if n % 2 else [131049, 131026]
                seen.insert(n % 7, ("failed", codes[0]))
                seen.insert(n % 5, ("failed", codes[1]))
            for state, error in seen:
                assert await store.record_delivery("wa", f"wamid.{reader.id}", state, error)
        rows = await store.recipient_rows(made.id)
        for reader in readers:
            expected = ("failed", 131026) if reader in failing else ("read", None)
            assert delivery_of(rows, reader.id) == expected, reader.id
        assert await store.delivery_counts(made.id) == [
            ("wa", "sent", "failed", len(failing)),
            ("wa", "sent", "read", len(orders)),
        ]


@contract("remember_messages", "record_delivery", "delivery_counts")
async def test_messages_are_known_per_channel_and_per_recipient(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        coach, anna, bert, carl = await people(store, ["coach", "candidate", "buddy", "buddy"])
        made = await store.create_broadcast(
            draft(coach.id),
            [
                Recipient(anna.id, "wa:31611", "nl"),
                Recipient(bert.id, "tg:3", "nl"),
                Recipient(carl.id, "wa:31633", "nl"),
            ],
        )
        again = [Recipient(anna.id, "wa:31611", "nl")]
        other = await store.create_broadcast(draft(coach.id), again)
        # Anna got the text in two parts; Telegram reports nothing, so Bert has no ids.
        await store.remember_messages(made.id, anna.id, "wa", ["wamid.A1", "wamid.A2"], NOW)
        await store.remember_messages(other.id, anna.id, "wa", ["wamid.A3"], NOW)
        await store.remember_messages(made.id, carl.id, "wa", ["wamid.C1"], NOW)
        for person in (anna, bert, carl):
            await store.mark_recipient(made.id, person.id, "sent", NOW)
        # Unknown: another message id, the same id on another channel, a state of no use.
        assert not await store.record_delivery("wa", "wamid.unknown", "read", None)
        assert not await store.record_delivery("tg", "wamid.A1", "read", None)
        assert not await store.record_delivery("wa", "wamid.A1", "deleted", None)
        assert await store.record_delivery("wa", "wamid.A2", "delivered", None)
        assert await store.record_delivery("wa", "wamid.A1", "read", None)
        assert await store.record_delivery("wa", "wamid.C1", "failed", None)
    async with backend.unit_of_work() as store:
        assert await store.delivery_counts(made.id) == [
            ("tg", "sent", None, 1),
            ("wa", "sent", "failed", 1),
            ("wa", "sent", "read", 1),
        ]
        # Anna's other broadcast is apart.
        assert await store.delivery_counts(other.id) == [("wa", "pending", None, 1)]
        assert await store.delivery_counts(9999) == []


@contract("remember_messages", "forget_old_messages", "record_delivery", "forget_person")
async def test_message_ids_go_after_a_month_and_with_the_person(backend: Backend) -> None:
    """A WhatsApp message id holds the person's number: it goes when they leave, and when no
    status comes for it any more; then its statuses are unknown."""
    async with backend.unit_of_work() as store:
        coach, anna, bert = await people(store, ["coach", "candidate", "buddy"])
        recipients = [Recipient(anna.id, "wa:31611", "nl"), Recipient(bert.id, "wa:31622", "nl")]
        made = await store.create_broadcast(draft(coach.id), recipients)
        await store.remember_messages(made.id, anna.id, "wa", ["wamid.old"], NOW - 31 * DAY)
        await store.remember_messages(made.id, anna.id, "wa", ["wamid.new"], NOW)
        await store.remember_messages(made.id, bert.id, "wa", ["wamid.bert"], NOW)
        await store.forget_old_messages(NOW - 30 * DAY)
        assert not await store.record_delivery("wa", "wamid.old", "read", None)
        assert await store.record_delivery("wa", "wamid.new", "delivered", None)
        await store.forget_person(anna.id, NOW)
        assert not await store.record_delivery("wa", "wamid.new", "read", None)
        assert await store.record_delivery("wa", "wamid.bert", "read", None)
    async with backend.unit_of_work() as store:
        # A coach who leaves takes their broadcasts, and with them the ids of what they sent.
        await store.forget_person(coach.id, NOW)
        assert not await store.record_delivery("wa", "wamid.bert", "read", None)
