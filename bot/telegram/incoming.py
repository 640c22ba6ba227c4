"""A Telegram message as the flows' Incoming: text, a map pin, a file or photo, a contact."""

from __future__ import annotations

from telegram import Message as TgMessage
from telegram import User

from bot.telegram.info import CHANNEL
from bot.well_formed import readable
from conversations.core.types import FileRef, Incoming, SharedContact


def incoming(message: TgMessage, user: User) -> Incoming:
    """The message as the flows take it; text that is no valid Unicode is "unreadable"."""
    return readable(_incoming(message, user))


def pressed(data: str | None) -> Incoming:
    """A button press: data LiftBot never sent (half a character included) is refused."""
    return readable(Incoming("choice", choice=data or ""))


def _incoming(message: TgMessage, user: User) -> Incoming:
    if message.text:
        return Incoming.from_text(message.text)
    if message.location is not None:
        return Incoming(
            "location", location=(message.location.latitude, message.location.longitude)
        )
    if message.document is not None:
        document = message.document
        file = FileRef(
            "document",
            document.file_id,
            document.mime_type,
            document.file_size,
            document.file_name,
            CHANNEL,
        )
        return Incoming("file", file=file)
    if message.photo:
        largest = message.photo[-1]
        return Incoming(
            "file",
            file=FileRef("photo", largest.file_id, "image/jpeg", largest.file_size, None, CHANNEL),
        )
    if message.contact is not None:
        # The contact button sends the sender's own card; a card from the address book
        # carries someone else's user id, or none: only the own one counts.
        own = message.contact.user_id == user.id
        return Incoming("contact", contact=SharedContact(message.contact.phone_number, own))
    return Incoming("other")
