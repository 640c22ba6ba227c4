"""Invitations to an event: yes / maybe / no, the waitlist, calendar files and the
reminders planned for them. (Check-in and the evaluation: events/checkin.py; what the
planned rows say when due: events/reminders.py.)

```mermaid
stateDiagram-v2
    invited --> yes: yes (a place is free)
    invited --> waitlist: yes (full)
    invited --> maybe
    invited --> no
    yes --> maybe
    yes --> no: the first on the waitlist moves up
    waitlist --> yes: someone cancelled
    maybe --> yes
    no --> yes
```
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from conversations.core import names as kinds
from conversations.core.context import Context
from conversations.core.records import Event, Person, Rsvp, RsvpState
from conversations.core.types import Attachment, Button, Msg, Reply, When
from conversations.events.calendar import event_ics
from conversations.events.names import PREP_NUDGE, RSVP, reminder_kind

# Which preparation session belongs before which meeting; the main event wants the last.
PREP_SESSION = {"prep1": 1, "prep2": 2, "prep3": 3, "main": 3}
NUDGE_AT = time(10, 0)


def when_and_where(event: Event) -> Msg:
    return Msg.of(
        "event.details" if event.venue_address else "event.details_no_address",
        title=event.title,
        when=When(event.starts_at),
        end=When(event.ends_at, time_only=True),
        venue=event.venue_name,
        address=event.venue_address or "",
    )


def rsvp_buttons(event: Event) -> list[list[Button]]:
    return [
        [
            Button(Msg.of("rsvp.button.yes"), f"{RSVP}:{event.id}:yes", bound=True),
            Button(Msg.of("rsvp.button.maybe"), f"{RSVP}:{event.id}:maybe", bound=True),
            Button(Msg.of("rsvp.button.no"), f"{RSVP}:{event.id}:no", bound=True),
        ]
    ]


def invitation(event: Event) -> Reply:
    key = "event.invitation" if event.description else "event.invitation_plain"
    text = Msg.of(key, details=when_and_where(event), description=event.description or "")
    return Reply(text, buttons=rsvp_buttons(event), kind=kinds.INVITATION)


async def invite_members(ctx: Context, event: Event) -> int:
    """Invite every member of the event's programme it is for (job seekers, employers or
    both); returns how many were invited."""
    people = await ctx.store.people_by_id(await ctx.store.member_ids(event.programme_id))
    wanted = [p.id for p in people.values() if event.is_for(p.role)]
    added = await ctx.store.invite_to_event(event.id, sorted(wanted))
    for person_id in added:
        person = people[person_id]
        if person.chat_key:
            ctx.notify(person, invitation(event))
            await plan_prep_nudge(ctx, event, person)
    return len(added)


async def plan_prep_nudge(ctx: Context, event: Event, person: Person) -> None:
    """One gentle nudge the morning before a prep meeting or the main event; whether it
    is still needed is checked when it is due."""
    if event.kind not in PREP_SESSION or person.role != "candidate":
        return
    day_before = event.starts_at.astimezone(ctx.zone).date() - timedelta(days=1)
    # On a quiet day before, the day before that: later would leave no time to prepare.
    due = ctx.quiet.on_allowed_day(day_before, NUDGE_AT, earlier=True)
    if due > ctx.clock.now():
        await ctx.store.schedule(PREP_NUDGE, person.id, event.id, due)


async def invite_newcomer(ctx: Context, person: Person, programme_id: int | None = None) -> None:
    """Someone who just joined is invited to the upcoming events of their programmes (or of
    the one they were just added to) that are for people like them."""
    for event in await ctx.store.open_events_for_member(person.id, ctx.clock.now()):
        if programme_id is not None and event.programme_id != programme_id:
            continue
        if event.is_for(person.role) and await ctx.store.invite_to_event(event.id, [person.id]):
            ctx.notify(person, invitation(event))
            await plan_prep_nudge(ctx, event, person)


def calendar_file(ctx: Context, event: Event) -> Attachment:
    return event_calendar(event, ctx.zone, ctx.clock.now())


def event_calendar(event: Event, zone: ZoneInfo, now: datetime) -> Attachment:
    """The event's .ics file as it is now; the same for everyone invited."""
    location = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    geo = None
    if event.latitude is not None and event.longitude is not None:
        geo = (event.latitude, event.longitude)
    content = event_ics(
        uid=f"event-{event.id}@liftbot",
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        zone=zone,
        location=location,
        description=event.description,
        geo=geo,
        now=now,
    )
    return Attachment("document", content, f"liftbot-{event.id}.ics", calendar_subject(event))


def calendar_subject(event: Event) -> str:
    return f"event:{event.id}"


def confirmed(ctx: Context, event: Event) -> list[Reply]:
    """What someone with a place gets: the details, a calendar file and the map pin."""
    replies = [
        Reply(Msg.of("rsvp.confirmed", details=when_and_where(event))),
        Reply(Msg.of("rsvp.calendar"), attachment=calendar_file(ctx, event)),
    ]
    if event.latitude is not None and event.longitude is not None:
        replies.append(
            Reply(
                Msg.of("rsvp.map", venue=event.venue_name),
                location=(event.latitude, event.longitude),
            )
        )
    return replies


async def on_rsvp(ctx: Context, event_id: int, action: str) -> list[Reply]:
    person = ctx.person
    event = await ctx.store.event(event_id)
    rsvp = await ctx.store.rsvp(event_id, person.id) if person and event else None
    if person is not None and event is not None and not event.is_for(person.role):
        # Not for their role (a forged button, or an answer from before the event changed);
        # someone who still holds a place may give it up.
        if rsvp is None or action != "no":
            return [Reply(Msg.of(f"rsvp.not_for_you.{event.audience}", title=event.title))]
    if person is None or event is None or rsvp is None or action not in ("yes", "maybe", "no"):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    if event.cancelled_at is not None:
        return [Reply(Msg.of("rsvp.event_cancelled", title=event.title))]
    now = ctx.clock.now()
    if event.ends_at <= now:
        return [Reply(Msg.of("rsvp.event_past", title=event.title))]
    before: RsvpState = rsvp.state
    if action == before or (action == "yes" and before == "waitlist"):
        return [await _state_reply(ctx, event, rsvp)]
    rsvp.answered_at = now
    if action == "yes":
        taken = sum(1 for r in await ctx.store.rsvps(event.id) if r.state == "yes")
        if taken >= event.capacity:
            rsvp.state, rsvp.waitlisted_at = "waitlist", now
        else:
            rsvp.state, rsvp.waitlisted_at = "yes", None
    else:
        rsvp.state, rsvp.waitlisted_at = ("maybe" if action == "maybe" else "no"), None
    await ctx.store.save_rsvp(rsvp)
    await plan_reminders(ctx, event, rsvp)
    replies = [await _state_reply(ctx, event, rsvp)]
    if rsvp.state == "yes":
        replies += confirmed(ctx, event)[1:]
    if before == "yes" and rsvp.state != "yes":
        await fill_free_places(ctx, event)
    return replies


async def _state_reply(ctx: Context, event: Event, rsvp: Rsvp) -> Reply:
    if rsvp.state == "waitlist":
        waiting = [r for r in await ctx.store.rsvps(event.id) if r.state == "waitlist"]
        place = next(i for i, r in enumerate(waiting, 1) if r.person_id == rsvp.person_id)
        return Reply(Msg.of("rsvp.waitlist", title=event.title, place=place))
    if rsvp.state == "yes":
        return Reply(Msg.of("rsvp.confirmed", details=when_and_where(event)))
    return Reply(Msg.of(f"rsvp.{rsvp.state}", title=event.title))


async def fill_free_places(ctx: Context, event: Event) -> None:
    """Places came free: the first on the waitlist get them, and are told."""
    rsvps = await ctx.store.rsvps(event.id)
    free = event.capacity - sum(1 for r in rsvps if r.state == "yes")
    waiting = [r for r in rsvps if r.state == "waitlist"]
    people = await ctx.store.people_by_id(r.person_id for r in waiting)
    # Only people the event is for move up (someone of the other role may still wait from
    # before the event said who it is for).
    movers = [
        r for r in waiting if r.person_id in people and event.is_for(people[r.person_id].role)
    ]
    for first in movers[: max(free, 0)]:
        first.state, first.waitlisted_at, first.answered_at = "yes", None, ctx.clock.now()
        await ctx.store.save_rsvp(first)
        await plan_reminders(ctx, event, first)
        person = people[first.person_id]
        ctx.notify(person, Reply(Msg.of("rsvp.promoted", details=when_and_where(event))))
        calendar = calendar_file(ctx, event)
        ctx.notify(person, Reply(Msg.of("rsvp.calendar"), attachment=calendar))


def reminder_kinds(event: Event) -> list[str]:
    return [reminder_kind(minutes) for minutes in event.reminders]


async def plan_reminders(ctx: Context, event: Event, rsvp: Rsvp) -> None:
    """Reminders go to yes and maybe only, outside quiet hours, and never in the past."""
    if rsvp.state not in ("yes", "maybe"):
        await ctx.store.unschedule(rsvp.person_id, event.id, reminder_kinds(event))
        return
    now = ctx.clock.now()
    for minutes, kind in zip(event.reminders, reminder_kinds(event), strict=True):
        due = ctx.quiet.reminder_at(event.starts_at, timedelta(minutes=minutes))
        if due is not None and due > now:
            await ctx.store.schedule(kind, rsvp.person_id, event.id, due)
