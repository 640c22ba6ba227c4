"""The job seeker's answer to proposed times: one of them (the meeting is planned, both get
the time and place, a calendar file and reminders, and "did you talk?" afterwards), or
"none of these suit me" with an optional note, which asks the buddy for other times."""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations.core import names as kinds
from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Meeting, Pair, Person, name_of
from conversations.core.types import Button, Msg, Reply, When
from conversations.joining.fields import check_text, problem_message
from conversations.pairs.flow_states import NoSlotData, NoSlotStep
from conversations.pairs.meeting_buttons import new_times_row, pick_rows
from conversations.pairs.meeting_facts import ended, party
from conversations.pairs.meeting_place import Side, calendar_entry, pin_reply, where
from conversations.pairs.names import (
    MEETING_FOLLOWUP,
    MEETING_REMINDER_2H,
    MEETING_REMINDER_DAY,
    about_meeting,
)

NO_SLOT = "no_slot"
NO_SLOT_STATE = FlowState[NoSlotData, NoSlotStep]()
NOTE_MAX = 300
REMINDERS = {MEETING_REMINDER_DAY: timedelta(days=1), MEETING_REMINDER_2H: timedelta(hours=2)}
# Both sides are asked whether they talked this long after the start.
FOLLOW_UP_AFTER = timedelta(hours=2)


async def on_pick(ctx: Context, meeting_id: int, choice: str) -> list[Reply]:
    """ "ms:<meeting>:<n>" picks time n; "ms:<meeting>:none" says none of them suit."""
    meeting = await ctx.store.meeting(meeting_id)
    found = await party(ctx, meeting.pair_id) if meeting else None
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if meeting is not None and await ended(ctx, meeting.pair_id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    valid = choice == "none" or (choice.isdigit() and meeting and int(choice) < len(meeting.slots))
    if meeting is None or found is None or not valid or ctx.person.id != found[0].candidate_id:
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    pair, person, buddy = found
    if meeting.state != "proposed":
        return await _not_open(ctx, pair, meeting, buddy)
    if choice == "none":
        NO_SLOT_STATE.begin(ctx, NO_SLOT, "note", {"meeting": meeting.id})
        return await NoSlotFlow.ask(ctx)
    start = meeting.slots[int(choice)]
    if start <= ctx.clock.now():
        return [Reply(Msg.of("meeting.slot_past"))]
    meeting.state, meeting.starts_at = "planned", start
    await ctx.store.save_meeting(meeting)
    about = (pair.candidate_id, pair.buddy_id)
    for reply in planned_replies(meeting, person):
        ctx.notify(buddy, reply, about=about, kind=kinds.PAIR)
    for someone in (person, buddy):
        await _remind(ctx, meeting, someone)
    await _follow_up(ctx, pair, meeting, start + FOLLOW_UP_AFTER)
    return planned_replies(meeting, buddy)


async def _not_open(ctx: Context, pair: Pair, meeting: Meeting, buddy: Person) -> list[Reply]:
    """A time (or "none") pressed on times that no longer stand: say why, kindly, and show
    what stands now."""
    newer = [m for m in await ctx.store.meetings_of_pair(pair.id) if m.id > meeting.id]
    proposed = next((m for m in reversed(newer) if m.state == "proposed"), None)
    if proposed is not None and meeting.state in ("moved", "declined"):
        text = Msg.of("meeting.replaced", name=name_of(buddy), where=where(proposed.place))
        return [*pin_reply(proposed.place), Reply(text, buttons=pick_rows(proposed))]
    if meeting.state == "declined":
        return [Reply(Msg.of("meeting.already_declined", name=name_of(buddy)))]
    picked = next((m for m in [meeting, *reversed(newer)] if m.state == "planned"), None)
    if picked is not None and picked.starts_at is not None:
        when = When(picked.starts_at)
        return [Reply(Msg.of("meeting.already_picked", when=when, where=where(picked.place)))]
    return [Reply(Msg.of("meeting.no_longer_open"))]


def planned_replies(meeting: Meeting, other: Person) -> list[Reply]:
    """What each side gets once a time is picked: when and where, the calendar file, the pin."""
    assert meeting.starts_at is not None
    text = Msg.of(
        "meeting.confirmed",
        name=name_of(other),
        when=When(meeting.starts_at),
        where=where(meeting.place),
    )
    # The reader is the pair's other side.
    side: Side = "candidate" if other.role == "buddy" else "buddy"
    entry = calendar_entry(meeting, name_of(other), side)
    calendar = Reply(Msg.of("rsvp.calendar"), calendar=entry)
    return [Reply(text), calendar, *pin_reply(meeting.place)]


async def _remind(ctx: Context, meeting: Meeting, person: Person) -> None:
    assert meeting.starts_at is not None
    for kind, before in REMINDERS.items():
        due = ctx.quiet.reminder_at(meeting.starts_at, before)
        if due is not None and due > ctx.clock.now():
            await ctx.store.schedule_about(kind, person.id, about_meeting(meeting.id), due)


async def _follow_up(ctx: Context, pair: Pair, meeting: Meeting, due: datetime) -> None:
    for person_id in (pair.candidate_id, pair.buddy_id):
        await ctx.store.schedule_about(
            MEETING_FOLLOWUP, person_id, about_meeting(meeting.id), ctx.quiet.next_allowed(due)
        )


class NoSlotFlow:
    """ "None of these suit me": an optional note for the buddy, then the buddy is asked
    for other times."""

    @staticmethod
    async def ask(ctx: Context) -> list[Reply]:
        meeting = await ctx.store.meeting(int(NO_SLOT_STATE.data(ctx)["meeting"]))
        found = await party(ctx, meeting.pair_id) if meeting else None
        send = Button(Msg.of("meeting.none_without_note"), "skip")
        text = Msg.of("meeting.ask_none_note", name=name_of(found[2] if found else None))
        return [Reply(text, buttons=[[send]])]

    @staticmethod
    async def on_text(ctx: Context, text: str) -> list[Reply]:
        cleaned, problem = check_text("text", text, NOTE_MAX)
        if problem:
            return [Reply(problem_message(problem, cleaned, NOTE_MAX)), *await NoSlotFlow.ask(ctx)]
        return await _none_suit(ctx, cleaned)

    @staticmethod
    async def on_choice(ctx: Context, value: str) -> list[Reply]:
        if value == "skip":
            return await _none_suit(ctx, None)
        return [Reply(Msg.of("error.use_buttons")), *await NoSlotFlow.ask(ctx)]


async def _none_suit(ctx: Context, note: str | None) -> list[Reply]:
    meeting = await ctx.store.meeting(int(NO_SLOT_STATE.data(ctx)["meeting"]))
    end(ctx)
    found = await party(ctx, meeting.pair_id) if meeting else None
    if meeting is None or found is None:
        return []
    pair, person, buddy = found
    if meeting.state == "declined":
        return [Reply(Msg.of("meeting.already_declined", name=name_of(buddy)))]
    if meeting.state != "proposed" or pair.state != "accepted":
        return [Reply(Msg.of("meeting.no_longer_open"))]
    meeting.state, meeting.closed_by, meeting.note = "declined", person.id, note
    meeting.closed_at = ctx.clock.now()
    await ctx.store.save_meeting(meeting)
    said: Msg | str = Msg.of("meeting.their_note", note=note) if note else ""
    text = Msg.of("meeting.none_suit_buddy", name=name_of(person), note=said)
    ctx.notify(
        buddy, Reply(text, buttons=[new_times_row(pair)]), about=(pair.candidate_id, pair.buddy_id)
    )
    return [Reply(Msg.of("meeting.none_sent", name=name_of(buddy)))]
