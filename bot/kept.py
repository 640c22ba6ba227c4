"""An update on its way through the durable intake (bot/intake.py), as channels see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Arrived:
    """An update as a channel received it: its id, the chat it is from (when it names one;
    that chat's updates are handled in order) and the payload as the chat app sent it."""

    update_id: str
    chat_key: str | None
    payload: str


@dataclass
class Kept:
    """A kept update on its way to the handler; `answer` once handled (its replies, kept
    until they are out), `done` once its row is deleted."""

    id: int
    channel: str
    update_id: str
    chat_key: str | None
    payload: str
    tries: int = 0
    answer: str | None = None
    done: bool = False
    # Times its replies could not be sent.
    sends: int = 0
    # Kept before this start: each try of it is counted before it is made, so an update
    # that stops the whole process is set aside after MAX_TRIES starts, not tried forever.
    recovered: bool = False
    counted: bool = False


class Unreadable(Exception):
    """The channel cannot read this payload. The reason is logged; say nothing of the
    content in it."""


UpdateHandler = Callable[[Kept], Awaitable[None]]
# Sends the replies kept with an update handled before (Kept.answer).
Resend = Callable[[Kept], Awaitable[None]]
