"""Sends broadcasts from their recipient rows, within the chat app's limits.

One message is in flight at a time, and a row is marked right after its message went out,
so a crash repeats at most that one message. Each chat app has its own pace (bot/paces.py),
an overall rate and a per-chat rate; a "retry later" answer pauses and slows that pace;
temporary failures are retried with backoff; people who blocked the bot are marked
unreachable and skipped. What the sender gets (progress, the report) goes the same paced
way (bot/broadcast_send.py). People who are chatting go first: while several are being
answered, the broadcast makes way for a while (bot/broadcast_pace.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from functools import partial

from bot.activity import Activity
from bot.broadcast_pace import Pace
from bot.broadcast_parts import Piece, Transport, content, pieces, sender_language
from bot.broadcast_report import report_table, report_text
from bot.broadcast_send import PacedSender
from bot.clock import Clock
from bot.held import outside_window
from bot.i18n import Translator
from bot.messages import Message
from bot.paces import Paces
from bot.storage import Backend, Row
from bot.tables import csv_bytes
from conversations.broadcast.names import CONTROL
from conversations.core.channel import split_chat_key
from conversations.core.message_parts import split_text, utf16_len
from conversations.core.names import BROADCAST
from conversations.core.records import Broadcast
from conversations.core.types import Msg

log = logging.getLogger(__name__)
PROGRESS_EVERY = 3.0
# With nothing to send the sender still looks every so often (a broadcast may be resumed).
IDLE_CHECK = 30.0
# The first progress update waits a moment, so it does not crowd the "started" reply.
FIRST_PROGRESS = 1.0
# Chat apps report on a message for some weeks at most; its id is kept no longer.
KEEP_MESSAGE_IDS = timedelta(days=30)


class Broadcaster:
    def __init__(
        self,
        store: Backend,
        clock: Clock,
        translator: Translator,
        transports: Mapping[str, Transport],
        *,
        rate: float = 30.0,
        per_chat: float = 1.0,
        max_attempts: int = 5,
        backoff: float = 1.0,
        activity: Activity | None = None,
        on_queued: Callable[[], Awaitable[None]] | None = None,
        paces: Paces | None = None,
    ) -> None:
        self.store, self.clock, self.translator = store, clock, translator.with_clock(clock)
        # One transport per channel, by the channel's name (the first part of a chat key).
        self.transports = transports
        # A pace per channel: `paces`, or for each channel one at `rate` and `per_chat`.
        self.paces = paces or Paces(lambda: Pace(rate, per_chat, activity))
        for name in transports:
            self.paces.channel(name)
        self.paced = PacedSender(self.paces, max_attempts, backoff)
        # Runs the outbox pump: a message to someone outside a chat app's window goes there.
        self.on_queued = on_queued
        self._wake = asyncio.Event()
        self._sending = asyncio.Lock()
        # Per broadcast: the chat app of its sender, which holds its file.
        self._origins: dict[int, str | None] = {}

    def wake(self) -> None:
        self._wake.set()

    async def run_forever(self) -> None:
        while True:
            # Cleared before the round, so a wake-up during the round is not lost.
            self._wake.clear()
            try:
                worked = await self.run_once()
                wait = 0.0 if worked else await self.seconds_to_next()
            except Exception:
                log.exception("broadcast round failed; trying again shortly")
                wait = IDLE_CHECK
            if wait > 0:
                # asyncio.timeout, not wait_for: in 3.11 wait_for can swallow a
                # cancellation that arrives just as the event is set, and stop() would hang.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait):
                        await self._wake.wait()

    async def seconds_to_next(self) -> float:
        """How long to sleep: until the next scheduled broadcast, and never long."""
        async with self.store.unit_of_work() as store:
            due = await store.next_broadcast_at()
        if due is None:
            return IDLE_CHECK
        return min(IDLE_CHECK, max(0.0, (due - self.clock.now()).total_seconds()))

    async def run_once(self) -> bool:
        # One sender at a time: two would each send the same pending rows.
        async with self._sending:
            async with self.store.unit_of_work() as store:
                due = await store.broadcasts_to_send(self.clock.now())
            for broadcast in due:
                await self.send(broadcast)
        return bool(due)

    async def send(self, broadcast: Broadcast) -> None:
        store = self.store
        async with store.unit_of_work():
            if broadcast.state == "scheduled":
                broadcast.state = "sending"
                await store.save_broadcast(broadcast)
            sender = await store.person(broadcast.sender_id)
        locale = sender_language(sender)
        origin = sender.chat_key if sender is not None and sender.chat_key else None
        self._origins[broadcast.id] = split_chat_key(origin)[0] if origin else None
        last_progress = time.monotonic() - PROGRESS_EVERY + FIRST_PROGRESS
        while True:
            async with store.unit_of_work():
                current = await store.broadcast(broadcast.id)
                rows = await store.pending_recipients(broadcast.id, 50)
            if current is None or current.state != "sending":
                if current is not None and current.state == "cancelled":
                    await self._finish(current, locale)
                return
            if not rows:
                await self._finish(current, locale)
                return
            for row in rows:
                # Outside a window, or the file is in another app: through the outbox,
                # which sends the template first, or carries the file's bytes (bot/files.py).
                waits = self._outside_window(row) or self._file_elsewhere(current, row)
                state, ids = "sent", list[str]()
                if not waits:
                    state, ids = await self._deliver_one(
                        current, row["person_id"], row["chat_key"], row["language"], row["attempts"]
                    )
                # Marked right after sending, in the same unit of work that reads a pause or stop.
                async with store.unit_of_work():
                    if waits:
                        await self._queue(store, current, row["chat_key"], row["language"])
                    await store.mark_recipient(
                        broadcast.id, row["person_id"], state, self.clock.now()
                    )
                    if ids:  # for the chat app's statuses (bot/delivery.py)
                        channel = split_chat_key(row["chat_key"])[0]
                        await store.remember_messages(
                            broadcast.id, row["person_id"], channel, ids, self.clock.now()
                        )
                    fresh = await store.broadcast(broadcast.id)
                if waits and self.on_queued is not None:
                    await self.on_queued()
                if time.monotonic() - last_progress >= PROGRESS_EVERY:
                    last_progress = time.monotonic()
                    await self._progress(current, sender, locale)
                if fresh is None or fresh.state != "sending":
                    break

    def _outside_window(self, row: Row) -> bool:
        """On a chat app with a window (WhatsApp), someone who has not written for longer
        gets the broadcast through the outbox: the template for a broadcast first, the
        message itself when they answer (bot/held.py)."""
        transport = self._transport(row["chat_key"])
        window = transport.info.window if transport is not None else None
        if window is None:
            return False
        last = row["last_incoming"]
        moment = datetime.fromisoformat(last) if last else None
        return outside_window(moment, self.clock.now(), window)

    def _file_elsewhere(self, broadcast: Broadcast, row: Row) -> bool:
        origin = self._origins.get(broadcast.id)
        return bool(broadcast.file_id and origin and origin != split_chat_key(row["chat_key"])[0])

    async def _queue(
        self, store: Backend, broadcast: Broadcast, chat_key: str, language: str | None
    ) -> None:
        text, file = content(broadcast, language, self._origins.get(broadcast.id))
        message = Message(text, file=file, kind=BROADCAST, language=language)
        now = self.clock.now()
        await store.enqueue(chat_key, message.to_row()[0], None, now, kind=BROADCAST)

    def _transport(self, chat_key: str) -> Transport | None:
        return self.transports.get(split_chat_key(chat_key)[0])

    async def _deliver_one(
        self,
        broadcast: Broadcast,
        person_id: int,
        chat_key: str,
        language: str | None,
        attempts: int,
    ) -> tuple[str, list[str]]:
        """Send one person's message; the outcome (sent, unreachable or failed) and the chat
        app's ids of the messages that went."""
        transport = self._transport(chat_key)
        if transport is None:
            # Their channel is not running in this process: told as failed, not dropped silently.
            return "failed", []
        ids: list[str] = []
        text, file = content(broadcast, language, self._origins.get(broadcast.id))
        parts = split_text(text, transport.info.text_limit)
        for piece in pieces(parts, file, transport.info.caption_limit):
            sent = await self.paced.send(
                chat_key, partial(transport.deliver, chat_key, piece), attempts
            )
            if sent.value is not None:
                ids.append(sent.value)
            if sent.state != "sent":
                return sent.state, ids
            attempts = sent.attempts
        return "sent", ids

    async def _progress(self, broadcast: Broadcast, sender: object, locale: str) -> None:
        async with self.store.unit_of_work() as store:
            counts = await store.broadcast_counts(broadcast.id)
        total = sum(counts.values())
        done = total - counts.get("pending", 0)
        # At the slowest channel's pace: an estimate that errs on the long side.
        paces = [self.paces.channel(name) for name in self.transports]
        interval = max((pace.interval for pace in paces), default=0.0)
        left = max(0, round((total - done) * interval))
        text = self.translator.render(
            locale, Msg.plural("broadcast.progress", left, done=done, total=total)
        )
        buttons = [
            (
                self.translator.render(locale, Msg.of("broadcast.button.pause")),
                f"{CONTROL}:{broadcast.id}:pause",
            ),
            (
                self.translator.render(locale, Msg.of("broadcast.button.stop")),
                f"{CONTROL}:{broadcast.id}:stop",
            ),
        ]
        chat_key = getattr(sender, "chat_key", None)
        transport = self._transport(chat_key) if chat_key else None
        if chat_key and transport is not None:
            # Messages to the sender count towards the same limits as the broadcast's own.
            # Progress is a courtesy: after a time-out it waits for the next round.
            shown = await self.paced.send(
                chat_key,
                partial(transport.progress, chat_key, broadcast.progress_message, text, buttons),
                max_attempts=1,
            )
            message_id = shown.value if shown.state == "sent" else broadcast.progress_message
            if message_id != broadcast.progress_message:
                broadcast.progress_message = message_id
                async with self.store.unit_of_work() as store:
                    await store.save_broadcast(broadcast)

    async def _finish(self, broadcast: Broadcast, locale: str) -> None:
        async with self.store.unit_of_work() as store:
            sender = await store.person(broadcast.sender_id)
            counts = await store.delivery_counts(broadcast.id)
            rows = await store.recipient_rows(broadcast.id)
            if broadcast.state != "cancelled":
                broadcast.state = "done"
            broadcast.finished_at = self.clock.now()
            await store.save_broadcast(broadcast)
            await store.forget_old_messages(self.clock.now() - KEEP_MESSAGE_IDS)
        report = csv_bytes(self.translator, locale, report_table(rows))
        cancelled = broadcast.state == "cancelled"
        text = report_text(self.translator, locale, cancelled, counts)
        chat_key = sender.chat_key if sender is not None else None
        transport = self._transport(chat_key) if chat_key else None
        if chat_key is None or transport is None:
            return
        # The file with the text under it; a text too long for that goes first, alone.
        steps: list[Callable[[], Awaitable[object]]] = [
            partial(transport.report, chat_key, text, report)
        ]
        if utf16_len(text) > transport.info.caption_limit:
            steps = [
                partial(transport.deliver, chat_key, Piece(text)),
                partial(transport.report, chat_key, None, report),
            ]
        for step in steps:
            sent = await self.paced.send(chat_key, step)
            if sent.state != "sent":
                # A sender who blocked LiftBot is no fault; a report lost to time-outs is.
                level = logging.INFO if sent.state == "unreachable" else logging.WARNING
                log.log(level, "the report of broadcast %d was %s", broadcast.id, sent.state)
                return

