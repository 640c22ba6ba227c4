"""Reading the keyboard: one message is a line, or several lines when each but the last
ends in a backslash; and what a typed line stands for (a button's number, `@contact`,
`@file`, or text)."""

from __future__ import annotations

import asyncio
import mimetypes
import threading
from pathlib import Path
from typing import TextIO

from bot.console.screen import CONTACT, Screen
from conversations.core.types import FileRef, Incoming, SharedContact

# A line ending in this goes on on the next line: one message of several lines.
GO_ON = "\\"
# What `@contact` shares, as the chat app's contact button would: one's own number.
DEMO_PHONE = "+31 6 12345678"


class Keyboard:
    def __init__(self, reader: TextIO, writer: TextIO) -> None:
        self.reader = reader
        self.writer = writer
        # Piped input is shown, so the transcript reads like a chat.
        self.echo = not reader.isatty()
        self._lines: asyncio.Queue[str] | None = None

    async def _readline(self) -> str:
        """The next line ("" at the end). Read in a daemon thread, not the loop's executor:
        Ctrl+C must not wait for a line that nobody types."""
        if self._lines is None:
            lines: asyncio.Queue[str] = asyncio.Queue()
            loop = asyncio.get_running_loop()

            def pump() -> None:
                while True:
                    line = self.reader.readline()
                    try:
                        loop.call_soon_threadsafe(lines.put_nowait, line)
                    except RuntimeError:  # the demo has ended
                        return
                    if not line:
                        return

            threading.Thread(target=pump, name="keyboard", daemon=True).start()
            self._lines = lines
        return await self._lines.get()

    async def read(self, prompt: str) -> str | None:
        self.writer.write(prompt)
        self.writer.flush()
        line = await self._readline()
        if not line:
            self.writer.write("\n")
            return None
        line = line.rstrip("\n").rstrip("\r")
        if self.echo:
            self.writer.write(line + "\n")
        self.writer.flush()
        return line

    async def read_message(self, prompt: str) -> str | None:
        line = await self.read(prompt)
        parts: list[str] = []
        while line is not None and line.rstrip().endswith(GO_ON):
            parts.append(line.rstrip()[: -len(GO_ON)].rstrip())
            line = await self.read("… ")
        if line is None:
            return "\n".join(parts) if parts else None
        return "\n".join([*parts, line])


async def event_of(said: str, screen: Screen) -> Incoming:
    """What a typed message stands for."""
    key = said.lower() if said.isalpha() else said
    if key in screen.choices:
        choice = screen.choices[key]
        screen.pressed(key)
        return Incoming("choice", choice=choice)
    if said == CONTACT:
        return Incoming("contact", contact=SharedContact(DEMO_PHONE, own=True))
    if said.startswith("@") and "\n" not in said:
        return await asyncio.to_thread(_file, said[1:].strip(), screen)
    return Incoming.from_text(said)


def _file(typed: str, screen: Screen) -> Incoming:
    """`@cv.pdf` stands in for sending a file; the demo keeps only its name and size."""
    path = Path(typed).expanduser()
    if not path.is_file():
        screen.note("demo.no_such_file")
        return Incoming("other")
    mime = mimetypes.guess_type(path.name)[0]
    size = path.stat().st_size
    ref = FileRef("document", f"console:{path.name}", mime, size, path.name, "console")
    return Incoming("file", file=ref)
