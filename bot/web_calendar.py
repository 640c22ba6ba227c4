"""The calendar files behind "Add to calendar" links (for chat apps that cannot send .ics
files: WhatsApp). GET /calendar/<token>.ics answers with the latest version of that event's
or meeting's file, so a link sent before a change shows the change; an unknown, expired or
changed token, or an event or meeting that is gone, is a plain 404 that says nothing more.
The token (bot/signed_links.py) names only the event, or the meeting and which side of the
pair reads it: the file is written in that person's language, with the other one's name."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
from bot.signed_links import Signer
from bot.storage import Backend
from conversations.core.records import name_of
from conversations.core.types import Msg
from conversations.events.calendar import calendar_attachment
from conversations.events.invitations import event_calendar
from conversations.pairs.meeting_place import calendar_entry

# Meetings that still take place: a file for any other would put a dead date in a calendar.
ARRANGED = ("planned", "call")


def calendar_link(public_url: str, token: str) -> str:
    """The link a chat app shows instead of the file: LIFTBOT_PUBLIC_URL plus the route."""
    return f"{public_url.rstrip('/')}/calendar/{token}.ics"


def calendar_link_text(translator: Translator, locale: str, link: str) -> str:
    """What a chat app that cannot send .ics files says instead of "with this file"."""
    return translator.render(locale, Msg.of("calendar.link", link=link))


def calendar_routes(
    store: Backend, signer: Signer, clock: Clock, translator: Translator, settings: Settings
) -> list[Route]:
    """The routes for the one web server (bot/web.py mounts them)."""
    files = CalendarFiles(store, clock, translator, settings)

    async def calendar(request: Request) -> Response:
        now = clock.now()
        subject = signer.verify(request.path_params["token"], now)
        content = await files.latest(subject, now) if subject else None
        if content is None:
            return PlainTextResponse("Not found", status_code=404)
        return Response(
            content,
            media_type="text/calendar; charset=utf-8",
            headers={
                "Content-Disposition": 'attachment; filename="liftbot.ics"',
                # Always the latest version; and a shared computer keeps no copy.
                "Cache-Control": "no-store",
            },
        )

    return [Route("/calendar/{token}.ics", calendar, methods=["GET"])]


class CalendarFiles:
    """The .ics bytes of a subject ("event:12", "meeting:3:buddy") as they are now."""

    def __init__(
        self, store: Backend, clock: Clock, translator: Translator, settings: Settings
    ) -> None:
        self.store, self.settings = store, settings
        self.translator = translator.with_clock(clock)

    async def latest(self, subject: str, now: datetime) -> bytes | None:
        kind, _, rest = subject.partition(":")
        number, _, side = rest.partition(":")
        if not number.isdigit():
            return None
        if kind == "event" and not side:
            return await self._event(int(number), now)
        if kind == "meeting" and side in ("candidate", "buddy"):
            return await self._meeting(int(number), side, now)
        return None

    async def _event(self, event_id: int, now: datetime) -> bytes | None:
        async with self.store.unit_of_work() as store:
            event = await store.event(event_id)
        if event is None or event.cancelled_at is not None:
            return None
        return event_calendar(event, self.settings.zone, now).content

    async def _meeting(self, meeting_id: int, side: str, now: datetime) -> bytes | None:
        async with self.store.unit_of_work() as store:
            meeting = await store.meeting(meeting_id)
            pair = await store.pair(meeting.pair_id) if meeting else None
            if meeting is None or pair is None:
                return None
            ids = (pair.candidate_id, pair.buddy_id)
            reader_id, other_id = ids if side == "candidate" else ids[::-1]
            people = await store.people_by_id(ids)
        reader = people.get(reader_id)
        # Someone who left (/forget) has no calendar here any more.
        if reader is None or meeting.state not in ARRANGED or meeting.starts_at is None:
            return None
        locale = reader.language or self.settings.locale
        entry = calendar_entry(meeting, name_of(people.get(other_id)))
        render = partial(self.translator.render, locale)
        return calendar_attachment(entry, render, self.settings.zone, now).content
