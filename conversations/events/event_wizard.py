"""/newevent: a coach plans an event step by step, sees a preview, then saves it.

```mermaid
stateDiagram-v2
    [*] --> programme
    programme --> kind
    kind --> audience: job seekers, employers or both (suggested by the kind)
    audience --> title
    title --> when
    when --> when_ok: the date is read back in words
    when_ok --> when: not right
    when_ok --> duration
    when_ok --> repeat: a meetup
    repeat --> duration: once, weekly or monthly
    duration --> venue
    venue --> address
    address --> pin: or skip
    pin --> capacity: location or skip
    capacity --> description
    description --> preview: or skip
    preview --> [*]: save (members are invited) or cancel
```
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, rows
from conversations.core.records import AUDIENCES, EVENT_KINDS, Audience, Event
from conversations.core.types import Button, Joined, Msg, Param, Reply, When
from conversations.core.wizard import KEEP, clip, with_back, with_current
from conversations.events import invitations, series
from conversations.events.flow_states import (
    EventDraft,
    NewEventData,
    NewEventStep,
    NewEventTextStep,
    NewEventTypedStep,
    Repeat,
)
from conversations.events.programmes import label, needs_coach_programme
from conversations.joining.fields import check_text, problem_message
from conversations.time.durations import parse_minutes
from conversations.time.when import parse_moment, unclear_message

NAME = "newevent"
STATE = FlowState[NewEventData, NewEventStep]()
DURATIONS = (60, 90, 120, 180)
TEXT_LIMITS: dict[NewEventTextStep, int] = {
    "title": 80,
    "venue": 80,
    "address": 120,
    "description": 600,
}
CAPACITY_MAX = 1000
REPEATS: tuple[Repeat, ...] = ("once", "weekly", "1st", "2nd", "3rd", "4th", "last")
# What a new event is for unless the coach says otherwise (else both): preparation is for
# job seekers.
DEFAULT_AUDIENCE: dict[str, Audience] = {k: "candidate" for k in ("prep1", "prep2", "prep3")}
# Typed steps and where each goes next; after Back the earlier answer can be kept.
FOLLOWING: dict[NewEventTypedStep, NewEventStep] = {
    "title": "when",
    "when": "when_ok",
    "venue": "address",
    "address": "pin",
    "capacity": "description",
    "description": "preview",
}
SKIPS: dict[NewEventStep, NewEventStep] = {
    "address": "pin",
    "pin": "capacity",
    "description": "preview",
}


async def start(ctx: Context) -> list[Reply]:
    if refusal := await needs_coach_programme(ctx):
        return [refusal]
    STATE.begin(ctx, NAME, "programme", {})
    return await ask(ctx)


def _skip() -> list[list[Button]]:
    return [[Button(Msg.of("wizard.skip"), "skip")]]


async def ask(ctx: Context) -> list[Reply]:
    return with_back(ctx, await _question(ctx))


def _current(ctx: Context, step: NewEventTypedStep) -> Param | None:
    """What was typed at a step before, when the person came back to it."""
    draft = STATE.data(ctx).get("draft", {})
    if step == "when":
        return When(datetime.fromisoformat(draft["starts_at"])) if "starts_at" in draft else None
    value = draft.get(step)
    return clip(str(value)) if value is not None else None


async def _question(ctx: Context) -> list[Reply]:
    step, draft = STATE.step(ctx), STATE.data(ctx).get("draft", {})
    if step == "programme":
        assert ctx.person is not None
        programmes = await ctx.store.programmes_of_coach(ctx.person.id)
        buttons = [Button(label(p), f"prog:{p.id}") for p in programmes[-20:]]
        return [Reply(Msg.of("event.ask_programme"), buttons=rows(buttons, 1))]
    if step == "kind":
        buttons = [Button(Msg.of(f"event.kind.{k}"), f"kind:{k}") for k in EVENT_KINDS]
        return [Reply(Msg.of("event.ask_kind"), buttons=rows(buttons, 2))]
    if step == "audience":
        return [audience_question(_audience(draft))]
    if step == "when_ok":
        yes = Button(Msg.of("event.when_yes"), "yes")
        no = Button(Msg.of("event.when_no"), "no")
        moment = datetime.fromisoformat(draft["starts_at"])
        return [Reply(Msg.of("event.when_check", when=When(moment)), buttons=[[yes, no]])]
    if step == "repeat":
        starts = datetime.fromisoformat(draft["starts_at"])
        return [Reply(Msg.of("series.ask"), buttons=rows(series.choices(starts, ctx), 1))]
    if step == "duration":
        buttons = [Button(Msg.of(f"event.duration.{m}"), f"min:{m}") for m in DURATIONS]
        return [Reply(Msg.of("event.ask_duration"), buttons=rows(buttons, 2))]
    if step in ("address", "description"):
        skip = Button(Msg.of("wizard.skip"), "skip")
        return [with_current(Msg.of(f"event.ask_{step}"), _current(ctx, step), skip)]
    if step == "pin":
        return [Reply(Msg.of("event.ask_pin"), buttons=_skip())]
    if step == "preview":
        save = Button(Msg.of("event.save"), "save")
        cancel = Button(Msg.of("event.discard"), "discard")
        return [
            Reply(
                Msg.of(
                    "event.preview",
                    details=invitations.when_and_where(_event(ctx, draft)),
                    capacity=draft["capacity"],
                    audience=Msg.of(f"audience.{_audience(draft)}"),
                    description=draft.get("description") or "",
                    repeat=Msg.of(f"series.preview.{draft['repeat']}")
                    if draft.get("repeat", "once") != "once"
                    else "",
                ),
                buttons=[[save, cancel]],
            )
        ]
    return [with_current(Msg.of(f"event.ask_{step}"), _current(ctx, step))]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, draft = STATE.step(ctx), STATE.data(ctx).setdefault("draft", {})
    action, _, arg = value.partition(":")
    if step == "programme" and action == "prog" and arg.isdigit():
        programme = await ctx.store.programme(int(arg))
        if programme is None or ctx.person is None or programme.coach_id != ctx.person.id:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused")), *await ask(ctx)]
        draft["programme"] = programme.id
        return await _go(ctx, "kind")
    if step == "kind" and action == "kind" and arg in EVENT_KINDS:
        draft["kind"] = arg
        return await _go(ctx, "audience")
    if step == "audience" and (value == KEEP or (action == "aud" and arg in AUDIENCES)):
        if action == "aud" and arg in AUDIENCES:
            draft["audience"] = arg
        return await _go(ctx, "title")
    if value == KEEP and step in FOLLOWING and _current(ctx, step) is not None:
        return await _go(ctx, FOLLOWING[step])
    if step == "when_ok":
        if value != "yes":
            draft.pop("starts_at", None)
            return await _go(ctx, "when")
        return await _go(ctx, "repeat" if draft.get("kind") == "meetup" else "duration")
    if step == "repeat" and action == "repeat" and arg in REPEATS:
        draft["repeat"] = arg
        return await _go(ctx, "duration")
    if step == "duration" and action == "min" and arg.isdigit() and int(arg) in DURATIONS:
        draft["minutes"] = int(arg)
        return await _go(ctx, "venue")
    if value == "skip" and step in SKIPS:
        return await _go(ctx, SKIPS[step])
    if step == "preview" and value == "discard":
        end(ctx)
        return [Reply(Msg.of("event.discarded"))]
    if step == "preview" and value == "save":
        return await _save(ctx, draft)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_location(ctx: Context, latitude: float, longitude: float) -> list[Reply]:
    if STATE.step(ctx) != "pin":
        return [Reply(Msg.of("error.text_only")), *await ask(ctx)]
    STATE.data(ctx)["draft"].update({"latitude": latitude, "longitude": longitude})
    return await _go(ctx, "capacity")


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step, draft = STATE.step(ctx), STATE.data(ctx).setdefault("draft", {})
    if step == "when":
        moment, trouble = parse_moment(text, ctx.clock.now(), ctx.zone)
        if moment is None:
            return [Reply(unclear_message(trouble)), *await ask(ctx)]
        draft["starts_at"] = moment.isoformat()
        return await _go(ctx, "when_ok")
    if step == "duration":
        minutes = parse_minutes(text)
        if minutes is None:
            return [Reply(Msg.of("event.duration_invalid")), *await ask(ctx)]
        draft["minutes"] = minutes
        return await _go(ctx, "venue")
    if step == "capacity":
        number = text.strip()
        if not number.lstrip("-").isdigit() or not 1 <= int(number) <= CAPACITY_MAX:
            return [Reply(Msg.of("event.capacity_invalid", max=CAPACITY_MAX)), *await ask(ctx)]
        draft["capacity"] = int(number)
        return await _go(ctx, "description")
    if step in TEXT_LIMITS:
        cleaned, problem = check_text("text", text, TEXT_LIMITS[step])
        if problem:
            return [Reply(problem_message(problem, cleaned, TEXT_LIMITS[step])), *await ask(ctx)]
        draft[step] = cleaned
        return await _go(ctx, FOLLOWING[step])
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _go(ctx: Context, step: NewEventStep) -> list[Reply]:
    STATE.go(ctx, step)
    return await ask(ctx)


def _event(ctx: Context, draft: EventDraft) -> Event:
    starts = datetime.fromisoformat(draft["starts_at"])
    return Event(
        id=0,
        programme_id=int(draft["programme"]),
        kind=draft["kind"],
        title=draft["title"],
        starts_at=starts,
        ends_at=starts + timedelta(minutes=int(draft["minutes"])),
        venue_name=draft["venue"],
        venue_address=draft.get("address"),
        latitude=draft.get("latitude"),
        longitude=draft.get("longitude"),
        capacity=int(draft["capacity"]),
        description=draft.get("description"),
        checkin_code=secrets.token_urlsafe(12),
        created_at=ctx.clock.now(),
        audience=_audience(draft),
    )


def _audience(draft: EventDraft) -> Audience:
    """Who the event is for: the coach's choice, else what suits its kind."""
    for audience in AUDIENCES:
        if draft.get("audience") == audience:
            return audience
    return DEFAULT_AUDIENCE.get(str(draft.get("kind")), "both")


def audience_question(current: Audience) -> Reply:
    """Who is it for, with the current answer to keep (also when changing an event)."""
    buttons = [[Button(Msg.of("flow.keep"), KEEP)]] + [
        [Button(Msg.of(f"audience.button.{a}"), f"aud:{a}")] for a in AUDIENCES
    ]
    return Reply(
        Msg.of("event.ask_audience", current=Msg.of(f"audience.{current}")), buttons=buttons
    )


async def _save(ctx: Context, draft: EventDraft) -> list[Reply]:
    event = _event(ctx, draft)
    if event.starts_at <= ctx.clock.now():
        # The preview may have waited a long time.
        STATE.go(ctx, "when")
        return [Reply(Msg.of("event.when_past")), *await ask(ctx)]
    event = await ctx.store.create_event(event)
    invited = await invitations.invite_members(ctx, event)
    rule = series.rule_for(event.starts_at, draft.get("repeat", "once"), ctx)
    more = []
    if rule is not None:
        made = await ctx.store.create_series(
            event.programme_id, rule.to_json(), event.id, ctx.clock.now()
        )
        more = await series.extend(ctx, made)
    end(ctx)
    reply = Reply(Msg.of("event.saved", title=event.title, invited=invited))
    if not more:
        return [reply]
    dates = Joined(tuple(When(e.starts_at) for e in more), lines=True)
    return [reply, Reply(Msg.of("series.created", count=len(more), dates=dates))]
