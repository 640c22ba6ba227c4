"""Files that cross from one chat app to another: a CV sent on WhatsApp for a coach on
Telegram. Within one app a file goes on by its id (no download); another app cannot use
that id, so the bytes are fetched from the app that holds the file and go as LiftBot's own."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import replace

from bot.channel import Channel, ChatBusy
from bot.messages import Message
from conversations.core.types import Attachment


async def carried(message: Message, target: str, channels: Mapping[str, Channel]) -> Message:
    """`message` as the `target` channel can send it. Raises ChatBusy while the file cannot
    be fetched: that chat's messages wait, in order, and the others go on."""
    file = message.file
    if file is None or file.channel is None or file.channel == target:
        return message
    origin = channels.get(file.channel)
    if origin is None:
        raise ChatBusy(f"the {file.channel} channel that holds a file is not running")
    try:
        content = await origin.fetch(file)
    except Exception as exc:
        raise ChatBusy(f"a file could not be fetched from {file.channel}") from exc
    extension = mimetypes.guess_extension(file.mime or "") or (
        ".jpg" if file.kind == "photo" else ".pdf"
    )
    name = file.name or f"{file.kind}{extension}"
    return replace(message, file=None, attachment=Attachment(file.kind, content, name))
