"""The console channel: LiftBot's messages on a terminal, buttons as numbered choices.

Messages for a demo person who is not at the keyboard wait in their inbox (a file in the
demo folder, so a later run, or switching to them, shows what came in the meantime), each
with the demo time it arrived.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.broadcast_parts import Piece, Transport
from bot.channel import Turns
from bot.clock import Clock
from bot.console.folder import DemoFolder
from bot.engine import Message
from conversations.core.channel import ChannelInfo, split_chat_key
from conversations.core.types import Attachment, FileRef

CHANNEL = "console"
# As on Telegram, so the demo shows the same splitting and warnings.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


@dataclass(frozen=True)
class Delivered:
    """A message that waited in someone's inbox, and when it arrived (demo time); or one
    of their last screen, which either came in by itself or was the reply to their turn."""

    at: datetime
    message: Message
    came_in: bool = True


class ConsoleChannel:
    name = CHANNEL

    def __init__(
        self, folder: DemoFolder, clock: Clock, show: Callable[[list[Message]], None]
    ) -> None:
        self.folder = folder
        self.clock = clock
        # Shows messages for the person at the keyboard, as the demo lays them out.
        self.show = show
        # The demo person at the keyboard (their address), or None: then every message
        # waits in an inbox (while /later moves the clock, say).
        self.current: str | None = None
        self.info = ChannelInfo(
            name=CHANNEL,
            text_limit=TEXT_LIMIT,
            caption_limit=CAPTION_LIMIT,
            max_buttons=100,
            can_edit=False,
            files=True,
            locations=True,
            # In the terminal a "link" is what one types to open it.
            open_link=lambda payload: f"/start {payload}",
        )

    async def connect(self) -> ChannelInfo:
        self.folder.make()
        return self.info

    async def start(self, core: Turns) -> None:
        """The demo reads the keyboard itself and hands each line to core.turn."""

    async def stop(self) -> None:
        pass

    async def deliver(self, address: str, message: Message) -> None:
        if address == self.current:
            self.show([message])
            return
        with self.folder.inbox(address).open("a", encoding="utf-8") as inbox:
            inbox.write(json.dumps(_row(message, self.clock.now())) + "\n")

    async def fetch(self, file: FileRef) -> bytes:
        """The demo is one app: no file ever comes from another (it keeps only names)."""
        raise LookupError("the console keeps no files")

    def peek_inbox(self, address: str) -> list[Delivered]:
        """What waits for this person, oldest first; it stays there."""
        return _read(self.folder.inbox(address))

    def take_inbox(self, address: str) -> list[Delivered]:
        """What came for this person while someone else was at the keyboard; taken is read."""
        waiting = self.peek_inbox(address)
        self.folder.inbox(address).unlink(missing_ok=True)
        return waiting

    def keep_screen(self, address: str, messages: list[Message], came_in: bool) -> None:
        """What this person saw since their latest turn (the reply to it, then what came
        in), shown again when they come back. A reply starts the screen anew."""
        mode = "a" if came_in else "w"
        with self.folder.screen(address).open(mode, encoding="utf-8") as screen:
            for message in messages:
                row = _row(message, self.clock.now())
                row["came_in"] = came_in
                screen.write(json.dumps(row) + "\n")

    def last_screen(self, address: str) -> list[Delivered]:
        return _read(self.folder.screen(address))

    def broadcast_transport(self) -> Transport:
        return ConsoleBroadcasts(self)


def _row(message: Message, at: datetime) -> dict[str, object]:
    data, content = message.to_row()
    if content is not None:
        data["content"] = content.hex()
    data["at"] = at.isoformat()
    return data


def _read(path: Path) -> list[Delivered]:
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        content = bytes.fromhex(data.pop("content")) if "content" in data else None
        at = datetime.fromisoformat(data.pop("at"))
        came_in = bool(data.pop("came_in", True))
        found.append(Delivered(at, Message.from_row(data, content), came_in))
    return found


class ConsoleBroadcasts:
    """Broadcast messages go to each person's inbox; the report with its CSV to the sender."""

    def __init__(self, channel: ConsoleChannel) -> None:
        self.channel = channel
        self.info = channel.info

    async def deliver(self, chat_key: str, piece: Piece) -> None:
        address = split_chat_key(chat_key)[1]
        await self.channel.deliver(address, Message(text=piece.text or "", file=piece.file))

    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None:
        return message_id

    async def report(self, chat_key: str, text: str | None, csv_bytes: bytes) -> None:
        attachment = Attachment("document", csv_bytes, "broadcast.csv")
        report = Message(text=text or "", attachment=attachment)
        await self.channel.deliver(split_chat_key(chat_key)[1], report)
