"""The one reader of the outbox: every channel's queued messages go out from here, and this
is the one place that marks a row done (by deleting it: what a message says about people is
kept no longer than it takes to send it). Messages go at the broadcasts' pace (one overall
rate shared with them, people who are chatting first): a reminder to a
hundred people at 19:00 does not meet the chat app's limits."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping

from bot.broadcast_pace import Pace
from bot.channel import Channel, ChatBusy, DeliveryPaused, Undeliverable
from bot.messages import Message
from bot.storage import Backend
from conversations.core.channel import split_chat_key

log = logging.getLogger(__name__)


class OutboxPump:
    """Sends each channel's queued messages: one round at a time, in order per chat."""

    def __init__(
        self, store: Backend, channels: Mapping[str, Channel], pace: Pace | None = None
    ) -> None:
        self.store = store
        self.channels = channels
        self.pace = pace
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
        while True:
            async with store.unit_of_work():
                rows = await store.pending_outbox(name, after=last)
            if not rows:
                return
            for row in rows:
                last = row["id"]
                if row["chat_key"] in busy:
                    continue
                message = Message.from_row(json.loads(row["message"]), row["attachment"])
                try:
                    async with self._paced(row["chat_key"]):
                        await channel.deliver(split_chat_key(row["chat_key"])[1], message)
                except Undeliverable:
                    log.info("a person blocked LiftBot; message %d not delivered", row["id"])
                except ChatBusy:
                    busy.add(row["chat_key"])
                    continue
                except DeliveryPaused as paused:
                    # Left in the outbox: the next round tries again.
                    log.warning("outbox delivery on %s paused: %s", name, paused)
                    return
                async with store.unit_of_work():
                    await store.delete_outbox(row["id"])

    def _paced(self, chat_key: str) -> contextlib.AbstractAsyncContextManager[None]:
        if self.pace is None:
            return contextlib.nullcontext()
        # The overall rate only: a wait for one chat would hold up the whole round.
        return self.pace.paced(chat_key, per_chat=False)
