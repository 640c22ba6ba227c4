"""Changing or cancelling an event; everyone who said yes or maybe is told what changed.

```mermaid
stateDiagram-v2
    [*] --> field: change
    field --> value: time, place, places, description, reminders or who it is for
    value --> when_ok: a new time is read back in words
    when_ok --> value: not right
    value --> [*]: saved, people told
    when_ok --> [*]: saved, people told
    [*] --> cancel: cancel
    cancel --> [*]: yes (people told) or no
```
"""

from __future__ import annotations

from datetime import datetime

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, rows
from conversations.core.records import AUDIENCES, Event, Rsvp
from conversations.core.types import Button, Msg, Reply, When
from conversations.core.wizard import KEEP, with_back
from conversations.events import event_audience, invitations
from conversations.events.event_wizard import CAPACITY_MAX, TEXT_LIMITS, audience_question
from conversations.events.flow_states import (
    ChangeField,
    EventChangeData,
    EventChangeStep,
    TypedField,
)
from conversations.joining.fields import check_text, problem_message
from conversations.time.when import parse_moment, unclear_message

NAME = "event_change"
STATE = FlowState[EventChangeData, EventChangeStep]()
# What can be changed: the fields typed in, then those picked with a button.
TYPED: tuple[TypedField, ...] = ("when", "venue", "capacity", "description")
FIELDS: tuple[ChangeField, ...] = (*TYPED, "reminders", "audience")
# Reminder sets a coach can pick, in minutes before the start.
REMINDER_SETS: dict[str, list[int]] = {
    "std": [2880, 120],
    "day": [1440, 120],
    "week": [10080, 1440],
    "short": [120],
    "none": [],
}


async def start(ctx: Context, event: Event, cancel: bool = False) -> list[Reply]:
    # Changing and cancelling the same event are two tasks: one does not take up the other.
    STATE.begin(ctx, NAME, "cancel" if cancel else "field", {"event": event.id, "cancel": cancel})
    return await ask(ctx)


async def _event(ctx: Context) -> Event | None:
    return await ctx.store.event(int(STATE.data(ctx)["event"]))


async def ask(ctx: Context) -> list[Reply]:
    return with_back(ctx, await _question(ctx))


async def _question(ctx: Context) -> list[Reply]:
    event, step = await _event(ctx), STATE.step(ctx)
    if event is None:
        end(ctx)
        return []
    if step == "cancel":
        yes = Button(Msg.of("change.cancel_yes"), "yes")
        no = Button(Msg.of("change.cancel_no"), "no")
        return [Reply(Msg.of("change.cancel_confirm", title=event.title), buttons=[[yes], [no]])]
    if step == "field":
        buttons = [Button(Msg.of(f"change.field.{f}"), f"field:{f}") for f in FIELDS]
        return [Reply(Msg.of("change.pick", title=event.title), buttons=rows(buttons, 2))]
    if step == "when_ok":
        yes = Button(Msg.of("event.when_yes"), "yes")
        no = Button(Msg.of("event.when_no"), "no")
        moment = datetime.fromisoformat(STATE.data(ctx)["starts_at"])
        return [Reply(Msg.of("event.when_check", when=When(moment)), buttons=[[yes, no]])]
    field = STATE.data(ctx).get("field", "when")
    if field == "audience":
        return [audience_question(event.audience)]
    if field == "reminders":
        buttons = [Button(Msg.of(f"change.reminders.{k}"), f"rem:{k}") for k in REMINDER_SETS]
        return [Reply(Msg.of("change.ask_reminders"), buttons=rows(buttons, 1))]
    return [Reply(Msg.of("event.ask_when" if field == "when" else f"event.ask_{field}"))]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    event, step = await _event(ctx), STATE.step(ctx)
    if event is None:
        end(ctx)
        return []
    if step == "cancel":
        end(ctx)
        if value != "yes":
            return [Reply(Msg.of("change.cancel_kept"))]
        return await _cancel(ctx, event)
    chosen_field = value.removeprefix("field:")
    if step == "field" and chosen_field in FIELDS:
        STATE.data(ctx)["field"] = chosen_field
        STATE.go(ctx, "value")
        return await ask(ctx)
    if step == "value" and STATE.data(ctx).get("field") == "audience":
        chosen = next((a for a in AUDIENCES if value == f"aud:{a}"), None)
        if value == KEEP or chosen == event.audience:
            end(ctx)
            audience = Msg.of(f"audience.{event.audience}")
            return [Reply(Msg.of("change.audience_kept", title=event.title, audience=audience))]
        if chosen is not None:
            end(ctx)
            return [await event_audience.change(ctx, event, chosen)]
    if step == "value" and value.removeprefix("rem:") in REMINDER_SETS:
        for rsvp in await ctx.store.rsvps(event.id):
            await ctx.store.unschedule(rsvp.person_id, event.id, invitations.reminder_kinds(event))
        event.reminders = REMINDER_SETS[value.removeprefix("rem:")]
        return await _saved(ctx, event, "reminders", tell=False)
    if step == "when_ok":
        if value != "yes":
            STATE.go(ctx, "value")
            return await ask(ctx)
        starts = datetime.fromisoformat(STATE.data(ctx)["starts_at"])
        event.ends_at, event.starts_at = starts + (event.ends_at - event.starts_at), starts
        return await _saved(ctx, event, "when")
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    event, field = await _event(ctx), STATE.data(ctx).get("field")
    if event is None or STATE.step(ctx) != "value" or field not in TYPED:
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    if field == "when":
        moment, trouble = parse_moment(text, ctx.clock.now(), ctx.zone)
        if moment is None:
            return [Reply(unclear_message(trouble)), *await ask(ctx)]
        STATE.data(ctx)["starts_at"] = moment.isoformat()
        STATE.go(ctx, "when_ok")
        return await ask(ctx)
    if field == "capacity":
        number = text.strip()
        if not number.lstrip("-").isdigit() or not 1 <= int(number) <= CAPACITY_MAX:
            return [Reply(Msg.of("event.capacity_invalid", max=CAPACITY_MAX)), *await ask(ctx)]
        event.capacity = int(number)
        return await _saved(ctx, event, field)
    cleaned, problem = check_text("text", text, TEXT_LIMITS[field])
    if problem:
        return [Reply(problem_message(problem, cleaned, TEXT_LIMITS[field])), *await ask(ctx)]
    if field == "venue":
        event.venue_name = cleaned
    else:
        event.description = cleaned
    return await _saved(ctx, event, field)


async def _attendees(ctx: Context, event: Event) -> list[Rsvp]:
    return [r for r in await ctx.store.rsvps(event.id) if r.state in ("yes", "maybe", "waitlist")]


async def _saved(ctx: Context, event: Event, field: str, tell: bool = True) -> list[Reply]:
    await ctx.store.save_event(event)
    told = 0
    # New times mean new reminders and a new calendar file (the same for everyone).
    calendar = invitations.calendar_file(ctx, event) if field == "when" else None
    for rsvp in await _attendees(ctx, event):
        person = await ctx.store.person(rsvp.person_id)
        if person is None:
            continue
        await invitations.plan_reminders(ctx, event, rsvp)
        if rsvp.state == "waitlist" or not tell:
            continue
        what = Msg.of(f"change.field.{field}")
        ctx.notify(
            person,
            Reply(Msg.of("change.notice", what=what, details=invitations.when_and_where(event))),
        )
        if calendar is not None and rsvp.state == "yes":
            ctx.notify(person, Reply(Msg.of("rsvp.calendar"), attachment=calendar))
        told += 1
    if field == "capacity":
        await invitations.fill_free_places(ctx, event)
    end(ctx)
    return [Reply(Msg.plural("change.saved", told, title=event.title))]


async def _cancel(ctx: Context, event: Event) -> list[Reply]:
    event.cancelled_at = ctx.clock.now()
    await ctx.store.save_event(event)
    told = 0
    for rsvp in await _attendees(ctx, event):
        person = await ctx.store.person(rsvp.person_id)
        if person is not None:
            ctx.notify(
                person,
                Reply(
                    Msg.of("change.cancelled_notice", title=event.title, when=When(event.starts_at))
                ),
            )
            told += 1
    return [Reply(Msg.plural("change.cancelled", told, title=event.title))]
