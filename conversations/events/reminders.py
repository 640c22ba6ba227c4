"""What an event's planned rows say when they are due: reminders, the preparation nudge,
the evaluation and round two; nothing when the row no longer applies."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from conversations.core import names as kinds
from conversations.core.context import Context
from conversations.core.records import Scheduled
from conversations.core.types import Button, Msg, Reply, When
from conversations.events.invitations import PREP_SESSION, rsvp_buttons, when_and_where
from conversations.events.names import EVALUATION, PREP_NUDGE, RATING, REMINDER, ROUND_TWO
from conversations.pairs import round_two
from conversations.preparation import prepare
from conversations.time.quiet import is_stale


async def scheduled_message(ctx: Context, item: Scheduled) -> list[Reply]:
    """The message for a planned row, or nothing when it no longer applies."""
    event = await ctx.store.event(item.event_id) if item.event_id else None
    rsvp = await ctx.store.rsvp(event.id, item.person_id) if event else None
    if event is None or rsvp is None or event.cancelled_at is not None:
        return []
    now = ctx.clock.now()
    if item.kind.startswith(f"{REMINDER}:") and rsvp.state in ("yes", "maybe"):
        # Late after downtime with less than half its lead left: stale, not sent.
        lead = timedelta(minutes=int(item.kind.removeprefix(f"{REMINDER}:")))
        if is_stale(event.starts_at, lead, now):
            return []
        key = "reminder.yes" if rsvp.state == "yes" else "reminder.maybe"
        text = Msg.of(key, details=when_and_where(event))
        return [Reply(text, buttons=rsvp_buttons(event), kind=kinds.REMINDER)]
    on_the_day = now.astimezone(ctx.zone).date() >= event.starts_at.astimezone(ctx.zone).date()
    if item.kind == PREP_NUDGE and rsvp.state != "no" and not on_the_day:
        session = PREP_SESSION[event.kind]
        if not await prepare.session_done(ctx, item.person_id, session):
            return [
                Reply(
                    Msg.of(
                        "prepare_nudge.text",
                        title=event.title,
                        when=When(event.starts_at),
                        session=session,
                    ),
                    kind=kinds.NUDGE,
                )
            ]
        return []
    if item.kind == ROUND_TWO and rsvp.present_at is not None:
        person = await ctx.store.person(item.person_id)
        if person is not None and person.role == "candidate":
            return [
                replace(reply, kind=kinds.INVITATION)
                for reply in await round_two.invitation(ctx, event)
            ]
        return []
    if item.kind == EVALUATION and rsvp.present_at is not None:
        stars = [Button(str(n), f"{RATING}:{event.id}:{n}", bound=True) for n in range(1, 6)]
        text = Msg.of("evaluation.ask", title=event.title)
        return [Reply(text, buttons=[stars], kind=kinds.EVALUATION)]
    return []
