"""`/later`: the demo's clock moves on, and what LiftBot planned for the time in between
goes out at the moment it was planned for, one moment after the other, as the timers of a
running bot would send it: reminders, evaluations, "did you talk?", nudges, round two, the
new dates of a series (each day when the quiet hours end) and broadcasts set for a time.

"/later 2 days", "/later 3h", "/later 90 min", "/later 1 week"; Dutch "/later 2 dagen",
"/later 3 uur"; or a moment as people type it: "/later monday 10:00", "/later maandag 10:00",
"/later morgen 9:00" (read by the flows' own parse_moment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.app import Core
from bot.console.folder import DemoClock
from conversations.time.quiet import QuietHours
from conversations.time.when import parse_moment

_WORDS = {
    timedelta(minutes=1): ("m", "min", "mins", "minute", "minutes", "minuut", "minuten"),
    timedelta(hours=1): ("h", "hr", "hrs", "hour", "hours", "u", "uur", "uren"),
    timedelta(days=1): ("d", "day", "days", "dag", "dagen"),
    timedelta(weeks=1): ("w", "week", "weeks", "weken"),
}
UNITS = {word: unit for unit, words in _WORDS.items() for word in words}
AMOUNT = re.compile(r"^(\d{1,4}(?:[.,]\d{1,2})?)\s*([a-z]+)$")
FARTHEST = timedelta(days=366)
# However long the jump, the loop below ends: each round moves the clock forward.
MAX_ROUNDS = 10_000

Problem = Literal["empty", "unclear", "past", "too_far"]


@dataclass(frozen=True)
class Target:
    moment: datetime | None
    problem: Problem | None = None


def target_of(typed: str, now: datetime, zone: ZoneInfo) -> Target:
    said = " ".join(typed.lower().split())
    if not said:
        return Target(None, "empty")
    match = AMOUNT.match(said)
    moment: datetime | None
    if match is not None and match[2] in UNITS:
        moment = now + UNITS[match[2]] * float(match[1].replace(",", "."))
    else:
        moment, _ = parse_moment(typed, now, zone)
    if moment is None:
        return Target(None, "unclear")
    if moment <= now:
        return Target(None, "past")
    if moment - now > FARTHEST:
        return Target(None, "too_far")
    return Target(moment)


def next_quiet_end(moment: datetime, quiet: QuietHours) -> datetime:
    """The first end of the quiet hours after `moment`: when the daily job plans a series'
    new dates."""
    local = moment.astimezone(quiet.zone)
    end = datetime.combine(local.date(), quiet.end, quiet.zone)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), quiet.end, quiet.zone)
    return end


async def run_due(core: Core, series: bool = False) -> None:
    if series:
        await core.wakeups.extend_series()
    await core.wakeups.run_due()
    await core.broadcaster.run_once()


async def travel(core: Core, clock: DemoClock, target: datetime) -> None:
    """Move the clock to `target`, stopping at every moment something was planned for."""
    quiet = core.engine.quiet
    for _ in range(MAX_ROUNDS):
        now = clock.now()
        series_at = next_quiet_end(now, quiet)
        planned = await core.next_planned()
        # A row still due after its moment was run cannot go now: it does not hold the
        # clock back (each round moves on).
        if planned is not None and planned <= now:
            planned = None
        step = min(m for m in (planned, series_at) if m is not None)
        if step > target:
            break
        clock.set(step)
        await run_due(core, series=step == series_at)
    clock.set(target)
    await run_due(core)
