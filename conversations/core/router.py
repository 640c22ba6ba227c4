"""Routes an event to the command, flow, bound button or planned message it belongs to, with
role and button checks. What each feature handles it declares in its own feature.py; the
list of features at the end is the one place they come together."""

from __future__ import annotations

import logging
import re

from conversations.broadcast.feature import FEATURE as BROADCAST
from conversations.core import menus, tasks, typed
from conversations.core.channel import CHECKIN_PREFIX
from conversations.core.context import Context
from conversations.core.feature import Command, Feature, Routes, at, scheduled_key
from conversations.core.flow import begin, task
from conversations.core.flow import use as use_flows
from conversations.core.menus import COMMAND_BUTTON, help_replies, menu_replies
from conversations.core.records import Conversation, Person, Scheduled
from conversations.core.types import Incoming, Msg, Reply
from conversations.core.wizard import BACK
from conversations.events import checkin
from conversations.events.feature import FEATURE as EVENTS
from conversations.joining import intake, onboarding
from conversations.joining.feature import FEATURE as JOINING
from conversations.pairs import reach
from conversations.pairs.feature import FEATURE as PAIRS
from conversations.people import handover
from conversations.people.feature import FEATURE as PEOPLE
from conversations.preparation.feature import FEATURE as PREPARATION
from conversations.privacy.feature import FEATURE as PRIVACY

log = logging.getLogger(__name__)

CALLBACK = re.compile(r"^v(\d{1,9}):([a-z_]{1,16}(?::[a-z0-9_]{1,24}){0,2})$")
HINT = Reply(Msg.of("hint.help"))


async def handle(ctx: Context, event: Incoming) -> list[Reply]:
    if event.kind == "command":
        replies = await command(ctx, event.command, event.args)
    elif event.kind == "choice":
        replies = await choice(ctx, event.choice)
    elif event.kind == "text":
        replies = await text(ctx, event.text)
    elif event.kind == "location" and event.location is not None:
        replies = await location(ctx, *event.location)
    elif event.kind == "contact" and event.contact is not None:
        replies = await reach.contact_in(ctx, event.contact, _current_question)
    elif event.kind == "file" and event.file is not None:
        on_file = getattr(FLOWS.get(ctx.conv.flow or ""), "on_file", None)
        replies = (
            await on_file(ctx, event.file) if on_file else [Reply(Msg.of("cv.unexpected_file"))]
        )
    elif event.kind == "unreadable":
        replies = [Reply(Msg.of("private.unreadable")), *await _current_question(ctx)]
    else:
        replies = [Reply(Msg.of("error.text_only")), *await _current_question(ctx)]
    # What starting this task did to others: stopped, or taken up again where it was.
    notes = [Reply(Msg.of(f"stopped.{name}")) for name in ctx.stopped]
    if ctx.continued:
        notes.append(Reply(Msg.of("flow.continue", task=Msg.of(f"task.{task(ctx.conv)}"))))
    return [*notes, *replies, *await tasks.resumed(ctx, FLOWS)]


def callback_data(version: int, value: str, bound: bool = False) -> str:
    data = value if bound else f"v{version}:{value}"
    if not (ROUTES.bound if bound else CALLBACK).match(data) or len(data.encode()) > 64:
        raise ValueError(f"button value {value!r} does not fit Telegram's callback data")
    return data


async def command(ctx: Context, name: str, args: str) -> list[Reply]:
    name, payload = name.lower(), args.strip()
    before = tasks.where(ctx)
    if name == "start" and payload:
        return [*await _open_link(ctx, payload), *await tasks.carry_on(ctx, FLOWS, before)]
    found = ROUTES.commands.get(name)
    role = ctx.role
    if found is None:
        replies = [Reply(Msg.of("error.unknown_command", command=name[:32])), HINT]
    elif not ROUTES.may_use(role, name):
        if role is None:
            return [menus.stranger()]
        refusal = found.refusal
        replies = (
            [Reply(Msg.of(refusal))] if refusal else [Reply(Msg.of("error.not_for_role")), HINT]
        )
    elif not found.always and _onboarding(ctx):
        return [Reply(Msg.of("error.finish_intake_first")), *await _current_question(ctx)]
    else:
        replies = await found.handler(ctx)
        if found.in_place:
            return replies
    return [*replies, *await tasks.carry_on(ctx, FLOWS, before)]


async def choice(ctx: Context, data: str) -> list[Reply]:
    bound = ROUTES.bound.match(data)
    if bound is not None:
        before = tasks.where(ctx)
        replies = await ROUTES.buttons[bound[1]](ctx, int(bound[2]), bound[3])
        return [*replies, *await tasks.carry_on(ctx, FLOWS, before)]
    match = CALLBACK.match(data)
    if match is None:
        # Refused and logged without the data itself: it may carry anything.
        log.warning("refused malformed button data (%d bytes)", len(data.encode()))
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused")), *await _current_question(ctx)]
    version, value = int(match[1]), match[2]
    conv = ctx.conv
    if conv.flow not in FLOWS or version != conv.version:
        ctx.button_status = "stale"
        return [Reply(Msg.of("error.button_old")), *await _current_question(ctx)]
    if value not in conv.offered:
        log.warning("refused button value that was not offered in flow %s", conv.flow)
        ctx.button_status = "forged"
        return [Reply(Msg.of("error.button_refused")), *await _current_question(ctx)]
    if value.startswith(f"{COMMAND_BUTTON}:"):
        return await command(ctx, value.removeprefix(f"{COMMAND_BUTTON}:"), "")
    if value == BACK:
        return await tasks.back(ctx, FLOWS)
    return await FLOWS[conv.flow].on_choice(ctx, value)


async def text(ctx: Context, message: str) -> list[Reply]:
    # The stop and back words are never taken as an answer, nor as a button that happens to
    # say "Cancel" (a meeting's); otherwise a button's own words count as pressing it.
    word = typed.stop_word(message)
    if word is not None and (ctx.role is not None or ctx.conv.flow is not None):
        return await (tasks.cancel if word == "cancel" else tasks.back)(ctx, FLOWS)
    pressed = typed.exact(ctx.conv, message) or typed.loose(ctx.conv, message)
    if pressed is not None:
        value, bound = pressed
        return await choice(ctx, value if bound else f"v{ctx.conv.version}:{value}")
    flow = FLOWS.get(ctx.conv.flow or "")
    if flow is not None:
        return await flow.on_text(ctx, message)
    if ctx.role is None:
        return [menus.stranger()]
    return [Reply(Msg.of("error.not_understood")), *menu_replies(ctx)]


async def location(ctx: Context, latitude: float, longitude: float) -> list[Reply]:
    flow = FLOWS.get(ctx.conv.flow or "")
    handler = getattr(flow, "on_location", None)
    if handler is None:
        return [Reply(Msg.of("error.text_only")), *await _current_question(ctx)]
    replies: list[Reply] = await handler(ctx, latitude, longitude)
    return replies


async def scheduled_message(ctx: Context, item: Scheduled, person: Person) -> list[Reply]:
    """The message for a planned row, or nothing when it no longer applies."""
    handler = ROUTES.scheduled.get(scheduled_key(item))
    if handler is None:
        log.warning("no feature plans rows of kind %s", item.kind)
        return []
    return await handler(ctx, item, person)


async def _open_link(ctx: Context, payload: str) -> list[Reply]:
    """/start with a payload: a link to the bot was opened, a check-in or an invite."""
    if payload.startswith(CHECKIN_PREFIX):
        return await checkin.check_in(ctx, payload.removeprefix(CHECKIN_PREFIX))
    return await onboarding.start_with_invite(ctx, payload)


async def _start(ctx: Context) -> list[Reply]:
    if ctx.is_admin and ctx.person is None:
        ctx.person = await ctx.store.create_person(
            chat_key=ctx.chat_key,
            role="admin",
            language=ctx.locale,
            programme=None,
            invited_by=None,
            consent_at=None,
            now=ctx.clock.now(),
        )
        ctx.refresh_commands = True
    if ctx.conv.flow in (onboarding.NAME, intake.NAME):
        return [Reply(Msg.of("start.resume")), *await _current_question(ctx)]
    if ctx.role is None:
        return [menus.stranger()]
    # An admin hears at once when programmes wait for a new coach.
    return [*await handover.waiting_note(ctx), *menu_replies(ctx)]


async def _menu(ctx: Context) -> list[Reply]:
    return menu_replies(ctx)


async def _help(ctx: Context) -> list[Reply]:
    return [*help_replies(ctx), *await tasks.after_help(ctx, await _current_question(ctx))]


async def _cancel(ctx: Context) -> list[Reply]:
    return await tasks.cancel(ctx, FLOWS)


def _onboarding(ctx: Context) -> bool:
    person = ctx.person
    if person is None:
        return ctx.conv.flow == onboarding.NAME
    return person.role != "admin" and person.onboarded_at is None


async def _current_question(ctx: Context) -> list[Reply]:
    if ctx.conv.flow is None and ctx.person is not None and _onboarding(ctx):
        # Halfway through joining but the chat state is gone: pick up the intake again.
        if ctx.person.language is None:
            begin(ctx, onboarding.NAME, "language")
        else:
            return intake.start(ctx, "onboarding")
    flow = FLOWS.get(ctx.conv.flow or "")
    if flow is None or ctx.conv.flow == menus.NAME:
        return []
    return await flow.ask(ctx)


# The router's own: the menu, help, and leaving the task in progress (they work on it).
# /cancel (and /stop) is in no command menu: it only means something in the middle of a
# task, and the questions there say how to stop (Back buttons, "type stop"); /help
# mentions it when a task is open.
CORE = Feature(
    commands=(
        Command("start", _start, {None: 10}, always=True, in_place=True),
        Command("menu", _menu, at(10), in_place=True),
        Command("help", _help, {None: 20, **at(95)}, always=True, in_place=True),
        Command("cancel", _cancel, always=True, in_place=True),
        Command("stop", _cancel, always=True, in_place=True),
    ),
    flows={menus.NAME: menus},
)
FEATURES = (CORE, JOINING, EVENTS, PAIRS, PEOPLE, PREPARATION, PRIVACY, BROADCAST)
ROUTES = Routes.of(FEATURES)
FLOWS = ROUTES.flows
menus.use(ROUTES.menus)
use_flows(ROUTES.flows, ROUTES.keeps_work)


def stamp(
    conv: Conversation, replies: list[Reply]
) -> list[tuple[Reply, list[list[tuple[Msg | str, str]]]]]:
    """Give the buttons of this turn a new version and remember which values were offered;
    the replies with their buttons as (label, callback data)."""
    offered = [b.value for r in replies for row in r.buttons for b in row if not b.bound]
    if offered:
        conv.version += 1
        conv.offered = offered
    return [
        (
            reply,
            [
                [(b.label, callback_data(conv.version, b.value, b.bound)) for b in row]
                for row in reply.buttons
            ],
        )
        for reply in replies
    ]
