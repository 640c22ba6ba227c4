"""What the application shell asks of a storage backend, beyond the flows' Store: units of
work, the conversation row of each chat, the outbox, the planned messages that fell due,
the broadcast recipients the sender works through, and the incoming updates kept until
handled. bot.sqlite.store.SqliteStore is one
backend; tests/bot/storage/ runs the same contract over every backend in its BACKENDS.

Opening is left to each backend (a SQLite file, a PostgreSQL address); closing is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from typing import Any, Protocol

from bot.effects import Effects
from conversations.core.names import NOTICE
from conversations.core.records import Broadcast, Conversation, Person, Scheduled
from conversations.core.stores import Store

# How many due rows one round takes at most; a full round means there may be more.
DUE_BATCH = 200
# (channel, state, delivery, how many) of a broadcast's recipients (DeliveryStore).
DeliveryCount = tuple[str, str, str | None, int]


class Row(Protocol):
    """A row read by name, as sqlite3.Row and asyncpg's Record are. Timestamps in rows are
    ISO 8601 text in UTC; a message is JSON text."""

    def __getitem__(self, key: str, /) -> Any: ...
    def keys(self) -> Iterable[str]: ...


class ConversationStore(Protocol):
    """Where each chat is in its conversation, read with the person at every event."""

    async def conversation(self, chat_key: str) -> Conversation | None: ...
    # With `seen_on` (today), a job seeker's or employer's last day seen is kept too.
    async def person_and_conversation(
        self, chat_key: str, seen_on: date | None = None
    ) -> tuple[Person | None, Conversation | None]: ...
    async def save_conversation(self, conv: Conversation, now: datetime) -> None: ...
    async def delete_conversation(self, chat_key: str) -> None: ...


class OutboxStore(Protocol):
    """Messages for other people, written with the change that caused them; a row is
    deleted once delivered. `about`: the people it tells about, whose /forget takes it back."""

    async def enqueue(
        self,
        chat_key: str,
        message: dict[str, Any],
        attachment: bytes | None,
        now: datetime,
        about: Iterable[int] = (),
        kind: str = NOTICE,
    ) -> None: ...
    # Rows with id, chat_key, message (JSON), attachment, kind; of chat keys "<prefix>:...",
    # oldest first, from the row after id `after` on. Also `waiting` (true when the chat has
    # held messages: this one waits behind them) and `last_incoming` (WindowStore).
    async def pending_outbox(
        self, prefix: str, limit: int = 100, after: int = 0
    ) -> Sequence[Row]: ...
    async def delete_outbox(self, outbox_id: int) -> None: ...


class DueStore(Protocol):
    """The planned messages (conversations.core.stores.schedule) as the scheduler reads them."""

    # Not sent, not cancelled, due by `now`; the earliest first.
    async def due_scheduled(self, now: datetime, limit: int = DUE_BATCH) -> list[Scheduled]: ...
    async def next_due(self) -> datetime | None: ...
    async def replan_scheduled(self, scheduled_id: int, due: datetime) -> None: ...
    async def mark_scheduled_sent(self, scheduled_id: int, now: datetime) -> None: ...


class BroadcastSending(Protocol):
    """What the broadcaster reads and marks while it sends."""

    # Broadcasts that are sending, or scheduled and due; in id order.
    async def broadcasts_to_send(self, now: datetime) -> list[Broadcast]: ...
    async def next_broadcast_at(self) -> datetime | None: ...
    # Rows with person_id, chat_key, language, state, attempts, last_incoming (WindowStore);
    # by person id.
    async def pending_recipients(self, broadcast_id: int, limit: int) -> Sequence[Row]: ...
    async def mark_recipient(
        self, broadcast_id: int, person_id: int, state: str, now: datetime
    ) -> None: ...
    # Every recipient with their name, state and sent_at, for the sender's report.
    async def recipient_rows(self, broadcast_id: int) -> Sequence[Row]: ...


class DeliveryStore(Protocol):
    """What became of broadcast messages once the chat app took them, as it reports later
    (WhatsApp's statuses; bot/delivery.py). A channel without such reports leaves none."""

    # The chat app's ids of the messages one recipient got, by channel.
    async def remember_messages(
        self,
        broadcast_id: int,
        person_id: int,
        channel: str,
        message_ids: Sequence[str],
        now: datetime,
    ) -> None: ...
    # One status ('sent', 'delivered', 'read', 'failed' with its error code): the recipient's
    # `delivery` (and `delivery_error`, in recipient_rows) becomes the furthest state seen,
    # 'failed' the furthest. False when the message id or the state is unknown.
    async def record_delivery(
        self, channel: str, message_id: str, state: str, error: int | None
    ) -> bool: ...
    async def delivery_counts(self, broadcast_id: int) -> list[DeliveryCount]: ...
    # Message ids sent before `before` go (no status comes any more).
    async def forget_old_messages(self, before: datetime) -> None: ...


class IntakeStore(Protocol):
    """Incoming updates, kept before the chat app is told they arrived (bot/intake.py): in
    the unit of work of the change it caused a row trades its payload for the replies, and
    is deleted once they are out; one that fails too often is set aside. A polling
    channel's position (its cursor) is kept with the rows it fetched."""

    # The new row's id; None when (channel, update_id) is kept already (a second delivery).
    async def keep_update(
        self, channel: str, update_id: str, chat_key: str | None, payload: str, now: datetime
    ) -> int | None: ...
    # Rows with id, update_id, chat_key, payload, tries, answer (None until handled); not
    # set aside; oldest first, from the row after id `after` on.
    async def pending_updates(
        self, channel: str, limit: int = 100, after: int = 0
    ) -> Sequence[Row]: ...
    async def update_done(self, intake_id: int) -> None: ...
    # Handled: the rendered replies are kept and the payload emptied, until update_done.
    async def update_answered(self, intake_id: int, answer: str) -> None: ...
    async def update_tried(self, intake_id: int) -> None: ...
    # No more tries; rows set aside more than a week ago are deleted.
    async def set_update_aside(self, intake_id: int, reason: str, now: datetime) -> None: ...
    async def intake_cursor(self, channel: str) -> str | None: ...
    async def save_intake_cursor(self, channel: str, cursor: str) -> None: ...


class WindowStore(Protocol):
    """For chat apps where LiftBot may start a conversation only within a window after the
    person's last message (WhatsApp: 24 hours; bot/held.py): when that message came, and the
    messages held until the person answers. Also the installation's secrets."""

    async def note_incoming(self, chat_key: str, now: datetime) -> None: ...
    async def last_incoming(self, chat_key: str) -> datetime | None: ...
    # Moves an outbox row to the held messages (a template went in its place).
    async def hold_outbox(self, outbox_id: int) -> None: ...
    # Rows with id, chat_key, message (JSON), attachment, kind; oldest first.
    async def held_messages(self, chat_key: str) -> Sequence[Row]: ...
    # Moves the chat's held messages back into the outbox, in order; how many.
    async def release_held(self, chat_key: str, now: datetime) -> int: ...
    # The named secret; `candidate` (random bytes) becomes it when there is none yet.
    async def installation_secret(self, name: str, candidate: bytes) -> bytes: ...


class Backend(
    Store,
    ConversationStore,
    OutboxStore,
    DueStore,
    BroadcastSending,
    DeliveryStore,
    IntakeStore,
    WindowStore,
    Protocol,
):
    """A storage backend: everything the flows and the application shell ask of storage."""

    # One event's reads and writes, apart from every other unit: committed when the block
    # ends, rolled back when it raises. What it queued and changed in the plan is added to
    # `effects` after the commit only.
    def unit_of_work(
        self, effects: Effects | None = None
    ) -> AbstractAsyncContextManager[Backend]: ...
    async def close(self) -> None: ...
