"""Meetings of a pair: the buddy proposes up to three times (or "we will call each other"),
the job seeker picks one; both get a calendar file and reminders; either side can ask to
move or cancel.

```mermaid
stateDiagram-v2
    [*] --> slots: buddy presses "propose times"
    slots --> slots: another time (up to three)
    slots --> proposed: done
    proposed --> planned: job seeker picks a time
    planned --> slots: moved (the buddy proposes again)
    planned --> cancelled: cancelled (other side and coach told)
```
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations.calendar import event_ics
from conversations.flow import begin, end, rows
from conversations.pair_answers import plan_buttons, tell_coach
from conversations.quiet import is_stale
from conversations.records import Meeting, Pair
from conversations.types import Attachment, Button, Context, Msg, Person, Reply, When, name_of
from conversations.when import parse_moment, unclear_message

NAME = "slots"
MAX_SLOTS = 3
LENGTH = timedelta(hours=1)
REMINDERS = {"meeting_reminder:day": timedelta(days=1), "meeting_reminder:2h": timedelta(hours=2)}
# Both sides are asked how it went this long after the start.
FOLLOW_UP_AFTER = timedelta(hours=2)
CALL_FOLLOW_UP = timedelta(days=7)


async def _party(ctx: Context, pair_id: int) -> tuple[Pair, Person, Person] | None:
    """The pair, the person pressing and the other side, when the presser belongs to it."""
    pair = await ctx.store.pair(pair_id)
    person = ctx.person
    if pair is None or person is None or person.id not in (pair.candidate_id, pair.buddy_id):
        return None
    other = await ctx.store.person(
        pair.buddy_id if person.id == pair.candidate_id else pair.candidate_id
    )
    return (pair, person, other) if other else None


async def on_plan(ctx: Context, pair_id: int, action: str) -> list[Reply]:
    """Buttons on the pair: plan, call, move, cancel."""
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if await _ended(ctx, pair_id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    party = await _party(ctx, pair_id)
    if party is None or action not in ("plan", "call", "move", "cancel"):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    pair, person, other = party
    if pair.state != "accepted":
        return [Reply(Msg.of("meeting.pair_not_active"))]
    current = await _current(ctx, pair)
    if action in ("move", "cancel") and current is not None:
        await _cancel(ctx, current)
        if action == "cancel":
            ctx.notify(other, Reply(Msg.of("meeting.cancelled_by", name=name_of(person))))
            text = Msg.of("meeting.coach_cancelled", name=name_of(person), other=name_of(other))
            await tell_coach(ctx, pair, text)
            return [Reply(Msg.of("meeting.cancelled"))]
    if person.id != pair.buddy_id:
        # The job seeker asks; the buddy proposes the times.
        ctx.notify(
            other,
            Reply(Msg.of("meeting.move_asked", name=name_of(person)), buttons=plan_buttons(pair)),
        )
        return [Reply(Msg.of("meeting.move_sent", name=name_of(other)))]
    if action == "call":
        meeting = await ctx.store.create_meeting(
            Meeting(
                id=0,
                pair_id=pair.id,
                state="call",
                created_at=ctx.clock.now(),
            )
        )
        await _follow_up(ctx, pair, meeting, ctx.clock.now() + CALL_FOLLOW_UP)
        ctx.notify(other, Reply(Msg.of("meeting.call_candidate", name=name_of(person))))
        return [Reply(Msg.of("meeting.call_noted", name=name_of(other)))]
    begin(ctx, NAME, "slot", {"pair": pair.id})
    return await ask(ctx)


async def _ended(ctx: Context, pair_id: int) -> bool:
    pair = await ctx.store.pair(pair_id)
    return pair is not None and ctx.person is not None and pair.ended_for(ctx.person.id)


async def _current(ctx: Context, pair: Pair) -> Meeting | None:
    for meeting in reversed(await ctx.store.meetings_of_pair(pair.id)):
        if meeting.state in ("proposed", "planned", "call"):
            return meeting
    return None


async def ask(ctx: Context) -> list[Reply]:
    slots = ctx.conv.data.get("slots", [])
    if ctx.conv.step == "more":
        buttons = [Button(Msg.of("meeting.send_slots"), "done")]
        if len(slots) < MAX_SLOTS:
            buttons.insert(0, Button(Msg.of("meeting.another"), "more"))
        return [Reply(Msg.plural("meeting.slots_so_far", len(slots)), buttons=[buttons])]
    return [Reply(Msg.of("meeting.ask_slot", number=len(slots) + 1))]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    if ctx.conv.step != "slot":
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    moment, trouble = parse_moment(text, ctx.clock.now(), ctx.zone)
    if moment is None:
        return [Reply(unclear_message(trouble)), *await ask(ctx)]
    slots = [datetime.fromisoformat(s) for s in ctx.conv.data.setdefault("slots", [])]
    if any(abs(moment - s) < LENGTH for s in slots):
        return [Reply(Msg.of("meeting.overlap")), *await ask(ctx)]
    ctx.conv.data["slots"].append(moment.isoformat())
    ctx.conv.step = "more"
    return [Reply(Msg.of("meeting.slot_noted", when=When(moment))), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    if ctx.conv.step == "more" and value == "more" and len(ctx.conv.data["slots"]) < MAX_SLOTS:
        ctx.conv.step = "slot"
        return await ask(ctx)
    if ctx.conv.step == "more" and value == "done":
        return await _send_slots(ctx)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _send_slots(ctx: Context) -> list[Reply]:
    data = ctx.conv.data
    end(ctx)
    party = await _party(ctx, int(data["pair"]))
    if party is None:
        return []
    pair, person, other = party
    slots = sorted(datetime.fromisoformat(s) for s in data["slots"])
    if any(s <= ctx.clock.now() for s in slots):
        return [Reply(Msg.of("event.when_past"))]
    meeting = await ctx.store.create_meeting(
        Meeting(
            id=0,
            pair_id=pair.id,
            state="proposed",
            created_at=ctx.clock.now(),
            slots=slots,
        )
    )
    buttons = [
        Button(Msg.of("meeting.slot", when=When(s)), f"ms:{meeting.id}:{i}", bound=True)
        for i, s in enumerate(slots)
    ]
    ctx.notify(other, Reply(Msg.of("meeting.pick", name=name_of(person)), buttons=rows(buttons, 1)))
    return [Reply(Msg.of("meeting.slots_sent", name=name_of(other)))]


async def on_pick(ctx: Context, meeting_id: int, index: str) -> list[Reply]:
    meeting = await ctx.store.meeting(meeting_id)
    party = await _party(ctx, meeting.pair_id) if meeting else None
    if ctx.person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if meeting is not None and await _ended(ctx, meeting.pair_id):
        return [Reply(Msg.of("pair.already_cancelled"))]
    if (
        meeting is None
        or party is None
        or not index.isdigit()
        or int(index) >= len(meeting.slots)
        or ctx.person.id != party[0].candidate_id
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    pair, person, buddy = party
    if meeting.state != "proposed":
        return [Reply(Msg.of("meeting.no_longer_open"))]
    start = meeting.slots[int(index)]
    if start <= ctx.clock.now():
        return [Reply(Msg.of("meeting.slot_past"))]
    meeting.state, meeting.starts_at = "planned", start
    await ctx.store.save_meeting(meeting)
    for someone, other in ((person, buddy), (buddy, person)):
        await _remind(ctx, meeting, someone)
        if someone is buddy:
            ctx.notify(
                buddy, Reply(Msg.of("meeting.confirmed", name=name_of(other), when=When(start)))
            )
            ctx.notify(buddy, Reply(Msg.of("rsvp.calendar"), attachment=_ics(ctx, meeting, other)))
    await _follow_up(ctx, pair, meeting, start + FOLLOW_UP_AFTER)
    return [
        Reply(Msg.of("meeting.confirmed", name=name_of(buddy), when=When(start))),
        Reply(Msg.of("rsvp.calendar"), attachment=_ics(ctx, meeting, buddy)),
    ]


def _ics(ctx: Context, meeting: Meeting, other: Person) -> Attachment:
    assert meeting.starts_at is not None
    content = event_ics(
        uid=f"meeting-{meeting.id}@liftbot",
        title=f"LiftBot: {other.name or ''}",
        start=meeting.starts_at,
        end=meeting.starts_at + LENGTH,
        zone=ctx.zone,
        location=other.profile.get("company"),
        description=None,
        now=ctx.clock.now(),
    )
    return Attachment("document", content, f"liftbot-meeting-{meeting.id}.ics")


async def _remind(ctx: Context, meeting: Meeting, person: Person) -> None:
    assert meeting.starts_at is not None
    for kind, before in REMINDERS.items():
        due = ctx.quiet.reminder_at(meeting.starts_at, before)
        if due is not None and due > ctx.clock.now():
            await ctx.store.schedule_about(kind, person.id, f"meeting:{meeting.id}", due)


async def _follow_up(ctx: Context, pair: Pair, meeting: Meeting, due: datetime) -> None:
    for person_id in (pair.candidate_id, pair.buddy_id):
        await ctx.store.schedule_about(
            "meeting_followup", person_id, f"meeting:{meeting.id}", ctx.quiet.next_allowed(due)
        )


async def _cancel(ctx: Context, meeting: Meeting) -> None:
    meeting.state = "cancelled"
    await ctx.store.save_meeting(meeting)
    await ctx.store.unschedule_about(f"meeting:{meeting.id}")


async def scheduled_message(
    ctx: Context, kind: str, meeting_id: int, person: Person
) -> list[Reply]:
    meeting = await ctx.store.meeting(meeting_id)
    pair = await ctx.store.pair(meeting.pair_id) if meeting else None
    if meeting is None or pair is None or meeting.state == "cancelled":
        return []
    other = await ctx.store.person(
        pair.buddy_id if person.id == pair.candidate_id else pair.candidate_id
    )
    name, about = name_of(other), (pair.candidate_id, pair.buddy_id)
    if kind in REMINDERS and meeting.starts_at is not None:
        # Late after downtime with less than half its lead left: stale, not sent.
        if is_stale(meeting.starts_at, REMINDERS[kind], ctx.clock.now()):
            return []
        text = Msg.of("meeting.reminder", name=name, when=When(meeting.starts_at))
        return [Reply(text, about=about)]
    if kind == "meeting_followup":
        button = Button(Msg.of("agreement.record"), f"af:{meeting.id}:new", bound=True)
        text = Msg.of("agreement.how_did_it_go", name=name)
        return [Reply(text, buttons=[[button]], about=about)]
    return []
