"""Someone LiftBot cannot reach: they blocked the bot, deleted their account, or the chat is
gone. Replies, queued messages and broadcasts read Telegram's answer the same way, and
none of them calls it an error: it is the person's choice, not a fault of LiftBot's."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from telegram.error import BadRequest, Forbidden, TelegramError

log = logging.getLogger(__name__)
# Telegram answers 403 Forbidden to a person who blocked the bot or was deactivated, and
# 400 with this to a chat that no longer exists.
GONE = "chat not found"


def unreachable(error: TelegramError) -> bool:
    if isinstance(error, Forbidden):
        return True
    return isinstance(error, BadRequest) and GONE in error.message.lower()


@contextlib.asynccontextmanager
async def unless_unreachable() -> AsyncIterator[None]:
    """Replies sent inside are dropped, noted at INFO, when the person cannot be reached;
    the rest of the turn (what it changed for others) goes on."""
    try:
        yield
    except TelegramError as exc:
        if not unreachable(exc):
            raise
        # Like the outbox and broadcasts: no chat id, no text, no traceback.
        log.info("a person blocked LiftBot; a reply was not delivered")
