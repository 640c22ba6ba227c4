"""What the person at the keyboard sees: LiftBot's messages, buttons as keys to type, files
saved to the demo folder, and the demo's own lines (headers, notes) in its language.

The buttons of a reply to what one typed get numbers from 1, replacing the numbers before
(the conversation takes only its latest question's buttons anyway). Messages that came in
by themselves (an invitation, a reminder, a "did you talk?") get letters that stay theirs
while one is at the keyboard, as in a chat app, where an older message's buttons still work
days later. Pressing a button takes that message's buttons away, as the chat app does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from string import ascii_lowercase
from typing import TextIO

from bot.console.channel import Delivered
from bot.console.folder import DemoFolder
from bot.engine import Message
from bot.i18n import Translator
from conversations.core.types import Msg, Param, When
from conversations.core.wizard import BACK, KEEP

NAV_KEYS = {BACK: "<", KEEP: "="}
# What `@contact` shares in the demo, as the chat app's contact button would: one's own
# number.
CONTACT = "@contact"
WIDTH = 64
# A button's data without the conversation's version ("v3:yes" -> "yes").
VERSION = re.compile(r"^v\d+:")


@dataclass
class Keys:
    """The buttons that work now: what to type -> the button's data and its label, and
    which message each is under."""

    choices: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    under: dict[str, int] = field(default_factory=dict)
    # How many letters were given out, so a letter is never given twice.
    letters: int = 0
    messages: int = 0

    def copy(self) -> Keys:
        return Keys(
            dict(self.choices), dict(self.labels), dict(self.under), self.letters, self.messages
        )

    def forget(self, key: str) -> None:
        self.choices.pop(key, None)
        self.labels.pop(key, None)
        self.under.pop(key, None)


class Screen:
    def __init__(
        self, writer: TextIO, translator: Translator, locale: str, folder: DemoFolder
    ) -> None:
        self.writer = writer
        self.translator = translator
        self.locale = locale
        self.folder = folder
        self.keys = Keys()

    @property
    def choices(self) -> dict[str, str]:
        return self.keys.choices

    @property
    def labels(self) -> dict[str, str]:
        return self.keys.labels

    def say(self, text: str = "") -> None:
        self.writer.write(text + "\n")
        self.writer.flush()

    def text(self, key: str, **params: Param) -> str:
        return self.translator.render(self.locale, Msg.of(key, **params))

    def note(self, key: str, **params: Param) -> None:
        self.say(self.text(key, **params))

    def when(self, moment: When) -> str:
        return self.translator.render(self.locale, moment)

    def header(self, title: str) -> None:
        self.say()
        self.say(f"━━ {title} ".ljust(WIDTH, "━"))

    def clear(self) -> None:
        self.keys = Keys()

    def park(self) -> Keys:
        """The buttons on screen, kept while someone else is at the keyboard."""
        return self.keys.copy()

    def restore(self, keys: Keys) -> None:
        self.keys = keys.copy()

    def show(self, messages: Sequence[Message]) -> None:
        """The reply to what the person typed or pressed."""
        if any(message.buttons for message in messages):
            for key in [k for k in self.keys.choices if k.isdigit() or k in NAV_KEYS.values()]:
                self.keys.forget(key)
        for message in messages:
            self._message(message, lettered=False)

    def show_delivered(self, messages: Sequence[Message]) -> None:
        """Messages that came in by themselves, while the person is at the keyboard."""
        for message in messages:
            self._message(message, lettered=True)

    def show_waiting(self, waiting: Sequence[Delivered]) -> None:
        """An inbox: each message under the demo time it arrived."""
        for item in waiting:
            self.say()
            self.say(f"🕑 {self.when(When(item.at))}")
            self._message(item.message, lettered=True, blank=False)

    def show_again(self, screen: Sequence[Delivered]) -> None:
        """Someone's last screen, as they left it."""
        for item in screen:
            self._message(item.message, lettered=item.came_in)

    def pressed(self, key: str) -> None:
        """The buttons of the message pressed go away."""
        under = self.keys.under.get(key)
        for other in [k for k, u in self.keys.under.items() if u == under]:
            self.keys.forget(other)

    def _message(self, message: Message, lettered: bool, blank: bool = True) -> None:
        if blank:
            self.say()
        self.say(message.text)
        if message.attachment is not None:
            path = self.folder.file(message.attachment.filename)
            path.write_bytes(message.attachment.content)
            self.say(f"[{self.text('demo.file_saved')}: {path}]")
        if message.location is not None:
            self.say(f"[📍 {message.location[0]}, {message.location[1]}]")
        if message.file is not None:
            self.say(f"[{self.text('demo.file_passed_on')}]")
        if message.contact_button is not None:
            self.say(f"  [{CONTACT}] {message.contact_button}")
        self.keys.messages += 1
        for row in message.buttons:
            for label, data in row:
                key = self._letter() if lettered else self._number(data)
                self.keys.choices[key] = data
                self.keys.labels[key] = label
                self.keys.under[key] = self.keys.messages
                self.say(f"  [{key}] {label}")

    def _number(self, data: str) -> str:
        """The next number; a wizard's Back and Keep get a sign instead, so a number typed
        as the answer ("1" place) is never taken for them."""
        sign = NAV_KEYS.get(data.rpartition(":")[2])
        if sign is not None and sign not in self.keys.choices:
            return sign
        return str(max((int(k) for k in self.keys.choices if k.isdigit()), default=0) + 1)

    def _letter(self) -> str:
        """The first of a, b, ... z, aa, ab, ... that no button on screen has."""
        number = 0
        while (letters := _letters(number)) in self.keys.choices:
            number += 1
        return letters

    def find(self, pattern: str, first: bool = False) -> str | None:
        """The key of the last (or first) button on screen whose data, without its version,
        matches `pattern`."""
        found = [
            key
            for key, data in self.keys.choices.items()
            if re.fullmatch(pattern, VERSION.sub("", data))
        ]
        return (found[0] if first else found[-1]) if found else None


def _letters(number: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    letters = ""
    while True:
        number, rest = divmod(number, len(ascii_lowercase))
        letters = ascii_lowercase[rest] + letters
        if number == 0:
            return letters
        number -= 1
