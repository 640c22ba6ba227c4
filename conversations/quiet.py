"""Quiet hours: nobody gets a scheduled message at night."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_START = time(21, 0)
QUIET_END = time(8, 0)
# When moving later would be too late, a message goes out this long before quiet hours.
EVENING_MARGIN = timedelta(minutes=30)


def is_quiet(
    moment: datetime, zone: ZoneInfo, start: time = QUIET_START, end: time = QUIET_END
) -> bool:
    local = moment.astimezone(zone).time()
    return local >= start or local < end if start > end else start <= local < end


def out_of_quiet(
    due: datetime,
    zone: ZoneInfo,
    latest: datetime,
    start: time = QUIET_START,
    end: time = QUIET_END,
) -> datetime:
    """Move a moment out of quiet hours: to the morning if that is before `latest`,
    else to the evening before the quiet hours began."""
    if not is_quiet(due, zone, start, end):
        return due
    local = due.astimezone(zone)
    morning_day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    morning = datetime.combine(morning_day, end, tzinfo=zone)
    if morning < latest:
        return morning.astimezone(due.tzinfo)
    evening_day = morning_day - timedelta(days=1)
    evening = datetime.combine(evening_day, start, tzinfo=zone) - EVENING_MARGIN
    return evening.astimezone(due.tzinfo)
