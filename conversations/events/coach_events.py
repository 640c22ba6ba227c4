"""/events for coaches: per event the counts, new versus returning people and ratings; the
people, the comments and the round-two choices as lists of ten (comments: five) per page
that turn in place; marking people present (paged too); the check-in QR code and a CSV of
everyone invited.

Lists that grow with the number of people are never put whole into one message."""

from __future__ import annotations

from datetime import timedelta

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, page, page_buttons, paged_list, rows, turn_page
from conversations.core.records import Event, Person, Rsvp
from conversations.core.types import Button, Joined, Msg, Param, Reply, Table, When
from conversations.events import checkin, event_changes, invitations
from conversations.events.checkin_codes import checkin_codes
from conversations.events.flow_states import CoachEventsData, CoachEventsStep, EventView
from conversations.events.role_counts import counts
from conversations.pairs import round_two

NAME = "coach_events"
STATE = FlowState[CoachEventsData, CoachEventsStep]()
LISTED = 10  # meetings, people or round-two choices per page
# Comments may be 500 characters each: five keep a page within one Telegram message.
COMMENTS_LISTED = 5
# Past events stay in the list this long, for check-in, evaluations and exports.
RECENT = timedelta(days=14)
# Lists of one event, shown in place of its overview; each a step of this flow.
VIEWS: tuple[EventView, ...] = ("people", "present", "comments", "choices")
# The people list, answer by answer.
ANSWERS = ("yes", "maybe", "waitlist", "no", "invited")
COLUMNS = ("name", "role", "answer", "answered_at", "present_at", "first_time")


async def start(ctx: Context) -> list[Reply]:
    STATE.begin(ctx, NAME, "list", {})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    step = STATE.step(ctx)
    if step in VIEWS:
        event = await _own_event(ctx, str(STATE.data(ctx).get("event", "")))
        if event is not None:
            return [await _view(ctx, event, step)]
        _to_list(ctx)
    since = ctx.clock.now() - RECENT
    events = await ctx.store.events_of_coach(ctx.person.id, since)
    if not events:
        # Nothing to choose from: no list stays open to answer "choose a button" to.
        end(ctx)
        return [Reply(Msg.of("coach_events.none"))]
    shown, number, pages = page(events, int(STATE.data(ctx).get("page", 0)), LISTED)
    buttons = [
        Button(Msg.of("coach_events.item", title=e.title, when=When(e.starts_at)), f"show:{e.id}")
        for e in shown
    ]
    return [paged_list("coach_events.pick", buttons, number, pages)]


def _to_list(ctx: Context) -> None:
    """Back from a list of one event: the meetings list keeps the page it was on."""
    data = STATE.data(ctx)
    if STATE.step(ctx) in VIEWS:
        data["page"] = data.pop("list_page", 0)
    STATE.set_step(ctx, "list")


def _open_view(ctx: Context, event: Event, view: EventView) -> None:
    data = STATE.data(ctx)
    if STATE.step(ctx) not in VIEWS:
        data["list_page"] = data.get("page", 0)
    STATE.set_step(ctx, view)
    data["event"], data["page"] = event.id, 0


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
    if action == "back":
        _to_list(ctx)
        back = await overview(ctx, event)
        back.edit = True
        return [back]
    if action in VIEWS:
        _open_view(ctx, event, action)
        return [await _view(ctx, event, action)]
    if action == "qr":
        return checkin_codes(ctx, event)
    if action == "csv":
        return [Reply(Msg.of("coach_events.csv"), table=await export(ctx, event))]
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
            await checkin.mark_present(ctx, event, rsvp)
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
    rsvps = await ctx.store.rsvps(event.id)
    people = await ctx.store.people_by_id([rsvp.person_id for rsvp in rsvps])
    return [(rsvp, people[rsvp.person_id]) for rsvp in rsvps if rsvp.person_id in people]


def _coming(people: list[tuple[Rsvp, Person]]) -> list[int]:
    return [p.id for r, p in people if r.state == "yes" or r.present_at is not None]


async def overview(ctx: Context, event: Event) -> Reply:
    people = await _people(ctx, event)
    coming = _coming(people)
    returning = len(await ctx.store.came_before_ids(coming, event.starts_at))
    lines: list[Param] = []
    ratings = await ctx.store.evaluations(event.id)
    comments = sum(1 for e in ratings if e.comment)
    if ratings:
        average = sum(e.rating for e in ratings) / len(ratings)
        lines.append(Msg.plural("coach_events.rating", len(ratings), average=f"{average:.1f}"))
    if comments:
        lines.append(Msg.plural("coach_events.comments", comments))
    choices = len(await ctx.store.round_two_choices(event.id)) if event.kind == "main" else 0
    if choices:
        lines.append(Msg.plural("coach_events.choices", choices))
    text = Msg.of(
        "coach_events.summary_cancelled" if event.cancelled_at else "coach_events.summary",
        details=invitations.when_and_where(event),
        audience=Msg.of(f"audience.{event.audience}"),
        counts=counts(event, people),
        new=len(coming) - returning,
        returning=returning,
        lines=Joined(tuple(lines), lines=True),
    )
    buttons = [
        [
            Button(Msg.of("coach_events.button_people"), f"people:{event.id}"),
            Button(Msg.of("coach_events.button_present"), f"present:{event.id}"),
        ],
        [
            Button(Msg.of("coach_events.button_qr"), f"qr:{event.id}"),
            Button(Msg.of("coach_events.button_csv"), f"csv:{event.id}"),
        ],
    ]
    if comments:
        buttons.append([Button(Msg.of("coach_events.button_comments"), f"comments:{event.id}")])
    if choices:
        buttons.append(
            [
                Button(Msg.of("coach_events.button_choices"), f"choices:{event.id}"),
                Button(Msg.of("round_two.make_pairs"), f"pairs:{event.id}"),
            ]
        )
    if event.cancelled_at is None:
        buttons.append(
            [
                Button(Msg.of("coach_events.button_change"), f"change:{event.id}"),
                Button(Msg.of("coach_events.button_cancel"), f"cancel:{event.id}"),
            ]
        )
    return Reply(text, buttons=buttons)


async def _view(ctx: Context, event: Event, view: EventView) -> Reply:
    """One of the event's lists, a page of ten, in place of the message pressed on."""
    if view == "present":
        return await _present_list(ctx, event)
    if view == "people":
        lines = await _people_lines(ctx, event)
    elif view == "comments":
        ratings = await ctx.store.evaluations(event.id)
        lines = [Msg.of("coach_events.comment", text=e.comment) for e in ratings if e.comment]
    else:
        lines = [*await round_two.choices_lines(ctx, event)]
    size = COMMENTS_LISTED if view == "comments" else LISTED
    shown, number, pages = page(lines, int(STATE.data(ctx).get("page", 0)), size)
    key = f"coach_events.list.{view}" if pages == 1 else f"coach_events.list.{view}_page"
    text = Msg.of(
        key,
        title=event.title,
        page=number + 1,
        pages=pages,
        lines=Joined(tuple(shown), lines=True) if shown else Msg.of("coach_events.nobody"),
    )
    nav = page_buttons(number, pages)
    back = [Button(Msg.of("coach_events.back"), f"back:{event.id}")]
    return Reply(text, buttons=[nav, back] if nav else [back], edit=True)


async def _people_lines(ctx: Context, event: Event) -> list[Param]:
    people = await _people(ctx, event)
    returning = await ctx.store.came_before_ids(_coming(people), event.starts_at)
    coming = set(_coming(people))
    people.sort(key=lambda item: ANSWERS.index(item[0].state) if item[0].state in ANSWERS else 9)
    lines: list[Param] = []
    for rsvp, person in people:
        details: list[Param] = [Msg.of(f"table.answer.{rsvp.state}")]
        if rsvp.present_at is not None:
            details.append(Msg.of("coach_events.was_present"))
        if person.id in coming and person.id not in returning:
            details.append(Msg.of("coach_events.first_time"))
        lines.append(
            Msg.of(
                "coach_events.person_role",
                name=person.name or "?",
                role=Msg.of(f"coach_events.role.{person.role}"),
                details=Joined(tuple(details)),
            )
        )
    return lines


async def _present_list(ctx: Context, event: Event) -> Reply:
    people = [
        (r, p)
        for r, p in await _people(ctx, event)
        if r.state in ("yes", "maybe", "waitlist") or r.present_at
    ]
    shown, number, pages = page(people, int(STATE.data(ctx).get("page", 0)), LISTED)
    buttons = [
        Button(
            Msg.of("multi.on" if r.present_at else "multi.off", label=p.name or "?"),
            f"mark:{event.id}:{p.id}",
        )
        for r, p in shown
    ]
    nav = page_buttons(number, pages)
    back = [Button(Msg.of("coach_events.back"), f"back:{event.id}")]
    key = "coach_events.mark" if pages == 1 else "coach_events.mark_page"
    return Reply(
        Msg.of(key, title=event.title, page=number + 1, pages=pages),
        buttons=[*rows(buttons, 2), *([nav] if nav else []), back],
        edit=True,
    )


async def export(ctx: Context, event: Event) -> Table:
    """Everyone invited, for a spreadsheet."""
    people = await _people(ctx, event)
    returning = await ctx.store.came_before_ids([p.id for _, p in people], event.starts_at)
    rows_: list[tuple[Param, ...]] = [
        (
            person.name or "",
            Msg.of(f"role.{person.role}"),
            Msg.of(f"table.answer.{rsvp.state}"),
            When(rsvp.answered_at) if rsvp.answered_at else "",
            When(rsvp.present_at) if rsvp.present_at else "",
            Msg.of("table.no" if person.id in returning else "table.yes"),
        )
        for rsvp, person in people
    ]
    header = tuple(Msg.of(f"table.column.{column}") for column in COLUMNS)
    return Table(f"event-{event.id}.csv", header, tuple(rows_))
