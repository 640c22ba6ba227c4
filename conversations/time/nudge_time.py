"""When the follow-up nudges for an agreed action go out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from conversations.time.quiet import QuietHours

NUDGE_AT = time(10, 0)
# A "before" nudge only helps when there is time left to act on it after the agreement.
_BEFORE_AFTER_DAYS = 3
_BEFORE_DAYS = 2


def nudge_plan(due: date, now: datetime, quiet: QuietHours) -> list[tuple[str, datetime]]:
    """The nudges for an action agreed to be done on `due`, as (kind, UTC moment), in order.

    "before" goes out at 10:00 local two days ahead, only when `due` is more than three days
    after today; "due" at 10:00 local on the day itself. A nudge planned on a quiet Sunday
    keeps its time of day on Monday (10:00, not 08:30): the day is moved, not the hour. Quiet
    hours still move a nudge to their end. Nudges not after `now` are left out.
    """
    today = now.astimezone(quiet.zone).date()
    days = [("due", due)]
    if (due - today).days > _BEFORE_AFTER_DAYS:
        days.insert(0, ("before", due - timedelta(days=_BEFORE_DAYS)))
    plan = []
    for kind, day in days:
        moment = quiet.on_allowed_day(day, NUDGE_AT)
        if moment > now:
            plan.append((kind, moment))
    return plan


def before_is_stale(due: date, now: datetime, quiet: QuietHours) -> bool:
    """A "before" nudge that became so late that the due date has come says nothing the
    "due" nudge does not: it is dropped."""
    return now.astimezone(quiet.zone).date() >= due


def again_at(now: datetime, days: int, quiet: QuietHours) -> datetime:
    """ "Remind me again in n days": at 10:00 then, on the next allowed day."""
    day = now.astimezone(quiet.zone).date() + timedelta(days=days)
    return quiet.on_allowed_day(day, NUDGE_AT)
