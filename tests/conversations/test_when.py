"""Parsing the date and time of an event as a coach types it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from conversations.when import parse_moment

ZONE = ZoneInfo("Europe/Amsterdam")
# Monday 23 November 2026, 10:00 in Amsterdam (winter time, UTC+1).
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28-11 19:30", utc(2026, 11, 28, 18, 30)),
        ("28/11 19:30", utc(2026, 11, 28, 18, 30)),
        ("28-11-2026 19:30", utc(2026, 11, 28, 18, 30)),
        ("28 november 19.30", utc(2026, 11, 28, 18, 30)),
        ("28 nov 19:30", utc(2026, 11, 28, 18, 30)),
        ("28 november om 19.30 uur", utc(2026, 11, 28, 18, 30)),
        ("donderdag 10:00", utc(2026, 11, 26, 9, 0)),
        ("volgende donderdag 10:00", utc(2026, 11, 26, 9, 0)),
        ("next Thursday 10:00", utc(2026, 11, 26, 9, 0)),
        ("Thursday 10am", utc(2026, 11, 26, 9, 0)),
        ("morgen 9:00", utc(2026, 11, 24, 8, 0)),
        ("tomorrow 09:00", utc(2026, 11, 24, 8, 0)),
        ("overmorgen 14:00", utc(2026, 11, 25, 13, 0)),
        ("2026-12-03 14:00", utc(2026, 12, 3, 13, 0)),
        ("3 december 2026 14:00", utc(2026, 12, 3, 13, 0)),
    ],
)
def test_accepted_forms(text: str, expected: datetime) -> None:
    assert parse_moment(text, NOW, ZONE) == (expected, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28-11 19u", utc(2026, 11, 28, 18, 0)),
        ("28-11 19 uur", utc(2026, 11, 28, 18, 0)),
        ("28-11 om 19", utc(2026, 11, 28, 18, 0)),
        ("28-11 7 pm", utc(2026, 11, 28, 18, 0)),
        ("Thursday 12am", utc(2026, 11, 25, 23, 0)),
        ("28.11 19:30", utc(2026, 11, 28, 18, 30)),
        # Dotted day-month next to a dotted time: the later one is the time.
        ("12.12 19.30", utc(2026, 12, 12, 18, 30)),
        ("12.12.2026 19.30", utc(2026, 12, 12, 18, 30)),
        # A two-digit year is this century's.
        ("12-12-26 19:30", utc(2026, 12, 12, 18, 30)),
        ("op donderdag 10:00", utc(2026, 11, 26, 9, 0)),
        ("aanstaande donderdag 10:00", utc(2026, 11, 26, 9, 0)),
        ("vandaag 11:00", utc(2026, 11, 23, 10, 0)),
        ("  28-11   19:30  ", utc(2026, 11, 28, 18, 30)),
    ],
)
def test_more_ways_to_write_it(text: str, expected: datetime) -> None:
    assert parse_moment(text, NOW, ZONE) == (expected, None)


def test_a_weekday_is_never_today() -> None:
    # It is Monday 10:00: "maandag" means next week, even for a time still ahead today.
    assert parse_moment("maandag 11:00", NOW, ZONE) == (utc(2026, 11, 30, 10, 0), None)


def test_without_a_year_the_date_rolls_to_next_year() -> None:
    assert parse_moment("5-1 10:00", NOW, ZONE) == (utc(2027, 1, 5, 9, 0), None)
    # Earlier today is gone, so it means next year.
    assert parse_moment("23-11 08:00", NOW, ZONE) == (utc(2027, 11, 23, 7, 0), None)
    # Later today is still ahead.
    assert parse_moment("23-11 11:00", NOW, ZONE) == (utc(2026, 11, 23, 10, 0), None)


def test_summer_time() -> None:
    september = datetime(2026, 9, 15, 8, 0, tzinfo=UTC)
    assert parse_moment("1-10 19:30", september, ZONE) == (utc(2026, 10, 1, 17, 30), None)
    assert parse_moment("1 oktober 19.30", september, ZONE) == (utc(2026, 10, 1, 17, 30), None)


@pytest.mark.parametrize(
    "text", ["1-1-2020 10:00", "12.11.2026 19.30", "gisteren 10:00", "vandaag 08:00"]
)
def test_past(text: str) -> None:
    assert parse_moment(text, NOW, ZONE) == (None, "past")


@pytest.mark.parametrize("text", ["28 november", "28-11", "28.11", "donderdag", "morgen"])
def test_no_time(text: str) -> None:
    assert parse_moment(text, NOW, ZONE) == (None, "no_time")


@pytest.mark.parametrize(
    "text",
    [
        "asdf",
        "",
        "   ",
        "🙂",
        "x" * 4000,
        "1" * 4000,
        "12345",
        "28-11 25:00",
        "28-11 13pm",
        "31-11 10:00",
        # dateparser would make this the year 2113.
        "28-13 10:00",
        "volgende week donderdag 10:00",
    ],
)
def test_unparsable(text: str) -> None:
    assert parse_moment(text, NOW, ZONE) == (None, "unparsable")
