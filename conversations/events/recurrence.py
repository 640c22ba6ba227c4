"""Recurring series of events, such as Walk&Talk on the last Thursday of each month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

# APScheduler 3 ships no type hints; only the trigger's fire times are used.
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]

Freq = Literal["weekly", "monthly"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Nth = Literal["1st", "2nd", "3rd", "4th", "last"]

FREQS: tuple[Freq, ...] = ("weekly", "monthly")
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NTHS: tuple[Nth, ...] = ("1st", "2nd", "3rd", "4th", "last")

_T = TypeVar("_T", bound=str)


def _pick(value: object, allowed: tuple[_T, ...], name: str) -> _T:
    for option in allowed:
        if value == option:
            return option
    raise ValueError(f"bad {name}: {value!r}")


def _clock(value: object, top: int, name: str) -> int:
    # bool is an int to Python, but True o'clock is no time.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(f"bad {name}: {value!r}")
    return value


@dataclass(frozen=True)
class Rule:
    freq: Freq
    weekday: Weekday
    # Monthly only: which of the month's weekdays; None for weekly.
    nth: Nth | None
    hour: int
    minute: int

    def __post_init__(self) -> None:
        _pick(self.freq, FREQS, "freq")
        _pick(self.weekday, WEEKDAYS, "weekday")
        if (self.freq == "monthly") != (self.nth is not None):
            raise ValueError("nth is required for monthly rules and not allowed for weekly ones")
        if self.nth is not None:
            _pick(self.nth, NTHS, "nth")
        _clock(self.hour, 23, "hour")
        _clock(self.minute, 59, "minute")

    def to_json(self) -> dict[str, Any]:
        return {
            "freq": self.freq,
            "weekday": self.weekday,
            "nth": self.nth,
            "hour": self.hour,
            "minute": self.minute,
        }

    @classmethod
    def from_json(cls, data: object) -> Rule:
        if not isinstance(data, dict):
            raise ValueError(f"a rule is an object, not {type(data).__name__}")
        nth = data.get("nth")
        return cls(
            freq=_pick(data.get("freq"), FREQS, "freq"),
            weekday=_pick(data.get("weekday"), WEEKDAYS, "weekday"),
            nth=None if nth is None else _pick(nth, NTHS, "nth"),
            hour=_clock(data.get("hour"), 23, "hour"),
            minute=_clock(data.get("minute"), 59, "minute"),
        )


WALK_AND_TALK = Rule("monthly", "thu", "last", 19, 0)
# JobOn meets on a Wednesday morning each month; the first Wednesday unless a coach says otherwise.
JOBON = Rule("monthly", "wed", "1st", 10, 0)


def occurrences(rule: Rule, after: datetime, until: datetime, zone: ZoneInfo) -> list[datetime]:
    """Every start strictly after `after` up to and including `until`, in UTC."""
    # The trigger counts in local time, so 19:00 stays 19:00 across summer and winter time.
    day: dict[str, str]
    if rule.nth is None:
        day = {"day_of_week": rule.weekday}
    else:
        day = {"day": f"{rule.nth} {rule.weekday}"}
    trigger = CronTrigger(hour=rule.hour, minute=rule.minute, timezone=zone, **day)
    starts: list[datetime] = []
    # Passing the previous fire time as well makes the trigger skip a start equal to it.
    fire: datetime | None = trigger.get_next_fire_time(after, after)
    while fire is not None and fire <= until:
        starts.append(fire.astimezone(UTC))
        fire = trigger.get_next_fire_time(fire, fire)
    return starts
