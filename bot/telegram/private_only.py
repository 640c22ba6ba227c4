"""LiftBot chats one-to-one only: which Telegram updates it handles, which it ignores, and
where it was added to a group, a short line there before it leaves. A group it is still in
from before (added when LiftBot stayed) it leaves quietly when a message comes from there.

A group is the wrong place for what LiftBot asks (a job seeker's profile, their data) and
for what it sends (reminders, a buddy's contact): everyone there would read it. Edited
messages are ignored too: an answer or command is taken when it is sent, not again when
its text is changed.

`decide` is pure; `decide_raw` reads an update as Telegram sends it (JSON), `decide_update`
as python-telegram-bot parsed it, so a poller can decide before or after parsing.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.i18n import Translator
from bot.well_formed import well_formed

log = logging.getLogger(__name__)

# What LiftBot asks Telegram for (getUpdates' and setWebhook's allowed_updates). Telegram
# sends no other kinds then; those it may still send (edits) are ignored here.
ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member")
# Kinds of update that are a person's own act in their chat with the bot.
HANDLED = frozenset({"message", "callback_query"})
GROUPS = frozenset({"group", "supergroup", "channel"})
# The bot's status when it can read and write in a chat.
PRESENT = frozenset({"member", "administrator"})


class Decision(enum.Enum):
    HANDLE = "handle"
    IGNORE = "ignore"
    # Added to a group or channel: say once where LiftBot can be found, then leave.
    GREET_AND_LEAVE = "greet and leave"
    # A message in a group it is still in: leave without a word (it said it when added).
    LEAVE = "leave"


def decide(
    kind: str,
    chat_type: str | None,
    new_status: str | None = None,
    old_status: str | None = None,
) -> Decision:
    """`kind` is the update's field (message, edited_message, callback_query, ...);
    `chat_type` the type of its chat (for a button press: of the message the button is
    under); the statuses are the bot's own, for a my_chat_member update."""
    if kind in HANDLED:
        if chat_type == "private":
            return Decision.HANDLE
        return Decision.LEAVE if kind == "message" and chat_type in GROUPS else Decision.IGNORE
    if kind == "my_chat_member" and chat_type in GROUPS:
        if new_status in PRESENT and old_status not in PRESENT:
            return Decision.GREET_AND_LEAVE
    return Decision.IGNORE


def decide_raw(update: Mapping[str, Any]) -> Decision:
    """The decision for an update as Telegram sends it; whatever it cannot read (a
    malformed update) it ignores rather than raise."""
    kind = next((key for key in update if key != "update_id"), "")
    body = _field(update, kind)
    if kind == "callback_query":
        # A press under an inline-mode message has no message: LiftBot offers none.
        body = _field(body, "message")
    member = kind == "my_chat_member"
    return decide(
        kind,
        _text(_field(body, "chat"), "type"),
        _text(_field(body, "new_chat_member"), "status") if member else None,
        _text(_field(body, "old_chat_member"), "status") if member else None,
    )


def decide_update(update: Update) -> Decision:
    """The decision for an update as python-telegram-bot parsed it."""
    if update.message is not None:
        return decide("message", update.message.chat.type)
    if update.callback_query is not None:
        pressed = update.callback_query.message
        return decide("callback_query", pressed.chat.type if pressed is not None else None)
    if (change := update.my_chat_member) is not None:
        new, old = change.new_chat_member.status, change.old_chat_member.status
        return decide("my_chat_member", change.chat.type, new, old)
    return Decision.IGNORE


def chat_link(username: str) -> str:
    """The link that opens a private chat with the bot."""
    return f"https://t.me/{username}"


def group_greeting(translator: Translator, locale: str, username: str) -> str:
    """What the bot says where it was added, in the installation's language: a group
    mixes people of every language, and none of them told LiftBot theirs yet."""
    text = translator.text(locale, "private.group_greeting")
    return text.format(link=chat_link(username))


async def greet_and_leave(bot: Bot, chat_id: int, text: str) -> None:
    """One line in the group or channel, then leave it. Where the bot may not write (a
    channel that made it an admin without posting rights) it just leaves."""
    try:
        await bot.send_message(chat_id, well_formed(text))
    except TelegramError as exc:
        log.info("could not say goodbye in a group: %s", type(exc).__name__)
    await leave(bot, chat_id)


async def leave(bot: Bot, chat_id: int) -> None:
    try:
        await bot.leave_chat(chat_id)
    except TelegramError as exc:
        log.info("could not leave a group: %s", type(exc).__name__)


def _field(value: object, name: str) -> object:
    return value.get(name) if isinstance(value, Mapping) else None


def _text(value: object, name: str) -> str | None:
    found = _field(value, name)
    return found if isinstance(found, str) else None
