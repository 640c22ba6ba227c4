"""The pace of a broadcast: an overall rate over a sliding window, as Telegram counts it, a
rate per chat, and people who are chatting first."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator

# Telegram counts messages in a sliding second. The pace counts from the moment each answer
# came back (the message arrived before that), with a little room for clock differences.
WINDOW_MARGIN = 1.005


class Pace:
    def __init__(self, rate: float, per_chat: float, idle: asyncio.Event | None = None) -> None:
        self._recent: deque[float] = deque()
        self.set_rate(rate)
        self.chat_interval = 1.0 / per_chat
        # Set while nobody is being answered; cleared by the core while it handles updates.
        self.idle = idle
        self._last_in_chat: dict[str, float] = {}
        self._last_start = 0.0

    def set_rate(self, rate: float) -> None:
        """At most `rate` messages per second, counted over a sliding window as Telegram does."""
        self.rate = rate
        size = max(1, int(rate))
        self._window = size / rate * WINDOW_MARGIN
        self.interval = self._window / size
        # Answer times of the latest messages, as many as the window may hold.
        self._recent = deque(self._recent, maxlen=size)

    async def wait(self, chat_key: str) -> None:
        # People chatting with the bot go first.
        if self.idle is not None:
            await self.idle.wait()
        now = time.monotonic()
        recent = self._recent
        if not recent or now - recent[-1] > self._window:
            # After a quiet spell, start at an even pace rather than with a burst.
            size = recent.maxlen or 1
            recent.clear()
            recent.extend(now - (size - 1 - k) * self.interval for k in range(size - 1))
        start = max(now, self._last_in_chat.get(chat_key, -1e9) + self.chat_interval)
        # Never faster than twice the pace; a full window waits for its oldest message, so time
        # lost to a slow send or a busy machine is made up afterwards.
        start = max(start, self._last_start + self.interval / 2)
        if len(recent) == recent.maxlen:
            start = max(start, recent[0] + self._window)
        if start > now:
            await asyncio.sleep(start - now)
        self._last_start = time.monotonic()

    @contextlib.asynccontextmanager
    async def paced(self, chat_key: str, messages: int = 1) -> AsyncIterator[None]:
        """Wait for a free moment; the answer, refusals included, counts towards the pace."""
        await self.wait(chat_key)
        try:
            yield
        finally:
            for _ in range(messages):
                self.answered(chat_key)

    def answered(self, chat_key: str) -> None:
        answered_at = time.monotonic()
        self._recent.append(answered_at)
        if len(self._last_in_chat) >= 1000:
            # Only chats inside their per-chat interval still matter.
            self._last_in_chat = {
                key: moment
                for key, moment in self._last_in_chat.items()
                if answered_at - moment < self.chat_interval
            }
        self._last_in_chat[chat_key] = answered_at
