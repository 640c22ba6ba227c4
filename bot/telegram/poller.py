"""Long polling of our own: each batch of updates is kept in the database before the next
`getUpdates` acknowledges it.

python-telegram-bot's Updater asks for the next batch (which tells Telegram the earlier
updates arrived) while those are still being handled, so a crash lost them; and it parses
the whole batch at once, so one update it could not read made it retry that batch in a
tight loop, logging every update in it. Here the batch is read as plain JSON; every update
is kept as it came (bot/intake.py), with the next offset as the channel's cursor, in one
unit of work; only then is the next batch asked for. Reading each update into
python-telegram-bot's objects happens when it is handled, one at a time.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter  # the one way to build one

from bot.intake import Arrived
from bot.telegram.info import CHANNEL
from bot.telegram.private_only import ALLOWED_UPDATES, Decision, decide_raw
from bot.telegram.reply_limit import retry_seconds
from conversations.core.channel import chat_key

log = logging.getLogger(__name__)
# Update kinds LiftBot asks for. The channel's handler decides per kind; a kind it does not
# handle is done at once without a reply.
# Seconds between tries while Telegram cannot be reached, doubling up to the last.
BACKOFF = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
# Seconds to wait for an answer beyond the long poll's own time-out.
READ_MARGIN = 5.0


class Keeps(Protocol):
    """What the poller asks of the core (bot/app.py Core)."""

    async def keep(
        self, channel: str, updates: Sequence[Arrived], cursor: str | None = None
    ) -> int: ...

    async def cursor(self, channel: str) -> str | None: ...


def chat_of(update: dict[str, Any]) -> str | None:
    """The chat key of the person an update is from, when it is one LiftBot handles: their
    updates are handled in order. (In a private chat the chat is the person.) What someone
    does in a group does not queue behind, or count towards, their own chat."""
    if decide_raw(update) is not Decision.HANDLE:
        return None
    for body in update.values():
        sender = body.get("from") if isinstance(body, dict) else None
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return chat_key(CHANNEL, sender["id"])
    return None


class Poller:
    def __init__(
        self,
        request: BaseRequest,
        base_url: str,
        core: Keeps,
        timeout: int = 30,
        allowed_updates: Sequence[str] = ALLOWED_UPDATES,
    ) -> None:
        self.request = request
        # The Bot API's address with the token: never logged.
        self._url = f"{base_url}/getUpdates"
        self.core = core
        self.timeout = timeout
        self.allowed_updates = list(allowed_updates)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def run(self) -> None:
        offset = await self.core.cursor(CHANNEL)
        failures = 0
        while True:
            try:
                batch = await self._get(offset)
                offset = await self._keep(batch) or offset
                failures = 0
            except asyncio.CancelledError:
                raise
            except TimedOut:
                continue  # a long poll that ended without an answer: ask again
            except RetryAfter as exc:
                await asyncio.sleep(retry_seconds(exc))
            except Exception as exc:
                pause = BACKOFF[min(failures, len(BACKOFF) - 1)]
                failures += 1
                level = logging.WARNING if isinstance(exc, NetworkError) else logging.ERROR
                if isinstance(exc, InvalidToken):
                    level = logging.ERROR
                # Only the kind of error: a message may quote what Telegram sent.
                said = exc.message if isinstance(exc, TelegramError) else type(exc).__name__
                log.log(level, "getting updates failed (%s); again in %.0f s", said, pause)
                await asyncio.sleep(pause)

    async def _get(self, offset: str | None) -> list[Any]:
        params: dict[str, object] = {
            "timeout": self.timeout,
            "allowed_updates": self.allowed_updates,
        }
        if offset is not None:
            params["offset"] = int(offset)
        data = RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])
        result = await self.request.post(
            self._url, request_data=data, read_timeout=self.timeout + READ_MARGIN
        )
        return result if isinstance(result, list) else []

    async def _keep(self, batch: list[Any]) -> str | None:
        """Keep the batch; the offset that acknowledges it, None when it was empty."""
        updates: list[Arrived] = []
        last = -1
        for update in batch:
            update_id = update.get("update_id") if isinstance(update, dict) else None
            if not isinstance(update_id, int) or isinstance(update_id, bool):
                # Without an id it cannot be kept or acknowledged by itself; the offset of
                # the others acknowledges it.
                log.warning("an update without an id was skipped")
                continue
            last = max(last, update_id)
            # ASCII JSON: a lone surrogate in a text stays an escape, which any database
            # stores (as UTF-8 it could not be written, and the batch would never be kept).
            updates.append(Arrived(str(update_id), chat_of(update), json.dumps(update)))
        if last < 0:
            return None
        cursor = str(last + 1)
        await self.core.keep(CHANNEL, updates, cursor)
        return cursor
