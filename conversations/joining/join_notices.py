"""The coach hears about every newcomer to their programmes: name, role and programme."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.records import Person, Programme, name_of
from conversations.core.types import Msg, Reply

# Roles the coach is told about when they join (coaches are invited by an admin).
TOLD = ("candidate", "buddy")


async def tell_coach(ctx: Context, person: Person, programme: Programme) -> None:
    """The programme's coach hears who joined, in the coach's own language."""
    coach = await ctx.store.person(programme.coach_id)
    if coach is None or coach.id == person.id or person.role not in TOLD:
        return
    notice = Msg.of(f"joined.notice.{person.role}", name=name_of(person), programme=programme.name)
    ctx.notify(coach, Reply(notice), about=(person.id,))


async def tell_coaches(ctx: Context, person: Person) -> None:
    """After the intake: the coach of each programme joined hears about it; with an invite
    for no programme, the coach who made it."""
    programmes = await ctx.store.programmes_of_member(person.id)
    for programme in programmes:
        await tell_coach(ctx, person, programme)
    if programmes or person.invited_by is None or person.role not in TOLD:
        return
    coach = await ctx.store.person(person.invited_by)
    if coach is not None and coach.role == "coach":
        notice = Msg.of(f"joined.notice_no_programme.{person.role}", name=name_of(person))
        ctx.notify(coach, Reply(notice), about=(person.id,))
