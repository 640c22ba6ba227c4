"""The Telegram side of broadcasts: a Bot without PTB's rate limiter, whose errors are
turned into the broadcaster's own (the broadcaster keeps to the limits itself)."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.broadcast_parts import Piece, RetryLater, Temporary, Unreachable
from conversations.core.channel import ChannelInfo, split_chat_key


def _chat_id(chat_key: str) -> int:
    return int(split_chat_key(chat_key)[1])


class TelegramTransport:
    def __init__(self, bot: Bot, info: ChannelInfo) -> None:
        self.bot = bot
        self.info = info

    async def deliver(self, chat_key: str, piece: Piece) -> None:
        chat_id = _chat_id(chat_key)
        try:
            if piece.file is None:
                await self.bot.send_message(chat_id, piece.text or "")
            elif piece.file.kind == "photo":
                await self.bot.send_photo(chat_id, piece.file.file_id, caption=piece.text)
            else:
                await self.bot.send_document(chat_id, piece.file.file_id, caption=piece.text)
        except RetryAfter as exc:
            raise RetryLater(
                exc.retry_after.total_seconds()
                if hasattr(exc.retry_after, "total_seconds")
                else float(exc.retry_after)
            ) from exc
        except Forbidden as exc:
            raise Unreachable() from exc
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                raise Unreachable() from exc
            raise
        except (TimedOut, NetworkError) as exc:
            raise Temporary() from exc

    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t, callback_data=d) for t, d in buttons]]
        )
        try:
            if message_id is not None:
                await self.bot.edit_message_text(
                    text, _chat_id(chat_key), message_id, reply_markup=markup
                )
                return message_id
            sent = await self.bot.send_message(_chat_id(chat_key), text, reply_markup=markup)
            return sent.message_id
        except (BadRequest, NetworkError, RetryAfter):
            # Progress is a courtesy: a failed edit must not stop the broadcast.
            return message_id

    async def report(self, chat_key: str, text: str, csv_bytes: bytes) -> None:
        await self.bot.send_message(_chat_id(chat_key), text)
        await self.bot.send_document(_chat_id(chat_key), csv_bytes, filename="broadcast.csv")
