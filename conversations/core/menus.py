"""Role-aware menus, help, the command list per role and the welcome for strangers."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.flow import begin, rows
from conversations.core.types import Button, Msg, Reply, Role

NAME = "menu"

# The commands each role sees in Telegram's command menu, in this order.
COMMANDS: dict[Role | None, tuple[str, ...]] = {
    None: ("start", "help"),
    "candidate": (
        "menu",
        "events",
        "pairs",
        "prepare",
        "cv",
        "profile",
        "mydata",
        "language",
        "help",
        "forget",
    ),
    "buddy": ("menu", "pairs", "events", "profile", "mydata", "language", "help", "forget"),
    "coach": (
        "menu",
        "events",
        "newevent",
        "pair",
        "pairs",
        "people",
        "broadcast",
        "programme",
        "invite",
        "profile",
        "mydata",
        "language",
        "help",
        "forget",
    ),
    "admin": ("menu", "invite", "handover", "broadcast", "mydata", "language", "help", "forget"),
}
# Commands anyone may use, even halfway through the intake. /cancel (and /stop) is not in
# the command menu: it only means something in the middle of a task, and the questions
# there say how to stop (Back buttons, "type stop"); /help mentions it when a task is open.
ALWAYS = ("start", "help", "language", "mydata", "forget", "cancel", "stop")


def commands_for(role: Role | None) -> tuple[str, ...]:
    return COMMANDS[role]


def menu_replies(ctx: Context) -> list[Reply]:
    role = ctx.role
    if role is None:
        return [stranger()]
    shown = [c for c in commands_for(role) if c not in ("menu", "start")]
    buttons = [Button(Msg.of(f"menu.{c}"), f"cmd:{c}") for c in shown]
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
