"""Quiet hours: the one rule for when LiftBot may send a message of its own accord.

Every message nobody is waiting for at that moment (event and meeting reminders, preparation
nudges, evaluations, "how did it go", round two, agreement nudges, invitations to the new
dates of a series) follows it: nothing between the quiet start and end (local time), and
nothing on a quiet Sunday. Flows plan with it; the engine holds every due row to it, so a
message that became late during downtime waits for the next allowed moment too.

A reminder says "this is coming up"; it is stale, and not sent, once less than half of the
time it was meant to give is left (a "two days before" reminder with less than a day to go,
a "two hours before" with less than an hour, anything after the start).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

_SUNDAY = 6
# When a reminder cannot wait until the morning, it goes out this long before the quiet
# hours of the evening before begin.
EVENING_MARGIN = timedelta(minutes=30)
# ...but never more than this much earlier than it was meant to go out.
MOST_EARLIER = timedelta(days=1)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place on the clock; pass an aware one")
    return moment


def is_stale(start: datetime, lead: timedelta, now: datetime) -> bool:
    """A reminder meant to go out `lead` before `start` no longer says what it was meant
    to: less than half of that lead is left (or the start has passed)."""
    return start - now < lead / 2


@dataclass(frozen=True)
class QuietHours:
    """Local hours, and whether Sundays as a whole, without messages from LiftBot itself."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Amsterdam"))
    start: time = time(21, 0)
    end: time = time(8, 30)
    sunday: bool = True

    def quiet_day(self, day: date) -> bool:
        return self.sunday and day.weekday() == _SUNDAY

    def in_quiet_hours(self, moment: datetime) -> bool:
        local = _aware(moment).astimezone(self.zone).time()
        if self.start > self.end:  # the usual case: the night crosses midnight
            return local >= self.start or local < self.end
        return self.start <= local < self.end

    def why_quiet(self, moment: datetime) -> Literal["sunday", "hours"] | None:
        """Why nothing may go out at this moment, or None when something may."""
        local = _aware(moment).astimezone(self.zone)
        if self.quiet_day(local.date()):
            return "sunday"
        return "hours" if self.in_quiet_hours(local) else None

    def is_quiet(self, moment: datetime) -> bool:
        """Nothing may go out at this moment (quiet hours or a quiet day)."""
        return self.why_quiet(moment) is not None

    def next_allowed(self, moment: datetime) -> datetime:
        """The moment itself when a message may go out then, else the first moment after it
        that may (in UTC): the end of the quiet hours, and after a quiet Sunday the first
        allowed moment of Monday (with the default hours Monday 08:30)."""
        local = _aware(moment).astimezone(self.zone)
        while True:
            if self.in_quiet_hours(local):
                day = local.date()
                if self.start > self.end and local.time() >= self.start:
                    day += timedelta(days=1)
                local = datetime.combine(day, self.end, tzinfo=self.zone)
            elif self.quiet_day(local.date()):
                # Midnight, not the end: the hours check above decides where Monday starts.
                local = datetime.combine(local.date() + timedelta(days=1), time(0), self.zone)
            else:
                return local.astimezone(UTC)

    def on_allowed_day(self, day: date, at: time, earlier: bool = False) -> datetime:
        """`at` local time on `day`, or on the next (or, `earlier`, the previous) day that
        is not quiet; the hour is kept (a Sunday 10:00 becomes Monday 10:00, not 08:30),
        unless it is in quiet hours."""
        while self.quiet_day(day):
            day += timedelta(days=-1 if earlier else 1)
        return self.next_allowed(datetime.combine(day, at, tzinfo=self.zone))

    def evening_before(self, moment: datetime) -> datetime:
        """Shortly before the quiet time that holds `moment` began (in UTC): for Monday
        07:00 with quiet Sundays, Saturday 20:30."""
        local = _aware(moment).astimezone(self.zone)
        day = local.date() if local.time() >= self.start else local.date() - timedelta(days=1)
        while self.quiet_day(day):
            day -= timedelta(days=1)
        return (datetime.combine(day, self.start, tzinfo=self.zone) - EVENING_MARGIN).astimezone(
            UTC
        )

    def reminder_at(self, start: datetime, lead: timedelta) -> datetime | None:
        """When a reminder `lead` before `start` goes out (UTC), or None when it cannot.

        `lead` before on the wall clock ("two days before 10:00" is 10:00, also across a
        clock change). In quiet time it moves later to the next allowed moment while it is
        not stale there; else earlier, to the evening before the quiet time, when that is
        at most a day earlier than meant; else it is not sent (the next reminder covers it).
        """
        local = _aware(start).astimezone(self.zone)
        meant = (local - lead).astimezone(UTC)
        if not self.is_quiet(meant):
            return meant
        later = self.next_allowed(meant)
        if not is_stale(start, lead, later):
            return later
        earlier = self.evening_before(meant)
        if meant - earlier <= MOST_EARLIER and not self.is_quiet(earlier):
            return earlier
        return None
