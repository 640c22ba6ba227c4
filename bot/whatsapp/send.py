"""The requests from render.py sent through pywa's async client: texts, reply buttons,
lists, images and documents (uploaded first), map pins.

A calendar file cannot go as a document on WhatsApp (text/calendar is refused): the calendar
hook sends a signed link to the .ics on LiftBot's web server instead; where it cannot (no
LIFTBOT_PUBLIC_URL) the file goes as a plain-text document, so that nothing is lost.
A template (outside the 24-hour window) is sent as the Cloud API's own JSON."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import PurePath
from typing import Any

from pywa_async.client import WhatsApp
from pywa_async.types.callback import Button, Section, SectionList, SectionRow

from bot.whatsapp.render import (
    Buttons,
    CalendarFile,
    Location,
    Media,
    Request,
    Rows,
    Text,
)

# Sends a calendar file to a person as a link (the calendar routes); False when it cannot.
CalendarHook = Callable[[str, CalendarFile], Awaitable[bool]]
# The document types WhatsApp takes; the rest of LiftBot's files are text (CSV, JSON).
MIME = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PLAIN = "text/plain"


def mime_of(filename: str) -> str:
    return MIME.get(PurePath(filename).suffix.lower(), PLAIN)


class Sender:
    def __init__(self, wa: WhatsApp, calendar: CalendarHook | None = None) -> None:
        self.wa = wa
        self.calendar = calendar

    async def send(self, to: str, requests: list[Request]) -> None:
        for request in requests:
            await self.send_one(to, request)

    async def send_one(self, to: str, request: Request) -> str | None:
        """Sends one request; the Cloud API's id of the message (a wamid), which its status
        webhooks name later. None for a calendar file that went as a link."""
        wa = self.wa
        if isinstance(request, Text):
            return (await wa.send_message(to, request.body)).id
        if isinstance(request, Buttons):
            buttons = [Button(title, callback_data=data) for data, title in request.buttons]
            return (await wa.send_message(to, request.body, buttons=buttons)).id
        if isinstance(request, Rows):
            rows = [SectionRow(r.title, r.id, r.description) for r in request.rows]
            section = Section(request.button, rows)
            listed = SectionList(request.button, [section])
            return (await wa.send_message(to, request.body, buttons=listed)).id
        if isinstance(request, Location):
            return (await wa.send_location(to, request.latitude, request.longitude)).id
        if isinstance(request, CalendarFile):
            if self.calendar is not None and await self.calendar(to, request):
                return None
            file = Media("document", request.caption, attachment=request.attachment)
            return await self._media(to, file)
        return await self._media(to, request)

    async def send_template(self, request: dict[str, Any]) -> None:
        """A template message (bot/whatsapp/templates.py builds its JSON); pywa's own
        template types are for managing templates, this only sends one."""
        await self.wa.api.send_raw_request(
            "POST", f"/{self.wa.phone_id}/messages", json=request
        )

    async def _media(self, to: str, media: Media) -> str:
        content, mime, filename = await self._content(media)
        uploaded = await self.wa.upload_media(content, mime_type=mime, filename=filename)
        if media.kind == "image":
            return (await self.wa.send_image(to, uploaded, caption=media.caption)).id
        sent = await self.wa.send_document(to, uploaded, filename=filename, caption=media.caption)
        return sent.id

    async def _content(self, media: Media) -> tuple[bytes, str, str]:
        """The bytes to upload: ours, or a file someone sent (WhatsApp does not send a file
        received by its media id again: it is fetched and uploaded)."""
        if media.attachment is not None:
            name = media.attachment.filename
            mime = "image/png" if media.kind == "image" else mime_of(name)
            return media.attachment.content, mime, name
        assert media.file is not None
        found = await self.wa.get_media_url(media.file.file_id)
        content = await self.wa.get_media_bytes(found.url)
        default = "photo.jpg" if media.kind == "image" else "document.pdf"
        return content, media.file.mime or found.mime_type, media.file.name or default
