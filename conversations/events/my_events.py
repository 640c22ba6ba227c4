"""/events for job seekers and buddies: what is coming and what they said."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.types import Msg, Reply
from conversations.events.invitations import rsvp_buttons, when_and_where


async def my_events(ctx: Context) -> list[Reply]:
    """/events for job seekers and buddies: what is coming and what they said."""
    person = ctx.person
    assert person is not None
    events = await ctx.store.events_of_person(person.id, ctx.clock.now())
    if not events:
        return [Reply(Msg.of("events.none"))]
    replies = []
    for event in events:
        rsvp = await ctx.store.rsvp(event.id, person.id)
        state = rsvp.state if rsvp else "invited"
        text = Msg.of(
            "events.mine", details=when_and_where(event), state=Msg.of(f"rsvp.state.{state}")
        )
        replies.append(Reply(text, buttons=rsvp_buttons(event)))
    return replies
