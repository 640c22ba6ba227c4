"""Small shared reads and writes about a pair's meetings: who is pressing, which meeting
is arranged or waiting for "did you talk?", and recording the answers."""

from __future__ import annotations

from datetime import datetime

from conversations.core.context import Context
from conversations.core.meeting_records import Talk, TalkAnswer
from conversations.core.records import Meeting, Pair, Person


async def party(ctx: Context, pair_id: int) -> tuple[Pair, Person, Person] | None:
    """The pair, the person pressing and the other side, when the presser belongs to it."""
    pair = await ctx.store.pair(pair_id)
    person = ctx.person
    if pair is None or person is None or person.id not in (pair.candidate_id, pair.buddy_id):
        return None
    other = await ctx.store.person(other_side(pair, person.id))
    return (pair, person, other) if other else None


def other_side(pair: Pair, person_id: int) -> int:
    return pair.buddy_id if person_id == pair.candidate_id else pair.candidate_id


async def ended(ctx: Context, pair_id: int) -> bool:
    """The pair ended and the presser was in it: a kind answer, not a refusal."""
    pair = await ctx.store.pair(pair_id)
    return pair is not None and ctx.person is not None and pair.ended_for(ctx.person.id)


def arranged(meetings: list[Meeting], now: datetime) -> Meeting | None:
    """The latest meeting still ahead: times to pick, or a time to come."""
    for meeting in reversed(meetings):
        if meeting.state == "proposed":
            return meeting
        if meeting.state == "planned" and meeting.starts_at and meeting.starts_at > now:
            return meeting
    return None


def awaiting_answer(meetings: list[Meeting], now: datetime) -> Meeting | None:
    """The latest meeting whose time came without either saying whether they talked (or
    an old "we will call each other")."""
    for meeting in reversed(meetings):
        if meeting.state == "call":
            return meeting
        if meeting.state == "planned" and meeting.starts_at and meeting.starts_at <= now:
            return meeting
    return None


async def record_talk(ctx: Context, meeting: Meeting, person_id: int, answer: TalkAnswer) -> None:
    """One side's "did you talk?" (a later answer replaces their own). The meeting was held
    when either of them says yes, whatever the other said; else it was missed."""
    talks = [
        t for t in await ctx.store.talks_of_pair(meeting.pair_id) if t.meeting_id == meeting.id
    ]
    mine = next((t for t in talks if t.person_id == person_id), None)
    nothing = mine.nothing_agreed if mine and answer == "yes" else False
    await ctx.store.save_talk(Talk(meeting.id, person_id, answer, ctx.clock.now(), nothing))
    others = [t.talked for t in talks if t.person_id != person_id]
    meeting.state = "held" if "yes" in (answer, *others) else "missed"
    await ctx.store.save_meeting(meeting)


async def record_nothing(ctx: Context, meeting: Meeting, person_id: int) -> None:
    """ "Nothing agreed (yet)" after a talk that happened: the pair reads "met, nothing
    agreed", and there is nothing to nudge about."""
    if meeting.state != "held":
        await record_talk(ctx, meeting, person_id, "yes")
    await ctx.store.save_talk(Talk(meeting.id, person_id, "yes", ctx.clock.now(), True))
