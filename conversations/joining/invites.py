"""Invite links: coaches invite candidates and buddies (one person, or a group in a room),
admins invite coaches.

Tokens are random (144 bits) and only their SHA-256 is stored (joining/tokens.py). A
personal invite works once; a group invite up to its limit (joining/group_invites.py).
Both expire.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from conversations.core.context import Context
from conversations.core.flow import FlowState, end
from conversations.core.records import Invite, Programme
from conversations.core.types import Attachment, Button, Msg, Reply, Role, When
from conversations.events.programmes import label
from conversations.joining import group_invites, invite_apps
from conversations.joining.flow_states import InviteData, InviteStep
from conversations.joining.tokens import TOKEN_PATTERN, hash_token, new_token, qr_png

NAME = "invite"
STATE = FlowState[InviteData, InviteStep]()


def invite_problem(invite: Invite | None, now: datetime) -> Msg | None:
    """What to tell someone when an invite cannot be used (each reason its own true
    message), or None when it can."""
    if invite is None:
        return Msg.of("invite.invalid")
    if invite.is_group:
        if invite.expires_at <= now:
            return Msg.of("invite.group_ended", until=When(invite.expires_at))
        if invite.max_uses is not None and invite.uses >= invite.max_uses:
            return Msg.of("invite.group_full")
        return None
    if invite.used_at is not None:
        return Msg.of("invite.used")
    if invite.expires_at <= now:
        return Msg.of("invite.expired")
    return None


async def lookup(ctx: Context, token: str) -> Invite | None:
    """The invite behind a token, usable or not; None for one that never existed."""
    if not TOKEN_PATTERN.match(token):
        return None
    return await ctx.store.invite_by_hash(hash_token(token))


async def start(ctx: Context) -> list[Reply]:
    if ctx.role == "admin" and not invite_apps.asks(ctx):
        return await _create(ctx, "coach", None)
    if ctx.role == "admin":
        # An admin invites coaches only: the app is the one question.
        STATE.begin(ctx, NAME, "app", {})
        return await ask(ctx)
    if ctx.role != "coach" or ctx.person is None or ctx.person.onboarded_at is None:
        return [Reply(Msg.of("error.coach_only"))]
    STATE.begin(ctx, NAME, "app" if invite_apps.asks(ctx) else "role", {})
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    if group_invites.is_group_step(ctx):
        return await group_invites.ask(ctx)
    if STATE.step(ctx) == "app":
        return [invite_apps.ask(ctx)]
    if STATE.step(ctx) == "programme":
        assert ctx.person is not None
        own = (await ctx.store.programmes_of_coach(ctx.person.id))[-20:]
        choices = [[Button(label(p), f"prog:{p.id}")] for p in own]
        choices.append([Button(Msg.of("invite.no_programme"), "none")])
        key = "invite.ask_programme" if own else "invite.ask_programme_none_yet"
        return [Reply(Msg.of(key), buttons=choices)]
    buttons = [
        [
            Button(Msg.of("role.candidate"), "role:candidate"),
            Button(Msg.of("role.buddy"), "role:buddy"),
        ],
        [Button(Msg.of("group.button"), "group")],
    ]
    if await group_invites.recent(ctx):
        buttons.append([Button(Msg.of("group.list_button"), "links")])
    return [Reply(Msg.of("invite.ask_role"), buttons=buttons)]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    if group_invites.is_group_step(ctx):
        return await group_invites.on_text(ctx, text)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    if group_invites.is_group_step(ctx):
        return await group_invites.on_choice(ctx, value)
    step, data = STATE.step(ctx), STATE.data(ctx)
    app = data.get("app")
    if step == "app" and (name := invite_apps.chosen(ctx, value)) is not None:
        if ctx.role == "admin":
            end(ctx)
            return await _create(ctx, "coach", None, name)
        data["app"] = name
        STATE.set_step(ctx, "role")
        return await ask(ctx)
    if step == "role" and value == "group":
        return await group_invites.start(ctx)
    if step == "role" and value == "links":
        return await group_invites.listing(ctx)
    if step == "role" and value in ("role:candidate", "role:buddy"):
        STATE.set_step(ctx, "programme")
        data["role"] = "buddy" if value == "role:buddy" else "candidate"
        return await ask(ctx)
    if step == "programme" and value == "none":
        role = data["role"]
        end(ctx)
        return await _create(ctx, role, None, app)
    if step == "programme" and value.startswith("prog:"):
        programme = await ctx.store.programme(int(value.removeprefix("prog:")))
        if programme is None or ctx.person is None or programme.coach_id != ctx.person.id:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused")), *await ask(ctx)]
        role = data["role"]
        end(ctx)
        return await _create(ctx, role, programme, app)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _create(
    ctx: Context, role: Role, programme: Programme | None, app: str | None = None
) -> list[Reply]:
    now = ctx.clock.now()
    token = new_token()
    invite = await ctx.store.create_invite(
        token_hash=hash_token(token),
        role=role,
        programme=programme.name if programme else None,
        programme_id=programme.id if programme else None,
        created_by=ctx.person.id if ctx.person else None,
        now=now,
        expires_at=now + timedelta(days=ctx.invite_days),
    )
    link = invite_apps.open_link(ctx, app, token)
    key = "invite.created_programme" if programme else "invite.created"
    text = Msg.of(
        key,
        role=Msg.of(f"role.{role}"),
        programme=label(programme) if programme else "",
        link=link,
        until=When(invite.expires_at),
    )
    qr = Attachment("photo", qr_png(link), "invite.png")
    return [Reply(text), Reply(Msg.of("invite.qr_caption"), attachment=qr)]
