"""A reply rendered for a channel: text, buttons as (label, callback data), files, and the
form it takes in the outbox."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

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

    def to_row(self) -> tuple[dict[str, Any], bytes | None]:
        """The message as stored in the outbox: JSON plus the attachment's bytes."""
        data: dict[str, Any] = {
            "text": self.text,
            "buttons": self.buttons,
            "location": self.location,
            "file": [self.file.kind, self.file.file_id] if self.file else None,
        }
        if self.attachment is not None:
            data["attachment"] = [self.attachment.kind, self.attachment.filename]
            return data, self.attachment.content
        return data, None

    @classmethod
    def from_row(cls, data: dict[str, Any], content: bytes | None) -> Message:
        attachment = None
        if data.get("attachment") and content is not None:
            kind, filename = data["attachment"]
            attachment = Attachment(kind, content, filename)
        location = None
        if data.get("location"):
            latitude, longitude = data["location"]
            location = (float(latitude), float(longitude))
        file = FileRef(data["file"][0], data["file"][1]) if data.get("file") else None
        return cls(
            file=file,
            text=data["text"],
            buttons=[[(label, value) for label, value in row] for row in data["buttons"]],
            attachment=attachment,
            location=location,
        )


def answer_to_text(messages: list[Message], commands: list[tuple[str, str]] | None) -> str:
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
    return json.dumps({"messages": rows, "commands": commands}, ensure_ascii=False)


def answer_from_text(text: str) -> tuple[list[Message], list[tuple[str, str]] | None]:
    answer = json.loads(text)
    messages = []
    for data in answer["messages"]:
        content = base64.b64decode(data["content"]) if data.get("content") else None
        message = Message.from_row(data, content)
        messages.append(
            replace(
                message,
                contact_button=data.get("contact_button"),
                close_keyboard=bool(data.get("close_keyboard")),
            )
        )
    commands = answer.get("commands")
    return messages, [(c, d) for c, d in commands] if commands is not None else None


def tidy(text: str) -> str:
    """Parts of a text left empty (no description, {lines} with no lines) leave no run of
    blank lines and no blank tail."""
    return BLANK_RUN.sub("\n\n", text).rstrip()
