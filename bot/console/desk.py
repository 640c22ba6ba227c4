"""The demo's desk: one keyboard that several demo people take turns at (`/as`), a clock
that can be moved on (`/later`), and LiftBot's core behind it, the same as Telegram's
(scheduler, broadcaster and outbox included). What one types goes to `handle`, whether a
person typed it or the story did.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TextIO

from bot.app import Core
from bot.config import Settings
from bot.console import later
from bot.console.cast import ADMIN, CAST, SWITCH_COMMANDS, Seat, find_seat
from bot.console.channel import CHANNEL, ConsoleChannel
from bot.console.folder import DemoClock, DemoFolder
from bot.console.keyboard import Keyboard, event_of
from bot.console.screen import Keys, Screen
from bot.engine import Message, Outcome
from bot.i18n import Translator
from conversations.core.channel import chat_key
from conversations.core.types import Incoming, When

QUIT = ("/quit", "/exit")
GUIDE = ("/guide", "/uitleg")
# How much of a message the overview after /later shows.
PREVIEW = 72


class Desk:
    def __init__(
        self, settings: Settings, folder: DemoFolder, reader: TextIO, writer: TextIO
    ) -> None:
        self.settings = settings.model_copy(update={"database": folder.database})
        self.folder = folder
        self.keyboard = Keyboard(reader, writer)
        self.clock = DemoClock(folder)
        self.locale = settings.locale
        self.translator = Translator(settings.zone, settings.locale, clock=self.clock)
        self.screen = Screen(writer, self.translator, self.locale, folder)
        self.channel = ConsoleChannel(folder, self.clock, self._delivered)
        self.seat: Seat | None = None
        # The first name each demo person gave, by address (joined people only).
        self.names: dict[str, str] = {}
        # The buttons on each person's screen while someone else is at the keyboard.
        self.parked: dict[str, Keys] = {}
        # What happens when someone who has not joined yet takes the keyboard (bot/console/
        # demo.py: they open an invite).
        self.first_start: Callable[[Seat], Awaitable[None]] | None = None
        self._core: Core | None = None

    @property
    def core(self) -> Core:
        assert self._core is not None, "run() first"
        return self._core

    async def run(self, body: Callable[[], Awaitable[bool]]) -> bool:
        """LiftBot's core started, `body` run with it, the core stopped again."""
        core = Core(
            self.settings,
            [self.channel],
            self.clock,
            admins=frozenset({chat_key(CHANNEL, ADMIN.address)}),
            database_hint="Choose another file with `liftbot demo --database FILE`, or start over"
            " with `liftbot demo --fresh`.",
        )
        self._core = core
        self.folder.make()
        await core.start()
        try:
            return await body()
        finally:
            await core.stop()

    async def read(self, prompt: str = "> ") -> str | None:
        return await self.keyboard.read(prompt)

    async def read_message(self) -> str | None:
        """One message: a line, or several when each but the last ends in a backslash."""
        return await self.keyboard.read_message(self.prompt())

    def prompt(self) -> str:
        if self.seat is None:
            return "> "
        return f"{self.names.get(self.seat.address) or self.title(self.seat)}> "

    # -- who is who --------------------------------------------------------------------------

    async def load_names(self) -> dict[str, str]:
        store = self.core.store
        assert store is not None
        found: dict[str, str] = {}
        async with store.unit_of_work():
            for seat in CAST:
                person = await store.person_by_chat(chat_key(CHANNEL, seat.address))
                if person is not None:
                    found[seat.address] = person.name or ""
        self.names = found
        return found

    def role_label(self, seat: Seat) -> str:
        """ "job seeker", "employer 2": as after /as."""
        label = self.screen.text(f"demo.role.{seat.role}")
        return f"{label} {seat.number}" if seat.number > 1 else label

    def title(self, seat: Seat) -> str:
        """ "Anna · job seeker"; before they joined, "Job seeker"."""
        name = self.names.get(seat.address)
        label = self.role_label(seat)
        return f"{name} · {label}" if name else label[:1].upper() + label[1:]

    def guide(self) -> None:
        self.screen.note("demo.guide", folder=str(self.folder.path))
        self.screen.say()
        self.now_line()

    def now_line(self) -> None:
        self.screen.note("demo.now", when=When(self.clock.now()))

    # -- one line -----------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """One message typed at the keyboard; False when the demo should stop."""
        said = line.strip()
        if not said:
            return True
        word, _, rest = said.partition(" ")
        if word.lower() in QUIT:
            return False
        if word.lower() in SWITCH_COMMANDS:
            await self.switch_to(rest)
            return True
        if word.lower() == "/later":
            await self.later(rest)
            return True
        if word.lower() in GUIDE:
            self.guide()
            return True
        assert self.seat is not None
        await self.send(self.seat, await event_of(said, self.screen))
        return True

    async def send(self, seat: Seat, event: Incoming) -> None:
        async def show(outcome: Outcome) -> None:
            self.screen.show(outcome.messages)
            self.channel.keep_screen(seat.address, outcome.messages, came_in=False)

        username = f"demo_{seat.role}" + (str(seat.number) if seat.number > 1 else "")
        await self.core.turn(CHANNEL, seat.address, event, show, self.locale, username)
        # Broadcasts go out at once in the demo, before the next line is read.
        await self.core.broadcaster.run_once()
        if seat.address not in self.names or not self.names[seat.address]:
            await self.load_names()

    def _delivered(self, messages: list[Message]) -> None:
        # Came in by itself (an invitation after joining, a broadcast's report): lettered.
        self.screen.show_delivered(messages)
        if self.seat is not None:
            self.channel.keep_screen(self.seat.address, messages, came_in=True)

    # -- /as and /later --------------------------------------------------------------------

    async def switch_to(self, words: str) -> None:
        await self.load_names()
        seat = find_seat(words, self.names) if words.strip() else None
        if seat is None:
            if words.strip():
                self.screen.note("demo.as_unknown", words=words.strip())
            self.show_cast()
            return
        await self.sit(seat)

    async def sit(self, seat: Seat, look_back: bool = True, start: bool = True) -> None:
        """`seat` takes the keyboard: what came for them since their last turn is shown
        (and, with `look_back`, their last screen before it). Someone who has not joined
        yet opens an invite, unless not to `start` (the story opens its own)."""
        if self.seat is not None:
            self.parked[self.seat.address] = self.screen.park()
        self.seat = seat
        self.channel.current = seat.address
        self.screen.clear()
        if not look_back and seat.address in self.parked:
            # The buttons still on their screen keep their numbers.
            self.screen.restore(self.parked[seat.address])
        self.screen.header(self.title(seat))
        if seat.address not in self.names:
            if start and self.first_start is not None:
                await self.first_start(seat)
            return
        if look_back and (last := self.channel.last_screen(seat.address)):
            self.screen.note("demo.where_you_were")
            self.screen.show_again(last)
            self.screen.say()
        waiting = self.channel.take_inbox(seat.address)
        if waiting:
            self.screen.note("demo.since_last_turn")
            self.screen.show_waiting(waiting)
            self.channel.keep_screen(seat.address, [w.message for w in waiting], came_in=True)
        else:
            self.screen.note("demo.nothing_new")

    async def later(self, typed: str) -> None:
        before = self.clock.now()
        target = later.target_of(typed, before, self.settings.zone)
        if target.moment is None:
            self.screen.note(f"demo.later_{target.problem}")
            self.now_line()
            return
        with self.away():
            await later.travel(self.core, self.clock, target.moment)
        self.screen.say()
        self.now_line()
        await self.load_names()
        self.show_news(since=before)
        if self.seat is not None:
            waiting = self.channel.take_inbox(self.seat.address)
            if waiting:
                self.screen.header(self.title(self.seat))
                self.screen.show_waiting(waiting)
                shown = [w.message for w in waiting]
                self.channel.keep_screen(self.seat.address, shown, came_in=True)

    def show_cast(self) -> None:
        self.screen.note("demo.cast")
        for seat in CAST:
            line = f"  • {self.title(seat)}"
            if seat.address not in self.names:
                line += f" ({self.screen.text('demo.not_joined')})"
            self.screen.say(line)
        self.screen.note("demo.as_examples")

    def show_news(self, since: datetime) -> None:
        """Per person, what LiftBot sent them while the clock moved on: one line a message."""
        news = {
            seat: [item for item in self.channel.peek_inbox(seat.address) if item.at >= since]
            for seat in CAST
        }
        news = {seat: items for seat, items in news.items() if items}
        if not news:
            self.screen.note("demo.no_news")
            return
        self.screen.note("demo.news")
        for seat, items in news.items():
            self.screen.say(f"  📬 {self.title(seat)}")
            for item in items:
                text = " ".join(item.message.text.split())
                if len(text) > PREVIEW:
                    text = text[: PREVIEW - 1] + "…"
                self.screen.say(f"     {self.screen.when(When(item.at))} · {text}")
        others = [seat for seat in news if seat != self.seat]
        if others:
            example = self.names.get(others[0].address) or self.role_label(others[0])
            self.screen.note("demo.news_hint", example=example)

    @contextmanager
    def away(self) -> Iterator[None]:
        """Nobody at the keyboard: everything waits in the inboxes (while time moves on)."""
        current, self.channel.current = self.channel.current, None
        try:
            yield
        finally:
            self.channel.current = current

    @contextmanager
    def hidden(self) -> Iterator[None]:
        """Screens are not shown (the story set up without playing it)."""
        writer, self.screen.writer = self.screen.writer, io.StringIO()
        try:
            yield
        finally:
            self.screen.writer = writer
