"""One event as an .ics file that phones and mail programs can add to a calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from conversations.core.types import Attachment, CalendarEntry, Param


def event_ics(
    *,
    uid: str,
    title: str,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    location: str | None,
    description: str | None,
    geo: tuple[float, float] | None = None,
    now: datetime,
) -> bytes:
    """The serialized VCALENDAR with one VEVENT in local time and its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//LiftBot//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")

    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    # The library's default range (1970-2038) fills the file with transitions nobody needs.
    calendar.add_component(
        Timezone.from_tzinfo(
            zone,
            tzid=zone.key,
            first_date=date(local_start.year, 1, 1),
            last_date=date(local_end.year + 1, 1, 1),
        )
    )

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(UTC))
    # Local time with a TZID shows the time the coach meant even in calendars that
    # ignore the VTIMEZONE and look the zone up by name.
    event.add("dtstart", local_start)
    event.add("dtend", local_end)
    event.add("summary", title)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if geo is not None:
        event.add("geo", geo)
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def calendar_attachment(
    entry: CalendarEntry, render: Callable[[Param], str], zone: ZoneInfo, now: datetime
) -> Attachment:
    """The .ics file of an entry, its texts rendered for the reader (`render`)."""
    content = event_ics(
        uid=entry.uid,
        title=render(entry.title),
        start=entry.start,
        end=entry.end,
        zone=zone,
        location=render(entry.location) if entry.location is not None else None,
        description=render(entry.description) if entry.description is not None else None,
        geo=entry.geo,
        now=now,
    )
    return Attachment("document", content, entry.filename, entry.subject)
