"""Parse the date and time of an event as a coach types it, in Dutch or English."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

# dateparser ships no type hints; its results are checked below before use.
import dateparser  # type: ignore[import-untyped]

Problem = Literal["unparsable", "no_time", "past"]

# Longer input is never a date; cutting it off keeps dateparser fast on pasted text.
_MAX_LEN = 100
# dateparser reads impossible day-months such as "28-13" or "12-11-26" as years like 2113.
_HORIZON = timedelta(days=2 * 366)

# A clock time: "19:30", "19.30", "19u", "19 uur", "om 19", "10am", "7 pm". The look-arounds
# keep the parts of dates such as "28-11", "28.11.2026" or "2026-12-03" out.
_TIME = re.compile(
    r"(?<![\d.:/-])(?P<om>\bom\s+)?(?P<hour>\d{1,2})(?:(?P<sep>[:.])(?P<minute>\d{2}))?"
    r"(?![\d:/-]|\.\d)(?:\s*(?P<suffix>uur|u|h|am|pm)\b)?"
)
# "12.11" is 12 November to dateparser only when written with dashes.
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?\b")
# dateparser reads a two-digit year "26" as 2126.
_SHORT_YEAR = re.compile(r"\b(\d{1,2})([-/])(\d{1,2})\2(\d{2})\b")
# Words dateparser does not know; "volgende donderdag" means the coming Thursday, like
# "next Thursday", which dateparser does know.
_FILLER = re.compile(r"\b(?:om|op|volgende|aanstaande|komende)\b|\ba\.s\.")

_SETTINGS = {
    "PREFER_DATES_FROM": "future",
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": True,
}


def parse_moment(
    text: str, now: datetime, zone: ZoneInfo
) -> tuple[datetime | None, Problem | None]:
    """Return the moment in UTC, or None and why not. Never raises."""
    text = " ".join(text.lower().split())
    if not text or len(text) > _MAX_LEN:
        return None, "unparsable"
    found = _find_time(text)
    if found == "invalid":
        return None, "unparsable"
    local_now = now.astimezone(zone)
    if found is None:
        # Tell a date without a time apart from text that is no date at all.
        bare = _parse(_normalise(text), local_now, zone)
        return None, "unparsable" if bare is None else "no_time"
    hour, minute, start, end = found
    clocked = f"{text[:start]} {hour:02d}:{minute:02d} {text[end:]}"
    parsed = _parse(_normalise(clocked), local_now, zone)
    # dateparser sometimes reads a time as a duration; trust it only if it kept our time.
    if parsed is None or (parsed.hour, parsed.minute) != (hour, minute):
        return None, "unparsable"
    moment = parsed.astimezone(UTC)
    if moment > now + _HORIZON:
        return None, "unparsable"
    if moment <= now:
        return None, "past"
    return moment, None


def _find_time(text: str) -> tuple[int, int, int, int] | Literal["invalid"] | None:
    """The last clock time in the text as (hour, minute, start, end), in 24-hour time."""
    times = [m for m in _TIME.finditer(text) if _is_time(m)]
    if not times:
        return None
    match = times[-1]
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    suffix = match["suffix"]
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return "invalid"
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return "invalid"
    return hour, minute, match.start(), match.end()


def _is_time(match: re.Match[str]) -> bool:
    if match["sep"] == ":" or match["suffix"] or match["om"]:
        return True
    if match["sep"] == ".":
        # "28.11" at the start is a date; "19.30" cannot be one, and after a date it is a time.
        return match.start() > 0 or int(match["minute"]) > 12
    # A bare number such as "28" is a day.
    return False


def _normalise(text: str) -> str:
    text = _DOTTED_DATE.sub(lambda m: "-".join(part for part in m.groups() if part), text)
    text = _SHORT_YEAR.sub(r"\1\2\3\g<2>20\4", text)
    return " ".join(_FILLER.sub(" ", text).split())


def _parse(text: str, local_now: datetime, zone: ZoneInfo) -> datetime | None:
    settings = {
        **_SETTINGS,
        "TIMEZONE": zone.key,
        # dateparser wants the base as naive wall-clock time in TIMEZONE.
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
    }
    try:
        parsed = dateparser.parse(text, languages=["nl", "en"], settings=settings)
    except Exception:
        # dateparser has crashed on odd input before; to a coach that is simply unparsable.
        return None
    if not isinstance(parsed, datetime):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
