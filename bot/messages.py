"""A reply rendered for a channel: text, buttons as (label, callback data), files, and the
form it takes in the outbox."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from conversations.core.names import NOTICE
from conversations.core.types import Attachment, FileRef

BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True)
class Message:
    """A reply ready for a channel: text, buttons as (label, callback data), an attachment."""

    text: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    attachment: Attachment | None = None
    edit: bool = False
    location: tuple[float, float] | None = None
    file: FileRef | None = None
    # The contact button's label, or take its keyboard away: direct replies only (a reply
    # keyboard belongs to the chat it is sent in), so the outbox keeps neither.
    contact_button: str | None = None
    close_keyboard: bool = False
    # For a message LiftBot sends on its own: its kind (conversations.core.names) and the
    # language it is in, so a chat app that needs a template outside its window (WhatsApp)
    # can pick one. `held`: the person's window is closed; send the template for the kind
    # instead, the message itself waits until they answer (bot/held.py).
    kind: str = NOTICE
    language: str | None = None
    held: bool = False
    # What the attachment is the calendar file of ("event:12:<reader>", see
    # bot/signed_links.py): a chat app that cannot send .ics files sends a link instead.
    calendar: str | None = None

    def to_row(self) -> tuple[dict[str, Any], bytes | None]:
        """The message as stored in the outbox: JSON plus the attachment's bytes."""
        data: dict[str, Any] = {
            "text": self.text,
            "buttons": self.buttons,
            "location": self.location,
            "file": _file_row(self.file) if self.file else None,
        }
        if self.language is not None:
            data["language"] = self.language
        if self.calendar is not None:
            data["calendar"] = self.calendar
        if self.attachment is not None:
            data["attachment"] = [self.attachment.kind, self.attachment.filename]
            return data, self.attachment.content
        return data, None

    @classmethod
    def from_row(
        cls, data: dict[str, Any], content: bytes | None, kind: str = NOTICE
    ) -> Message:
        attachment = None
        if data.get("attachment") and content is not None:
            form, filename = data["attachment"]
            attachment = Attachment(form, content, filename)
        location = None
        if data.get("location"):
            latitude, longitude = data["location"]
            location = (float(latitude), float(longitude))
        file = FileRef(*data["file"]) if data.get("file") else None
        return cls(
            file=file,
            text=data["text"],
            buttons=[[(label, value) for label, value in row] for row in data["buttons"]],
            attachment=attachment,
            location=location,
            kind=kind,
            language=data.get("language"),
            calendar=data.get("calendar"),
        )


def _file_row(file: FileRef) -> list[Any]:
    # Older rows hold kind and id only: the file is then in the app the row goes to.
    return [file.kind, file.file_id, file.mime, file.size, file.name, file.channel]


def answer_to_text(messages: list[Message]) -> str:
    """A turn's replies as kept with its update until they are out (bot/intake.py): all a
    channel needs to send them again as new messages after a crash."""
    rows = []
    for message in messages:
        data, content = message.to_row()
        data["content"] = base64.b64encode(content).decode() if content is not None else None
        data["contact_button"], data["close_keyboard"] = (
            message.contact_button,
            message.close_keyboard,
        )
        rows.append(data)
    return json.dumps({"messages": rows}, ensure_ascii=False)


def answer_from_text(text: str) -> list[Message]:
    messages = []
    for data in json.loads(text)["messages"]:
        content = base64.b64decode(data["content"]) if data.get("content") else None
        message = Message.from_row(data, content)
        messages.append(
            replace(
                message,
                contact_button=data.get("contact_button"),
                close_keyboard=bool(data.get("close_keyboard")),
            )
        )
    return messages


def tidy(text: str) -> str:
    """Parts of a text left empty (no description, {lines} with no lines) leave no run of
    blank lines and no blank tail."""
    return BLANK_RUN.sub("\n\n", text).rstrip()
