"""Recording what a pair agreed, after one of them said the talk happened: a kind of
action (or "nothing agreed (yet)"), who does it and by when; the other side is asked to
confirm (conversations/agreements.py).

```mermaid
stateDiagram-v2
    [*] --> kind: "what did you agree?" after "yes, we talked"
    kind --> [*]: nothing agreed (yet): recorded on the meeting, no nudges
    kind --> text: in your own words
    kind --> owner
    text --> owner
    owner --> due
    due --> date: a date of your own
    due --> [*]: recorded, the other side is asked to confirm
    date --> [*]
```
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, rows
from conversations.core.records import AGREEMENT_KINDS, Agreement, Meeting, Pair, name_of
from conversations.core.types import Button, Msg, Reply, When
from conversations.joining.fields import check_text, problem_message
from conversations.pairs.agreements import describe
from conversations.pairs.flow_states import AgreementData, AgreementStep, OwnerChoice
from conversations.pairs.meeting_facts import record_nothing, record_talk
from conversations.pairs.names import AGREEMENT_CONFIRM
from conversations.time.when import parse_day as read_day

NAME = "agreement"
STATE = FlowState[AgreementData, AgreementStep]()
OWNERS: tuple[OwnerChoice, ...] = ("me", "other", "both")
TEXT_MAX = 200
DUE_CHOICES = {"w1": 7, "w2": 14, "m1": 30}


async def on_new(ctx: Context, meeting_id: int, action: str) -> list[Reply]:
    """ "Record an agreement" on a meeting that was held (in /pairs), and "Record what we
    agreed" on follow-ups sent before "did you talk?": pressing it says they did."""
    meeting = await ctx.store.meeting(meeting_id)
    pair = await ctx.store.pair(meeting.pair_id) if meeting else None
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if pair is not None and pair.ended_for(ctx.person.id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    if (
        meeting is None
        or pair is None
        or action != "new"
        or ctx.person.id not in (pair.candidate_id, pair.buddy_id)
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    if meeting.state in ("planned", "call", "missed"):
        if meeting.starts_at is not None and meeting.starts_at > ctx.clock.now():
            return [Reply(Msg.of("talk.too_early", when=When(meeting.starts_at)))]
        await record_talk(ctx, meeting, ctx.person.id, "yes")
    elif meeting.state != "held":
        return [Reply(Msg.of("talk.not_planned"))]
    return await start(ctx, pair, meeting)


async def start(ctx: Context, pair: Pair, meeting: Meeting) -> list[Reply]:
    STATE.begin(ctx, NAME, "kind", {"pair": pair.id, "meeting": meeting.id})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    step = STATE.step(ctx)
    if step == "kind":
        buttons = [Button(Msg.of(f"agreement.kind.{k}"), f"kind:{k}") for k in AGREEMENT_KINDS]
        buttons.append(Button(Msg.of("agreement.kind.nothing"), "kind:nothing"))
        return [Reply(Msg.of("agreement.ask_kind"), buttons=rows(buttons, 1))]
    if step == "owner":
        buttons = [Button(Msg.of(f"agreement.owner.{o}"), f"owner:{o}") for o in OWNERS]
        return [Reply(Msg.of("agreement.ask_owner"), buttons=[buttons])]
    if step == "due":
        buttons = [Button(Msg.of(f"agreement.due.{d}"), f"due:{d}") for d in (*DUE_CHOICES, "date")]
        return [Reply(Msg.of("agreement.ask_due"), buttons=rows(buttons, 2))]
    if step == "date":
        return [Reply(Msg.of("agreement.ask_date"))]
    return [Reply(Msg.of("agreement.ask_text"))]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, data = STATE.step(ctx), STATE.data(ctx)
    action, _, arg = value.partition(":")
    if step == "kind" and value == "kind:nothing":
        return await _nothing(ctx)
    if step == "kind" and action == "kind" and arg in AGREEMENT_KINDS:
        data["kind"] = arg
        STATE.set_step(ctx, "text" if arg == "own" else "owner")
        return await ask(ctx)
    if step == "owner" and action == "owner" and arg in OWNERS:
        data["owner"] = arg
        STATE.set_step(ctx, "due")
        return await ask(ctx)
    if step == "due" and action == "due" and arg in DUE_CHOICES:
        today = ctx.clock.now().astimezone(ctx.zone).date()
        return await _record(ctx, today + timedelta(days=DUE_CHOICES[arg]))
    if step == "due" and value == "due:date":
        STATE.set_step(ctx, "date")
        return await ask(ctx)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step = STATE.step(ctx)
    if step in ("kind", "text"):
        # Words typed where a kind is asked are the agreement in their own words.
        cleaned, problem = check_text("text", text, TEXT_MAX)
        if problem:
            return [Reply(problem_message(problem, cleaned, TEXT_MAX)), *await ask(ctx)]
        STATE.data(ctx).update({"kind": "own", "text": cleaned})
        STATE.set_step(ctx, "owner")
        return await ask(ctx)
    if step == "date":
        # Any time of day will do: only the date counts.
        moment, trouble = parse_day(text, ctx)
        if moment is None:
            return [Reply(Msg.of(f"agreement.date_{trouble}")), *await ask(ctx)]
        return await _record(ctx, moment)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _nothing(ctx: Context) -> list[Reply]:
    """ "Nothing agreed (yet)": recorded on the meeting, so the pair reads "met, nothing
    agreed"; nothing to nudge about. Something agreed later is recorded from /pairs."""
    meeting_id = STATE.data(ctx).get("meeting")
    end(ctx)
    meeting = await ctx.store.meeting(int(meeting_id)) if meeting_id else None
    if meeting is not None and ctx.person is not None:
        await record_nothing(ctx, meeting, ctx.person.id)
    return [Reply(Msg.of("agreement.nothing_noted"))]


def parse_day(text: str, ctx: Context) -> tuple[date | None, str]:
    day, trouble = read_day(text, ctx.clock.now(), ctx.zone)
    if day is None:
        return None, "past" if trouble and trouble.problem == "past" else "unparsable"
    return day, ""


async def _record(ctx: Context, due: date) -> list[Reply]:
    data = STATE.data(ctx)
    end(ctx)
    pair = await ctx.store.pair(int(data["pair"]))
    person = ctx.person
    if pair is None or person is None:
        return []
    is_candidate = person.id == pair.candidate_id
    owners: dict[OwnerChoice, Literal["candidate", "buddy", "both"]] = {
        "both": "both",
        "me": "candidate" if is_candidate else "buddy",
        "other": "buddy" if is_candidate else "candidate",
    }
    owner = owners[data["owner"]]
    agreement = await ctx.store.create_agreement(
        Agreement(
            id=0,
            pair_id=pair.id,
            kind=data["kind"],
            owner=owner,
            due_on=due,
            recorded_by=person.id,
            created_at=ctx.clock.now(),
            text=data.get("text"),
        )
    )
    candidate = await ctx.store.person(pair.candidate_id)
    buddy = await ctx.store.person(pair.buddy_id)
    other = buddy if is_candidate else candidate
    if other is not None:
        buttons = [
            [
                Button(
                    Msg.of("agreement.confirm_yes"),
                    f"{AGREEMENT_CONFIRM}:{agreement.id}:yes",
                    bound=True,
                ),
                Button(
                    Msg.of("agreement.confirm_no"),
                    f"{AGREEMENT_CONFIRM}:{agreement.id}:no",
                    bound=True,
                ),
            ]
        ]
        who = Msg.of(
            f"agreement.by.{owner}",
            candidate=name_of(candidate),
            buddy=name_of(buddy),
        )
        ctx.notify(
            other,
            Reply(
                Msg.of(
                    "agreement.confirm", name=name_of(person), what=describe(agreement), who=who
                ),
                buttons=buttons,
            ),
        )
    return [
        Reply(
            Msg.of(
                "agreement.recorded",
                what=describe(agreement),
                name=name_of(other),
            )
        )
    ]
