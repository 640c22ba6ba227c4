"""Which Telegram updates LiftBot handles, from the JSON Telegram sends and from what
python-telegram-bot parsed: both readings agree."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, Update

from bot.telegram.private_only import ALLOWED_UPDATES, Decision, decide_raw, decide_update

BOT = {"id": 123456, "is_bot": True, "first_name": "LiftBot", "username": "LiftTestBot"}
ANNA = {"id": 3001, "is_bot": False, "first_name": "Anna"}


def chat(kind: str) -> dict[str, Any]:
    return {"id": 3001 if kind == "private" else -1001, "type": kind}


def message(kind: str) -> dict[str, Any]:
    return {"message_id": 7, "date": 0, "chat": chat(kind), "from": ANNA, "text": "/mydata"}


def press(kind: str | None) -> dict[str, Any]:
    query: dict[str, Any] = {"id": "q1", "from": ANNA, "chat_instance": "c", "data": "v1:x"}
    if kind is not None:
        query["message"] = {**message(kind), "from": BOT}
    else:
        query["inline_message_id"] = "i1"
    return query


ADMIN_RIGHTS = (
    "can_be_edited is_anonymous can_manage_chat can_delete_messages can_manage_video_chats"
    " can_restrict_members can_promote_members can_change_info can_invite_users"
    " can_post_stories can_edit_stories can_delete_stories"
).split()


def member(status: str) -> dict[str, Any]:
    found: dict[str, Any] = {"status": status, "user": BOT}
    if status == "administrator":
        found |= dict.fromkeys(ADMIN_RIGHTS, False)
    if status == "kicked":
        found["until_date"] = 0
    return found


def membership(kind: str, old: str, new: str) -> dict[str, Any]:
    return {
        "chat": chat(kind),
        "from": ANNA,
        "date": 0,
        "old_chat_member": member(old),
        "new_chat_member": member(new),
    }


HANDLE, IGNORE, LEAVE = Decision.HANDLE, Decision.IGNORE, Decision.GREET_AND_LEAVE
QUIETLY = Decision.LEAVE
CASES = [
    ({"message": message("private")}, HANDLE),
    ({"callback_query": press("private")}, HANDLE),
    # A group it is still in from before: it leaves without a word.
    ({"message": message("group")}, QUIETLY),
    ({"message": message("supergroup")}, QUIETLY),
    ({"channel_post": message("channel")}, IGNORE),
    ({"callback_query": press("supergroup")}, IGNORE),
    # A press under an inline-mode message: LiftBot offers no inline mode.
    ({"callback_query": press(None)}, IGNORE),
    ({"edited_message": message("private")}, IGNORE),
    ({"edited_channel_post": message("channel")}, IGNORE),
    ({"my_chat_member": membership("group", "left", "member")}, LEAVE),
    ({"my_chat_member": membership("supergroup", "kicked", "administrator")}, LEAVE),
    ({"my_chat_member": membership("channel", "left", "administrator")}, LEAVE),
    # Promoted, removed, or a person who blocks the bot in their own chat: nothing to say.
    ({"my_chat_member": membership("supergroup", "member", "administrator")}, IGNORE),
    ({"my_chat_member": membership("group", "member", "left")}, IGNORE),
    ({"my_chat_member": membership("private", "member", "kicked")}, IGNORE),
]


@pytest.mark.parametrize(("payload", "expected"), CASES)
def test_each_kind_of_update(payload: dict[str, Any], expected: Decision) -> None:
    raw = {"update_id": 1, **payload}
    assert decide_raw(raw) is expected
    parsed = Update.de_json(raw, Bot("123456:TEST-TOKEN"))
    assert decide_update(parsed) is expected


@pytest.mark.parametrize(
    "raw",
    [
        {"update_id": 1},
        {"update_id": 1, "message": "not an object"},
        {"update_id": 1, "message": {"chat": None}},
        {"update_id": 1, "callback_query": {"message": {"chat": {"type": 5}}}},
        {"update_id": 1, "poll": {"id": "p"}},
    ],
)
def test_an_update_it_cannot_read_is_ignored_not_raised(raw: dict[str, Any]) -> None:
    assert decide_raw(raw) is IGNORE


def test_telegram_is_asked_for_what_is_handled() -> None:
    kinds = {next(k for k in payload if k != "update_id") for payload, d in CASES if d != IGNORE}
    assert kinds <= set(ALLOWED_UPDATES)
