"""Adding someone a coach already coaches to another of their programmes, from /people:
the people of this coach who finished joining and are not in the programme, ten per page;
one press adds them, tells them in their own language and invites them to the programme's
meetings still to come (as joining would)."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, page, page_buttons, rows
from conversations.core.records import Person, Programme, name_of
from conversations.core.types import Button, Joined, Msg, Param, Reply
from conversations.events import invitations
from conversations.events.programmes import label
from conversations.people.facts import ROLE_ORDER
from conversations.people.flow_states import PeopleData, PeopleStep

# The /people flow's row (screen.py starts it; this is its add list).
STATE = FlowState[PeopleData, PeopleStep]()
LISTED = 10


async def addable(ctx: Context, programme: Programme) -> list[Person]:
    """Job seekers and employers of this coach who are not in the programme yet. Someone
    still joining is left out: finishing the intake invites them to all their meetings."""
    assert ctx.person is not None
    members = set(await ctx.store.member_ids(programme.id))
    people = [
        p
        for p in await ctx.store.people_of_coach(ctx.person.id)
        if p.id not in members and p.onboarded_at is not None and p.role in ROLE_ORDER
    ]
    return sorted(people, key=lambda p: (ROLE_ORDER[p.role], (p.name or "").casefold(), p.id))


async def view(ctx: Context, programme: Programme, note: Msg | None = None) -> Reply:
    people = await addable(ctx, programme)
    shown, number, pages = page(people, int(STATE.data(ctx).get("page", 0)), LISTED)
    if not people:
        heading = Msg.of("people.add_none", programme=label(programme))
    elif pages == 1:
        heading = Msg.of("people.add_pick", programme=label(programme))
    else:
        heading = Msg.of(
            "people.add_pick_page", programme=label(programme), page=number + 1, pages=pages
        )
    parts: tuple[Param, ...] = (note, "", heading) if note else (heading,)
    buttons = [
        Button(
            Msg.of(
                "people.add_person",
                name=p.name or Msg.of("people.no_name"),
                role=Msg.of(f"people.role.{p.role}"),
            ),
            f"add:{p.id}",
        )
        for p in shown
    ]
    nav = page_buttons(number, pages)
    back = [Button(Msg.of("people.back"), "list")]
    return Reply(
        Msg.of("people.add_text", lines=Joined(parts, lines=True)),
        buttons=[*rows(buttons, 1), *([nav] if nav else []), back],
    )


async def add(ctx: Context, programme: Programme, person_id: int) -> Msg | None:
    """Add the person and say what happened; None when they are not this coach's to add."""
    assert ctx.person is not None
    person = await ctx.store.person(person_id)
    if person is None:
        return Msg.of("people.gone")
    if person_id not in {p.id for p in await addable(ctx, programme)}:
        if await ctx.store.member(programme.id, person_id) is not None:
            return Msg.of("people.add_already", name=name_of(person), programme=label(programme))
        return None
    now = ctx.clock.now()
    await ctx.store.add_member(programme.id, person.id, now)
    # First what happened, then the invitations it brings.
    ctx.notify(
        person,
        Reply(Msg.of("people.added_you", coach=name_of(ctx.person), programme=label(programme))),
    )
    await invitations.invite_newcomer(ctx, person)
    coming = [
        e for e in await ctx.store.open_events_for_member(person.id, now)
        if e.programme_id == programme.id
    ]
    invited = [e for e in coming if await ctx.store.rsvp(e.id, person.id) is not None]
    if not invited:
        return Msg.of("people.added_none", name=name_of(person), programme=label(programme))
    return Msg.plural(
        "people.added", len(invited), name=name_of(person), programme=label(programme)
    )
