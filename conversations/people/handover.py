"""/handover (admins): the programmes of a coach who left go to another coach, with their
events, pairs and members; the new coach is told. Until then they wait, and an admin
sees so at /start."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, rows
from conversations.core.records import name_of
from conversations.core.types import Button, Joined, Msg, Reply
from conversations.events.programmes import label
from conversations.people.flow_states import HandoverData, HandoverStep

NAME = "handover"
STATE = FlowState[HandoverData, HandoverStep]()
SHOWN = 30


async def start(ctx: Context) -> list[Reply]:
    if not await ctx.store.programmes_without_coach():
        return [Reply(Msg.of("handover.none"))]
    STATE.begin(ctx, NAME, "programme", {})
    return await ask(ctx)


async def waiting_note(ctx: Context) -> list[Reply]:
    """For an admin: which programmes wait for a new coach, if any."""
    if ctx.role != "admin":
        return []
    waiting = await ctx.store.programmes_without_coach()
    if not waiting:
        return []
    names = Joined(tuple(p.name for p in waiting))
    return [Reply(Msg.of("handover.waiting", programmes=names))]


async def ask(ctx: Context) -> list[Reply]:
    if STATE.step(ctx) == "coach":
        programme = await ctx.store.programme(int(STATE.data(ctx)["programme"]))
        coaches = await ctx.store.people_with_role("coach")
        if programme is None or not coaches:
            end(ctx)
            return [Reply(Msg.of("handover.no_coaches"))]
        buttons = [
            Button(f"{c.name} ({c.profile.get('organisation', '')})"[:60], f"coach:{c.id}")
            for c in coaches[:SHOWN]
        ]
        text = Msg.of("handover.pick_coach", programme=label(programme))
        return [Reply(text, buttons=rows(buttons, 1))]
    waiting = await ctx.store.programmes_without_coach()
    if not waiting:
        end(ctx)
        return [Reply(Msg.of("handover.none"))]
    buttons = [Button(label(p), f"prog:{p.id}") for p in waiting[:SHOWN]]
    return [Reply(Msg.of("handover.pick_programme"), buttons=rows(buttons, 1))]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    action, _, arg = value.partition(":")
    waiting = {p.id: p for p in await ctx.store.programmes_without_coach()}
    step, data = STATE.step(ctx), STATE.data(ctx)
    if step == "programme" and action == "prog" and arg.isdigit():
        if int(arg) not in waiting:
            return [Reply(Msg.of("handover.taken")), *await ask(ctx)]
        STATE.set_step(ctx, "coach")
        data["programme"] = int(arg)
        return await ask(ctx)
    if step == "coach" and action == "coach" and arg.isdigit():
        programme = waiting.get(int(data["programme"]))
        coach = await ctx.store.person(int(arg))
        end(ctx)
        if programme is None:
            return [Reply(Msg.of("handover.taken"))]
        if coach is None or coach.role != "coach" or coach.onboarded_at is None:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused"))]
        await ctx.store.hand_over(programme.id, coach.id)
        now = ctx.clock.now()
        events = [
            e
            for e in await ctx.store.events_of_coach(coach.id, now)
            if e.programme_id == programme.id and e.cancelled_at is None
        ]
        pairs = [
            p
            for p in await ctx.store.pairs_of_coach(coach.id)
            if p.programme_id == programme.id and p.state in ("proposed", "accepted")
        ]
        told = Msg.of(
            "handover.new_coach",
            programme=label(programme),
            events=Msg.plural("handover.events", len(events)),
            pairs=Msg.plural("handover.pairs", len(pairs)),
        )
        ctx.notify(coach, Reply(told))
        done = Reply(Msg.of("handover.done", coach=name_of(coach), programme=label(programme)))
        return [done, *await waiting_note(ctx)]
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
