"""The WhatsApp side of broadcasts: pieces as texts or files, the progress as one message
(WhatsApp cannot edit it: later progress waits for the report), the report as a document;
the Cloud API's errors as the broadcaster's own."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
from pywa_async.errors import WhatsAppError

from bot.broadcast_parts import Piece, RetryLater, Temporary, Unreachable
from bot.whatsapp.errors import PAIR_RATE, RE_ENGAGEMENT, THROTTLED, UNDELIVERABLE, code_of
from bot.whatsapp.info import BODY_LIMIT, BUTTON_TITLE
from bot.whatsapp.labels import shorten, titles
from bot.whatsapp.render import Buttons, Media, Request, Text
from bot.whatsapp.send import Sender
from conversations.core.channel import ChannelInfo, split_chat_key
from conversations.core.types import Attachment

# Seconds to wait when WhatsApp throttles (it says no time of its own); for too many to one
# person (the pair rate), WhatsApp's own interval for one person in bulk.
THROTTLE_WAIT = 6.0
PAIR_WAIT = 6.0


@contextlib.asynccontextmanager
async def _as_broadcast_errors(throttle_wait: float, pair_wait: float) -> AsyncIterator[None]:
    try:
        yield
    except WhatsAppError as exc:
        code = code_of(exc)
        if code in UNDELIVERABLE:
            raise Unreachable() from exc
        if code == PAIR_RATE:
            # Only this person had too many: their wait, and WhatsApp's pace stays as it is.
            raise RetryLater(pair_wait, slow=False) from exc
        if code in THROTTLED or exc.status_code == 429:
            raise RetryLater(throttle_wait) from exc
        if code == RE_ENGAGEMENT:
            # Outside the 24-hour window: the template path (the window logic) decides;
            # until then it counts as not reached, never as sent.
            raise Unreachable() from exc
        raise Temporary() from exc
    except httpx.HTTPError as exc:
        raise Temporary() from exc


class WhatsAppTransport:
    def __init__(self, sender: Sender, info: ChannelInfo) -> None:
        self.sender = sender
        self.info = info
        self.throttle_wait, self.pair_wait = THROTTLE_WAIT, PAIR_WAIT

    async def _send(self, chat_key: str, request: Request) -> str | None:
        async with _as_broadcast_errors(self.throttle_wait, self.pair_wait):
            return await self.sender.send_one(split_chat_key(chat_key)[1], request)

    async def deliver(self, chat_key: str, piece: Piece) -> str | None:
        """The piece's message id: its statuses (delivered, read) come to the webhook."""
        if piece.file is None:
            return await self._send(chat_key, Text(piece.text or ""))
        kind = "image" if piece.file.kind == "photo" else "document"
        return await self._send(chat_key, Media(kind, piece.text, file=piece.file))

    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None:
        if message_id is not None:
            return message_id  # no edits on WhatsApp: the report follows
        shown = titles([label for label, _ in buttons[:3]], BUTTON_TITLE)
        choices = [(data, title) for (_, data), title in zip(buttons, shown, strict=False)]
        body = shorten(text, BODY_LIMIT)
        await self._send(chat_key, Buttons(body, choices) if choices else Text(text))
        return 1

    async def report(self, chat_key: str, text: str | None, csv_bytes: bytes) -> None:
        attachment = Attachment("document", csv_bytes, "broadcast.csv")
        await self._send(chat_key, Media("document", text, attachment=attachment))
