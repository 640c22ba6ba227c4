"""The one reader of the outbox: every channel's queued messages go out from here, and this
is the one place that marks a row done (by deleting it: what a message says about people is
kept no longer than it takes to send it), or held until the person answers (bot/held.py).
Messages go at the broadcasts' pace of their channel (bot/paces.py: its overall rate,
shared with broadcasts, people who are chatting first): a reminder to a hundred people at
19:00 does not meet the chat app's limits."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from bot.broadcast_pace import Pace
from bot.channel import Channel, ChatBusy, DeliveryPaused, Held, Undeliverable
from bot.clock import Clock, SystemClock
from bot.files import carried
from bot.held import outside_window
from bot.messages import Message
from bot.paces import Paces
from bot.storage import Backend, Row
from conversations.core.channel import split_chat_key

log = logging.getLogger(__name__)


class OutboxPump:
    """Sends each channel's queued messages: one round at a time, in order per chat.

    `windows`: per channel name, how long after a person's last message LiftBot may start a
    conversation (ChannelInfo.window); outside it a message is held (bot/held.py)."""

    def __init__(
        self,
        store: Backend,
        channels: Mapping[str, Channel],
        pace: Pace | Paces | None = None,
        windows: Mapping[str, timedelta] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.channels = channels
        # One pace for every channel, or each channel's own.
        self.pace = pace
        self.windows = windows or {}
        self.clock = clock or SystemClock()
        # One round at a time: two would each send the same rows.
        self._lock = asyncio.Lock()
        self._again = False

    async def pump(self) -> None:
        """Send what flows and the scheduler queued, channel by channel, oldest first. While
        a round runs, a call only asks it to look once more and returns: the turn that
        queued a notice does not wait for another chat's round at its pace."""
        if self._lock.locked():
            self._again = True
            return
        async with self._lock:
            self._again = True
            while self._again:
                self._again = False
                for name, channel in self.channels.items():
                    await self._pump(name, channel)

    async def _pump(self, name: str, channel: Channel) -> None:
        """One pass over the channel's rows, also those queued meanwhile."""
        store, last = self.store, 0
        # Chats that could not take a message this round: the rest of theirs waits too.
        busy: set[str] = set()
        # Chats with a message held this round: the rows read with it did not know yet.
        waiting: set[str] = set()
        while True:
            async with store.unit_of_work():
                rows = await store.pending_outbox(name, after=last)
            if not rows:
                return
            for row in rows:
                last = row["id"]
                if row["chat_key"] in busy:
                    continue
                message = Message.from_row(
                    json.loads(row["message"]), row["attachment"], row["kind"]
                )
                address = split_chat_key(row["chat_key"])[1]
                action = "wait" if row["chat_key"] in waiting else self._action(name, row)
                held = action != "send"
                try:
                    if action == "send":
                        # A file someone sent in another app goes as its bytes (a note
                        # goes without the message: its file is fetched when it is sent).
                        message = await carried(message, name, self.channels)
                    if action != "wait":
                        async with self._paced(row["chat_key"]):
                            await channel.deliver(address, replace(message, held=held))
                except Held:
                    held = True
                except Undeliverable:
                    log.info("a person blocked LiftBot; message %d not delivered", row["id"])
                    held = False
                except ChatBusy:
                    busy.add(row["chat_key"])
                    continue
                except DeliveryPaused as paused:
                    # Left in the outbox: the next round tries again.
                    log.warning("outbox delivery on %s paused: %s", name, paused)
                    return
                async with store.unit_of_work():
                    if held:
                        waiting.add(row["chat_key"])
                        await store.hold_outbox(row["id"])
                    else:
                        await store.delete_outbox(row["id"])

    def _action(self, name: str, row: Row) -> Literal["send", "note", "wait"]:
        """send: the message itself. wait: held without a word, behind the chat's held
        messages (one note per wait is enough, and order is kept). note: the window is
        closed; the channel sends its note (a template) and the message is held."""
        if row["waiting"]:
            return "wait"
        window = self.windows.get(name)
        if window is None:
            return "send"
        last = datetime.fromisoformat(row["last_incoming"]) if row["last_incoming"] else None
        return "note" if outside_window(last, self.clock.now(), window) else "send"

    def _paced(self, chat_key: str) -> contextlib.AbstractAsyncContextManager[None]:
        if self.pace is None:
            return contextlib.nullcontext()
        pace = self.pace.of(chat_key) if isinstance(self.pace, Paces) else self.pace
        # The overall rate only: a wait for one chat would hold up the whole round.
        return pace.paced(chat_key, per_chat=False)
