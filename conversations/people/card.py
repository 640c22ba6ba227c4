"""A person's card for their coach, and every member of a programme as a CSV file.

Only what the consent says the coach sees: the intake answers, preparation done, answers to
the invitations of this coach's meetings and whether they came, the pairs this coach made
and how far they got, and the last day the person used LiftBot. Never what the two of a
pair said to each other, nor the words of preparation exercises."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.people_records import Attendance, Member
from conversations.core.records import Person, Programme, name_of
from conversations.core.types import Button, Joined, Msg, Param, Reply, Table, When
from conversations.events.programmes import label
from conversations.joining import intake
from conversations.joining.fields import FIELDS
from conversations.pairs.pair_states import state_of
from conversations.pairs.relay import write_to
from conversations.people.facts import ROLE_ORDER, current_pair, day, sorted_members
from conversations.preparation.prepare import SESSIONS

# The newest invitations on the card; the CSV counts them all. Keeps a card one message.
CARD_EVENTS = 10
# Intake answers as CSV columns: the job seeker's, then the employer's not asked already.
ANSWERS = tuple(
    dict.fromkeys(
        spec.name for role in ("candidate", "buddy") for spec in FIELDS[role] if spec.name != "name"
    )
)
COLUMNS = ("name", "role", "joined", "last_seen", "preparation", "invited", "said_yes", "present")


async def card(ctx: Context, programme: Programme, member: Member) -> Reply:
    assert ctx.person is not None
    person = await ctx.store.person(member.id)
    assert person is not None  # a member is someone who is still here
    lines: list[Param] = [
        Msg.of(
            "people.card.since",
            programme=label(programme),
            when=When(member.joined_at, date_only=True),
        ),
        _seen(member),
        "",
        Msg.of("people.card.answers", lines=intake.profile_lines(person)),
    ]
    if person.role == "candidate":
        done = (await ctx.store.prep_done([person.id])).get(person.id, 0)
        lines += ["", Msg.of("people.card.prep", done=done, sessions=len(SESSIONS))]
    lines += ["", *await _invitations(ctx, person), "", *await _pairs(ctx, person)]
    role = f"people.role.{person.role}" if person.role in ROLE_ORDER else f"role.{person.role}"
    text = Msg.of(
        "people.card",
        name=person.name or Msg.of("people.no_name"),
        role=Msg.of(role),
        lines=Joined(tuple(lines), lines=True),
    )
    back = Button(Msg.of("people.back"), "list")
    return Reply(text, buttons=[[write_to(person)], [back]])


def _seen(member: Member) -> Msg:
    if not member.onboarded:
        return Msg.of("people.card.joining")
    if member.last_seen_on is None:
        return Msg.of("people.card.not_seen")
    return Msg.of("people.card.seen", when=day(member.last_seen_on))


async def _invitations(ctx: Context, person: Person) -> list[Param]:
    assert ctx.person is not None
    answers = await ctx.store.invitations_from(ctx.person.id, person.id)
    if not answers:
        return [Msg.of("people.card.no_invitations")]
    lines: list[Param] = [Msg.of("people.card.invitations")]
    earlier = len(answers) - CARD_EVENTS
    if earlier > 0:
        lines.append(Msg.plural("people.card.earlier", earlier))
    for invitation in answers[-CARD_EVENTS:]:
        lines.append(
            Msg.of(
                "people.card.invitation",
                title=invitation.title,
                when=When(invitation.starts_at),
                answer=Msg.of(f"people.answer.{invitation.answer}"),
                present=Msg.of("people.card.present") if invitation.present else "",
            )
        )
    return lines


async def _pairs(ctx: Context, person: Person) -> list[Param]:
    assert ctx.person is not None
    now = ctx.clock.now()
    pairs = await ctx.store.pairs_with(
        ctx.person.id, [person.id], now, now.astimezone(ctx.zone).date()
    )
    if not pairs:
        return [Msg.of("people.card.no_pair")]
    others = await ctx.store.people_by_id(
        [p.buddy_id if p.candidate_id == person.id else p.candidate_id for p in pairs]
    )
    lines: list[Param] = [Msg.of("people.card.pairs")]
    for pair in pairs:
        other = pair.buddy_id if pair.candidate_id == person.id else pair.candidate_id
        lines.append(
            Msg.of(
                "people.card.pair",
                name=name_of(others.get(other)),
                state=Msg.of(f"pairs.state.{state_of(pair)}"),
            )
        )
    return lines


async def export(ctx: Context, programme: Programme) -> Table:
    """Every member of the programme with their answers and progress, for a spreadsheet."""
    assert ctx.person is not None
    members = sorted_members(await ctx.store.members(programme.id))
    ids = [m.id for m in members]
    people = await ctx.store.people_by_id(ids)
    prep = await ctx.store.prep_done(ids)
    attendance = await ctx.store.attendance(programme.id)
    now = ctx.clock.now()
    pairs = await ctx.store.pairs_with(ctx.person.id, ids, now, now.astimezone(ctx.zone).date())
    others = await ctx.store.people_by_id([i for p in pairs for i in (p.candidate_id, p.buddy_id)])
    rows: list[tuple[Param, ...]] = []
    for member in members:
        person = people.get(member.id)
        came = attendance.get(member.id, Attendance())
        pair = current_pair(member.id, pairs)
        paired: Param = ""
        if pair is not None:
            other = pair.buddy_id if pair.candidate_id == member.id else pair.candidate_id
            paired = Msg.of(
                "people.csv_pair",
                name=name_of(others.get(other)),
                state=Msg.of(f"pairs.state.{state_of(pair)}"),
            )
        rows.append(
            (
                member.name or "",
                Msg.of(f"role.{member.role}"),
                When(member.joined_at, date_only=True),
                day(member.last_seen_on) if member.last_seen_on else "",
                prep.get(member.id, 0) if member.role == "candidate" else "",
                came.invited,
                came.yes,
                came.present,
                paired,
                *(_answer(person, name) for name in ANSWERS),
            )
        )
    header = (
        *(Msg.of(f"people.column.{column}") for column in COLUMNS),
        Msg.of("table.column.pair"),
        *(Msg.of(f"field.{name}") for name in ANSWERS),
    )
    return Table(f"people-{programme.id}.csv", header, tuple(rows))


def _answer(person: Person | None, name: str) -> Param:
    spec = next((s for s in FIELDS[person.role] if s.name == name), None) if person else None
    if person is None or spec is None:
        return ""
    return intake.answer(person, spec) or ""
