"""Parse a moment (a date and a time) as people type it, in Dutch or English.

The time of day is read by when_clock, days named in words ("morgen", "volgende week
donderdag") by when_days; dates written as dates ("28-11", "10 december", "Dec 10") go to
dateparser. A moment that stays ambiguous ("half 8" is 07:30 or 19:30) is not guessed:
the person is asked, with `unclear_message`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

# dateparser ships no type hints; its results are checked below before use.
import dateparser  # type: ignore[import-untyped]

from conversations.core.types import Msg, When
from conversations.time.when_clock import has_month, read_time
from conversations.time.when_days import relative_day, split_weekday

Problem = Literal["unparsable", "no_time", "past", "ambiguous"]


@dataclass(frozen=True)
class Unclear:
    """Why a typed moment was not taken. When it is ambiguous: the readings to choose from
    (UTC, earliest first) and how to type the last one so that it is clear ("10-12 19:30")."""

    problem: Problem
    options: tuple[datetime, ...] = ()
    example: str = ""
    # What the readings differ in: the time of day ("half 8"), or the day ("vrijdag 10
    # december" when the 10th is a Thursday).
    about: Literal["time", "day"] = "time"


# Longer input is never a date; cutting it off keeps parsing fast on pasted text.
_MAX_LEN = 100
# dateparser reads impossible day-months such as "28-13" or "12-11-26" as years like 2113.
_HORIZON = timedelta(days=2 * 366)

_ABBREVIATIONS = [("a.m.", "am"), ("p.m.", "pm"), ("a.s.", "aanstaande")]
_QUOTES = re.compile(r"[’‘`´]")
_PUNCTUATION = re.compile(r"[,;!?()\"]|(?<=[a-z])\.")
# "10e", "1ste", "10th": dateparser knows the English ones only.
_ORDINAL = re.compile(r"\b(\d{1,2})(?:ste|de|st|nd|rd|th|e)\b")
_FILLER = re.compile(r"\b(?:om|op|at|on|the|of|de|rond|around|tegen)\b")
# "12.11" is 12 November to dateparser only when written with dashes.
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?\b")
# dateparser reads a two-digit year "26" as 2126.
_SHORT_YEAR = re.compile(r"\b(\d{1,2})([-/])(\d{1,2})\2(\d{2})\b")

_SETTINGS = {
    "PREFER_DATES_FROM": "future",
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": True,
}


def parse_moment(
    text: str, now: datetime, zone: ZoneInfo
) -> tuple[datetime | None, Unclear | None]:
    """The moment in UTC, or None and why not. Never raises."""
    try:
        return _moment(text, now, zone, None)
    except Exception:
        # Odd input has crashed dateparser before; to the person it is simply unreadable.
        return None, Unclear("unparsable")


def parse_day(text: str, now: datetime, zone: ZoneInfo) -> tuple[date | None, Unclear | None]:
    """A day, for a due date: the time of day, typed or not, does not count. The day is
    read at noon, so today counts as past from 12:00."""
    try:
        moment, trouble = _moment(text, now, zone, (12, 0))
    except Exception:
        return None, Unclear("unparsable")
    if trouble is not None and trouble.problem == "ambiguous":
        days = {option.astimezone(zone).date() for option in trouble.options}
        if len(days) == 1:
            return days.pop(), None
    if moment is None:
        return None, trouble
    return moment.astimezone(zone).date(), None


def unclear_message(trouble: Unclear | None) -> Msg:
    """What to tell a person whose typed moment was not taken: one line for the flows,
    `[Reply(unclear_message(trouble)), *await ask(ctx)]`."""
    if trouble is None or (trouble.problem == "ambiguous" and not trouble.options):
        return Msg.of("event.when_unparsable")
    if trouble.problem != "ambiguous":
        return Msg.of(f"event.when_{trouble.problem}")
    first, second = trouble.options[0], trouble.options[-1]
    if trouble.about == "time":
        return Msg.of(
            "when.ambiguous_time",
            first=When(first, time_only=True),
            second=When(second, time_only=True),
            day=When(second, date_only=True),
            example=trouble.example,
        )
    return Msg.of(
        "when.ambiguous_day", first=When(first), second=When(second), example=trouble.example
    )


def _moment(
    text: str, now: datetime, zone: ZoneInfo, default: tuple[int, int] | None
) -> tuple[datetime | None, Unclear | None]:
    text = _clean(text)
    if not text or len(text) > _MAX_LEN:
        return None, Unclear("unparsable")
    said = read_time(text)
    if said.invalid:
        return None, Unclear("unparsable")
    rest = " ".join(_FILLER.sub(" ", said.rest).split())
    times = said.times or ((default,) if default else ())
    local_now = now.astimezone(zone)
    today = local_now.date()
    if not rest:
        if not times:
            return None, Unclear("no_time" if said.today else "unparsable")
        day = today
        if not said.today and _at(today, max(times), zone) <= now:
            # A time without a day is the next time the clock shows it.
            day += timedelta(days=1)
        return _choose([_at(day, t, zone) for t in times], now, zone)
    named = relative_day(rest, today)
    if named is not None:
        if not times:
            return None, Unclear("no_time")
        return _choose([_at(named, t, zone) for t in times], now, zone)
    words, weekday = split_weekday(rest)
    if not (re.search(r"\d", words) or has_month(words)):
        return None, Unclear("unparsable")
    words = _normalise(words)
    if not times:
        bare = _parse(words, local_now, zone)
        return None, Unclear("unparsable" if bare is None else "no_time")
    moments = []
    for hour, minute in times:
        parsed = _parse(f"{words} {hour:02d}:{minute:02d}", local_now, zone)
        # dateparser sometimes reads a time as a duration; trust it only if it kept our time.
        if parsed is None or (parsed.hour, parsed.minute) != (hour, minute):
            return None, Unclear("unparsable")
        moments.append(parsed.astimezone(UTC))
    if weekday is not None and len(moments) == 1:
        typed = moments[0].astimezone(zone)
        if typed.weekday() != weekday:
            # "vrijdag 10 december" when the 10th is a Thursday: ask which of the two.
            shift = (weekday - typed.weekday() + 3) % 7 - 3
            other = _at(typed.date() + timedelta(days=shift), (typed.hour, typed.minute), zone)
            return _choose([moments[0], other], now, zone, "day")
    return _choose(moments, now, zone)


def _choose(
    moments: list[datetime], now: datetime, zone: ZoneInfo, about: Literal["time", "day"] = "time"
) -> tuple[datetime | None, Unclear | None]:
    """One reading ahead of now is the answer; two are a question; none is the past."""
    if any(moment > now + _HORIZON for moment in moments):
        return None, Unclear("unparsable")
    ahead = sorted({moment for moment in moments if moment > now})
    if not ahead:
        return None, Unclear("past")
    if len(ahead) == 1:
        return ahead[0], None
    last = ahead[-1].astimezone(zone)
    example = f"{last.day}-{last.month}"
    if last.year != now.astimezone(zone).year:
        example += f"-{last.year}"
    return None, Unclear("ambiguous", tuple(ahead), f"{example} {last:%H:%M}", about)


def _at(day: date, clock: tuple[int, int], zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(*clock), tzinfo=zone).astimezone(UTC)


def _clean(text: str) -> str:
    text = _QUOTES.sub("'", " ".join(text.lower().split()))
    if len(text) > _MAX_LEN:
        return text
    for written, meant in _ABBREVIATIONS:
        text = text.replace(written, meant)
    text = _ORDINAL.sub(r"\1", _PUNCTUATION.sub(" ", text))
    return " ".join(text.split())


def _normalise(text: str) -> str:
    text = _DOTTED_DATE.sub(lambda m: "-".join(part for part in m.groups() if part), text)
    return _SHORT_YEAR.sub(r"\1\2\3\g<2>20\4", text)


def _parse(text: str, local_now: datetime, zone: ZoneInfo) -> datetime | None:
    settings = {
        **_SETTINGS,
        "TIMEZONE": zone.key,
        # dateparser wants the base as naive wall-clock time in TIMEZONE.
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
    }
    parsed = dateparser.parse(text, languages=["nl", "en"], settings=settings)
    if not isinstance(parsed, datetime):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
