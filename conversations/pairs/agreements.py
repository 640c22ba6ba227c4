"""What a pair agreed (recorded in conversations/agreement_flow.py): the other side's
confirmation, and the follow-up nudges.

An agreement is unconfirmed, then confirmed (nudges planned) or disputed (the coach is
told), and finally done: from a nudge or from /pairs, where "I need help" is there too (with
a note for the coach: conversations/help_note.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from conversations.core.context import Context
from conversations.core.flow import FlowState
from conversations.core.meeting_records import HelpRequest
from conversations.core.records import MILESTONES, Agreement, Pair, Person, name_of
from conversations.core.types import Button, Msg, Param, Reply, When
from conversations.pairs.flow_states import HelpNoteData, HelpNoteStep
from conversations.pairs.names import (
    AGREEMENT_NUDGE,
    NUDGE_AGAIN,
    NUDGE_BEFORE,
    NUDGE_DUE,
    PLANNED_NUDGES,
    about_agreement,
)
from conversations.pairs.relay import write_to
from conversations.time.nudge_time import again_at, before_is_stale, nudge_plan

HELP = "help_note"
HELP_STATE = FlowState[HelpNoteData, HelpNoteStep]()
AGAIN = {"r3": 3, "r7": 7}
# Two nudges in a row without any answer: the coach hears about it, gently, once.
SILENT_LIMIT = 2


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
    ctx: Context, pair: Pair, key: str, person: Person, agreement: Agreement, **extra: Param
) -> None:
    """The coach hears about a pair's action, with its context: who, what and by when (and
    for "I need help", the note in the person's own words: `extra`); and can write to that
    person at once (Reply to a help request)."""
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
                    **extra,
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
    subject = about_agreement(agreement.id)
    for kind, due in nudge_plan(agreement.due_on, ctx.clock.now(), ctx.quiet):
        for person_id in owners(pair, agreement):
            await ctx.store.schedule_about(PLANNED_NUDGES[kind], person_id, subject, due)


def nudge_buttons(agreement: Agreement) -> list[list[Button]]:
    return [
        [Button(Msg.of("nudge.done"), f"{AGREEMENT_NUDGE}:{agreement.id}:done", bound=True)],
        [
            Button(Msg.of("nudge.r3"), f"{AGREEMENT_NUDGE}:{agreement.id}:r3", bound=True),
            Button(Msg.of("nudge.r7"), f"{AGREEMENT_NUDGE}:{agreement.id}:r7", bound=True),
        ],
        [Button(Msg.of("nudge.help"), f"{AGREEMENT_NUDGE}:{agreement.id}:help", bound=True)],
    ]


async def nudge_message(
    ctx: Context, agreement_id: int, person: Person, kind: str = NUDGE_DUE
) -> list[Reply]:
    """The nudge itself; counts unanswered nudges and alerts the coach after two."""
    agreement = await ctx.store.agreement(agreement_id)
    pair = await ctx.store.pair(agreement.pair_id) if agreement else None
    if agreement is None or pair is None or agreement.state != "confirmed":
        return []
    if kind == NUDGE_BEFORE and before_is_stale(agreement.due_on, ctx.clock.now(), ctx.quiet):
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
    subject = about_agreement(agreement.id)
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
        # A note in their own words first (conversations/help_note.py); then the coach hears.
        HELP_STATE.begin(ctx, HELP, "note", {"agreement": agreement.id})
        return [help_question()]
    due = again_at(ctx.clock.now(), AGAIN[action], ctx.quiet)
    await ctx.store.schedule_about(NUDGE_AGAIN, person.id, subject, due)
    return [Reply(Msg.of("nudge.later", when=When(due)))]


def help_question() -> Reply:
    send = Button(Msg.of("help.send_without_note"), "skip")
    return Reply(Msg.of("help.ask_note"), buttons=[[send]])


async def ask_coach_for_help(
    ctx: Context, agreement: Agreement, person: Person, note: str | None
) -> None:
    """ "I need help", kept with the note, and the coach hears it in the person's words."""
    pair = await ctx.store.pair(agreement.pair_id)
    if pair is None:
        return
    await ctx.store.create_help_request(
        HelpRequest(0, agreement.id, person.id, ctx.clock.now(), note)
    )
    said: Param = Msg.of("help.in_their_words", note=note) if note else ""
    await _tell_coach(ctx, pair, "nudge.coach_help", person, agreement, note=said)
