"""The strings events store: prefixes of buttons already sent and kinds of planned rows.
Their values never change: a button sent last week, or a row planned before an update,
must still be understood."""

from __future__ import annotations

# Buttons bound to an event.
RSVP = "ev"  # ev:<event>:yes|maybe|no
RATING = "rt"  # rt:<event>:1..5, the evaluation's stars

# Planned rows about an event (kind).
REMINDER = "reminder"  # reminder:<minutes before the start>
PREP_NUDGE = "prep_nudge"
EVALUATION = "evaluation"
ROUND_TWO = "round_two"


def reminder_kind(minutes: int) -> str:
    return f"{REMINDER}:{minutes}"
