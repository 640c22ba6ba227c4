"""Before and after a meeting: the reminders (with the meeting's own place), and afterwards
"did you talk?" to both. "Yes" leads to what was agreed; "not yet" offers to plan again and
the pair stays out of "met"; "it is not going to happen" tells the coach and lets the person
plan again or end the pair."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.meeting_records import TALK_ACTIONS
from conversations.core.records import Person, name_of
from conversations.core.types import Msg, Reply, When
from conversations.pairs import agreement_flow
from conversations.pairs.meeting_buttons import end_row, plan_row, talk_rows
from conversations.pairs.meeting_facts import ended, other_side, record_talk
from conversations.pairs.meeting_pick import REMINDERS
from conversations.pairs.meeting_place import where
from conversations.pairs.names import MEETING_FOLLOWUP
from conversations.pairs.pair_answers import tell_coach
from conversations.time.quiet import is_stale


async def scheduled_message(
    ctx: Context, kind: str, meeting_id: int, person: Person
) -> list[Reply]:
    meeting = await ctx.store.meeting(meeting_id)
    pair = await ctx.store.pair(meeting.pair_id) if meeting else None
    if meeting is None or pair is None or pair.state != "accepted":
        return []
    other = await ctx.store.person(other_side(pair, person.id))
    name, about = name_of(other), (pair.candidate_id, pair.buddy_id)
    if kind in REMINDERS and meeting.state == "planned" and meeting.starts_at is not None:
        # Late after downtime with less than half its lead left: stale, not sent.
        if is_stale(meeting.starts_at, REMINDERS[kind], ctx.clock.now()):
            return []
        text = Msg.of(
            "meeting.reminder",
            name=name,
            when=When(meeting.starts_at),
            where=where(meeting.place),
        )
        return [Reply(text, about=about)]
    if kind == MEETING_FOLLOWUP and meeting.state in ("planned", "call", "missed", "held"):
        answered = [t for t in await ctx.store.talks_of_pair(pair.id) if t.meeting_id == meeting.id]
        if any(t.person_id == person.id for t in answered):
            return []  # they already said (from /pairs)
        return [Reply(Msg.of("talk.ask", name=name), buttons=talk_rows(meeting), about=about)]
    return []


async def on_talk(ctx: Context, meeting_id: int, action: str) -> list[Reply]:
    """ "tk:<meeting>:yes|notyet|never", from the follow-up or from /pairs."""
    meeting = await ctx.store.meeting(meeting_id)
    pair = await ctx.store.pair(meeting.pair_id) if meeting else None
    person = ctx.person
    if person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if meeting is not None and await ended(ctx, meeting.pair_id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    if meeting is None or pair is None or action not in TALK_ACTIONS:
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    if person.id not in (pair.candidate_id, pair.buddy_id):
        # Someone else's question (a forwarded or forged button): their answer cannot count.
        ctx.button_status = "forged"
        return [Reply(Msg.of("talk.not_yours"))]
    if pair.state != "accepted":
        return [Reply(Msg.of("meeting.pair_not_active"))]
    if meeting.state not in ("planned", "call", "missed", "held"):
        return [Reply(Msg.of("talk.not_planned"))]
    if meeting.starts_at is not None and meeting.starts_at > ctx.clock.now():
        return [Reply(Msg.of("talk.too_early", when=When(meeting.starts_at)))]
    answer = TALK_ACTIONS[action]
    await record_talk(ctx, meeting, person.id, answer)
    if answer == "yes":
        return [Reply(Msg.of("talk.glad")), *await agreement_flow.start(ctx, pair, meeting)]
    if answer == "not_yet":
        return [Reply(Msg.of("talk.not_yet_noted"), buttons=[plan_row(pair, person.id)])]
    other = await ctx.store.person(other_side(pair, person.id))
    told = Msg.of("talk.coach_never", name=name_of(person), other=name_of(other))
    await tell_coach(ctx, pair, told)
    return [Reply(Msg.of("talk.never_noted"), buttons=[plan_row(pair, person.id), end_row(pair)])]
