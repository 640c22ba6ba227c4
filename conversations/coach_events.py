"""/events for coaches: per event the counts, names, new versus returning people,
ratings, the check-in QR code, marking people present and a CSV export."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import timedelta

from conversations import attendance, event_changes, round_two
from conversations.flow import begin, page, paged_list, rows, turn_page
from conversations.invites import qr_png
from conversations.records import Event, Rsvp
from conversations.types import Attachment, Button, Context, Joined, Msg, Param, Person, Reply, When

NAME = "coach_events"
LISTED = 10  # meetings per page
# Past events stay in the list this long, for check-in, evaluations and exports.
RECENT = timedelta(days=14)


async def start(ctx: Context) -> list[Reply]:
    begin(ctx, NAME, "list")
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    since = ctx.clock.now() - RECENT
    events = await ctx.store.events_of_coach(ctx.person.id, since)
    if not events:
        return [Reply(Msg.of("coach_events.none"))]
    shown, number, pages = page(events, int(ctx.conv.data.get("page", 0)), LISTED)
    buttons = [
        Button(Msg.of("coach_events.item", title=e.title, when=When(e.starts_at)), f"show:{e.id}")
        for e in shown
    ]
    return [paged_list("coach_events.pick", buttons, number, pages)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    action, _, rest = value.partition(":")
    if action == "page" and rest.isdigit():
        return await turn_page(ctx, ask, int(rest))
    event_id, _, person_part = rest.partition(":")
    event = await _own_event(ctx, event_id)
    if event is None:
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused")), *await ask(ctx)]
    if action == "show":
        return [await overview(ctx, event)]
    if action == "qr":
        link = f"https://t.me/{ctx.bot_username}?start=ci_{event.checkin_code}"
        picture = Attachment("photo", qr_png(link), f"checkin-{event.id}.png")
        return [Reply(Msg.of("coach_events.qr", title=event.title, link=link), attachment=picture)]
    if action == "csv":
        return [Reply(Msg.of("coach_events.csv"), attachment=await export(ctx, event))]
    if action == "present":
        return [await _present_list(ctx, event)]
    if action == "pairs" and event.kind == "main":
        return await round_two.make_pairs(ctx, event)
    if action in ("change", "cancel") and event.cancelled_at is None:
        return await event_changes.start(ctx, event, cancel=action == "cancel")
    if action == "mark" and person_part.isdigit():
        rsvp = await ctx.store.rsvp(event.id, int(person_part))
        if rsvp is None:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused"))]
        if rsvp.present_at is None:
            await attendance.mark_present(ctx, event, rsvp)
        return [await _present_list(ctx, event)]
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _own_event(ctx: Context, event_id: str) -> Event | None:
    if not event_id.isdigit() or ctx.person is None:
        return None
    event = await ctx.store.event(int(event_id))
    programme = await ctx.store.programme(event.programme_id) if event else None
    if programme is None or programme.coach_id != ctx.person.id:
        return None
    return event


async def _people(ctx: Context, event: Event) -> list[tuple[Rsvp, Person]]:
    found = []
    for rsvp in await ctx.store.rsvps(event.id):
        person = await ctx.store.person(rsvp.person_id)
        if person is not None:
            found.append((rsvp, person))
    return found


async def overview(ctx: Context, event: Event) -> Reply:
    people = await _people(ctx, event)
    counts = Counter(rsvp.state for rsvp, _ in people)
    present = [p for r, p in people if r.present_at is not None]
    coming = [(r, p) for r, p in people if r.state == "yes" or r.present_at is not None]
    returning = 0
    for _, person in coming:
        if await ctx.store.came_before(person.id, event.starts_at):
            returning += 1
    lines: list[Param] = []
    for state in ("yes", "maybe", "waitlist", "no"):
        names = [p.name or "?" for r, p in people if r.state == state]
        if names:
            lines.append(Msg.of(f"coach_events.names.{state}", names=", ".join(names)))
    if event.kind == "main":
        lines += await round_two.choices_lines(ctx, event)
    ratings = await ctx.store.evaluations(event.id)
    if ratings:
        average = sum(e.rating for e in ratings) / len(ratings)
        lines.append(Msg.plural("coach_events.rating", len(ratings), average=f"{average:.1f}"))
        lines += [Msg.of("coach_events.comment", text=e.comment) for e in ratings if e.comment]
    text = Msg.of(
        "coach_events.overview_cancelled" if event.cancelled_at else "coach_events.overview",
        details=attendance.when_and_where(event),
        capacity=event.capacity,
        yes=counts["yes"],
        maybe=counts["maybe"],
        no=counts["no"],
        waitlist=counts["waitlist"],
        present=len(present),
        new=len(coming) - returning,
        returning=returning,
        lines=Joined(tuple(lines), lines=True),
    )
    buttons = [
        [
            Button(Msg.of("coach_events.button_qr"), f"qr:{event.id}"),
            Button(Msg.of("coach_events.button_present"), f"present:{event.id}"),
        ],
        [Button(Msg.of("coach_events.button_csv"), f"csv:{event.id}")],
    ]
    if event.kind == "main" and await ctx.store.round_two_choices(event.id):
        buttons.append([Button(Msg.of("round_two.make_pairs"), f"pairs:{event.id}")])
    if event.cancelled_at is None:
        buttons.append(
            [
                Button(Msg.of("coach_events.button_change"), f"change:{event.id}"),
                Button(Msg.of("coach_events.button_cancel"), f"cancel:{event.id}"),
            ]
        )
    return Reply(text, buttons=buttons)


async def _present_list(ctx: Context, event: Event) -> Reply:
    people = await _people(ctx, event)
    buttons = [
        Button(
            Msg.of("multi.on" if r.present_at else "multi.off", label=p.name or "?"),
            f"mark:{event.id}:{p.id}",
        )
        for r, p in people
        if r.state in ("yes", "maybe", "waitlist") or r.present_at
    ]
    back = Button(Msg.of("coach_events.back"), f"show:{event.id}")
    return Reply(
        Msg.of("coach_events.mark", title=event.title),
        buttons=[*rows(buttons, 2), [back]],
        edit=True,
    )


async def export(ctx: Context, event: Event) -> Attachment:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "role", "answer", "answered_at", "present_at", "first_time"])
    for rsvp, person in await _people(ctx, event):
        first = not await ctx.store.came_before(person.id, event.starts_at)
        writer.writerow(
            [
                person.name or "",
                person.role,
                rsvp.state,
                rsvp.answered_at.isoformat() if rsvp.answered_at else "",
                rsvp.present_at.isoformat() if rsvp.present_at else "",
                "yes" if first else "no",
            ]
        )
    return Attachment("document", buffer.getvalue().encode(), f"event-{event.id}.csv")
