"""The .ics file for one event, read back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from conversations.events.calendar import event_ics

ZONE = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)  # 19:00 in Amsterdam
END = START + timedelta(hours=2)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def walk_and_talk(**changes: object) -> Calendar:
    args: dict[str, object] = {
        "uid": "event-42@liftbot",
        "title": "Walk&Talk",
        "start": START,
        "end": END,
        "zone": ZONE,
        "location": "Station Utrecht, hoofdingang",
        "description": "Wandelen en praten over werk; neem goede schoenen mee.",
        "geo": (52.0894, 5.1101),
        "now": NOW,
    }
    args.update(changes)
    return Calendar.from_ical(event_ics(**args))  # type: ignore[arg-type]


def test_event_in_local_time() -> None:
    calendar = walk_and_talk()
    [event] = calendar.events
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (19, 0)
    assert start.tzinfo.key == "Europe/Amsterdam"
    assert start == START
    assert event.decoded("dtend") == END
    assert event.decoded("dtend").astimezone(ZONE).hour == 21
    assert str(event["summary"]) == "Walk&Talk"
    assert str(event["location"]) == "Station Utrecht, hoofdingang"
    assert str(event["description"]) == "Wandelen en praten over werk; neem goede schoenen mee."
    assert str(event["uid"]) == "event-42@liftbot"
    assert event.decoded("dtstamp") == NOW
    assert event["geo"].latitude == 52.0894
    assert event["geo"].longitude == 5.1101


def test_calendar_header() -> None:
    calendar = walk_and_talk()
    assert str(calendar["prodid"]) == "-//LiftBot//NL"
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["method"]) == "PUBLISH"


def test_timezone_component() -> None:
    calendar = walk_and_talk()
    [timezone] = calendar.timezones
    assert timezone.tz_name == "Europe/Amsterdam"
    assert calendar.get_missing_tzids() == set()
    raw = event_ics(
        uid="x",
        title="x",
        start=START,
        end=END,
        zone=ZONE,
        location=None,
        description=None,
        now=NOW,
    )
    assert b"DTSTART;TZID=Europe/Amsterdam:20261126T190000" in raw
    assert b"BEGIN:VTIMEZONE" in raw


def test_summer_event_keeps_its_wall_clock() -> None:
    summer = datetime(2027, 4, 29, 17, 0, tzinfo=UTC)
    calendar = walk_and_talk(start=summer, end=summer + timedelta(hours=2))
    [event] = calendar.events
    assert event.decoded("dtstart") == summer
    assert event.decoded("dtstart").hour == 19


def test_optional_fields_left_out() -> None:
    calendar = walk_and_talk(location=None, description=None, geo=None)
    [event] = calendar.events
    for name in ("location", "description", "geo"):
        assert name not in event
