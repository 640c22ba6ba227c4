"""Role-aware menus, help, the command list per role and the welcome for strangers."""

from __future__ import annotations

from collections.abc import Mapping

from conversations.core.context import Context
from conversations.core.flow import begin, rows
from conversations.core.types import Button, Msg, Reply, Role

NAME = "menu"

# A menu button runs a command: "cmd:<name>" (stored with the question, so never changed).
COMMAND_BUTTON = "cmd"

# The commands each role sees in its command menu, in this order. They come from every
# feature's declarations, which the router assembles (core/feature.py) and hands over once
# when it is imported: they cannot be imported from here, as some features show this menu.
_MENUS: dict[Role | None, tuple[str, ...]] = {}


def use(menus: Mapping[Role | None, tuple[str, ...]]) -> None:
    _MENUS.clear()
    _MENUS.update(menus)


def commands_for(role: Role | None) -> tuple[str, ...]:
    if not _MENUS:
        raise RuntimeError("no command menus yet: conversations.core.router assembles them")
    return _MENUS.get(role, ())


def menu_replies(ctx: Context) -> list[Reply]:
    role = ctx.role
    if role is None:
        return [stranger()]
    shown = [c for c in commands_for(role) if c not in ("menu", "start")]
    buttons = [Button(Msg.of(f"menu.{c}"), f"{COMMAND_BUTTON}:{c}") for c in shown]
    begin(ctx, NAME, "main")
    return [Reply(Msg.of(f"menu.title.{role}"), buttons=rows(buttons, 2))]


def help_replies(ctx: Context) -> list[Reply]:
    role = ctx.role
    key = f"help.{role}" if role else "help.stranger"
    return [Reply(Msg.of(key))]


def stranger() -> Reply:
    return Reply(Msg.of("start.stranger"))


async def ask(ctx: Context) -> list[Reply]:
    return menu_replies(ctx)


async def on_text(ctx: Context, text: str) -> list[Reply]:
    # The menu stays, and so does any task waiting under it.
    return [Reply(Msg.of("error.not_understood")), *menu_replies(ctx)]


async def on_choice(ctx: Context, value: str) -> list[Reply]:
    # The router runs "cmd:" buttons itself; anything else here is not ours.
    return [Reply(Msg.of("error.use_buttons")), *menu_replies(ctx)]
