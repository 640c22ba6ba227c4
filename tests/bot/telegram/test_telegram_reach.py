"""End to end on the real PTB stack: how the two of a pair reach each other (through LiftBot,
or by sharing their own number or @username), and a coach writing to one of their people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from bot.clock import FakeClock
from conversations.core.records import Agreement
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    add_member,
    create_programme,
    forged,
    join_as_coach,
    pair_by_hand,
    store_of,
    text_of,
)
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser, UploadedFile
from tests.helpers import stored

SEEKER = {"work_wanted": "warehouse", "sectors": ["logistics"], "municipality": "Zoetermeer"}
EMPLOYER = {"company": "Bakkerij Bert", "need": "warehouse help", "meeting": "coffee"}


@dataclass
class People:
    coach: TgChat
    anna: TgChat
    bert: TgChat
    eve: TgChat  # a buddy in the same programme, not in the pair


async def accepted_pair(api: FakeBotApi, liftbot: Running, clock: FakeClock) -> People:
    """Carla pairs Anna with Bert, Bert accepts: both are asked how the other may reach them."""
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    store = store_of(liftbot)
    await add_member(store, 5001, "candidate", "Anna", SEEKER, clock.now())
    await add_member(store, 6001, "buddy", "Bert", EMPLOYER, clock.now())
    await add_member(store, 6002, "buddy", "Eve", {"company": "Eve BV"}, clock.now())
    anna = TgChat(api, TgUser(5001, "Anna", "en", username="anna_zoet"))
    bert = TgChat(api, TgUser(6001, "Bert", "en", username="bert_bakt"))
    eve = TgChat(api, TgUser(6002, "Eve", "en"))
    await pair_by_hand(coach, bert, "Anna")
    shown = await bert.press("Yes, gladly", expect="How may Anna reach you?")
    assert "Now plan a moment with Anna" in text_of(shown)
    question = text_of(await anna.wait("How may Bert reach you?"))
    assert "Only Bert gets it, not your coach" in question
    assert [label for label, _ in anna.messages[-1].buttons()] == [
        "💬 Through LiftBot (private)",
        "📱 Share my phone number",
        "👤 Share my @username",
    ]
    await coach.wait("Bert accepted the pair with Anna")
    return People(coach, anna, bert, eve)


def everything(chat: TgChat) -> str:
    return text_of(chat.messages)


async def test_a_pair_writes_through_liftbot_replies_and_stops_sharing(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    people = await accepted_pair(api, liftbot, clock)
    anna, bert, coach = people.anna, people.bert, people.coach

    chosen = await anna.press("Through LiftBot", expect="Fine: Bert reaches you through LiftBot")
    # Settled how to be reached, the next step is right there: a first meeting.
    assert chosen[-1].buttons()[-1][0] == "📅 Ask for a meeting"
    await anna.press("Write to Bert", expect="Type your message to Bert")
    # A photo is not passed on; the question stays.
    anna.mark = len(anna.messages)
    api.send_file(anna.user, UploadedFile("me.jpg", b"\xff\xd8jpeg", "image/jpeg"), as_photo=True)
    await anna.wait("I only pass on text")
    await anna.send("Hello Bert, Quokkamorning suits me.", expect="Sent to Bert")
    got = (await bert.wait("Message from Anna"))[-1]
    assert got.text == "✉️ Message from Anna:\n\nHello Bert, Quokkamorning suits me."
    assert not any(m.photo for m in bert.messages)

    await bert.press("Reply", expect="Type your message to Anna")
    await bert.send("Thursday at ten, Wombatstreet 4.", expect="Sent to Anna")
    back = (await anna.wait("Message from Bert"))[-1]
    assert "Thursday at ten, Wombatstreet 4." in (back.text or "")
    assert [label for label, _ in back.buttons()] == ["↩️ Reply"]

    # Bert shares his @username, then stops; Anna is told both times.
    await bert.send("/pairs", expect="Your pair: Anna")
    await bert.press("How Anna may reach me", expect="How may Anna reach you?")
    await bert.press("Share my @username", expect="Anna now has your @username @bert_bakt")
    await anna.wait("Bert shares their @username with you: @bert_bakt")
    await anna.send("/pairs", expect="Bert in chat: @bert_bakt")
    await bert.send("/pairs", expect="You share: your @username.")
    await bert.press("Stop sharing", expect="you no longer share your @username with Anna")
    await anna.wait("Bert has stopped sharing their @username with you")
    shown = await anna.send("/pairs", expect="Your pair: Bert")
    assert "@bert_bakt" not in text_of(shown)
    # Writing goes on after sharing stopped.
    await anna.press("Write to Bert", expect="Type your message to Bert")
    await anna.send("See you Thursday!", expect="Sent to Bert")
    await bert.wait("See you Thursday!")

    # The coach sees that they wrote to each other, never what.
    listing = await coach.send("/pairs", expect="Anna ↔ Bert")
    assert "✉️ 3 messages, last Monday 23 November" in text_of(listing)
    for word in ("Quokkamorning", "Wombatstreet", "See you Thursday", "@bert_bakt"):
        assert word not in everything(coach) and word not in everything(people.eve)
    # Delivered messages are not kept: once the bot has closed the file, no byte is left.
    async with store_of(liftbot).unit_of_work() as store:
        assert await store.pending_outbox("tg") == []
    await liftbot.stop()
    data = stored(Path(liftbot.settings.database))
    assert b"Quokkamorning" not in data and b"Wombatstreet" not in data
    assert b"bert_bakt" not in data


async def test_numbers_shared_reach_only_the_other_side(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    people = await accepted_pair(api, liftbot, clock)
    anna, bert = people.anna, people.bert

    await anna.press("Share my phone number", expect="Press the button")
    keyboard = api.reply_keyboard(anna.user.id)
    assert keyboard == [{"text": "📱 Share my phone number", "request_contact": True}]
    # A typed number and someone else's card are not taken.
    await anna.send("06 98765432", expect="only take your number from the button")
    anna.mark = len(anna.messages)
    api.send_contact(anna.user, "+31 6 11111111", first_name="Mo", user_id=777)
    await anna.wait("someone else's contact card")
    assert api.reply_keyboard(anna.user.id) == keyboard
    anna.mark = len(anna.messages)
    api.send_contact(anna.user, "31698765432")
    await anna.wait("Bert now has your phone number")
    assert api.reply_keyboard(anna.user.id) is None  # the button is gone again
    got = text_of(await bert.wait("Anna shares their phone number with you"))
    assert "+31698765432" in got

    await bert.press("Share my phone number", expect="Press the button")
    bert.mark = len(bert.messages)
    api.send_contact(bert.user, "31611112222")
    await bert.wait("Anna now has your phone number")
    await anna.wait("Bert shares their phone number with you: +31611112222")
    shown = text_of(await anna.send("/pairs", expect="Your pair: Bert"))
    assert "📱 Phone of Bert: +31611112222" in shown and "You share: your phone number." in shown

    # Only the other side: not the coach, not Eve, and nothing wrong reached anyone.
    for number in ("98765432", "11112222", "11111111"):
        assert number not in everything(people.coach) and number not in everything(people.eve)
    assert "11111111" not in everything(bert)
    listing = text_of(await people.coach.send("/pairs", expect="Anna ↔ Bert"))
    assert "98765432" not in listing


async def write_as_coach(api: FakeBotApi, coach: TgChat, person_id: int) -> None:
    """Press the coach's Write button for one person (it sits on the person's card)."""
    menu = (await coach.send("/menu", expect="Coach menu"))[-1]
    coach.mark = len(coach.messages)
    data = f"wr:{person_id}:to"
    api.push_press(coach.user, forged(menu, data), data)


async def test_a_coach_writes_to_one_person_and_the_reply_comes_back(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    people = await accepted_pair(api, liftbot, clock)
    coach, anna = people.coach, people.anna
    async with store_of(liftbot).unit_of_work() as store:
        person = await store.person_by_chat("tg:5001")
        assert person is not None
        anna_id = person.id

    await write_as_coach(api, coach, anna_id)
    await coach.wait("Type your message to Anna")
    await coach.send("Can you come ten minutes early on Thursday?", expect="Sent to Anna")
    got = (await anna.wait("Message from your coach Carla"))[-1]
    assert "Can you come ten minutes early" in (got.text or "")
    await anna.press("Reply", expect="Type your message to Carla")
    await anna.send("Yes, I will be there.", expect="Sent to Carla")
    answer = (await coach.wait("Anna writes"))[-1]
    assert answer.text == "✉️ Anna writes:\n\nYes, I will be there."
    await coach.press("Reply to Anna", expect="Type your message to Anna")
    await coach.send("Great, see you!", expect="Sent to Anna")
    await anna.wait("Great, see you!")
    # Bert, in the pair with Anna, sees none of it.
    assert "ten minutes early" not in everything(people.bert)


async def test_the_coach_replies_to_a_help_request(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    people = await accepted_pair(api, liftbot, clock)
    store = store_of(liftbot)
    async with store.unit_of_work():
        [pair] = await store.pairs_of_coach((await store.person_by_chat("tg:2001")).id)  # type: ignore[union-attr]
        agreement = await store.create_agreement(
            Agreement(
                0,
                pair.id,
                "interview",
                "candidate",
                date(2026, 12, 2),
                pair.buddy_id,
                clock.now(),
                state="confirmed",
            )
        )
        await store.schedule_about(
            "nudge:due", pair.candidate_id, f"agreement:{agreement.id}", clock.now()
        )
    running = liftbot.bot
    assert running is not None and running.wakeups is not None
    await running.wakeups.run_due()
    await people.anna.wait("Just checking: A job interview")
    await people.anna.press("I need help", expect="What do you need help with?")
    await people.anna.send("I do not know what to wear", expect="asked your coach")
    asked = (await people.coach.wait("Anna asks for help with an agreement"))[-1]
    assert "I do not know what to wear" in (asked.text or "")
    assert shown_buttons(asked) == ["↩️ Reply to Anna"]
    await people.coach.press("Reply to Anna", expect="Type your message to Anna")
    await people.coach.send("Shall we practise on Monday?", expect="Sent to Anna")
    got = (await people.anna.wait("Message from your coach Carla"))[-1]
    assert "Shall we practise on Monday?" in (got.text or "")
    assert [label for label, _ in got.buttons()] == ["↩️ Reply"]


def shown_buttons(message: SentMessage) -> list[str]:
    return [label for label, _ in message.buttons()]
