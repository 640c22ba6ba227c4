"""When the follow-up nudges for an agreed action go out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from conversations.quiet import is_quiet

NUDGE_AT = time(10, 0)
_SUNDAY = 6
# A "before" nudge only helps when there is time left to act on it after the agreement.
_BEFORE_AFTER_DAYS = 3
_BEFORE_DAYS = 2

Rule = Literal["on_time", "late_send", "moved"]


@dataclass(frozen=True)
class Quiet:
    """Local hours, and whether Sundays as a whole, without nudges."""

    start: time = time(21, 0)
    end: time = time(8, 30)
    no_sundays: bool = True


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place on the clock; pass an aware one")
    return moment


def next_allowed(moment: datetime, zone: ZoneInfo, quiet: Quiet = Quiet()) -> datetime:
    """The moment itself when a nudge may go out then, else the first moment after it that
    may (in UTC): the end of the quiet hours, and on a Sunday the first allowed moment of
    Monday (with the default hours Monday 08:30)."""
    local = _aware(moment).astimezone(zone)
    while True:
        if is_quiet(local, zone, quiet.start, quiet.end):
            day = local.date() if local.time() < quiet.end else local.date() + timedelta(days=1)
            local = datetime.combine(day, quiet.end, tzinfo=zone)
        elif quiet.no_sundays and local.weekday() == _SUNDAY:
            # Midnight, not quiet.end: the quiet check above then decides where Monday starts.
            local = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
        else:
            return local.astimezone(UTC)


def nudge_plan(
    due: date, now: datetime, zone: ZoneInfo, quiet: Quiet = Quiet()
) -> list[tuple[str, datetime]]:
    """The nudges for an action agreed to be done on `due`, as (kind, UTC moment), in order.

    "before" goes out at 10:00 local two days ahead, only when `due` is more than three days
    after today; "due" at 10:00 local on the day itself. A nudge planned on a Sunday keeps its
    time of day on Monday (10:00, not 08:30): the day is moved, not the hour. Quiet hours
    still move a nudge to their end. Nudges not after `now` are left out.
    """
    today = _aware(now).astimezone(zone).date()
    days = [("due", due)]
    if (due - today).days > _BEFORE_AFTER_DAYS:
        days.insert(0, ("before", due - timedelta(days=_BEFORE_DAYS)))
    plan = []
    for kind, day in days:
        if quiet.no_sundays and day.weekday() == _SUNDAY:
            day += timedelta(days=1)
        moment = next_allowed(datetime.combine(day, NUDGE_AT, tzinfo=zone), zone, quiet)
        if moment > now:
            plan.append((kind, moment))
    return plan


def after_downtime(
    planned: datetime,
    now: datetime,
    zone: ZoneInfo,
    quiet: Quiet = Quiet(),
    grace: timedelta = timedelta(hours=12),
) -> tuple[datetime, Rule]:
    """When a nudge goes out once the bot is back, and which rule said so.

    Not yet due: at its planned moment ("on_time"). Less than `grace` late: now, or when now
    is quiet the first allowed moment ("late_send"). Later than that the original moment is
    gone, so it moves to the first allowed moment from now too ("moved"). Both late rules
    give the same moment; they stay apart because the caller logs which one applied.
    """
    if planned >= now:
        return next_allowed(planned, zone, quiet), "on_time"
    rule: Rule = "late_send" if now - planned < grace else "moved"
    return next_allowed(now, zone, quiet), rule
