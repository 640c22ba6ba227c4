"""The contract suite catches broken backends: each backend below is SQLite with one
method broken the way a new backend might get it wrong, and the contract test of that
method, run as a plain function against it, fails, while it passes on the sound one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.sqlite.base import to_db
from bot.sqlite.store import SqliteStore
from bot.storage import DUE_BATCH, Backend
from conversations.core.records import Conversation, Event, Pair, Rsvp, Scheduled
from tests.bot.storage import (
    test_conversations,
    test_delivery,
    test_events,
    test_intake,
    test_outbox,
    test_pairs,
    test_people,
    test_privacy,
    test_schedule,
    test_units,
    test_window,
)


class IgnoresGroupLimit(SqliteStore):
    async def use_invite(self, invite_id: int, person_id: int | None, now: datetime) -> bool:
        # Checks the end date but counts past max_uses.
        cur = await self._db.execute(
            "UPDATE invites SET uses = uses + 1 WHERE id = ? AND expires_at > ?",
            (invite_id, to_db(now)),
        )
        return cur.rowcount == 1


class ForgetsOnlyThePerson(SqliteStore):
    async def forget_person(self, person_id: int, now: datetime) -> None:
        # Erases the person's own row, and nothing they wrote or were told.
        await self._db.execute(
            "UPDATE people SET chat_key=NULL, name=NULL, profile='{}', forgotten_at=? WHERE id=?",
            (to_db(now), person_id),
        )


class DueIncludesCancelled(SqliteStore):
    async def due_scheduled(self, now: datetime, limit: int = DUE_BATCH) -> list[Scheduled]:
        rows = await self._rows(
            "SELECT * FROM scheduled WHERE sent_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
            (to_db(now), limit),
        )
        return [
            Scheduled(
                r["id"],
                r["kind"],
                r["person_id"],
                r["event_id"],
                datetime.fromisoformat(r["due_at"]),
                r["subject"],
            )
            for r in rows
        ]


class RsvpsByPerson(SqliteStore):
    async def rsvps(self, event_id: int) -> list[Rsvp]:
        # The waitlist loses its order.
        return sorted(await super().rsvps(event_id), key=lambda rsvp: rsvp.person_id)


class LastStatusWins(SqliteStore):
    async def record_delivery(
        self, channel: str, message_id: str, state: str, error: int | None
    ) -> bool:
        # Each status overwrites the one before: a late 'delivered' hides a 'read'.
        cur = await self._db.execute(
            "UPDATE broadcast_recipients SET delivery = ?, delivery_error = ?"
            " WHERE (broadcast_id, person_id) = (SELECT broadcast_id, person_id"
            " FROM broadcast_messages WHERE channel = ? AND message_id = ?)",
            (state, error, channel, message_id),
        )
        return cur.rowcount == 1


class KeepsMessageIds(SqliteStore):
    async def forget_person(self, person_id: int, now: datetime) -> None:
        # Everything else goes; the ids of messages sent to them (their number) stay.
        await self._db.execute("CREATE TEMP TABLE kept AS SELECT * FROM broadcast_messages")
        await super().forget_person(person_id, now)
        await self._db.execute("DELETE FROM broadcast_messages")
        await self._db.execute("INSERT INTO broadcast_messages SELECT * FROM kept")
        await self._db.execute("DROP TABLE kept")


class EndedPairsStayCurrent(SqliteStore):
    async def pairs_of_person(self, person_id: int) -> list[Pair]:
        return await self.all_pairs_of_person(person_id)


class OutboxOfEveryChannel(SqliteStore):
    async def pending_outbox(self, prefix: str, limit: int = 100) -> list[aiosqlite.Row]:
        return await self._rows(
            "SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?", (limit,)
        )


class ForgetsTypedLabels(SqliteStore):
    async def save_conversation(self, conv: Conversation, now: datetime) -> None:
        await super().save_conversation(replace(conv, choices={}), now)


class KeepsTheOldAudience(SqliteStore):
    async def save_event(self, event: Event) -> None:
        stored = await self.event(event.id)
        await super().save_event(replace(event, audience=stored.audience if stored else "both"))


class UnitsNotKeptApart(SqliteStore):
    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[SqliteStore]:
        # No lock: one unit's rollback takes another's half-done writes with it.
        try:
            yield self
        except BaseException:
            await self._db.rollback()
            raise
        else:
            if self._db.in_transaction:
                await self._db.commit()


class ForgetsTheIntake(SqliteStore):
    async def forget_person(self, person_id: int, now: datetime) -> None:
        # Erases all it did before the intake came, and leaves the words still waiting.
        row = await self._row("SELECT chat_key FROM people WHERE id = ?", (person_id,))
        waiting = await self._rows("SELECT * FROM intake WHERE chat_key = ?", (row["chat_key"],))
        await super().forget_person(person_id, now)
        for kept in waiting:
            marks = ", ".join("?" * len(kept))
            await self._db.execute(f"INSERT INTO intake VALUES ({marks})", tuple(kept))


class KeepsEveryDelivery(SqliteStore):
    async def keep_update(
        self, channel: str, update_id: str, chat_key: str | None, payload: str, now: datetime
    ) -> int | None:
        # Recognises no second delivery: the same update would be handled twice.
        known = await self._rows(
            "SELECT count(*) FROM intake WHERE channel = ? AND update_id LIKE ?",
            (channel, f"{update_id}%"),
        )
        again = f"{update_id}~{known[0][0]}" if known[0][0] else update_id
        return await super().keep_update(channel, again, chat_key, payload, now)


class ForgetsHeldMessages(SqliteStore):
    async def forget_person(self, person_id: int, now: datetime) -> None:
        # Erases the rest, and leaves the messages that wait for a template's answer.
        held = await self._rows("SELECT * FROM held")
        await super().forget_person(person_id, now)
        for row in held:
            await self._db.execute(
                "INSERT OR IGNORE INTO held VALUES (?, ?, ?, ?, ?, ?, ?)", tuple(row)
            )


class KeepsTheWords(SqliteStore):
    async def update_answered(self, intake_id: int, answer: str) -> None:
        # Keeps the replies, and the person's words with them until the replies are out.
        await self._db.execute("UPDATE intake SET answer = ? WHERE id = ?", (answer, intake_id))


Check = Callable[[Backend], Awaitable[None]]
BROKEN: list[Any] = [
    pytest.param(
        IgnoresGroupLimit,
        test_people.test_group_invite_is_used_up_to_its_limit_and_keeps_no_one,
        id="use_invite",
    ),
    pytest.param(
        ForgetsOnlyThePerson,
        test_privacy.test_forget_erases_every_word_and_keeps_the_bare_links,
        id="forget_person",
    ),
    pytest.param(
        ForgetsOnlyThePerson,
        test_outbox.test_messages_about_someone_who_leaves_are_taken_back,
        id="forget_person-outbox",
    ),
    pytest.param(
        DueIncludesCancelled,
        test_schedule.test_event_messages_are_planned_once_and_never_sent_twice,
        id="due_scheduled",
    ),
    pytest.param(RsvpsByPerson, test_events.test_invitations_answers_and_the_waitlist, id="rsvps"),
    pytest.param(
        EndedPairsStayCurrent,
        test_pairs.test_pairs_once_at_a_time_and_a_persons_current_pairs,
        id="pairs_of_person",
    ),
    pytest.param(
        OutboxOfEveryChannel,
        test_outbox.test_outbox_per_channel_oldest_first_until_delivered,
        id="pending_outbox",
    ),
    pytest.param(
        ForgetsTypedLabels,
        test_conversations.test_conversation_round_trip_and_delete,
        id="save_conversation",
    ),
    pytest.param(KeepsTheOldAudience, test_events.test_event_round_trip, id="save_event"),
    pytest.param(
        ForgetsTheIntake,
        test_intake.test_forget_takes_back_the_updates_still_waiting,
        id="forget_person-intake",
    ),
    pytest.param(
        ForgetsHeldMessages,
        test_window.test_forget_takes_back_held_messages,
        id="forget_person-held",
    ),
    pytest.param(
        KeepsTheWords,
        test_intake.test_an_answered_update_keeps_its_replies_not_the_persons_words,
        id="update_answered",
    ),
    pytest.param(
        KeepsEveryDelivery,
        test_intake.test_kept_once_per_channel_oldest_first_until_done,
        id="keep_update",
    ),
    pytest.param(
        LastStatusWins,
        test_delivery.test_the_furthest_state_whatever_the_order,
        id="record_delivery",
    ),
    pytest.param(
        KeepsMessageIds,
        test_delivery.test_message_ids_go_after_a_month_and_with_the_person,
        id="forget_person-message_ids",
    ),
    pytest.param(
        UnitsNotKeptApart,
        test_units.test_one_units_rollback_never_undoes_anothers_writes,
        id="unit_of_work",
    ),
]


async def outcome(kind: type[SqliteStore], check: Check, path: Path) -> AssertionError | None:
    """Run one contract check against a fresh backend of this kind; its failure, if any."""
    store = await kind.open(path)
    try:
        await check(store)
    except AssertionError as failure:
        return failure
    finally:
        await store.close()
        # A check that failed halfway may leave a task of its own waiting.
        await asyncio.sleep(0)
    return None


@pytest.mark.parametrize(("broken", "check"), BROKEN)
async def test_the_contract_fails_on_a_broken_backend(
    broken: type[SqliteStore], check: Check, tmp_path: Path
) -> None:
    assert await outcome(SqliteStore, check, tmp_path / "sound.sqlite3") is None
    assert await outcome(broken, check, tmp_path / "broken.sqlite3") is not None
