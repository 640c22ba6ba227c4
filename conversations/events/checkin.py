"""QR check-in at an event, and the evaluation the next morning (stars, then a comment)."""

from __future__ import annotations

from datetime import time, timedelta

from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Evaluation, Event, Rsvp
from conversations.core.types import Button, Msg, Reply, When
from conversations.events.flow_states import EvaluationData, EvaluationStep
from conversations.events.names import EVALUATION, ROUND_TWO

NAME = "evaluation"
STATE = FlowState[EvaluationData, EvaluationStep]()
CHECKIN_BEFORE = timedelta(minutes=60)
CHECKIN_AFTER = timedelta(minutes=60)
EVALUATION_AT = time(10, 0)


async def check_in(ctx: Context, code: str) -> list[Reply]:
    event = await ctx.store.event_by_checkin(code)
    if event is None or event.cancelled_at is not None:
        return [Reply(Msg.of("checkin.unknown"))]
    person = ctx.person
    rsvp = await ctx.store.rsvp(event.id, person.id) if person else None
    if person is None or rsvp is None:
        return [Reply(Msg.of("checkin.not_invited", title=event.title))]
    now = ctx.clock.now()
    if now < event.starts_at - CHECKIN_BEFORE:
        return [Reply(Msg.of("checkin.too_early", title=event.title, when=When(event.starts_at)))]
    if now > event.ends_at + CHECKIN_AFTER:
        return [Reply(Msg.of("checkin.too_late", title=event.title))]
    if rsvp.present_at is not None:
        return [Reply(Msg.of("checkin.already", title=event.title))]
    await mark_present(ctx, event, rsvp)
    return [Reply(Msg.of("checkin.done", title=event.title, name=person.name or ""))]


async def mark_present(ctx: Context, event: Event, rsvp: Rsvp) -> None:
    rsvp.present_at = ctx.clock.now()
    await ctx.store.save_rsvp(rsvp)
    # The evaluation comes the next morning (not a quiet Sunday), when the day has sunk in.
    next_day = event.ends_at.astimezone(ctx.zone).date() + timedelta(days=1)
    morning = ctx.quiet.on_allowed_day(next_day, EVALUATION_AT)
    await ctx.store.schedule(EVALUATION, rsvp.person_id, event.id, morning)
    if event.kind == "main":
        # Round two starts when the main event ends (or now, when marked present later),
        # and waits for the morning when that is in quiet hours.
        start = ctx.quiet.next_allowed(max(event.ends_at, ctx.clock.now()))
        await ctx.store.schedule(ROUND_TWO, rsvp.person_id, event.id, start)


async def on_rating(ctx: Context, event_id: int, value: str) -> list[Reply]:
    person = ctx.person
    event = await ctx.store.event(event_id)
    rsvp = await ctx.store.rsvp(event_id, person.id) if person and event else None
    if (
        person is None
        or event is None
        or rsvp is None
        or rsvp.present_at is None
        or value not in ("1", "2", "3", "4", "5")
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    await ctx.store.save_evaluation(
        Evaluation(event.id, person.id, int(value), None), ctx.clock.now()
    )
    STATE.begin(ctx, NAME, "comment", {"event": event.id, "rating": int(value)})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    skip = Button(Msg.of("evaluation.skip"), "skip")
    return [Reply(Msg.of("evaluation.comment"), buttons=[[skip]])]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    comment = " ".join(text.split())[:500]
    if ctx.person is not None and comment:
        data = STATE.data(ctx)
        evaluation = Evaluation(int(data["event"]), ctx.person.id, int(data["rating"]), comment)
        await ctx.store.save_evaluation(evaluation, ctx.clock.now())
    end(ctx)
    return [Reply(Msg.of("evaluation.thanks"))]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    end(ctx)
    return [Reply(Msg.of("evaluation.thanks"))]
