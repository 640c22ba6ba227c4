"""The chats being answered now, so that broadcasts make way for people who are chatting.

Each chat's turns run one at a time (bot/intake.py), so the turns in hand
are the chats being answered: one chat's backlog never counts more than once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

# One chat being answered is no crowd: its replies go at Telegram's pace for one chat
# (about one a second), a small share of the overall limit, and a chat that keeps
# writing (or whose reply waits out a 429) would otherwise hold a broadcast back.
CROWD = 2


class Activity:
    def __init__(self) -> None:
        self.chats = 0
        # Set while no chat is being answered.
        self.idle = asyncio.Event()
        self.idle.set()
        # Set while fewer chats than a crowd are being answered.
        self._calm = asyncio.Event()
        self._calm.set()

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Around one turn: from the event in until its replies are out."""
        self._count(+1)
        try:
            yield
        finally:
            self._count(-1)

    @property
    def crowded(self) -> bool:
        return self.chats >= CROWD

    async def calm(self) -> None:
        """Until fewer chats than a crowd are being answered."""
        await self._calm.wait()

    def _count(self, change: int) -> None:
        self.chats += change
        for event, on in ((self.idle, not self.chats), (self._calm, not self.crowded)):
            if on:
                event.set()
            else:
                event.clear()
