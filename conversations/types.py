"""The vocabulary shared by flows and channels: events in, replies out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from conversations.meeting_records import MeetingStore
from conversations.overview_records import OverviewStore
from conversations.people_records import PeopleStore
from conversations.quiet import QuietHours
from conversations.reach_records import ReachStore
from conversations.records import EventStore, PersonalStore

Role = Literal["admin", "coach", "candidate", "buddy"]


@dataclass(frozen=True)
class Msg:
    """A message key and its parameters, translated when the reply is rendered."""

    key: str
    params: dict[str, Param] = field(default_factory=dict)
    # For a plural key: the number that picks the form; the text shows it as {count}.
    count: int | None = None

    @classmethod
    def of(cls, key: str, **params: Param) -> Msg:
        return cls(key, params)

    @classmethod
    def plural(cls, key: str, count: int, **params: Param) -> Msg:
        """A text whose form depends on a number: "1 tip", "2 tips" (gettext's ngettext)."""
        return cls(key, {"count": count, **params}, count)


@dataclass(frozen=True)
class When:
    """A moment shown in the person's language and time zone (date and time, or time only)."""

    moment: datetime
    time_only: bool = False
    date_only: bool = False


@dataclass(frozen=True)
class Joined:
    """A list shown as one phrase ("a, b and c"), or one item per line."""

    items: tuple[Param, ...]
    lines: bool = False


Param = str | int | Msg | When | Joined


@dataclass(frozen=True)
class Button:
    label: Msg | str
    value: str
    # A bound button names a record ("ev:12:yes") and is checked against the database,
    # not against the conversation: it may be pressed long after it was sent.
    bound: bool = False


@dataclass(frozen=True)
class Attachment:
    kind: Literal["photo", "document"]
    content: bytes
    filename: str


@dataclass(frozen=True)
class Table:
    """A spreadsheet for the person who gets it. Column labels and coded values (states,
    answers, roles, kinds) are message keys and moments are When, so the engine renders it
    as a CSV file in the reader's language and time zone (flows cannot: they do not
    translate)."""

    filename: str
    header: tuple[Param, ...]
    rows: tuple[tuple[Param, ...], ...]


@dataclass(frozen=True)
class CalendarEntry:
    """A calendar file (.ics) for the person who gets it. Its texts are Params, so the
    engine writes it in the reader's language (see conversations.calendar)."""

    filename: str
    uid: str
    title: Param
    start: datetime
    end: datetime
    location: Param | None = None
    description: Param | None = None
    geo: tuple[float, float] | None = None


@dataclass(frozen=True)
class FileRef:
    """A file the chat app already holds (sent by someone), passed on without downloading it."""

    kind: Literal["photo", "document"]
    file_id: str
    mime: str | None = None
    size: int | None = None
    name: str | None = None


@dataclass
class Reply:
    text: Msg
    buttons: list[list[Button]] = field(default_factory=list)
    attachment: Attachment | None = None
    # Replace the message whose button was pressed instead of sending a new one.
    edit: bool = False
    location: tuple[float, float] | None = None
    file: FileRef | None = None
    # For a message to someone else: the people it tells about (besides the one acting), so
    # that their /forget also takes it back while it waits in the outbox.
    about: tuple[int, ...] = ()
    # Sent as a file (CSV) rendered for the reader; the channel sees it as an attachment.
    table: Table | None = None
    # A keyboard button (with this label) that shares the person's own phone number: the
    # chat app's contact button. Only in a direct reply, never with buttons.
    contact_button: Msg | None = None
    # Take away the contact button's keyboard (a reply without buttons).
    close_keyboard: bool = False
    # The same for a calendar file.
    calendar: CalendarEntry | None = None


@dataclass(frozen=True)
class SharedContact:
    """A phone number sent as a contact card: by the contact button, or someone else's."""

    phone: str
    # The card is the sender's own (the chat app says whose number it is): only that counts.
    own: bool


@dataclass(frozen=True)
class Incoming:
    """Something a person did: a command, typed text, a button press, anything else."""

    kind: Literal["command", "text", "choice", "location", "file", "contact", "other"]
    text: str = ""
    command: str = ""
    args: str = ""
    choice: str = ""
    location: tuple[float, float] | None = None
    file: FileRef | None = None
    contact: SharedContact | None = None

    @classmethod
    def from_text(cls, text: str) -> Incoming:
        """A typed message: "/start@LiftBot abc" is the command start with args "abc"."""
        if text.startswith("/") and len(text) > 1:
            head, _, args = text[1:].partition(" ")
            return cls("command", text=text, command=head.split("@")[0], args=args.strip())
        return cls("text", text=text)


@dataclass
class Person:
    id: int
    chat_key: str | None
    role: Role
    language: str | None
    name: str | None
    profile: dict[str, Any]
    programme: str | None
    invited_by: int | None
    consent_at: datetime | None
    onboarded_at: datetime | None
    created_at: datetime
    # The last day (local) they wrote to LiftBot or pressed a button; None: not since joining.
    last_seen_on: date | None = None


def name_of(person: Person | None) -> Param:
    """A first name for a message; "someone who left" (translated) when the person is gone,
    and their role for someone without a name (an admin)."""
    if person is None:
        return Msg.of("person.left")
    return person.name or Msg.of(f"role.{person.role}")


@dataclass
class Conversation:
    chat_key: str
    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # Bumped every time buttons go out, so buttons on older messages are recognised.
    version: int = 0
    offered: list[str] = field(default_factory=list)
    # The latest turn's buttons as conversations.typed keeps them, so a typed label counts.
    choices: dict[str, Any] = field(default_factory=dict)


@dataclass
class Invite:
    id: int
    role: Role
    programme: str | None
    programme_id: int | None
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None
    # A group invite (one link for a room) may be used this many times; None: once.
    max_uses: int | None = None
    uses: int = 0

    @property
    def is_group(self) -> bool:
        return self.max_uses is not None


class Store(
    EventStore, PersonalStore, OverviewStore, PeopleStore, ReachStore, MeetingStore, Protocol
):
    """What the flows may ask of storage; implemented by bot.store.SqliteStore."""

    async def person_by_chat(self, chat_key: str) -> Person | None: ...
    async def person(self, person_id: int) -> Person | None: ...
    async def people_by_id(self, person_ids: Iterable[int]) -> dict[int, Person]: ...
    async def create_person(
        self,
        *,
        chat_key: str,
        role: Role,
        language: str | None,
        programme: str | None,
        invited_by: int | None,
        consent_at: datetime | None,
        now: datetime,
    ) -> Person: ...
    async def save_person(self, person: Person) -> None: ...
    async def forget_person(self, person_id: int, now: datetime) -> None: ...
    async def people_with_role(self, role: str) -> list[Person]: ...
    async def create_invite(
        self,
        *,
        token_hash: str,
        role: Role,
        programme: str | None,
        programme_id: int | None,
        created_by: int | None,
        now: datetime,
        expires_at: datetime,
        max_uses: int | None = None,
    ) -> Invite: ...
    async def invite_by_hash(self, token_hash: str) -> Invite | None: ...
    async def invite(self, invite_id: int) -> Invite | None: ...
    async def use_invite(self, invite_id: int, person_id: int | None, now: datetime) -> bool: ...
    async def note_invite_user(self, invite_id: int, person_id: int) -> None: ...
    async def invites_created_by(self, person_id: int) -> list[Invite]: ...


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
    bot_username: str
    invite_days: int
    # The sender's chat username (Telegram's @name, without the @) as the chat app gives it
    # with this very message; None when they have none. Stored only when they share it.
    username: str | None = None
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Amsterdam"))
    # When LiftBot may send messages of its own accord (reminders, nudges, evaluations).
    quiet: QuietHours = field(default_factory=QuietHours)
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

    def notify(self, person: Person, reply: Reply, about: tuple[int, ...] = ()) -> None:
        """Queue a message for someone else; `about`: the people it tells about."""
        if about:
            reply.about = (*reply.about, *about)
        self.notices.append((person, reply))

    @property
    def role(self) -> Role | None:
        if self.is_admin:
            return "admin"
        return self.person.role if self.person else None
