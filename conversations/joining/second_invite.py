"""Someone who already joined opens another invite: added to that programme when the invite
is for their role (its coach is told, its upcoming meetings invite them).

Each invite problem gets its own true reply; "it stays valid for someone else" is said only
when the invite was not used and still works.
"""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.records import Invite, name_of
from conversations.core.types import Msg, Reply
from conversations.events import invitations
from conversations.events.programmes import label
from conversations.joining.invites import invite_problem
from conversations.joining.join_notices import tell_coach


async def open_as_member(ctx: Context, invite: Invite | None, problem: Msg | None) -> list[Reply]:
    """An invite opened by someone who already joined."""
    person = ctx.person
    assert person is not None
    if invite is not None and invite.used_by == person.id:
        return [Reply(Msg.of("invite.used_by_you"))]
    if invite is None or problem is not None:
        return [Reply(problem or Msg.of("invite.invalid"))]
    if invite.role != person.role:
        return [Reply(Msg.of(f"invite.other_role.{invite.role}"))]
    programme = await ctx.store.programme(invite.programme_id) if invite.programme_id else None
    if programme is None:
        return [Reply(Msg.of("invite.joined_no_programme"))]
    if any(p.id == programme.id for p in await ctx.store.programmes_of_member(person.id)):
        return [Reply(Msg.of("invite.already_member", programme=label(programme)))]
    now = ctx.clock.now()
    if not await ctx.store.use_invite(invite.id, person.id, now):
        # Used up between opening and now (a group link's last place, say).
        again = invite_problem(await ctx.store.invite(invite.id), now)
        return [Reply(again or Msg.of("invite.used"))]
    await ctx.store.add_member(programme.id, person.id, now)
    if person.onboarded_at is not None:
        # Someone still in their intake gets these when it is done (intake._finish).
        await invitations.invite_newcomer(ctx, person, programme.id)
        await tell_coach(ctx, person, programme)
    coach = await ctx.store.person(programme.coach_id)
    if coach is None:
        # The coach left and the programme waits for a new one (see /handover).
        return [Reply(Msg.of("invite.added_no_coach", programme=label(programme)))]
    return [Reply(Msg.of("invite.added", programme=label(programme), coach=name_of(coach)))]
