"""What a pair agreed, the other side's confirmation, and the follow-up nudges.

```mermaid
stateDiagram-v2
    [*] --> kind: "what did you agree?" after the meeting
    kind --> text: in your own words
    kind --> owner
    text --> owner
    owner --> due
    due --> date: a date of your own
    due --> [*]: recorded, the other side is asked to confirm
    date --> [*]
```
An agreement is unconfirmed, then confirmed (nudges planned) or disputed (the coach is
told), and finally done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from conversations.fields import check_text, problem_message
from conversations.flow import begin, end, rows
from conversations.nudge_time import again_at, before_is_stale, nudge_plan
from conversations.records import AGREEMENT_KINDS, MILESTONES, Agreement, Pair
from conversations.relay import write_to
from conversations.types import Button, Context, Msg, Person, Reply, When, name_of
from conversations.when import parse_day as read_day

NAME = "agreement"
TEXT_MAX = 200
DUE_CHOICES = {"w1": 7, "w2": 14, "m1": 30}
AGAIN = {"r3": 3, "r7": 7}
# Two nudges in a row without any answer: the coach hears about it, gently, once.
SILENT_LIMIT = 2


async def on_new(ctx: Context, meeting_id: int, action: str) -> list[Reply]:
    """The "record what we agreed" button after a meeting."""
    meeting = await ctx.store.meeting(meeting_id)
    pair = await ctx.store.pair(meeting.pair_id) if meeting else None
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if pair is not None and pair.ended_for(ctx.person.id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    if pair is None or action != "new" or ctx.person.id not in (pair.candidate_id, pair.buddy_id):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    begin(ctx, NAME, "kind", {"pair": pair.id})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    step = ctx.conv.step
    if step == "kind":
        buttons = [Button(Msg.of(f"agreement.kind.{k}"), f"kind:{k}") for k in AGREEMENT_KINDS]
        return [Reply(Msg.of("agreement.ask_kind"), buttons=rows(buttons, 1))]
    if step == "owner":
        buttons = [
            Button(Msg.of(f"agreement.owner.{o}"), f"owner:{o}") for o in ("me", "other", "both")
        ]
        return [Reply(Msg.of("agreement.ask_owner"), buttons=[buttons])]
    if step == "due":
        buttons = [Button(Msg.of(f"agreement.due.{d}"), f"due:{d}") for d in (*DUE_CHOICES, "date")]
        return [Reply(Msg.of("agreement.ask_due"), buttons=rows(buttons, 2))]
    if step == "date":
        return [Reply(Msg.of("agreement.ask_date"))]
    return [Reply(Msg.of("agreement.ask_text"))]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    step, data = ctx.conv.step, ctx.conv.data
    action, _, arg = value.partition(":")
    if step == "kind" and action == "kind" and arg in AGREEMENT_KINDS:
        data["kind"] = arg
        ctx.conv.step = "text" if arg == "own" else "owner"
        return await ask(ctx)
    if step == "owner" and action == "owner" and arg in ("me", "other", "both"):
        data["owner"] = arg
        ctx.conv.step = "due"
        return await ask(ctx)
    if step == "due" and action == "due" and arg in DUE_CHOICES:
        today = ctx.clock.now().astimezone(ctx.zone).date()
        return await _record(ctx, today + timedelta(days=DUE_CHOICES[arg]))
    if step == "due" and value == "due:date":
        ctx.conv.step = "date"
        return await ask(ctx)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    step = ctx.conv.step
    if step == "text":
        cleaned, problem = check_text("text", text, TEXT_MAX)
        if problem:
            return [Reply(problem_message(problem, cleaned, TEXT_MAX)), *await ask(ctx)]
        ctx.conv.data["text"], ctx.conv.step = cleaned, "owner"
        return await ask(ctx)
    if step == "date":
        # Any time of day will do: only the date counts.
        moment, trouble = parse_day(text, ctx)
        if moment is None:
            return [Reply(Msg.of(f"agreement.date_{trouble}")), *await ask(ctx)]
        return await _record(ctx, moment)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


def parse_day(text: str, ctx: Context) -> tuple[date | None, str]:
    day, trouble = read_day(text, ctx.clock.now(), ctx.zone)
    if day is None:
        return None, "past" if trouble and trouble.problem == "past" else "unparsable"
    return day, ""


def describe(agreement: Agreement) -> Msg:
    what = agreement.text if agreement.kind == "own" else Msg.of(f"agreement.kind.{agreement.kind}")
    return Msg.of(
        "agreement.what",
        what=what or "",
        # Noon UTC, so the date reads the same in any European time zone.
        due=When(datetime.combine(agreement.due_on, time(12), UTC), date_only=True),
    )


async def _sides(ctx: Context, pair: Pair) -> tuple[Person | None, Person | None, Person | None]:
    return (
        await ctx.store.person(pair.candidate_id),
        await ctx.store.person(pair.buddy_id),
        await ctx.store.person(pair.coach_id),
    )


async def _record(ctx: Context, due: date) -> list[Reply]:
    data = ctx.conv.data
    end(ctx)
    pair = await ctx.store.pair(int(data["pair"]))
    person = ctx.person
    if pair is None or person is None:
        return []
    is_candidate = person.id == pair.candidate_id
    owner = {
        "both": "both",
        "me": "candidate" if is_candidate else "buddy",
        "other": "buddy" if is_candidate else "candidate",
    }[data["owner"]]
    agreement = await ctx.store.create_agreement(
        Agreement(
            id=0,
            pair_id=pair.id,
            kind=data["kind"],
            owner=owner,  # type: ignore[arg-type]
            due_on=due,
            recorded_by=person.id,
            created_at=ctx.clock.now(),
            text=data.get("text"),
        )
    )
    candidate, buddy, _ = await _sides(ctx, pair)
    other = buddy if is_candidate else candidate
    if other is not None:
        buttons = [
            [
                Button(Msg.of("agreement.confirm_yes"), f"ag:{agreement.id}:yes", bound=True),
                Button(Msg.of("agreement.confirm_no"), f"ag:{agreement.id}:no", bound=True),
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


async def on_confirm(ctx: Context, agreement_id: int, action: str) -> list[Reply]:
    agreement = await ctx.store.agreement(agreement_id)
    pair = await ctx.store.pair(agreement.pair_id) if agreement else None
    person = ctx.person
    if person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if pair is not None and pair.ended_for(person.id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    if (
        agreement is None
        or pair is None
        or action not in ("yes", "no")
        or person.id not in (pair.candidate_id, pair.buddy_id)
        or person.id == agreement.recorded_by
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("agreement.not_yours"))]
    if agreement.state != "unconfirmed":
        return [Reply(Msg.of("agreement.already_answered"))]
    if action == "no":
        agreement.state = "disputed"
        await ctx.store.save_agreement(agreement)
        await _tell_coach(ctx, pair, "agreement.coach_disputed", person, agreement)
        return [Reply(Msg.of("agreement.disputed"))]
    agreement.state = "confirmed"
    await ctx.store.save_agreement(agreement)
    await plan_nudges(ctx, pair, agreement)
    recorder = await ctx.store.person(agreement.recorded_by)
    if recorder is not None:
        ctx.notify(
            recorder,
            Reply(
                Msg.of("agreement.confirmed_other", name=name_of(person), what=describe(agreement))
            ),
        )
    return [Reply(Msg.of("agreement.confirmed", what=describe(agreement)))]


async def _tell_coach(
    ctx: Context, pair: Pair, key: str, person: Person, agreement: Agreement
) -> None:
    """The coach hears about a pair's action, with its context: who, what and by when; and
    can write to that person at once (Reply to a help request)."""
    candidate, buddy, coach = await _sides(ctx, pair)
    if coach is not None:
        ctx.notify(
            coach,
            Reply(
                Msg.of(
                    key,
                    name=name_of(person),
                    what=describe(agreement),
                    candidate=name_of(candidate),
                    buddy=name_of(buddy),
                ),
                buttons=[[write_to(person, reply=key == "nudge.coach_help")]],
            ),
            about=(pair.candidate_id, pair.buddy_id),
        )


def owners(pair: Pair, agreement: Agreement) -> list[int]:
    if agreement.owner == "both":
        return [pair.candidate_id, pair.buddy_id]
    return [pair.candidate_id if agreement.owner == "candidate" else pair.buddy_id]


async def plan_nudges(ctx: Context, pair: Pair, agreement: Agreement) -> None:
    """Rows for the nudges before and on the due date; the scheduler sends them."""
    subject = f"agreement:{agreement.id}"
    for kind, due in nudge_plan(agreement.due_on, ctx.clock.now(), ctx.quiet):
        for person_id in owners(pair, agreement):
            await ctx.store.schedule_about(f"nudge:{kind}", person_id, subject, due)


def nudge_buttons(agreement: Agreement) -> list[list[Button]]:
    return [
        [Button(Msg.of("nudge.done"), f"ng:{agreement.id}:done", bound=True)],
        [
            Button(Msg.of("nudge.r3"), f"ng:{agreement.id}:r3", bound=True),
            Button(Msg.of("nudge.r7"), f"ng:{agreement.id}:r7", bound=True),
        ],
        [Button(Msg.of("nudge.help"), f"ng:{agreement.id}:help", bound=True)],
    ]


async def nudge_message(
    ctx: Context, agreement_id: int, person: Person, kind: str = "nudge:due"
) -> list[Reply]:
    """The nudge itself; counts unanswered nudges and alerts the coach after two."""
    agreement = await ctx.store.agreement(agreement_id)
    pair = await ctx.store.pair(agreement.pair_id) if agreement else None
    if agreement is None or pair is None or agreement.state != "confirmed":
        return []
    if kind == "nudge:before" and before_is_stale(agreement.due_on, ctx.clock.now(), ctx.quiet):
        return []
    agreement.unanswered += 1
    await ctx.store.save_agreement(agreement)
    if agreement.unanswered == SILENT_LIMIT:
        await _tell_coach(ctx, pair, "nudge.coach_silent", person, agreement)
    text = Msg.of("nudge.text", what=describe(agreement))
    return [Reply(text, buttons=nudge_buttons(agreement), about=(pair.candidate_id, pair.buddy_id))]


async def on_nudge(ctx: Context, agreement_id: int, action: str) -> list[Reply]:
    person = ctx.person
    if person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    agreement = await ctx.store.agreement(agreement_id)
    pair = await ctx.store.pair(agreement.pair_id) if agreement else None
    if pair is not None and pair.ended_for(person.id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    if (
        agreement is None
        or pair is None
        or action not in ("done", "r3", "r7", "help")
        or person.id not in (pair.candidate_id, pair.buddy_id)
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    if agreement.state == "done":
        return [Reply(Msg.of("nudge.already_done"))]
    agreement.unanswered = 0
    candidate, buddy, coach = await _sides(ctx, pair)
    subject = f"agreement:{agreement.id}"
    if action == "done":
        agreement.state, agreement.done_at = "done", ctx.clock.now()
        await ctx.store.save_agreement(agreement)
        await ctx.store.unschedule_about(subject)
        key = "nudge.celebrate" if agreement.kind in MILESTONES else "nudge.done_noted"
        for someone in (candidate, buddy, coach):
            if someone is not None and someone.id != person.id:
                ctx.notify(
                    someone,
                    Reply(
                        Msg.of("nudge.done_other", name=name_of(person), what=describe(agreement))
                    ),
                    about=(pair.candidate_id, pair.buddy_id),
                )
        return [Reply(Msg.of(key, what=describe(agreement)))]
    await ctx.store.save_agreement(agreement)
    if action == "help":
        await _tell_coach(ctx, pair, "nudge.coach_help", person, agreement)
        return [Reply(Msg.of("nudge.help_sent"))]
    due = again_at(ctx.clock.now(), AGAIN[action], ctx.quiet)
    await ctx.store.schedule_about("nudge:again", person.id, subject, due)
    return [Reply(Msg.of("nudge.later", when=When(due)))]
