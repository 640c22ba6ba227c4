"""The pace of a broadcast: an overall rate over a sliding window, as Telegram counts it, a
rate per chat, and people who are chatting first.

A broadcast makes way while several people are being answered, but it is never stopped
by them: it may wait up to YIELD_BANK seconds at once, and in the long run YIELD_SHARE of
its time, so a steady crowd slows it to half its pace. One chat alone is no crowd (see
bot/activity.py): its backlog does not hold a broadcast back at all."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator

from bot.activity import Activity

# Telegram counts messages in a sliding second. The pace counts from the moment each answer
# came back (the message arrived before that), with a little room for clock differences.
WINDOW_MARGIN = 1.005
YIELD_SHARE = 0.5
YIELD_BANK = 2.0


class Pace:
    def __init__(
        self,
        rate: float,
        per_chat: float,
        activity: Activity | None = None,
        *,
        yield_share: float = YIELD_SHARE,
        yield_bank: float = YIELD_BANK,
    ) -> None:
        self._recent: deque[float] = deque()
        self.set_rate(rate)
        self.chat_interval = 1.0 / per_chat
        # The chats being answered, counted by the core.
        self.activity = activity
        self.yield_share, self.yield_bank = yield_share, yield_bank
        # Seconds the broadcast may still wait for people who are chatting; it grows back
        # by yield_share of each second that passes, up to yield_bank.
        self._bank = yield_bank
        self._banked_at = time.monotonic()
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

    async def make_way(self) -> None:
        """While a crowd is being answered, wait until it thins, as long as the bank allows."""
        if self.activity is None:
            return
        now = time.monotonic()
        self._bank = min(self.yield_bank, self._bank + (now - self._banked_at) * self.yield_share)
        self._banked_at = now
        if not self.activity.crowded or self._bank <= 0:
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._bank):
                await self.activity.calm()
        self._bank -= time.monotonic() - now

    async def wait(self, chat_key: str, per_chat: bool = True) -> None:
        # People chatting with the bot go first.
        await self.make_way()
        now = time.monotonic()
        recent = self._recent
        if not recent or now - recent[-1] > self._window:
            # After a quiet spell, start at an even pace rather than with a burst.
            size = recent.maxlen or 1
            recent.clear()
            recent.extend(now - (size - 1 - k) * self.interval for k in range(size - 1))
        start = now
        if per_chat:
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
    async def paced(self, chat_key: str, per_chat: bool = True) -> AsyncIterator[None]:
        """Wait for a free moment for one message; its answer, refusals included, counts
        towards the pace. `per_chat=False`: the overall rate only (a few notices to one
        person may follow each other; a wait for one chat would hold up the others)."""
        await self.wait(chat_key, per_chat)
        try:
            yield
        finally:
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
