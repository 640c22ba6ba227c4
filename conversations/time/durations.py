"""How long a meeting lasts, as people type it: "90 minuten", "1,5 uur", "anderhalf uur",
"2u", "1:30", "an hour and a half". The buttons cover the usual lengths; typing covers the rest.
"""

from __future__ import annotations

import re

SHORTEST, LONGEST = 15, 12 * 60
_WORDS = {
    "anderhalf uur": 90,
    "anderhalf": 90,
    "een uur": 60,
    "een half uur": 30,
    "half uur": 30,
    "an hour and a half": 90,
    "one and a half hours": 90,
    "an hour": 60,
    "one hour": 60,
    "half an hour": 30,
}
_HOURS_MINUTES = re.compile(r"^(\d{1,2})\s*(?:u|uur|h|:)\s*(\d{2})(?:\s*(?:min|minuten|minutes))?$")
_AMOUNT = re.compile(
    r"^(\d{1,3}(?:[.,]\d{1,2})?)\s*(uur|uren|u|h|hr|hrs|hour|hours|min|mins|minuut|minuten|"
    r"minute|minutes|m)?$"
)


def parse_minutes(text: str) -> int | None:
    """Minutes from SHORTEST to LONGEST, or None when the text is no length of time."""
    said = " ".join(text.lower().replace("’", "'").split())
    minutes = _WORDS.get(said) or _parse(said)
    return minutes if minutes is not None and SHORTEST <= minutes <= LONGEST else None


def _parse(said: str) -> int | None:
    if match := _HOURS_MINUTES.match(said):
        return int(match[1]) * 60 + int(match[2])
    match = _AMOUNT.match(said)
    if match is None:
        return None
    amount, unit = float(match[1].replace(",", ".")), match[2]
    if unit is None:
        # A bare number: "2" is hours, "90" is minutes.
        unit = "h" if amount <= 12 else "min"
    return round(amount * 60) if unit[0] in "uh" else round(amount)
