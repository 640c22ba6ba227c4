"""Invite links: coaches invite candidates and buddies, admins invite coaches.

Tokens are random (144 bits), single-use, expire, and only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from datetime import datetime, timedelta

import segno

from conversations.flow import begin, end
from conversations.programmes import label
from conversations.records import Programme
from conversations.types import Attachment, Button, Context, Invite, Msg, Reply, Role, When

NAME = "invite"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_token() -> str:
    while True:
        token = secrets.token_urlsafe(18)
        # Check-in links use the "ci_" prefix; an invite must never look like one.
        if not token.startswith("ci_"):
            return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def invite_problem(invite: Invite | None, now: datetime) -> str | None:
    """The message key that says why an invite cannot be used, or None when it can."""
    if invite is None:
        return "invite.invalid"
    if invite.used_at is not None:
        return "invite.used"
    if invite.expires_at <= now:
        return "invite.expired"
    return None


async def find_invite(ctx: Context, token: str) -> tuple[Invite | None, str | None]:
    """The usable invite behind a token, or the message key that says why there is none."""
    if not TOKEN_PATTERN.match(token):
        return None, "invite.invalid"
    invite = await ctx.store.invite_by_hash(hash_token(token))
    problem = invite_problem(invite, ctx.clock.now())
    return (None, problem) if problem else (invite, None)


async def start(ctx: Context) -> list[Reply]:
    if ctx.role == "admin":
        return await _create(ctx, "coach", None)
    if ctx.role != "coach" or ctx.person is None or ctx.person.onboarded_at is None:
        return [Reply(Msg.of("error.coach_only"))]
    begin(ctx, NAME, "role")
    return await ask(ctx)


async def ask(ctx: Context) -> list[Reply]:
    if ctx.conv.step == "programme":
        assert ctx.person is not None
        own = (await ctx.store.programmes_of_coach(ctx.person.id))[-20:]
        choices = [[Button(label(p), f"prog:{p.id}")] for p in own]
        choices.append([Button(Msg.of("invite.no_programme"), "none")])
        key = "invite.ask_programme" if own else "invite.ask_programme_none_yet"
        return [Reply(Msg.of(key), buttons=choices)]
    buttons = [
        Button(Msg.of("role.candidate"), "role:candidate"),
        Button(Msg.of("role.buddy"), "role:buddy"),
    ]
    return [Reply(Msg.of("invite.ask_role"), buttons=[buttons])]


async def on_text(ctx: Context, text: str) -> list[Reply]:
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    if ctx.conv.step == "role" and value in ("role:candidate", "role:buddy"):
        ctx.conv.step, ctx.conv.data["role"] = "programme", value.removeprefix("role:")
        return await ask(ctx)
    if ctx.conv.step == "programme" and value == "none":
        role = ctx.conv.data["role"]
        end(ctx)
        return await _create(ctx, role, None)
    if ctx.conv.step == "programme" and value.startswith("prog:"):
        programme = await ctx.store.programme(int(value.removeprefix("prog:")))
        if programme is None or ctx.person is None or programme.coach_id != ctx.person.id:
            ctx.button_status = "forged"
            return [Reply(Msg.of("error.button_refused")), *await ask(ctx)]
        role = ctx.conv.data["role"]
        end(ctx)
        return await _create(ctx, role, programme)
    return [Reply(Msg.of("error.use_buttons")), *await ask(ctx)]


async def _create(ctx: Context, role: Role, programme: Programme | None) -> list[Reply]:
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
    link = invite_link(ctx.bot_username, token)
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
