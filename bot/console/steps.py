"""What a story step can be: who is at the keyboard, what they type, which button they
press (by the button's data, so it reads the same in every language), when the clock moves
on, and a heading between the parts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.console.cast import Seat


@dataclass(frozen=True)
class Act:
    """A heading between the parts of the story (a key in demo.po)."""

    key: str


@dataclass(frozen=True)
class As:
    seat: Seat


@dataclass(frozen=True)
class Say:
    en: str
    nl: str = ""


@dataclass(frozen=True)
class Press:
    """A button on screen whose data (without its version) matches this pattern: the last
    such, or the first with `first`."""

    pattern: str
    first: bool = False


@dataclass(frozen=True)
class Later:
    en: str
    nl: str = ""


@dataclass(frozen=True)
class Open:
    """Type the newest "/start ..." link on `seat`'s screen (with this start)."""

    seat: Seat
    prefix: str = ""
    # What it stands for, shown after it (a key in demo.po).
    note: str = "demo.opens_invite"


@dataclass(frozen=True)
class SendFile:
    """Send a small sample file (made in the demo folder) with `@path`."""

    name: str


Step = Act | As | Say | Press | Later | Open | SendFile
