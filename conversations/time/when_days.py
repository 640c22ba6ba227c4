"""Days named in words relative to today: "morgen", "vrijdag", "volgende week dinsdag",
"donderdag over twee weken", "in two weeks on Monday", "over 3 dagen".

How they are read (weeks run Monday to Sunday):
- a weekday alone, or with "aanstaande", "komende", "deze", "this", "coming": the first one
  after today, never today itself ("donderdag" on a Thursday is next week's);
- "volgende donderdag", "next Thursday", "volgende week donderdag", "Thursday next week":
  the Thursday of next week, so on a Wednesday not tomorrow but eight days ahead;
- "donderdag over een week", "over twee weken op donderdag", "in two weeks on Thursday":
  the first Thursday after today, plus one or two weeks;
- "over 3 dagen", "in two weeks": that many days or weeks from today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from conversations.time.when_clock import NUMBER_WORDS

WEEKDAYS = {
    "maandag": 0, "ma": 0, "monday": 0, "mon": 0,
    "dinsdag": 1, "di": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "woensdag": 2, "wo": 2, "wednesday": 2, "wed": 2,
    "donderdag": 3, "do": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "vrijdag": 4, "vr": 4, "friday": 4, "fri": 4,
    "zaterdag": 5, "za": 5, "saturday": 5, "sat": 5,
    "zondag": 6, "zo": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
_DAYS = {
    "vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2,
    "day after tomorrow": 2, "the day after tomorrow": 2, "gisteren": -1, "yesterday": -1,
    "eergisteren": -2,
}  # fmt: skip

_WD = "(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_N = r"(?P<n>\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_WEEKS = r"(?:weken|week|weeks)"
_COMING = r"(?:(?:aanstaande|komende|deze|this|coming|upcoming)\s+)?"
_NEXT = r"(?:volgende|next)"
_LAST = r"(?:vorige|verleden|afgelopen|last)"

_FORMS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(rf"(?:(?:op|on)\s+)?{pattern}"))
    for kind, pattern in [
        ("coming", rf"{_COMING}{_WD}"),
        ("next_week", rf"{_NEXT}\s+(?:week\s+)?(?:(?:op|on)\s+)?{_WD}"),
        ("next_week", rf"{_WD}\s+{_NEXT}\s+week"),
        ("last_week", rf"{_LAST}\s+(?:week\s+)?{_WD}"),
        ("weeks_after", rf"{_WD}\s+(?:over|in)\s+{_N}\s+{_WEEKS}"),
        ("weeks_after", rf"(?:over|in)\s+{_N}\s+{_WEEKS}\s+(?:(?:op|on)\s+)?{_WD}"),
        ("in_days", rf"(?:over|in)\s+{_N}\s+(?:dagen|dag|days|day)"),
        ("in_weeks", rf"(?:over|in)\s+{_N}\s+{_WEEKS}"),
    ]
]


def relative_day(words: str, today: date) -> date | None:
    """The day the words name, or None when they are not (only) a relative day."""
    words = " ".join(words.split())
    if words in _DAYS:
        return today + timedelta(days=_DAYS[words])
    for kind, pattern in _FORMS:
        found = pattern.fullmatch(words)
        if found is None:
            continue
        weekday = WEEKDAYS[found["wd"]] if "wd" in pattern.groupindex else 0
        count = _count(found["n"]) if "n" in pattern.groupindex else 0
        coming = today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        monday = today - timedelta(days=today.weekday())
        if kind == "coming":
            return coming
        if kind == "next_week":
            return monday + timedelta(days=7 + weekday)
        if kind == "last_week":
            return monday - timedelta(days=7 - weekday)
        if kind == "weeks_after":
            return coming + timedelta(weeks=count)
        if kind == "in_days":
            return today + timedelta(days=count)
        return today + timedelta(weeks=count)
    return None


def split_weekday(words: str) -> tuple[str, int | None]:
    """A weekday next to a date ("do 10 december", "Thu 3 Dec"): the date words and the
    weekday, so that the two can be checked against each other."""
    for word in words.split():
        if word in WEEKDAYS:
            rest = " ".join(w for w in words.split() if w != word)
            return rest, WEEKDAYS[word]
    return words, None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]
