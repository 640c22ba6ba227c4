"""One message of the broadcaster's on its way, to a recipient or to the sender (progress,
the report): at the pace of the chat's channel (bot/paces.py), a "retry later" waited out
as told (and that channel's pace slowed for good, the others' not), a time-out or server
error tried again with backoff."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from bot.broadcast_parts import RetryLater, Temporary, Unreachable
from bot.paces import Paces

T = TypeVar("T")
# Each "retry later" slows the pace by this much, for the rest of the broadcaster's life.
SLOWER = 1.25


@dataclass(frozen=True)
class Sent(Generic[T]):
    state: Literal["sent", "unreachable", "failed"]
    # Temporary failures so far, those before this send included.
    attempts: int
    value: T | None = None


class PacedSender:
    def __init__(self, paces: Paces, max_attempts: int = 5, backoff: float = 1.0) -> None:
        self.paces = paces
        self.max_attempts, self.backoff = max_attempts, backoff

    async def send(
        self,
        chat_key: str,
        send: Callable[[], Awaitable[T]],
        attempts: int = 0,
        max_attempts: int | None = None,
    ) -> Sent[T]:
        """Call `send` (one message to `chat_key`) until it goes through, the person cannot
        be reached, or `max_attempts` temporary failures were counted."""
        limit = self.max_attempts if max_attempts is None else max_attempts
        pace = self.paces.of(chat_key)
        while True:
            try:
                async with pace.paced(chat_key):
                    value = await send()
                return Sent("sent", attempts, value)
            except RetryLater as exc:
                # The chat app says we went too fast: wait as told and slow down for good
                # (unless only this one chat had too many).
                if exc.slow:
                    pace.set_rate(pace.rate / SLOWER)
                await asyncio.sleep(exc.seconds)
            except Unreachable:
                return Sent("unreachable", attempts)
            except Temporary:
                attempts += 1
                if attempts >= limit:
                    return Sent("failed", attempts)
                await asyncio.sleep(self.backoff * 2 ** (attempts - 1))
