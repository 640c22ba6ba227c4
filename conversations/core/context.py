"""What a flow gets to work with: the person, their conversation, storage, clock and rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

from conversations.core.channel import ChannelInfo
from conversations.core.clock import Clock
from conversations.core.records import Conversation, Person
from conversations.core.stores import Store
from conversations.core.types import Reply, Role
from conversations.time.quiet import QuietHours


@dataclass
class Context:
    """Everything a flow needs, resolved once before it runs."""

    chat_key: str
    person: Person | None
    conv: Conversation
    store: Store
    clock: Clock
    locale: str
    client_language: str | None
    is_admin: bool
    # What the person's chat app can do: links that open LiftBot, text limits.
    channel: ChannelInfo
    invite_days: int
    # The sender's chat username (Telegram's @name, without the @) as the chat app gives it
    # with this very message; None when they have none. Stored only when they share it.
    username: str | None = None
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Amsterdam"))
    # When LiftBot may send messages of its own accord (reminders, nudges, evaluations).
    quiet: QuietHours = field(default_factory=QuietHours)
    # Every chat app LiftBot runs on, by name, the person's own among them (an invite may
    # be for another app than the coach's own). Empty: only `channel`.
    channels: Mapping[str, ChannelInfo] = field(default_factory=dict)
    # Messages for other people (or for later), delivered through the outbox.
    notices: list[tuple[Person, Reply]] = field(default_factory=list)
    # Set by flows for the channel: the command menu changed, or how a button press went.
    refresh_commands: bool = False
    button_status: Literal["ok", "stale", "forged"] = "ok"
    # An earlier flow took over again and its question should follow the replies.
    resume: bool = False
    # Set by begin(): a flow was started this turn; it took up a waiting draft again; the
    # tasks it stopped (names as in "stopped.<task>").
    began: bool = False
    continued: bool = False
    stopped: list[str] = field(default_factory=list)

    def notify(
        self, person: Person, reply: Reply, about: tuple[int, ...] = (), kind: str | None = None
    ) -> None:
        """Queue a message for someone else; `about`: the people it tells about; `kind`:
        what kind of message it is (conversations.core.names), when not the reply's own."""
        if kind is not None:
            reply.kind = kind
        if about:
            reply.about = (*reply.about, *about)
        self.notices.append((person, reply))

    @property
    def role(self) -> Role | None:
        if self.is_admin:
            return "admin"
        return self.person.role if self.person else None
