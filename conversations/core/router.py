"""Routes an event to the command or flow it belongs to, with role and button checks."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from conversations.broadcast import audience as broadcast_audience
from conversations.broadcast import compose as broadcast
from conversations.core import menus, tasks, typed
from conversations.core.channel import CHECKIN_PREFIX
from conversations.core.context import Context
from conversations.core.flow import Flow, begin, task
from conversations.core.menus import ALWAYS, commands_for, help_replies, menu_replies
from conversations.core.records import Person, Scheduled
from conversations.core.types import Incoming, Msg, Reply
from conversations.core.wizard import BACK
from conversations.events import (
    checkin,
    coach_events,
    event_changes,
    event_wizard,
    invitations,
    my_events,
    programmes,
    reminders,
)
from conversations.joining import intake, invites, language, onboarding
from conversations.pairs import (
    agreements,
    meeting_routes,
    pair_answers,
    pairing,
    pairs_overview,
    reach,
    relay,
    round_two,
)
from conversations.people import handover
from conversations.people import screen as people
from conversations.preparation import cv_check, prepare
from conversations.privacy import forget as privacy

log = logging.getLogger(__name__)

FLOWS: dict[str, Flow] = {
    onboarding.NAME: onboarding,
    intake.NAME: intake,
    language.NAME: language,
    privacy.NAME: privacy,
    invites.NAME: invites,
    menus.NAME: menus,
    programmes.NAME: programmes,
    event_wizard.NAME: event_wizard,
    coach_events.NAME: coach_events,
    checkin.NAME: checkin,
    event_changes.NAME: event_changes,
    cv_check.NAME: cv_check,
    prepare.NAME: prepare,
    pairing.NAME: pairing,
    pair_answers.DECLINE: pair_answers.DeclineFlow(),
    **meeting_routes.FLOWS,
    round_two.NAME: round_two,
    broadcast.NAME: broadcast,
    handover.NAME: handover,
    pairs_overview.NAME: pairs_overview,
    people.NAME: people,
    reach.NAME: reach,
    relay.NAME: relay,
}
CALLBACK = re.compile(r"^v(\d{1,9}):([a-z_]{1,16}(?::[a-z0-9_]{1,24}){0,2})$")
# Buttons bound to a record rather than the conversation (a prefix without handler: refused).
BOUND = re.compile(r"^(ev|rt|cv|pr|mt|ms|mm|tk|af|ag|ng|r2|bc|rl|wr):(\d{1,9}):([a-z0-9]{1,8})$")
BOUND_HANDLERS: dict[str, Callable[[Context, int, str], Awaitable[list[Reply]]]] = {
    "ev": invitations.on_rsvp,
    "rt": checkin.on_rating,
    "cv": cv_check.on_review,
    "pr": pair_answers.on_answer,
    **meeting_routes.BOUND_HANDLERS,
    "ag": agreements.on_confirm,
    "ng": agreements.on_nudge,
    "r2": round_two.on_pick,
    "bc": broadcast_audience.on_control,
    "rl": relay.on_pair,
    "wr": relay.on_write,
}

HINT = Reply(Msg.of("hint.help"))

Handler = Callable[[Context], Awaitable[list[Reply]]]


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
    else:
        replies = [Reply(Msg.of("error.text_only")), *await _current_question(ctx)]
    # What starting this task did to others: stopped, or taken up again where it was.
    notes = [Reply(Msg.of(f"stopped.{name}")) for name in ctx.stopped]
    if ctx.continued:
        notes.append(Reply(Msg.of("flow.continue", task=Msg.of(f"task.{task(ctx.conv)}"))))
    return [*notes, *replies, *await tasks.resumed(ctx, FLOWS)]


def callback_data(version: int, value: str, bound: bool = False) -> str:
    data = value if bound else f"v{version}:{value}"
    if not (BOUND if bound else CALLBACK).match(data) or len(data.encode()) > 64:
        raise ValueError(f"button value {value!r} does not fit Telegram's callback data")
    return data


# Commands that work on the current task itself: no "Back to ..." line follows them.
IN_PLACE = ("help", "cancel", "stop", "menu")


async def command(ctx: Context, name: str, args: str) -> list[Reply]:
    name = name.lower()
    before = tasks.where(ctx)
    if name == "start":
        replies = await _start(ctx, args.strip())
        return [*replies, *(await tasks.carry_on(ctx, FLOWS, before) if args.strip() else [])]
    handlers: dict[str, Handler] = {
        "cancel": _cancel,
        "stop": _cancel,
        "menu": _menu,
        "help": _help,
        "language": language.start,
        "profile": _profile,
        "mydata": privacy.my_data,
        "forget": privacy.start,
        "invite": invites.start,
        "programme": programmes.start,
        "newevent": event_wizard.start,
        "events": _events,
        "cv": cv_check.start,
        "pair": pairing.start,
        "pairs": pairs_overview.start,
        "people": people.start,
        "broadcast": broadcast.start,
        "prepare": prepare.start,
        "handover": handover.start,
    }
    handler = handlers.get(name)
    role = ctx.role
    if handler is None:
        replies = [Reply(Msg.of("error.unknown_command", command=name[:32])), HINT]
    elif name not in commands_for(role) and name not in ALWAYS:
        if role is None:
            return [menus.stranger()]
        key = "error.coach_only" if name == "invite" else "error.not_for_role"
        replies = [Reply(Msg.of(key))] + ([] if name == "invite" else [HINT])
    elif name not in ALWAYS and _onboarding(ctx):
        return [Reply(Msg.of("error.finish_intake_first")), *await _current_question(ctx)]
    else:
        replies = await handler(ctx)
        if name in IN_PLACE:
            return replies
    return [*replies, *await tasks.carry_on(ctx, FLOWS, before)]


async def _cancel(ctx: Context) -> list[Reply]:
    return await tasks.cancel(ctx, FLOWS)


async def choice(ctx: Context, data: str) -> list[Reply]:
    bound = BOUND.match(data)
    if bound is not None and bound[1] in BOUND_HANDLERS:
        before = tasks.where(ctx)
        replies = await BOUND_HANDLERS[bound[1]](ctx, int(bound[2]), bound[3])
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
    if value.startswith("cmd:"):
        return await command(ctx, value.removeprefix("cmd:"), "")
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


async def _start(ctx: Context, payload: str) -> list[Reply]:
    if payload.startswith(CHECKIN_PREFIX):
        return await checkin.check_in(ctx, payload.removeprefix(CHECKIN_PREFIX))
    if payload:
        return await onboarding.start_with_invite(ctx, payload)
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


async def _events(ctx: Context) -> list[Reply]:
    if ctx.role == "coach":
        return await coach_events.start(ctx)
    return await my_events.my_events(ctx)


async def _menu(ctx: Context) -> list[Reply]:
    return menu_replies(ctx)


async def _help(ctx: Context) -> list[Reply]:
    return [*help_replies(ctx), *await tasks.after_help(ctx, await _current_question(ctx))]


async def _profile(ctx: Context) -> list[Reply]:
    if ctx.person is None or ctx.person.role == "admin":
        return [Reply(Msg.of("profile.none"))]
    return intake.start_summary(ctx)


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


async def scheduled_message(ctx: Context, item: Scheduled, person: Person) -> list[Reply]:
    """The message for a planned row, or nothing when it no longer applies."""
    subject, _, ident = (item.subject or "").partition(":")
    if subject == "meeting" and ident.isdigit():
        return await meeting_routes.scheduled_message(ctx, item.kind, int(ident), person)
    if subject == "agreement" and ident.isdigit():
        return await agreements.nudge_message(ctx, int(ident), person, item.kind)
    return await reminders.scheduled_message(ctx, item)
