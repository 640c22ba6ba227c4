"""One broadcast message on its way: the pieces a person gets, how a channel delivers
them (and says it cannot)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from conversations.core.channel import ChannelInfo
from conversations.core.message_parts import utf16_len
from conversations.core.records import Broadcast
from conversations.core.types import FileRef


class Unreachable(Exception):
    """The person blocked the bot or the chat is gone: do not try again."""


class RetryLater(Exception):
    """Too fast: try again after `seconds`. `slow`: the channel's pace slows down for good;
    not when only this one chat had too many (WhatsApp's pair rate)."""

    def __init__(self, seconds: float, slow: bool = True) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds
        self.slow = slow


class Temporary(Exception):
    """A server error or a time-out: worth another try a little later."""


@dataclass(frozen=True)
class Piece:
    """One message of a broadcast to one person: a text, or a file with an optional caption."""

    text: str | None
    file: FileRef | None = None


def content(
    broadcast: Broadcast, language: str | None, origin: str | None
) -> tuple[str, FileRef | None]:
    """The text in the person's language (or for all), and the file with it, held by the
    chat app the sender used (`origin`)."""
    texts = broadcast.texts
    text = texts.get(language or "") or texts.get("*") or next(iter(texts.values()))
    kind, file_id = broadcast.file_kind, broadcast.file_id
    return text, FileRef(kind, file_id, channel=origin) if kind and file_id else None


def pieces(parts: list[str], file: FileRef | None, caption_limit: int) -> list[Piece]:
    """The messages one person gets; a caption that is too long goes as its own text."""
    if file is None:
        return [Piece(part) for part in parts]
    if len(parts) == 1 and utf16_len(parts[0]) <= caption_limit:
        return [Piece(parts[0], file)]
    return [Piece(None, file), *(Piece(part) for part in parts)]


class Transport(Protocol):
    """One channel's way of sending broadcasts; `chat_key` is one of that channel's chats."""

    info: ChannelInfo

    # The chat app's id of the message when its statuses come later (WhatsApp), else None.
    async def deliver(self, chat_key: str, piece: Piece) -> str | None: ...
    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None: ...
    async def report(self, chat_key: str, text: str | None, csv_bytes: bytes) -> None:
        """The report's CSV file to the sender, with `text` under it. Each of these three
        raises RetryLater, Temporary or Unreachable when the message did not go out."""
        ...


def sender_language(sender: object) -> str:
    return getattr(sender, "language", None) or "nl"
