"""The Telegram side of broadcasts: a Bot without PTB's rate limiter, whose errors are
turned into the broadcaster's own (the broadcaster keeps to the limits itself, and waits
out a 429 as told: bot/broadcast_send.py)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.broadcast_parts import Piece, RetryLater, Temporary, Unreachable
from bot.telegram.unreachable import unreachable
from bot.well_formed import well_formed
from conversations.core.channel import ChannelInfo, split_chat_key


def _chat_id(chat_key: str) -> int:
    return int(split_chat_key(chat_key)[1])


@contextlib.asynccontextmanager
async def _as_broadcast_errors() -> AsyncIterator[None]:
    """Telegram's errors as the broadcaster's: wait, try again, or give up on this person."""
    try:
        yield
    except RetryAfter as exc:
        after = exc.retry_after
        seconds = after.total_seconds() if hasattr(after, "total_seconds") else float(after)
        raise RetryLater(seconds) from exc
    except TelegramError as exc:
        if unreachable(exc):
            raise Unreachable() from exc
        # BadRequest is a NetworkError in PTB, but a refusal is not worth another try.
        if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
            raise Temporary() from exc
        raise


class TelegramTransport:
    def __init__(self, bot: Bot, info: ChannelInfo) -> None:
        self.bot = bot
        self.info = info

    async def deliver(self, chat_key: str, piece: Piece) -> None:
        chat_id = _chat_id(chat_key)
        text = well_formed(piece.text) if piece.text is not None else None
        async with _as_broadcast_errors():
            if piece.file is None:
                await self.bot.send_message(chat_id, text or "")
            elif piece.file.kind == "photo":
                await self.bot.send_photo(chat_id, piece.file.file_id, caption=text)
            else:
                await self.bot.send_document(chat_id, piece.file.file_id, caption=text)

    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(well_formed(t), callback_data=d) for t, d in buttons]]
        )
        chat_id, text = _chat_id(chat_key), well_formed(text)
        try:
            async with _as_broadcast_errors():
                if message_id is not None:
                    await self.bot.edit_message_text(text, chat_id, message_id, reply_markup=markup)
                    return message_id
                sent = await self.bot.send_message(chat_id, text, reply_markup=markup)
                return sent.message_id
        except BadRequest:
            # Not changed, or the message is gone: progress is a courtesy, the next one
            # comes soon.
            return message_id

    async def report(self, chat_key: str, text: str | None, csv_bytes: bytes) -> None:
        caption = well_formed(text) if text is not None else None
        async with _as_broadcast_errors():
            await self.bot.send_document(
                _chat_id(chat_key), csv_bytes, filename="broadcast.csv", caption=caption
            )
