"""Which chat app an invite is for. When LiftBot runs on more than one (Telegram and
WhatsApp), the coach (or the admin inviting a coach) says which app the person uses, first
thing in /invite, and the link and QR code open LiftBot in that app: a coach on Telegram
can invite someone to WhatsApp and the other way round. With one app nothing is asked."""

from __future__ import annotations

from collections.abc import Mapping

from conversations.core.channel import ChannelInfo
from conversations.core.context import Context
from conversations.core.types import Button, Msg, Reply

PREFIX = "app:"


def apps(ctx: Context) -> Mapping[str, ChannelInfo]:
    return ctx.channels or {ctx.channel.name: ctx.channel}


def asks(ctx: Context) -> bool:
    return len(apps(ctx)) > 1


def question() -> Msg:
    return Msg.of("invite.ask_app")


def buttons(ctx: Context) -> list[list[Button]]:
    """One button per app, by the name people know it by."""
    return [[Button(info.title or name, f"{PREFIX}{name}")] for name, info in apps(ctx).items()]


def ask(ctx: Context) -> Reply:
    return Reply(question(), buttons=buttons(ctx))


def chosen(ctx: Context, value: str) -> str | None:
    """The app a pressed button names; None for anything else (an app no longer running)."""
    name = value.removeprefix(PREFIX)
    return name if value.startswith(PREFIX) and name in apps(ctx) else None


def open_link(ctx: Context, app: str | None, payload: str) -> str:
    """The link that opens LiftBot in the chosen app; the coach's own without a choice."""
    info = apps(ctx).get(app) if app else None
    return (info or ctx.channel).open_link(payload)
