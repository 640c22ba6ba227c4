"""Parsing a moment as people type it, in Dutch and English."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from conversations.core.types import Msg, When
from conversations.time.when import Unclear, parse_day, parse_moment, unclear_message

ZONE = ZoneInfo("Europe/Amsterdam")
# Monday 23 November 2026, 10:00 in Amsterdam (winter time, UTC+1).
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# Wednesday 2 December 2026, 14:00 in Amsterdam.
WEDNESDAY = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    """A wall-clock time in Amsterdam, as parse_moment returns it: in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def ask(first: datetime, second: datetime, example: str, about: str = "time") -> Unclear:
    return Unclear("ambiguous", (first, second), example, about)  # type: ignore[arg-type]


# How people type a moment, read on Wednesday 2 December 2026 at 14:00. The readings:
# - a weekday alone, "aanstaande" or "komende": the first one after today (never today);
# - "volgende donderdag" = "volgende week donderdag" = the Thursday of next week (weeks run
#   Monday to Sunday), so on this Wednesday not tomorrow but 10 December;
# - "dinsdag over een week", "in two weeks on Monday": the first one after today plus the
#   weeks;
# - an hour without a clue: 1 to 6 is the afternoon ("om 3" = 15:00), 9 to 12 the morning,
#   7:00 to 8:59 is asked about unless only one of the two is still ahead; minutes written
#   with ":" or "." mean a 24-hour clock ("7:30" = 07:30);
# - a date without a year that has passed this year is next year's;
# - a time without a day is the next time the clock shows it.
TYPED: list[tuple[str, datetime | Unclear]] = [
    # The ones from the issue.
    ("28-11 19:30", at(28, 19, 30, month=11, year=2027)),
    ("volgende donderdag 19:30", at(10, 19, 30)),
    ("volgende week donderdag 19:30", at(10, 19, 30)),
    ("donderdag over twee weken 19:30", at(17, 19, 30)),
    ("half 8 's avonds", at(2, 19, 30)),
    ("10 december 7 uur 's avonds", at(10, 19)),
    ("10/12 19u30", at(10, 19, 30)),
    ("tomorrow at 3", at(3, 15)),
    # Dutch.
    ("morgen 10:00", at(3, 10)),
    ("overmorgen om 9 uur", at(4, 9)),
    ("vrijdag 14.00", at(4, 14)),
    ("aanstaande vrijdag 9u", at(4, 9)),
    ("komende donderdag 19:30", at(3, 19, 30)),
    ("donderdag 19:30", at(3, 19, 30)),
    ("woensdag 10:00", at(9, 10)),
    ("volgende maandag 10:00", at(7, 10)),
    ("volgende week dinsdag 10:00", at(8, 10)),
    ("dinsdag over een week 10:00", at(15, 10)),
    ("over 2 weken op maandag 19:00", at(21, 19)),
    ("over 3 dagen 10:00", at(5, 10)),
    ("3 dec 19.30", at(3, 19, 30)),
    ("03-12-2026 19:30", at(3, 19, 30)),
    ("vr 4 dec. 10:00", at(4, 10)),
    ("1-1 10:00", at(1, 10, month=1, year=2027)),
    ("kwart over 7 's avonds", at(2, 19, 15)),
    ("kwart voor 8 's ochtends", at(3, 7, 45)),
    ("half 10 's ochtends", at(3, 9, 30)),
    ("12 uur 's middags", at(3, 12)),
    ("5 voor half 8 ’s avonds", at(2, 19, 25)),
    ("morgenavond half 8", at(3, 19, 30)),
    ("donderdagavond 7 uur", at(3, 19)),
    ("vandaag 18:00", at(2, 18)),
    ("vanavond 8 uur", at(2, 20)),
    ("om 3", at(2, 15)),
    ("Morgen, 10:00 uur.", at(3, 10)),
    # English.
    ("tomorrow 3pm", at(3, 15)),
    ("next friday 10am", at(11, 10)),
    ("Friday at 7:30 pm", at(4, 19, 30)),
    ("Dec 10 7pm", at(10, 19)),
    ("10 December at 19:30", at(10, 19, 30)),
    ("December 10th at 7.30pm", at(10, 19, 30)),
    ("Thu 10 Dec 19:30", at(10, 19, 30)),
    ("in two weeks on Monday at 10", at(21, 10)),
    ("quarter to 8 in the evening", at(2, 19, 45)),
    ("tonight 8", at(2, 20)),
    ("the day after tomorrow at 10am", at(4, 10)),
    # Morning or evening: only one of them is still ahead today.
    ("half 8", at(2, 19, 30)),
    ("vandaag om 8", at(2, 20)),
    # Both are ahead: asked back, with how to type it clearly.
    ("donderdag half 8", ask(at(3, 7, 30), at(3, 19, 30), "3-12 19:30")),
    ("morgen om 8", ask(at(3, 8), at(3, 20), "3-12 20:00")),
    ("tomorrow at eight", ask(at(3, 8), at(3, 20), "3-12 20:00")),
    (
        "28-11 om 7 uur",
        ask(at(28, 7, month=11, year=2027), at(28, 19, month=11, year=2027), "28-11-2027 19:00"),
    ),
    # The 10th is a Thursday.
    ("vrijdag 10 december 19:00", ask(at(10, 19), at(11, 19), "11-12 19:00", "day")),
    # A day but no time.
    ("donderdag over twee weken", Unclear("no_time")),
    ("volgende donderdag", Unclear("no_time")),
    ("10 december", Unclear("no_time")),
    ("vanavond", Unclear("no_time")),
    # Gone.
    ("vandaag 9:00", Unclear("past")),
    ("gisteren 19:00", Unclear("past")),
    ("vorige week donderdag 10:00", Unclear("past")),
    ("1-12-2026 19:30", Unclear("past")),
    # Not a moment.
    ("asdf", Unclear("unparsable")),
    ("terug", Unclear("unparsable")),
    ("volgende week 10:00", Unclear("unparsable")),
    ("a 19:00", Unclear("unparsable")),
    ("morgen 25:00", Unclear("unparsable")),
    ("morgen 13pm", Unclear("unparsable")),
    ("donderdag 28", Unclear("unparsable")),
]


@pytest.mark.parametrize(("text", "expected"), TYPED, ids=[text for text, _ in TYPED])
def test_how_people_type_a_moment(text: str, expected: datetime | Unclear) -> None:
    if isinstance(expected, datetime):
        assert parse_moment(text, WEDNESDAY, ZONE) == (expected, None)
    else:
        assert parse_moment(text, WEDNESDAY, ZONE) == (None, expected)


def test_the_table_is_large_and_says_what_it_should() -> None:
    assert len(TYPED) >= 30
    assert WEDNESDAY.astimezone(ZONE).strftime("%A %H:%M") == "Wednesday 14:00"


def test_a_question_back_for_an_unclear_time() -> None:
    _, trouble = parse_moment("donderdag half 8", WEDNESDAY, ZONE)
    assert unclear_message(trouble) == Msg.of(
        "when.ambiguous_time",
        first=When(at(3, 7, 30), time_only=True),
        second=When(at(3, 19, 30), time_only=True),
        day=When(at(3, 19, 30), date_only=True),
        example="3-12 19:30",
    )
    # The example it gives is read without a question.
    assert parse_moment("3-12 19:30", WEDNESDAY, ZONE) == (at(3, 19, 30), None)


def test_a_question_back_when_the_day_and_date_differ() -> None:
    _, trouble = parse_moment("vrijdag 10 december 19:00", WEDNESDAY, ZONE)
    assert unclear_message(trouble) == Msg.of(
        "when.ambiguous_day", first=When(at(10, 19)), second=When(at(11, 19)), example="11-12 19:00"
    )


@pytest.mark.parametrize("problem", ["unparsable", "no_time", "past"])
def test_other_problems_keep_their_texts(problem: str) -> None:
    assert unclear_message(Unclear(problem)) == Msg.of(f"event.when_{problem}")  # type: ignore[arg-type]


def test_parse_day_takes_the_day_whatever_the_time() -> None:
    assert parse_day("volgende week dinsdag", WEDNESDAY, ZONE) == (date(2026, 12, 8), None)
    assert parse_day("vrijdag half 8", WEDNESDAY, ZONE) == (date(2026, 12, 4), None)
    assert parse_day("over twee weken", WEDNESDAY, ZONE) == (date(2026, 12, 16), None)
    # A due date counts as gone from noon.
    assert parse_day("vandaag", WEDNESDAY, ZONE) == (None, Unclear("past"))
    assert parse_day("huh", WEDNESDAY, ZONE) == (None, Unclear("unparsable"))


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
        # On a Monday too, "volgende donderdag" is the Thursday of next week.
        ("volgende donderdag 10:00", utc(2026, 12, 3, 9, 0)),
        ("next Thursday 10:00", utc(2026, 12, 3, 9, 0)),
        ("volgende week donderdag 10:00", utc(2026, 12, 3, 9, 0)),
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
    # Days counted in words cross the change to winter time at the same wall-clock time.
    assert parse_moment("over 2 weken op maandag 19:00", september, ZONE) == (
        utc(2026, 10, 5, 17, 0),
        None,
    )
    assert parse_moment("volgende week zondag 19:00", datetime(2026, 10, 20, tzinfo=UTC), ZONE) == (
        utc(2026, 11, 1, 18, 0),
        None,
    )


@pytest.mark.parametrize(
    "text", ["1-1-2020 10:00", "12.11.2026 19.30", "gisteren 10:00", "vandaag 08:00"]
)
def test_past(text: str) -> None:
    assert parse_moment(text, NOW, ZONE) == (None, Unclear("past"))


@pytest.mark.parametrize("text", ["28 november", "28-11", "28.11", "donderdag", "morgen"])
def test_no_time(text: str) -> None:
    assert parse_moment(text, NOW, ZONE) == (None, Unclear("no_time"))


@pytest.mark.parametrize(
    "text",
    [
        "asdf",
        "",
        "   ",
        "🙂",
        "x" * 4000,
        "1" * 4000,
        "morgen " * 600 + "10:00",
        "12345",
        "28-11 25:00",
        "28-11 13pm",
        "31-11 10:00",
        # dateparser would make this the year 2113.
        "28-13 10:00",
    ],
)
def test_unparsable(text: str) -> None:
    assert parse_moment(text, NOW, ZONE) == (None, Unclear("unparsable"))
