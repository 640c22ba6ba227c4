"""Who a broadcast reaches, and the sender's Pause / Go on / Stop on its progress message."""

from __future__ import annotations

from conversations.broadcast.names import CONTROL
from conversations.core.context import Context
from conversations.core.records import Person
from conversations.core.types import Button, Msg, Reply


async def audience_people(ctx: Context, audience: str) -> list[Person]:
    """Who an audience reaches: a coach only ever reaches people in their own programmes."""
    person = ctx.person
    assert person is not None
    base = (
        await ctx.store.everyone() if ctx.is_admin else await ctx.store.people_of_coach(person.id)
    )
    base = [p for p in base if p.chat_key and p.id != person.id and p.role != "admin"]
    kind, _, rest = audience.partition(":")
    if kind == "buddies":
        return [p for p in base if p.role == "buddy"]
    if kind == "candidates":
        return [p for p in base if p.role == "candidate"]
    if kind == "lang":
        return [p for p in base if (p.language or "nl") == rest]
    if kind == "prog" and rest.isdigit():
        members = set(await ctx.store.member_ids(int(rest)))
        return [p for p in base if p.id in members]
    if kind == "ev":
        event_id, _, state = rest.partition(":")
        event = await ctx.store.event(int(event_id)) if event_id.isdigit() else None
        programme = await ctx.store.programme(event.programme_id) if event else None
        if (
            event is None
            or programme is None
            or (programme.coach_id != person.id and not ctx.is_admin)
        ):
            return []
        wanted = {
            r.person_id
            for r in await ctx.store.rsvps(event.id)
            if state == "all"
            or r.state == state
            or (state == "present" and r.present_at is not None)
        }
        return [p for p in base if p.id in wanted]
    return base


async def on_control(ctx: Context, broadcast_id: int, action: str) -> list[Reply]:
    """Pause, resume or cancel from the buttons on the progress message."""
    broadcast = await ctx.store.broadcast(broadcast_id)
    if (
        ctx.person is None
        or broadcast is None
        or broadcast.sender_id != ctx.person.id
        or action not in ("pause", "go", "stop")
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    if broadcast.state in ("done", "cancelled"):
        return [Reply(Msg.of("broadcast.already_finished"))]
    broadcast.state = {"pause": "paused", "go": "sending", "stop": "cancelled"}[action]  # type: ignore[assignment]
    await ctx.store.save_broadcast(broadcast)
    if action != "pause":
        return [Reply(Msg.of(f"broadcast.control.{action}"))]
    buttons = [
        [
            Button(Msg.of("broadcast.button.go"), f"{CONTROL}:{broadcast.id}:go", bound=True),
            Button(Msg.of("broadcast.button.stop"), f"{CONTROL}:{broadcast.id}:stop", bound=True),
        ]
    ]
    return [Reply(Msg.of("broadcast.control.pause"), buttons=buttons)]
