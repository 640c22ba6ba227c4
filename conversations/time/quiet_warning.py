"""A warning for a coach who picks a moment in quiet time for something they send on purpose."""

from __future__ import annotations

from datetime import datetime

from conversations.core.context import Context
from conversations.core.types import Msg, Reply, When


def chosen_in_quiet_time(ctx: Context, when: datetime | None) -> list[Reply]:
    """The coach may choose it (they send deliberately), but should know people may be
    asleep, or that LiftBot itself keeps Sundays free."""
    why = ctx.quiet.why_quiet(when) if when else None
    if when is None or why is None:
        return []
    hours = {"start": f"{ctx.quiet.start:%H:%M}", "end": f"{ctx.quiet.end:%H:%M}"}
    return [Reply(Msg.of(f"broadcast.quiet_{why}", time=When(when, time_only=True), **hours))]
