"""The buttons on a pair ("mt": plan, ask, end) and on a meeting ("mm": move, cancel); see
conversations/meeting_buttons.py. Each checks who presses and what still stands, so a
button pressed days later, twice, or on an old message gets a true and kind answer."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.records import Meeting, Pair, Person, name_of
from conversations.core.types import Msg, Reply, When
from conversations.pairs import meeting_cancel, meeting_pick, meetings
from conversations.pairs.meeting_buttons import meeting_row, move_times_row, pick_rows, plan_row
from conversations.pairs.meeting_facts import arranged, ended, party
from conversations.pairs.meeting_place import pin_reply, where

PAIR_ACTIONS = ("plan", "ask", "end", "call", "move", "cancel")


async def on_plan(ctx: Context, pair_id: int, action: str) -> list[Reply]:
    """ "mt": plan (the buddy), ask (the job seeker), end (either). "call", "move" and
    "cancel" come from messages sent before meetings had a place: a call is planned like any
    meeting now, and move and cancel act on the meeting arranged."""
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if await ended(ctx, pair_id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    found = await party(ctx, pair_id)
    if found is None or action not in PAIR_ACTIONS:
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    pair, person, other = found
    if pair.state != "accepted":
        return [Reply(Msg.of("meeting.pair_not_active"))]
    if action == "end":
        return await meeting_cancel.ask_end(ctx, pair)
    current = arranged(await ctx.store.meetings_of_pair(pair.id), ctx.clock.now())
    if action in ("move", "cancel"):
        if current is None:
            return [Reply(Msg.of("meeting.nothing_planned"), buttons=[plan_row(pair, person.id)])]
        return await on_meeting(ctx, current.id, action)
    if current is not None and current.state == "planned":
        assert current.starts_at is not None
        text = Msg.of(
            "meeting.already_planned", when=When(current.starts_at), where=where(current.place)
        )
        return [Reply(text, buttons=[meeting_row(current)])]
    if person.id != pair.buddy_id:
        return await _ask_buddy(ctx, pair, person, other, current)
    return await meetings.start(ctx, pair, None)


async def _ask_buddy(
    ctx: Context, pair: Pair, person: Person, buddy: Person, current: Meeting | None
) -> list[Reply]:
    """The job seeker asks for a meeting and the buddy plans it; times already proposed
    are shown again instead."""
    if current is not None:
        text = Msg.of("meeting.pick", name=name_of(buddy), where=where(current.place))
        return [*pin_reply(current.place), Reply(text, buttons=pick_rows(current))]
    reply = Reply(Msg.of("meeting.asked", name=name_of(person)), buttons=[plan_row(pair, buddy.id)])
    ctx.notify(buddy, reply, about=(pair.candidate_id, pair.buddy_id))
    return [Reply(Msg.of("meeting.ask_sent", name=name_of(buddy)))]


async def on_meeting(ctx: Context, meeting_id: int, action: str) -> list[Reply]:
    """ "mm": move or cancel one meeting (times proposed, or a time to come)."""
    meeting = await ctx.store.meeting(meeting_id)
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if meeting is not None and await ended(ctx, meeting.pair_id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    found = await party(ctx, meeting.pair_id) if meeting else None
    if meeting is None or found is None or action not in ("move", "cancel"):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    pair, person, other = found
    if pair.state != "accepted":
        return [Reply(Msg.of("meeting.pair_not_active"))]
    if meeting.state == "cancelled":
        return [Reply(Msg.of("meeting.already_cancelled"), buttons=[plan_row(pair, person.id)])]
    if arranged([meeting], ctx.clock.now()) is None:
        # Moved, declined or over (its time came: "did you talk?" is the question then).
        return [Reply(Msg.of("meeting.not_planned_any_more"), buttons=[plan_row(pair, person.id)])]
    if action == "cancel":
        return await meeting_cancel.ask_cancel(ctx, meeting)
    if person.id == pair.buddy_id:
        return await meetings.start(ctx, pair, meeting)
    if meeting.state == "proposed":
        return await meeting_pick.on_pick(ctx, meeting.id, "none")
    assert meeting.starts_at is not None
    asked = Msg.of("meeting.move_asked", name=name_of(person), when=When(meeting.starts_at))
    ctx.notify(
        other,
        Reply(asked, buttons=[move_times_row(meeting)]),
        about=(pair.candidate_id, pair.buddy_id),
    )
    return [Reply(Msg.of("meeting.move_sent", name=name_of(other), when=When(meeting.starts_at)))]
