"""The console channel: LiftBot's messages on a terminal, buttons as numbered choices.

Messages for a demo person who is not at the keyboard wait in their inbox (a file in the
demo folder, so a later run, or switching to them, shows what came in the meantime).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bot.broadcast_parts import Piece, Transport
from bot.channel import Turns
from bot.engine import Message
from conversations.core.channel import ChannelInfo, split_chat_key
from conversations.core.types import Attachment

CHANNEL = "console"
# As on Telegram, so the demo shows the same splitting and warnings.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


class ConsoleChannel:
    name = CHANNEL

    def __init__(self, folder: Path, show: Callable[[list[Message]], None]) -> None:
        self.folder = folder
        # Shows messages for the person at the keyboard, as the demo lays them out.
        self.show = show
        # The demo person at the keyboard (their address), or None.
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
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.info

    async def start(self, core: Turns) -> None:
        """The demo reads the keyboard itself and hands each line to core.turn."""

    async def stop(self) -> None:
        pass

    def _inbox(self, address: str) -> Path:
        return self.folder / f"inbox-{address}.jsonl"

    async def deliver(self, address: str, message: Message) -> None:
        if address == self.current:
            self.show([message])
            return
        data, content = message.to_row()
        if content is not None:
            data["content"] = content.hex()
        with self._inbox(address).open("a", encoding="utf-8") as inbox:
            inbox.write(json.dumps(data) + "\n")

    def take_inbox(self, address: str) -> list[Message]:
        """What came for this person while someone else was at the keyboard; taken is read."""
        path = self._inbox(address)
        if not path.exists():
            return []
        messages = []
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            content = bytes.fromhex(data.pop("content")) if "content" in data else None
            messages.append(Message.from_row(data, content))
        path.unlink()
        return messages

    def broadcast_transport(self) -> Transport:
        return ConsoleBroadcasts(self)


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

    async def report(self, chat_key: str, text: str, csv_bytes: bytes) -> None:
        report = Message(text=text, attachment=Attachment("document", csv_bytes, "broadcast.csv"))
        await self.channel.deliver(split_chat_key(chat_key)[1], report)
