"""The time of day in a typed moment, as Dutch and English speakers write it.

Finds "19:30", "19.30", "19u30", "7 pm", "om 8", "8 uur", "half 8", "kwart over 7",
"quarter to 8", together with the part of the day ("'s avonds", "in the morning",
"vanavond", "tonight") that tells a 12-hour clock reading apart, and returns the text
that is left for the date.

How a clock reading without a clue is read (a meeting, not a night shift):
- written with minutes ("7:30", "07.30", "7u30") or past 12 ("19 uur"): a 24-hour clock;
- "om 1" up to "om 6" (also "half 7" = 6:30): the afternoon or evening, 13:00 to 18:59;
- "om 9" up to "om 12": the morning, 12 is noon;
- 7:00 to 8:59 ("om 8", "half 8", "kwart voor 9"): both are likely, so both are returned
  and the caller asks, unless only one of them is still ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

DayPart = Literal["morning", "afternoon", "evening"]

NUMBER_WORDS = {
    "een": 1, "één": 1, "eén": 1, "a": 1, "one": 1, "twee": 2, "two": 2, "drie": 3,
    "three": 3, "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6,
    "zeven": 7, "seven": 7, "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10,
    "ten": 10, "elf": 11, "eleven": 11, "twaalf": 12, "twelve": 12,
}  # fmt: skip
# "a" is a number only in "a week" / "a quarter"; never an hour.
_HOUR_WORDS = "|".join(sorted((w for w in NUMBER_WORDS if w != "a"), key=len, reverse=True))
_HOUR = rf"(?:\d{{1,2}}|{_HOUR_WORDS})"
_MINUTES = rf"(?:\d{{1,2}}|{_HOUR_WORDS}|kwart|quarter|a quarter|half)"
# "over 2 weken": a count of weeks or days, not an hour.
_NOT_A_COUNT = r"(?!\s*(?:weken|week|weeks|dagen|dag|days|day|uur\s+later)\b)"

# The part of the day, in the words people use; compounds are split first.
_COMPOUND = re.compile(
    r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|overmorgen|morgen)"
    r"(avond|middag|ochtend|morgen)\b"
)
_TODAY_PART = re.compile(
    r"\b(?:van(?P<nl>avond|middag|ochtend|morgen)|to(?P<en>night)"
    r"|this (?P<this>evening|afternoon|morning))\b"
)
_PART = re.compile(
    r"(?:\b|')(?:in (?:de|the) |'s |s |s-|'s-)?"
    r"(?P<word>avonds?|savonds|evening|night|middags?|smiddags|afternoon|ochtends?|"
    r"sochtends|morgens|smorgens|morning)\b"
)
_PARTS: dict[str, DayPart] = {
    "avond": "evening", "avonds": "evening", "savonds": "evening", "evening": "evening",
    "night": "evening", "middag": "afternoon", "middags": "afternoon",
    "smiddags": "afternoon", "afternoon": "afternoon", "ochtend": "morning",
    "ochtends": "morning", "sochtends": "morning", "morgens": "morning",
    "smorgens": "morning", "morning": "morning",
}  # fmt: skip

# "half 8" = 7:30; "5 over half 8" = 7:35; "kwart voor 8" = 7:45; "quarter past 7" = 7:15.
_HALF = re.compile(
    rf"\b(?:(?P<n>{_MINUTES})\s+(?:minuten\s+)?(?P<dir>over|voor)\s+)?half\s+(?P<h>{_HOUR})\b"
    rf"{_NOT_A_COUNT}(?:\s*uur\b)?"
)
_PAST_TO = re.compile(
    rf"(?<![\d.:/-])\b(?P<n>{_MINUTES})\s+(?:minuten\s+|minutes\s+)?(?P<dir>over|voor|past|after|to|before)"
    rf"\s+(?P<h>{_HOUR})\b{_NOT_A_COUNT}(?:\s*(?:uur|o'clock)\b)?(?:\s*(?P<ampm>am|pm)\b)?"
)
# "19:30", "19.30", "19u30", "19h30", "19u", "19 uur", "om 19", "at 7", "7 pm", "7 o'clock".
# The look-arounds keep the parts of dates such as "28-11" or "2026-12-03" out.
_NUMERIC = re.compile(
    rf"(?<![\d.:/-])(?P<om>\b(?:om|at|rond|around|tegen)\s+)?\b(?P<hour>{_HOUR})"
    r"(?:(?P<sep>[:.uh])(?P<minute>\d{2}))?(?![\d:/-]|\.\d)"
    rf"{_NOT_A_COUNT}(?:\s*(?P<suffix>uur|u|h|am|pm|o'clock)\b)?"
)
# A lone number after a day ("tonight 8", "morgen 10") is an hour when nothing else is.
_BARE = re.compile(rf"(?<![\d.:/-])\b(?P<hour>\d{{1,2}})\b(?![\d.:/-]){_NOT_A_COUNT}")
_NOON = re.compile(r"\b(?:noon|midday)\b")


@dataclass(frozen=True)
class Said:
    """The time of day as typed: 24-hour readings to choose from (one, or two when the
    words leave morning and evening open), and the words left for the date."""

    rest: str
    times: tuple[tuple[int, int], ...] = ()
    # "vanavond", "tonight": the day is today, even without a date.
    today: bool = False
    invalid: bool = False


def read_time(text: str) -> Said:
    """`text` is lower case with single spaces."""
    text = _COMPOUND.sub(lambda m: f"{m[1]} {'ochtend' if m[2] == 'morgen' else m[2]}", text)
    part: DayPart | None = None
    today = False
    if found := _TODAY_PART.search(text):
        word = found["nl"] or found["en"] or found["this"]
        part, today = _PARTS[word], True
        text = _cut(text, found)
    for found in reversed(list(_PART.finditer(text))):
        part = part or _PARTS[found["word"]]
        text = _cut(text, found)
    clock = _find_clock(text, bare_allowed=today or part is not None)
    if clock is None:
        return Said(text, today=today)
    hour, minute, twelve, start, end = clock
    rest = " ".join(f"{text[:start]} {text[end:]}".split())
    readings = _readings(hour, minute, twelve, part)
    if hour > 23 or minute > 59 or not readings:
        return Said(rest, invalid=True)
    return Said(rest, readings, today)


def _cut(text: str, found: re.Match[str]) -> str:
    return " ".join(f"{text[: found.start()]} {text[found.end() :]}".split())


def _find_clock(text: str, bare_allowed: bool) -> tuple[int, int, bool, int, int] | None:
    """The last clock time in the text: (hour, minute, read on a 12-hour clock, span)."""
    found: list[tuple[int, int, bool, int, int]] = []
    masked = text
    for pattern in (_HALF, _PAST_TO):
        for match in pattern.finditer(masked):
            hour, minute = _words_time(match)
            twelve = 1 <= hour <= 12
            if twelve and match.groupdict().get("ampm"):
                # "quarter past 7 pm"
                hour, twelve = hour % 12 + (12 if match["ampm"] == "pm" else 0), False
            found.append((hour, minute, twelve, match.start(), match.end()))
            # Keep the numbers inside "kwart over 7" from being read again on their own.
            masked = masked[: match.start()] + " " * len(match[0]) + masked[match.end() :]
    for match in _NUMERIC.finditer(masked):
        if (reading := _numeric(match)) is not None:
            found.append((*reading, match.start(), match.end()))
    for match in _NOON.finditer(masked):
        found.append((12, 0, False, match.start(), match.end()))
    if found:
        return max(found, key=lambda item: item[3])
    # "morgen 10", "tonight 8": a lone number next to a day is its hour, unless it could
    # be part of a date.
    bare = list(_BARE.finditer(masked))
    if len(bare) != 1 or has_month(masked) or re.search(r"\d", _cut(masked, bare[0])):
        return None
    if not (bare_allowed or re.search(r"[a-z]", _cut(masked, bare[0]))):
        return None
    raw = bare[0]["hour"]
    hour = int(raw)
    return hour, 0, 1 <= hour <= 12 and not raw.startswith("0"), *bare[0].span()


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _words_time(match: re.Match[str]) -> tuple[int, int]:
    hour, named = _number(match["h"]), match["n"]
    minutes = 0
    if named:
        minutes = {"kwart": 15, "quarter": 15, "a quarter": 15, "half": 30}.get(named) or (
            _number(named)
        )
    if minutes > 59:
        return 99, 0
    if match.re is _HALF:
        # Dutch "half 8" is half an hour before 8.
        total = (hour - 1) * 60 + 30 + (minutes if match["dir"] == "over" else -minutes)
    elif match["dir"] in ("voor", "to", "before"):
        total = hour * 60 - minutes
    else:
        total = hour * 60 + minutes
    hour, minute = divmod(total, 60)
    # "half 1" is 12:30, not 0:30.
    return hour or 12, minute


def _numeric(match: re.Match[str]) -> tuple[int, int, bool] | None:
    raw, sep, suffix = match["hour"], match["sep"], match["suffix"]
    is_word = not raw.isdigit()
    if is_word and not (match["om"] or suffix in ("uur", "o'clock", "am", "pm")):
        return None
    if sep is None and not suffix and not match["om"]:
        # A bare number such as "28" is a day.
        return None
    if sep == "." and not suffix and not match["om"]:
        # "28.11" at the start is a date; "19.30" cannot be one, and after a date it is a time.
        if match.start() == 0 and int(match["minute"]) <= 12:
            return None
    hour, minute = _number(raw), int(match["minute"] or 0)
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            return 99, 0, False
        return hour % 12 + (12 if suffix == "pm" else 0), minute, False
    # Minutes written out, a leading zero or an hour past 12: a 24-hour clock.
    twelve = sep is None and not raw.startswith("0") and 1 <= hour <= 12
    return hour, minute, twelve


def _readings(
    hour: int, minute: int, twelve: bool, part: DayPart | None
) -> tuple[tuple[int, int], ...]:
    if not twelve:
        if part in ("afternoon", "evening") and 1 <= hour <= 11:
            # "7:30 's avonds" is 19:30.
            hour += 12
        return ((hour, minute),)
    small = hour % 12
    if part == "morning":
        return ((small, minute),)
    if part == "afternoon":
        return ((small + 12 if small else 12, minute),)
    if part == "evening":
        return ((small + 12, minute),) if small else ()
    if 1 <= small <= 6:
        return ((small + 12, minute),)
    if small in (7, 8):
        return ((small, minute), (small + 12, minute))
    return ((small if small else 12, minute),)


_MONTHS = re.compile(
    r"\b(?:jan|feb|mrt|mar|apr|mei|may|jun|jul|aug|sep|sept|okt|oct|nov|dec)[a-z]*\b"
)


def has_month(text: str) -> bool:
    return _MONTHS.search(text) is not None
