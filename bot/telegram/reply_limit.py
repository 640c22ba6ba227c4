"""The pace of replies: a "retry after" from Telegram holds only the chat it was about.

python-telegram-bot's AIORateLimiter waits out a 429 by pausing *every* request of the bot:
one person sending many quick messages (Telegram allows about one a second per chat) made
everyone else's replies wait too. Here the wait belongs to the chat the refused request was
for; requests for other chats go on. An optional overall cap (LIFTBOT_REPLY_RATE) is kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram._utils.types import JSONDict  # PTB's own limiters use it too
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
# Seconds added to Telegram's "retry after", for clock differences.
MARGIN = 0.1


def retry_seconds(exc: RetryAfter) -> float:
    after = exc.retry_after
    return after.total_seconds() if hasattr(after, "total_seconds") else float(after)


class PerChatRetry(BaseRateLimiter[int]):
    def __init__(self, overall_max_rate: float = 0, max_retries: int = 3) -> None:
        self._overall = AsyncLimiter(overall_max_rate, 1) if overall_max_rate else None
        self._max_retries = max_retries
        # Per chat id (None: requests for no chat): until when it waits, by the loop's clock.
        self._until: dict[object, float] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat = data.get("chat_id")
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        loop = asyncio.get_running_loop()
        for attempt in range(retries + 1):
            await self._wait(chat, loop)
            try:
                if self._overall is not None and chat is not None:
                    async with self._overall:
                        return await callback(*args, **kwargs)
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                pause = retry_seconds(exc) + MARGIN
                log.info("Telegram asked one chat to wait %.1f s (%s)", pause, endpoint)
                now = loop.time()
                # Chats whose wait is over are forgotten here, so the table stays small.
                self._until = {key: t for key, t in self._until.items() if t > now}
                self._until[chat] = max(self._until.get(chat, 0.0), now + pause)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _wait(self, chat: object, loop: asyncio.AbstractEventLoop) -> None:
        while (until := self._until.get(chat)) is not None:
            left = until - loop.time()
            if left <= 0:
                self._until.pop(chat, None)
                return
            await asyncio.sleep(left)
