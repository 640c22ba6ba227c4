"""The counts in a coach's event overview, with job seekers and employers apart."""

from __future__ import annotations

from collections import Counter

from conversations.core.records import Event, Person, Rsvp
from conversations.core.types import Joined, Msg, Param

# The overview's counts, in this order.
COUNTED = ("yes", "maybe", "waitlist", "no", "present")


def counts(event: Event, people: list[tuple[Rsvp, Person]]) -> Joined:
    """Yes, maybe, waitlist, no and present, each with job seekers and employers apart when
    both can be on the list."""
    split = event.audience == "both" or any(not event.is_for(p.role) for _, p in people)
    lines: list[Param] = []
    for state in COUNTED:
        chosen = [
            p.role
            for r, p in people
            if (r.present_at is not None if state == "present" else r.state == state)
        ]
        number: Param = len(chosen)
        if state == "yes":
            number = Msg.of("coach_events.of_capacity", number=len(chosen), capacity=event.capacity)
        key = "coach_events.count_roles" if split else "coach_events.count"
        by_role = Counter(chosen)
        lines.append(
            Msg.of(
                key,
                label=Msg.of(f"coach_events.label.{state}"),
                number=number,
                candidate=by_role["candidate"],
                buddy=by_role["buddy"],
            )
        )
    return Joined(tuple(lines), lines=True)
