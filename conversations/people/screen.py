"""/people for coaches: per programme every member, ten per page turning in place, job
seekers and employers apart (filter buttons with counts); a person's card in place of the
list (people_card), everyone as a CSV, and adding someone the coach already coaches
(people_add).

Every button that names a programme or a person is checked against the database before
anything is shown: a coach only ever sees the people of their own programmes."""

from __future__ import annotations

from collections import Counter

from conversations.core.context import Context
from conversations.core.flow import RETURN, FlowState, end, page, page_buttons, rows, turn_page
from conversations.core.overview_records import PairSummary
from conversations.core.people_records import Member
from conversations.core.records import Programme
from conversations.core.types import Button, Joined, Msg, Param, Reply
from conversations.events.programmes import label
from conversations.pairs.pair_states import state_of
from conversations.people import add as people_add
from conversations.people import card as people_card
from conversations.people.facts import current_pair, seen, sorted_members
from conversations.people.flow_states import PeopleData, PeopleFilter, PeopleStep
from conversations.preparation.prepare import SESSIONS

NAME = "people"
STATE = FlowState[PeopleData, PeopleStep]()
LISTED = 10  # people per page
FILTERS: tuple[PeopleFilter, ...] = ("all", "candidate", "buddy")


async def start(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    programmes = await ctx.store.programmes_of_coach(ctx.person.id)
    if not programmes:
        return [Reply(Msg.of("people.no_programmes"))]
    if len(programmes) == 1:
        STATE.begin(ctx, NAME, "list", {"programme": programmes[0].id, "page": 0, "role": "all"})
    else:
        STATE.begin(ctx, NAME, "programmes", {})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    programme = await own_programme(ctx, STATE.data(ctx).get("programme"))
    step = STATE.step(ctx)
    if programme is None or step == "programmes":
        return await _choose(ctx)
    if step == "card":
        member = await ctx.store.member(programme.id, int(STATE.data(ctx).get("person", 0)))
        if member is not None:
            return [await people_card.card(ctx, programme, member)]
        _to_list(ctx)
    if step == "add":
        return [await people_add.view(ctx, programme)]
    return [await listing(ctx, programme)]


async def own_programme(ctx: Context, value: object) -> Programme | None:
    """The programme, when it is one of this coach's; None for anything else."""
    if ctx.person is None or not str(value).isdigit():
        return None
    programme = await ctx.store.programme(int(str(value)))
    if programme is None or programme.coach_id != ctx.person.id:
        return None
    return programme


async def _choose(ctx: Context) -> list[Reply]:
    assert ctx.person is not None
    programmes = await ctx.store.programmes_of_coach(ctx.person.id)
    if not programmes:
        end(ctx)
        return [Reply(Msg.of("people.no_programmes"))]
    STATE.set_step(ctx, "programmes")
    buttons = [Button(label(p), f"prog:{p.id}") for p in programmes]
    return [Reply(Msg.of("people.pick"), buttons=rows(buttons, 1))]


def _to_list(ctx: Context) -> None:
    """Back from a card or the add list: the people list keeps the page it was on."""
    data = STATE.data(ctx)
    if STATE.step(ctx) in ("card", "add"):
        data["page"] = data.pop("list_page", 0)
    data.pop("person", None)
    STATE.set_step(ctx, "list")


def _leave_list(ctx: Context, step: PeopleStep) -> None:
    data = STATE.data(ctx)
    if STATE.step(ctx) == "list":
        data["list_page"] = data.get("page", 0)
    STATE.set_step(ctx, step)
    data["page"] = 0


def _line(number: int, member: Member, prep: dict[int, int], pairs: list[PairSummary]) -> Msg:
    name: Param = member.name or Msg.of("people.no_name")
    pair = current_pair(member.id, pairs)
    paired: Msg = (
        Msg.of("people.pair", state=Msg.of(f"pairs.state.{state_of(pair)}"))
        if pair
        else Msg.of("people.no_pair")
    )
    if member.role == "candidate":
        return Msg.of(
            "people.line.candidate",
            number=number,
            name=name,
            prep=prep.get(member.id, 0),
            sessions=len(SESSIONS),
            pair=paired,
            seen=seen(member),
        )
    if member.role == "buddy":
        return Msg.of("people.line.buddy", number=number, name=name, pair=paired, seen=seen(member))
    role = Msg.of(f"role.{member.role}")
    return Msg.of("people.line.other", number=number, name=name, role=role, seen=seen(member))


async def listing(ctx: Context, programme: Programme) -> Reply:
    """A page of the programme's members (of the chosen role) with the buttons around it."""
    assert ctx.person is not None
    data = STATE.data(ctx)
    role = data.get("role") if data.get("role") in FILTERS else "all"
    members = sorted_members(await ctx.store.members(programme.id))
    counts = Counter(m.role for m in members)
    chosen = members if role == "all" else [m for m in members if m.role == role]
    shown, number, pages = page(chosen, int(data.get("page", 0)), LISTED)
    ids = [m.id for m in shown]
    now = ctx.clock.now()
    prep = await ctx.store.prep_done([m.id for m in shown if m.role == "candidate"])
    pairs = await ctx.store.pairs_with(ctx.person.id, ids, now, now.astimezone(ctx.zone).date())
    first = number * LISTED + 1
    lines = [_line(first + n, m, prep, pairs) for n, m in enumerate(shown)]
    what = Msg.of(f"people.filter_name.{role}")
    text = Msg.of(
        "people.list",
        programme=label(programme),
        total=Msg.plural("people.total", len(members)),
        candidates=counts["candidate"],
        buddies=counts["buddy"],
        showing=(
            Msg.of("people.showing", what=what)
            if pages == 1
            else Msg.of("people.showing_page", what=what, page=number + 1, pages=pages)
        ),
        lines=(
            Joined(tuple(lines), lines=True)
            if lines
            else Msg.of("people.nobody" if members else "people.empty")
        ),
    )
    people = [
        Button(
            Msg.of("people.open", number=first + n, name=m.name or Msg.of("people.no_name")),
            f"card:{m.id}",
        )
        for n, m in enumerate(shown)
    ]
    filters = [
        Button(
            Msg.of(
                "people.filter_on" if key == role else "people.filter_off",
                label=Msg.of(f"people.filter_name.{key}"),
                count=len(members) if key == "all" else counts[key],
            ),
            f"role:{key}",
        )
        for key in FILTERS
    ]
    buttons = [*rows(people, 2)]
    nav = page_buttons(number, pages)
    if nav:
        buttons.append(nav)
    add = Button(Msg.of("people.button_add"), "add")
    if members:
        buttons.append(filters)
        buttons.append([Button(Msg.of("people.button_csv"), "csv"), add])
    else:
        buttons.append([add])
    if len(await ctx.store.programmes_of_coach(ctx.person.id)) > 1:
        buttons.append([Button(Msg.of("people.button_programmes"), "progs")])
    return Reply(text, buttons=buttons)


def _waiting(ctx: Context) -> dict[str, object]:
    return {RETURN: ctx.conv.data[RETURN]} if RETURN in ctx.conv.data else {}


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    action, _, arg = value.partition(":")
    data = STATE.data(ctx)
    if action == "prog":
        chosen = await own_programme(ctx, arg)
        if chosen is None:
            return await _refuse(ctx)
        # A new list, but the tasks waiting underneath (RETURN) stay where they were.
        fresh: PeopleData = {"programme": chosen.id, "page": 0, "role": "all"}
        ctx.conv.step, ctx.conv.data = "list", {**_waiting(ctx), **fresh}
        return _in_place(await listing(ctx, chosen))
    if action == "progs":
        ctx.conv.data = _waiting(ctx)
        return _in_place(*await _choose(ctx))
    programme = await own_programme(ctx, data.get("programme"))
    if programme is None:
        # Handed over to another coach since the list was shown.
        return [Reply(Msg.of("people.programme_gone")), *await _choose(ctx)]
    if action == "page" and arg.isdigit():
        return await turn_page(ctx, ask, int(arg))
    if action == "role" and arg in FILTERS:
        data["role"], data["page"] = arg, 0
        return _in_place(await listing(ctx, programme))
    if action == "csv":
        table = await people_card.export(ctx, programme)
        # The list stays as it was, buttons and all; the file comes below it.
        return [*_in_place(await listing(ctx, programme)), Reply(Msg.of("people.csv"), table=table)]
    if action == "list":
        _to_list(ctx)
        return _in_place(await listing(ctx, programme))
    if action == "add" and not arg:
        _leave_list(ctx, "add")
        return _in_place(await people_add.view(ctx, programme))
    if action in ("card", "add") and arg.isdigit():
        return await _person(ctx, programme, action, int(arg))
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _person(ctx: Context, programme: Programme, action: str, person_id: int) -> list[Reply]:
    if action == "add":
        added = await people_add.add(ctx, programme, person_id)
        if added is None:
            return await _refuse(ctx)
        return _in_place(await people_add.view(ctx, programme, note=added))
    member = await ctx.store.member(programme.id, person_id)
    if member is None:
        if await ctx.store.person(person_id) is None:
            # They left LiftBot since the list was shown: nothing to refuse, just say so.
            return [Reply(Msg.of("people.gone")), *_in_place(await listing(ctx, programme))]
        return await _refuse(ctx)
    _leave_list(ctx, "card")
    data = STATE.data(ctx)
    data["person"] = person_id
    return _in_place(await people_card.card(ctx, programme, member))


async def _refuse(ctx: Context) -> list[Reply]:
    """A button naming someone or something that is not this coach's: refused, kindly."""
    ctx.button_status = "forged"
    return [Reply(Msg.of("people.refused")), *await ask(ctx)]


def _in_place(*replies: Reply) -> list[Reply]:
    if replies:
        replies[0].edit = True
    return list(replies)
