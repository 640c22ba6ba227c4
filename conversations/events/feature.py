"""What events handle: programmes, events and their changes, RSVPs, check-in and the
evaluation, and the reminders, preparation nudge and round two planned for an event."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.feature import Command, Feature
from conversations.core.records import Person, Scheduled
from conversations.core.types import Reply
from conversations.events import (
    checkin,
    coach_events,
    event_changes,
    event_wizard,
    invitations,
    my_events,
    programmes,
    reminders,
)
from conversations.events.names import (
    EVALUATION,
    PREP_NUDGE,
    RATING,
    REMINDER,
    ROUND_TWO,
    RSVP,
)


async def _events(ctx: Context) -> list[Reply]:
    if ctx.role == "coach":
        return await coach_events.start(ctx)
    return await my_events.my_events(ctx)


async def _planned(ctx: Context, item: Scheduled, person: Person) -> list[Reply]:
    return await reminders.scheduled_message(ctx, item)


FEATURE = Feature(
    commands=(
        Command("events", _events, {"candidate": 20, "buddy": 30, "coach": 20}),
        Command("newevent", event_wizard.start, {"coach": 30}),
        Command("programme", programmes.start, {"coach": 70}),
    ),
    flows={
        programmes.NAME: programmes,
        event_wizard.NAME: event_wizard,
        coach_events.NAME: coach_events,
        checkin.NAME: checkin,
        event_changes.NAME: event_changes,
    },
    keeps_work=frozenset({programmes.NAME, event_wizard.NAME, event_changes.NAME}),
    buttons={RSVP: invitations.on_rsvp, RATING: checkin.on_rating},
    scheduled=dict.fromkeys((REMINDER, PREP_NUDGE, EVALUATION, ROUND_TWO), _planned),
)
