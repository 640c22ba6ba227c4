"""The console channel for `liftbot demo`: buttons become numbered choices.

Works with a person typing and with piped input (`printf '1\\n' | liftbot demo`).
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import sys
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.broadcaster import Broadcaster, Piece
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.engine import Engine, Message
from bot.i18n import Translator
from bot.sqlite.store import SqliteStore
from bot.startup_errors import open_store
from conversations.core.types import FileRef, Incoming, Role, SharedContact
from conversations.core.wizard import BACK, KEEP
from conversations.joining.tokens import hash_token, new_token

CHANNEL = "console"
BOT_USERNAME = "liftbot_demo"
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
        hint = "Choose another file with `liftbot demo --database FILE`."
        store = await open_store(Path(self.settings.database), hint)
        try:
            await self._run(store)
        finally:
            await store.close()

    async def _run(self, store: SqliteStore) -> None:
        self.say(self.t("demo.intro"))
        role = await self._pick_role()
        if role is None:
            return
        user_id = DEMO_USERS[role]
        self.username = f"demo_{role}"
        engine = Engine(
            store,
            self.clock,
            self.translator,
            self.settings,
            BOT_USERNAME,
            extra_admins=frozenset({DEMO_USERS["admin"]}),
        )
        known = await store.person_by_chat(f"{CHANNEL}:{user_id}")
        first = "/start"
        if known is None and role != "admin":
            first = f"/start {await self._demo_invite(store, role)}"
        self.say(f"> {first}")
        await self._send(engine, user_id, Incoming.from_text(first))
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
            await self._send(engine, user_id, event)

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

    async def _demo_invite(self, store: SqliteStore, role: Role) -> str:
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

    async def _send(self, engine: Engine, user_id: int, event: Incoming) -> None:
        outcome = await engine.handle(
            CHANNEL, user_id, event, self.settings.locale, self.username
        )
        self._show(outcome.messages)
        await self._deliver_outbox(engine, user_id)
        # Broadcasts go out at once in the demo; each delivery is shown as one line.
        await Broadcaster(
            engine.store,
            self.clock,
            self.translator,
            ConsoleTransport(self),
            rate=1000,
            per_chat=1000,
        ).run_once()

    async def _deliver_outbox(self, engine: Engine, user_id: int) -> None:
        """Show what was queued for this demo user; other demo users see theirs on their turn."""
        store, chat_key = engine.store, f"{CHANNEL}:{user_id}"
        async with store.unit_of_work():
            rows = [r for r in await store.pending_outbox(CHANNEL) if r["chat_key"] == chat_key]
            for row in rows:
                # Shown is delivered: the row goes, as it does after Telegram delivers it.
                await store.delete_outbox(row["id"])
        messages = [Message.from_row(json.loads(r["message"]), r["attachment"]) for r in rows]
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


class ConsoleTransport:
    """Broadcast deliveries in the demo: a line per person, the report on screen and in a file."""

    def __init__(self, demo: ConsoleDemo) -> None:
        self.demo = demo

    async def deliver(self, chat_key: str, piece: Piece) -> None:
        shown = piece.text[:60] if piece.text else f"[{self.demo.t('demo.file_passed_on')}]"
        self.demo.say(f"  📣 → {chat_key}: {shown}")

    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None:
        return message_id

    async def report(self, chat_key: str, text: str, csv_bytes: bytes) -> None:
        path = self.demo.attachments_dir / "broadcast.csv"
        await asyncio.to_thread(path.write_bytes, csv_bytes)
        self.demo.say()
        self.demo.say(text)
        self.demo.say(f"[{self.demo.t('demo.file_saved')}: {path}]")


async def run_demo(
    settings: Settings, reader: TextIO = sys.stdin, writer: TextIO = sys.stdout
) -> None:
    await ConsoleDemo(settings, reader, writer).run()
