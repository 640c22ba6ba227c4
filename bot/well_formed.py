"""Text that is no valid Unicode: a lone UTF-16 surrogate (half of an emoji, "\\ud83d"
alone), which JSON can carry and Python reads, but UTF-8, SQLite and the chat apps cannot.

Coming in, such text is refused kindly rather than half stored (`readable`); going out,
each lone surrogate becomes U+FFFD, the replacement character (`well_formed`).
"""

from __future__ import annotations

import dataclasses

from bot.messages import Message
from conversations.core.types import Incoming

REPLACEMENT = "\ufffd"


def is_well_formed(text: str) -> bool:
    # UTF-8 has no form for a surrogate: only text holding one fails to encode.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def well_formed(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD; a pair written as two code
    points becomes the one character it stands for."""
    if is_well_formed(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def well_formed_message(message: Message) -> Message:
    """The message with every text a person reads in it well formed: the text, the button
    labels, the contact button's label, a file's name."""
    attachment = message.attachment
    texts = [message.text, message.contact_button or "", attachment.filename if attachment else ""]
    texts += [text for row in message.buttons for button in row for text in button]
    if all(map(is_well_formed, texts)):
        return message
    if attachment is not None:
        attachment = dataclasses.replace(attachment, filename=well_formed(attachment.filename))
    return dataclasses.replace(
        message,
        text=well_formed(message.text),
        buttons=[[(well_formed(a), well_formed(b)) for a, b in row] for row in message.buttons],
        attachment=attachment,
        contact_button=well_formed(message.contact_button) if message.contact_button else None,
    )


def readable(event: Incoming) -> Incoming:
    """The event as the flows may take it. Button data has its surrogates replaced, so it
    is refused like any other data LiftBot never sent; any other event with text that is
    no valid Unicode (typed text, a file's name, a contact) becomes "unreadable", and the
    person is asked to send it again."""
    if event.kind == "choice":
        return dataclasses.replace(event, choice=well_formed(event.choice))
    file, contact = event.file, event.contact
    texts = [event.text, event.args]
    texts += [file.file_id, file.mime or "", file.name or ""] if file is not None else []
    texts += [contact.phone] if contact is not None else []
    return event if all(map(is_well_formed, texts)) else Incoming("unreadable")
