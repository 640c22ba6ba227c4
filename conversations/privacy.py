"""/mydata shows everything stored about a person (also as JSON); /forget erases it."""

from __future__ import annotations

import json
from typing import Any

from conversations import intake
from conversations.flow import begin, end
from conversations.types import Attachment, Button, Context, Joined, Msg, Param, Reply, When

NAME = "forget"


async def my_data(ctx: Context) -> list[Reply]:
    person = ctx.person
    if person is None:
        key = "mydata.pending" if ctx.conv.flow else "mydata.nothing"
        return [Reply(Msg.of(key))]
    lines: list[Param] = [Msg.of("mydata.role", role=Msg.of(f"role.{person.role}"))]
    lines.append(
        Msg.of("mydata.language", language=Msg.of(f"language.{person.language or ctx.locale}"))
    )
    if person.consent_at:
        lines.append(Msg.of("mydata.consent", when=When(person.consent_at)))
    if person.programme:
        lines.append(Msg.of("mydata.programme", programme=person.programme))
    if person.invited_by:
        coach = await ctx.store.person(person.invited_by)
        if coach and coach.name:
            lines.append(Msg.of("mydata.invited_by", name=coach.name))
    invites = await ctx.store.invites_created_by(person.id)
    if invites:
        lines.append(Msg.of("mydata.invites", count=len(invites)))
    if person.role != "admin":
        lines.append(intake.profile_lines(person))
    document = Attachment(
        "document", export_json(ctx, invites_made=len(invites)), "liftbot-mydata.json"
    )
    return [
        Reply(Msg.of("mydata.text", lines=Joined(tuple(lines), lines=True))),
        Reply(Msg.of("mydata.file_caption"), attachment=document),
    ]


def export_json(ctx: Context, invites_made: int) -> bytes:
    person = ctx.person
    assert person is not None
    data: dict[str, Any] = {
        "role": person.role,
        "language": person.language,
        "name": person.name,
        "profile": person.profile,
        "programme": person.programme,
        "consent_given_at": person.consent_at.isoformat() if person.consent_at else None,
        "intake_finished_at": person.onboarded_at.isoformat() if person.onboarded_at else None,
        "joined_at": person.created_at.isoformat(),
        "invited_by_person_id": person.invited_by,
        "invites_made": invites_made,
        "conversation": {"flow": ctx.conv.flow, "step": ctx.conv.step},
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


async def start(ctx: Context) -> list[Reply]:
    if ctx.person is None:
        # Someone who opened an invite but did not agree yet: drop that half-started chat.
        had_pending = ctx.conv.flow is not None
        ctx.conv.flow, ctx.conv.step, ctx.conv.data = None, None, {}
        return [Reply(Msg.of("forget.pending_cleared" if had_pending else "mydata.nothing"))]
    begin(ctx, NAME, "confirm")
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    buttons = [
        [Button(Msg.of("forget.yes"), "yes")],
        [Button(Msg.of("forget.no"), "no")],
    ]
    return [Reply(Msg.of("forget.confirm"), buttons=buttons)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    if value == "no":
        end(ctx)
        return [Reply(Msg.of("forget.kept"))]
    if value != "yes" or ctx.person is None:
        return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]
    await ctx.store.forget_person(ctx.person.id, ctx.clock.now())
    ctx.person = None
    ctx.conv.flow, ctx.conv.step, ctx.conv.data = None, None, {}
    ctx.refresh_commands = True
    return [Reply(Msg.of("forget.done"))]
