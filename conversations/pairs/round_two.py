"""In de Lift round two: after the main event each job seeker picks, from the
entrepreneurs who were there, with whom they want to talk further; the coach sees the
choices and can turn them into pairs."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import FlowState, end, rows
from conversations.core.records import Event, Person, name_of
from conversations.core.types import Button, Joined, Msg, Reply
from conversations.pairs.flow_states import RoundTwoData, RoundTwoStep
from conversations.pairs.names import ROUND_TWO_PICK

NAME = "round_two"
STATE = FlowState[RoundTwoData, RoundTwoStep]()


async def _buddies(ctx: Context, event: Event) -> list[Person]:
    rsvps = await ctx.store.rsvps(event.id)
    people = await ctx.store.people_by_id([rsvp.person_id for rsvp in rsvps])
    return [
        person
        for rsvp in rsvps
        if (person := people.get(rsvp.person_id)) is not None
        and person.role == "buddy"
        and (rsvp.present_at or rsvp.state == "yes")
    ]


async def invitation(ctx: Context, event: Event) -> list[Reply]:
    """The message after the main event, for a job seeker who was there."""
    if not await _buddies(ctx, event):
        return []
    button = Button(Msg.of("round_two.choose"), f"{ROUND_TWO_PICK}:{event.id}:pick", bound=True)
    return [Reply(Msg.of("round_two.ask", title=event.title), buttons=[[button]])]


async def on_pick(ctx: Context, event_id: int, action: str) -> list[Reply]:
    event = await ctx.store.event(event_id)
    person = ctx.person
    rsvp = await ctx.store.rsvp(event_id, person.id) if event and person else None
    if person is None:
        return [Reply(Msg.of("pair.unknown_person"))]
    if (
        event is None
        or rsvp is None
        or rsvp.present_at is None
        or action != "pick"
        or person.role != "candidate"
    ):
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused"))]
    STATE.begin(ctx, NAME, "pick", {"event": event.id, "picked": []})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    data = STATE.data(ctx)
    event = await ctx.store.event(int(data["event"]))
    if event is None:
        end(ctx)
        return []
    picked = data.get("picked", [])
    buttons = [
        Button(
            Msg.of(
                "multi.on" if b.id in picked else "multi.off",
                label=f"{b.name or ''} ({b.profile.get('company', '')})",
            ),
            f"b:{b.id}",
        )
        for b in await _buddies(ctx, event)
    ]
    done = Button(Msg.of("multi.done"), "done")
    return [Reply(Msg.of("round_two.pick"), buttons=[*rows(buttons, 1), [done]])]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    data = STATE.data(ctx)
    if value.startswith("b:") and value[2:].isdigit():
        buddy_id = int(value[2:])
        picked = data.setdefault("picked", [])
        if buddy_id in picked:
            picked.remove(buddy_id)
        else:
            picked.append(buddy_id)
        reply = (await ask(ctx))[0]
        reply.edit = True
        return [reply]
    if value == "done" and ctx.person is not None:
        event_id = int(data["event"])
        await ctx.store.save_round_two(
            event_id, ctx.person.id, list(data.get("picked", [])), ctx.clock.now()
        )
        end(ctx)
        key = "round_two.saved" if data.get("picked") else "round_two.none"
        return [Reply(Msg.of(key))]
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def choices_lines(ctx: Context, event: Event) -> list[Msg]:
    choices = await ctx.store.round_two_choices(event.id)
    people = await ctx.store.people_by_id([i for pair in choices for i in pair])
    return [
        Msg.of(
            "round_two.line",
            candidate=name_of(people.get(candidate_id)),
            buddy=name_of(people.get(buddy_id)),
        )
        for candidate_id, buddy_id in choices
    ]


async def make_pairs(ctx: Context, event: Event) -> list[Reply]:
    """Turn every round-two choice into a proposed pair (doubles are skipped kindly); what
    happened to each goes in one message, however many there are."""
    from conversations.pairs.pairing import propose

    outcomes: list[Msg] = []
    for candidate_id, buddy_id in await ctx.store.round_two_choices(event.id):
        outcomes += [
            reply.text for reply in await propose(ctx, candidate_id, buddy_id, event.programme_id)
        ]
    if not outcomes:
        return [Reply(Msg.of("round_two.no_choices"))]
    made = sum(1 for outcome in outcomes if outcome.key == "pair.proposed")
    return [Reply(Msg.plural("round_two.made", made, lines=Joined(tuple(outcomes), lines=True)))]
