"""The vocabulary shared by flows and channels: events in, replies out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from conversations.core.names import NOTICE

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
    # For a calendar file: what it is the file of ("event:12", "meeting:3:buddy" for the
    # buddy's side), so a chat app that cannot send .ics files can link to its latest version.
    subject: str | None = None


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
    engine writes it in the reader's language (see conversations.events.calendar)."""

    filename: str
    uid: str
    title: Param
    start: datetime
    end: datetime
    location: Param | None = None
    description: Param | None = None
    geo: tuple[float, float] | None = None
    # As Attachment.subject.
    subject: str | None = None


@dataclass(frozen=True)
class FileRef:
    """A file the chat app already holds (sent by someone), passed on without downloading it
    within that app; `channel`: the app that holds it (another app needs its bytes)."""

    kind: Literal["photo", "document"]
    file_id: str
    mime: str | None = None
    size: int | None = None
    name: str | None = None
    channel: str | None = None


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
    # For a message LiftBot sends on its own: what kind it is (conversations.core.names).
    kind: str = NOTICE


@dataclass(frozen=True)
class SharedContact:
    """A phone number sent as a contact card: by the contact button, or someone else's."""

    phone: str
    # The card is the sender's own (the chat app says whose number it is): only that counts.
    own: bool


@dataclass(frozen=True)
class Incoming:
    """Something a person did: a command, typed text, a button press, anything else."""

    # "unreadable": text that is no valid Unicode (half an emoji); never taken as an answer.
    kind: Literal[
        "command", "text", "choice", "location", "file", "contact", "other", "unreadable"
    ]
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
