"""End to end on the real PTB stack: LiftBot chats one-to-one only. Groups and channels get
no reply (a short one where the bot is added, then it leaves; a group it is still in from
before it leaves quietly), edits are no new commands,
text that is not valid Unicode is refused kindly and never sent, and a person who blocked
the bot is noted at INFO."""

from __future__ import annotations

import logging

import pytest

from bot.engine import Message
from tests.bot.telegram.helpers import Running, TgChat, forged, nothing_sent, text_of
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser
from tests.helpers import ADMIN_ID

GROUP = -1001234567890
ADA = TgUser(ADMIN_ID, "Ada", "en")


@pytest.mark.parametrize(
    ("chat_type", "status"),
    [("group", "member"), ("supergroup", "administrator"), ("channel", "administrator")],
)
async def test_added_to_a_group_it_says_so_once_and_leaves(
    api: FakeBotApi, liftbot: Running, chat_type: str, status: str
) -> None:
    api.add_bot_to(ADA, GROUP, chat_type, status=status)
    await api.wait_for(lambda: api.left_chats == [GROUP])
    said = api.chats[GROUP]
    # One short line in the installation's language (Dutch here), with the way to a
    # private chat; nothing more, and no buttons.
    assert len(said) == 1 and not said[0].buttons()
    assert said[0].text == (
        "Hoi! Ik praat alleen één-op-één, niet in een groep. "
        "Open een gesprek met mij: https://t.me/LiftTestBot"
    )
    # Telegram only sends these updates to a bot that asks for them.
    polls = [c for c in api.calls if c.method == "getUpdates"]
    assert all("my_chat_member" in c.params["allowed_updates"] for c in polls)


async def test_groups_and_channels_get_no_reply(api: FakeBotApi, liftbot: Running) -> None:
    ada = TgChat(api, ADA)
    await ada.send("/start", expect="Admin menu")
    api.add_bot_to(ADA, GROUP, "supergroup", status="member", old_status="administrator")
    api.add_bot_to(ADA, GROUP - 1, "group", status="left", old_status="member")
    api.send_group_text(ADA, GROUP, "/start")
    api.add_bot_to(ADA, GROUP - 2, "channel", status="administrator", old_status="administrator")
    api.send_group_text(ADA, GROUP - 2, "/help")
    # A button under a message in the group, pressed (Telegram would only send it for a
    # message of the bot's own there; someone's own client can send any data).
    in_group = SentMessage(GROUP, 1, 0, "Vandaag", chat_type="supergroup")
    api.push_press(ADA, forged(in_group, "v1:menu"), "v1:menu")
    # Sent after those: once it is answered, they have been handled.
    await ada.send("/help", expect="As admin you invite coaches")
    await nothing_sent(api, GROUP, GROUP - 1, GROUP - 2)
    # A group it was still in (added before it learnt to leave): left without a word.
    await api.wait_for(lambda: api.left_chats == [GROUP])
    # What Ada did in groups did not queue in her own chat: no "one moment" there.
    assert "One moment" not in text_of(ada.messages)


async def test_an_edited_message_is_no_new_command(api: FakeBotApi, liftbot: Running) -> None:
    ada = TgChat(api, ADA)
    await ada.send("/start", expect="Admin menu")
    await ada.send("/help", expect="As admin you invite coaches")
    api.edit_text(ADA, "/mydata")
    said = await ada.send("/help", expect="As admin you invite coaches")
    assert [m.text.splitlines()[0] for m in said if m.text] == ["As admin you invite coaches."]


async def test_text_that_is_not_valid_unicode_is_refused_kindly(
    api: FakeBotApi, liftbot: Running
) -> None:
    ada = TgChat(api, ADA)
    await ada.send("/start", expect="Admin menu")
    # Telegram's JSON can carry half of an emoji ("\ud83d" alone); UTF-8 cannot.
    said = await ada.send("Hallo \ud83d", expect="could not read that message")
    assert "went wrong" not in text_of(said)
    # In the middle of a task, the question comes again.
    await ada.send("/broadcast", expect="Who is the message for?")
    said = await ada.send("Everyone \ud83d", expect="Who is the message for?")
    assert text_of(said).startswith("I could not read that message. Could you type it again?")
    menu = ada.with_button("Create invite")
    ada.mark = len(ada.messages)
    api.push_press(ADA, forged(menu, "v9:x\ud83d"), "v9:x\ud83d")
    said = await ada.wait("I cannot use that button")
    assert "went wrong" not in text_of(said)


async def test_nothing_sent_carries_half_a_character(api: FakeBotApi, liftbot: Running) -> None:
    ada = TgChat(api, ADA)
    await ada.send("/start", expect="Admin menu")
    # A queued message (the outbox's way) with a lone surrogate in its text and a button.
    message = Message("Hallo \ud83d!", buttons=[[("Ja \udc00", "v1:yes")]])
    await liftbot.telegram.deliver(str(ADMIN_ID), message)
    sent = ada.messages[-1]
    assert sent.text == "Hallo \ufffd!" and sent.buttons() == [("Ja \ufffd", "v1:yes")]
    # A pair written as two code points is one character again.
    await liftbot.telegram.deliver(str(ADMIN_ID), Message("Top \ud83d\udc4d"))
    assert ada.messages[-1].text == "Top 👍"


async def test_a_reply_to_someone_who_blocked_the_bot_is_noted_at_info(
    api: FakeBotApi, liftbot: Running, caplog: pytest.LogCaptureFixture
) -> None:
    ada = TgChat(api, ADA)
    await ada.send("/start", expect="Admin menu")
    caplog.set_level(logging.INFO)
    caplog.clear()
    blocked = "Forbidden: bot was blocked by the user"
    api.fail_next("sendMessage", error_code=403, description=blocked)
    api.send_text(ADA, "/help")
    # Unblocked again: the next message is answered, so the one before it was handled.
    await ada.send("/help", expect="As admin you invite coaches")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    noted = [r for r in caplog.records if "blocked" in r.getMessage()]
    assert len(noted) == 1 and noted[0].levelno == logging.INFO
    assert noted[0].exc_info is None and str(ADMIN_ID) not in noted[0].getMessage()
