"""The console channel for `liftbot demo`: buttons become numbered choices.

Works with a person typing and with piped input (`printf '1\\n' | liftbot demo`).
"""

from __future__ import annotations

import asyncio
import mimetypes
import sys
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.app import Core
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.console.channel import CHANNEL, ConsoleChannel
from bot.engine import Message, Outcome
from bot.i18n import Translator
from bot.storage import Backend
from conversations.core.channel import chat_key
from conversations.core.types import FileRef, Incoming, Role, SharedContact
from conversations.core.wizard import BACK, KEEP
from conversations.joining.tokens import hash_token, new_token

# One console user per role, so a later demo run continues where that role left off.
DEMO_USERS: dict[Role, int] = {"candidate": 1, "buddy": 2, "coach": 3, "admin": 4}
ROLE_ORDER: tuple[Role, ...] = ("candidate", "buddy", "coach", "admin")
NAV_KEYS = {BACK: "<", KEEP: "="}
# What `@contact` shares in the demo, as the chat app's contact button would: one's own
# number. Each demo user also has a chat username, to try sharing that.
CONTACT = "@contact"
DEMO_PHONE = "+31 6 12345678"


class ConsoleDemo:
    def __init__(
        self,
        settings: Settings,
        reader: TextIO,
        writer: TextIO,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        self.reader = reader
        self.writer = writer
        self.clock = clock or SystemClock()
        self.translator = Translator(settings.zone, settings.locale, clock=self.clock)
        self.echo = not reader.isatty()
        self.choices: dict[str, str] = {}
        self.username: str | None = None
        self.attachments_dir = Path(settings.database).resolve().parent
        self.channel = ConsoleChannel(self.attachments_dir, self._show_delivered)

    def say(self, text: str = "") -> None:
        self.writer.write(text + "\n")
        self.writer.flush()

    def t(self, key: str) -> str:
        return self.translator.text(self.settings.locale, key)

    async def read(self, prompt: str = "> ") -> str | None:
        self.writer.write(prompt)
        self.writer.flush()
        line = await asyncio.to_thread(self.reader.readline)
        if not line:
            self.say()
            return None
        line = line.rstrip("\n")
        if self.echo:
            self.say(line)
        return line

    async def run(self) -> None:
        core = Core(
            self.settings,
            [self.channel],
            self.clock,
            admins=frozenset({chat_key(CHANNEL, DEMO_USERS["admin"])}),
            database_hint="Choose another file with `liftbot demo --database FILE`.",
        )
        await core.start()
        try:
            assert core.store is not None
            await self._run(core, core.store)
        finally:
            await core.stop()

    async def _run(self, core: Core, store: Backend) -> None:
        self.say(self.t("demo.intro"))
        role = await self._pick_role()
        if role is None:
            return
        user_id = DEMO_USERS[role]
        self.username = f"demo_{role}"
        self.channel.current = str(user_id)
        known = await store.person_by_chat(chat_key(CHANNEL, user_id))
        first = "/start"
        if known is None and role != "admin":
            first = f"/start {await self._demo_invite(store, role)}"
        self.say(f"> {first}")
        await self._send(core, user_id, Incoming.from_text(first))
        # What came for this person since their last turn, numbered after the reply's buttons.
        self._show(self.channel.take_inbox(str(user_id)), keep_choices=True)
        while (line := await self.read()) is not None:
            line = line.strip()
            if line in ("/quit", "/exit"):
                break
            if not line:
                continue
            if line in self.choices:
                event = Incoming("choice", choice=self.choices[line])
            elif line == CONTACT:
                event = Incoming("contact", contact=SharedContact(DEMO_PHONE, own=True))
            elif line.startswith("@"):
                event = await asyncio.to_thread(self._file, line[1:].strip())
            else:
                event = Incoming.from_text(line)
            await self._send(core, user_id, event)

    def _file(self, typed: str) -> Incoming:
        """`@cv.pdf` stands in for sending a file; the demo keeps only its name and size."""
        path = Path(typed).expanduser()
        if not path.is_file():
            self.say(self.t("demo.no_such_file"))
            return Incoming("other")
        mime = mimetypes.guess_type(path.name)[0]
        ref = FileRef("document", f"console:{path.name}", mime, path.stat().st_size, path.name)
        return Incoming("file", file=ref)

    async def _pick_role(self) -> Role | None:
        for number, role in enumerate(ROLE_ORDER, start=1):
            self.say(f"  [{number}] {self.t(f'role.{role}')}")
        while (line := await self.read()) is not None:
            if line.strip().isdigit() and 1 <= int(line) <= len(ROLE_ORDER):
                return ROLE_ORDER[int(line) - 1]
            self.say(self.t("demo.pick_number"))
        return None

    async def _demo_invite(self, store: Backend, role: Role) -> str:
        """What a coach (or for a coach, an admin) would have sent: a fresh invite. When
        someone played the demo coach before, the invite comes from them, for their
        newest programme, so the job seeker sees that coach's events."""
        token = new_token()
        now = self.clock.now()
        async with store.unit_of_work():
            coach = await store.person_by_chat(f"{CHANNEL}:{DEMO_USERS['coach']}")
            programmes = await store.programmes_of_coach(coach.id) if coach else []
            programme = programmes[-1] if programmes and role != "coach" else None
            await store.create_invite(
                token_hash=hash_token(token),
                role=role,
                programme=programme.name if programme else None,
                programme_id=programme.id if programme else None,
                created_by=coach.id if coach and role != "coach" else None,
                now=now,
                expires_at=now + timedelta(days=self.settings.invite_days),
            )
        return token

    async def _send(self, core: Core, user_id: int, event: Incoming) -> None:
        async def show(outcome: Outcome) -> None:
            self._show(outcome.messages)

        await core.turn(CHANNEL, user_id, event, show, self.settings.locale, self.username)
        # Broadcasts go out at once in the demo, before the next line is read.
        await core.broadcaster.run_once()

    def _show_delivered(self, messages: list[Message]) -> None:
        # Their buttons (an RSVP, say) are numbered on after the conversation's own.
        self._show(messages, keep_choices=True)

    def _show(self, messages: list[Message], keep_choices: bool = False) -> None:
        if not keep_choices:
            self.choices = {}
        for message in messages:
            self.say()
            self.say(message.text)
            if message.attachment is not None:
                path = self.attachments_dir / message.attachment.filename
                path.write_bytes(message.attachment.content)
                self.say(f"[{self.t('demo.file_saved')}: {path}]")
            if message.location is not None:
                self.say(f"[📍 {message.location[0]}, {message.location[1]}]")
            if message.file is not None:
                self.say(f"[{self.t('demo.file_passed_on')}]")
            if message.contact_button is not None:
                self.say(f"  [{CONTACT}] {message.contact_button}")
            for row in message.buttons:
                for label, data in row:
                    key = self._key(data)
                    self.choices[key] = data
                    self.say(f"  [{key}] {label}")

    def _key(self, data: str) -> str:
        """What to type for a button: a number; a wizard's Back and Keep get a sign instead,
        so a number typed as the answer ("1" place) is never taken for them."""
        sign = NAV_KEYS.get(data.rpartition(":")[2])
        if sign is not None and sign not in self.choices:
            return sign
        return str(sum(1 for key in self.choices if key.isdigit()) + 1)


async def run_demo(
    settings: Settings, reader: TextIO = sys.stdin, writer: TextIO = sys.stdout
) -> None:
    await ConsoleDemo(settings, reader, writer).run()
