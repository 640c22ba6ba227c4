"""The one reader of the outbox: every channel's queued messages go out from here, and this
is the one place that marks a row done (by deleting it: what a message says about people is
kept no longer than it takes to send it), or held until the person answers (bot/held.py)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from bot.channel import Channel, ChatBusy, DeliveryPaused, Held, Undeliverable
from bot.clock import Clock, SystemClock
from bot.held import outside_window
from bot.messages import Message
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
        windows: Mapping[str, timedelta] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.channels = channels
        self.windows = windows or {}
        self.clock = clock or SystemClock()
        # One round at a time: two would each send the same rows.
        self._lock = asyncio.Lock()

    async def pump(self) -> None:
        """Send what flows and the scheduler queued, channel by channel, oldest first."""
        async with self._lock:
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
                    if action == "note":
                        await channel.deliver(address, replace(message, held=True))
                    elif action == "send":
                        await channel.deliver(address, message)
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
