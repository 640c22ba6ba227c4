"""A meeting's place as people give it and read it: a typed address, a map pin, by phone
or a video link (checked), shown in messages and reminders and written in the calendar file
(LOCATION: the address, "Phone call" or the link; GEO for a pin)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Literal
from urllib.parse import urlsplit

from conversations.core.meeting_records import Place
from conversations.core.records import Meeting
from conversations.core.types import CalendarEntry, Msg, Param, Reply

PLACE_MAX = 200
LINK_MAX = 300
LENGTH = timedelta(hours=1)
# A host name with a dot and letters after the last one: meet.jit.si, teams.microsoft.com.
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")


def read_link(text: str) -> str | None:
    """A video-call link as typed, or None when it is not an http(s) link. A link typed
    without https:// ("meet.jit.si/anna-bert") gets it, as a browser would do."""
    link = text.strip()
    if not link or len(link) > LINK_MAX or any(ch.isspace() for ch in link):
        return None
    if "://" not in link:
        link = "https://" + link
    try:
        parts = urlsplit(link)
        host = parts.hostname or ""
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host.lower()):
        return None
    return link


def where(place: Place | None) -> Msg:
    """The place in a sentence: "📍 Café De Zwaan", "📞 by phone", "💻 video call: link"."""
    if place is None:
        return Msg.of("meeting.where.unknown")
    if place.kind == "phone":
        return Msg.of("meeting.where.phone")
    if place.kind == "video":
        return Msg.of("meeting.where.video", link=place.link or "")
    if place.text:
        return Msg.of("meeting.where.address", place=place.text)
    return Msg.of("meeting.where.pin")


def pin_reply(place: Place | None) -> list[Reply]:
    """The map pin as a message of its own, when the place has one."""
    if place is None or place.pin is None:
        return []
    return [Reply(Msg.of("meeting.pin", place=where(place)), location=place.pin)]


def _location(place: Place | None) -> Param | None:
    if place is None:
        return None
    if place.kind == "phone":
        return Msg.of("meeting.ics_phone")
    if place.kind == "video":
        return place.link
    if place.text:
        return place.text
    pin = place.pin
    return f"{pin[0]:.5f}, {pin[1]:.5f}" if pin else None


# Which of a pair a meeting's calendar file is for.
Side = Literal["candidate", "buddy"]


def calendar_entry(meeting: Meeting, other: Param, side: Side | None = None) -> CalendarEntry:
    """The meeting in a calendar, for the side meeting `other` (the `side` of the pair that
    reads it: candidate or buddy), with its own place."""
    assert meeting.starts_at is not None
    return CalendarEntry(
        filename=f"liftbot-meeting-{meeting.id}.ics",
        uid=f"meeting-{meeting.id}@liftbot",
        title=Msg.of("meeting.ics_title", name=other),
        start=meeting.starts_at,
        end=meeting.starts_at + LENGTH,
        location=_location(meeting.place),
        geo=meeting.place.pin if meeting.place else None,
        subject=f"meeting:{meeting.id}:{side}" if side else None,
    )
