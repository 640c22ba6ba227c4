"""Who an event is for, changed afterwards: people the event is no longer for come off its
list (those who had a place are told), people it is now also for are invited."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.records import Audience, Event
from conversations.core.types import Joined, Msg, Param, Reply, When
from conversations.events import invitations
from conversations.events.names import PREP_NUDGE

ANSWERED = ("yes", "maybe", "waitlist")


async def change(ctx: Context, event: Event, audience: Audience) -> Reply:
    """Save the new audience and put the list right; the coach's summary of what happened."""
    event.audience = audience
    await ctx.store.save_event(event)
    rsvps = await ctx.store.rsvps(event.id)
    people = await ctx.store.people_by_id(r.person_id for r in rsvps)
    # Someone who was already there stays on the list: that is what happened.
    leaving = [
        r
        for r in rsvps
        if r.person_id in people
        and not event.is_for(people[r.person_id].role)
        and r.present_at is None
    ]
    for rsvp in leaving:
        kinds = [*invitations.reminder_kinds(event), PREP_NUDGE]
        await ctx.store.unschedule(rsvp.person_id, event.id, kinds)
        if rsvp.state in ANSWERED:
            notice = Msg.of(
                f"change.audience_notice.{audience}",
                title=event.title,
                when=When(event.starts_at),
            )
            ctx.notify(people[rsvp.person_id], Reply(notice))
    await ctx.store.remove_from_event(event.id, [r.person_id for r in leaving])
    invited = 0
    if event.starts_at > ctx.clock.now():
        invited = await invitations.invite_members(ctx, event)
    # Places given up by those who left go to the next on the waitlist.
    await invitations.fill_free_places(ctx, event)
    lines: list[Param] = [
        Msg.of("change.audience_saved", title=event.title, audience=Msg.of(f"audience.{audience}"))
    ]
    if invited:
        lines.append(Msg.plural("change.audience_invited", invited))
    if leaving:
        lines.append(Msg.plural("change.audience_removed", len(leaving)))
    return Reply(Msg.of("change.audience_summary", lines=Joined(tuple(lines), lines=True)))
