"""Reaching each other and messages through LiftBot, through the engine with the real SQLite
file: the bad inputs each get a kind answer, nothing is shared or passed on wrongly."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.types import FileRef, Incoming, SharedContact
from tests.helpers import (
    Chat,
    button,
    drop_outbox,
    joined,
    joined_buddy,
    onboarded_coach,
    outbox,
    pair_by_hand,
    start_programme,
)


@dataclass
class Pair:
    coach: Chat
    anna: Chat
    bert: Chat
    eve: Chat  # a buddy of the same programme, not in this pair
    id: int


async def accepted(engine: Engine, store: SqliteStore) -> Pair:
    coach = await onboarded_coach(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    eve = await joined_buddy(engine, coach, 4002, "Eve", "Someone for the shop")
    await drop_outbox(store)
    await pair_by_hand(coach, "Anna", "Bert")
    await bert.press_data(button(await outbox(store, 4001), "Yes, gladly"))
    assert "How may Anna reach you?" in bert.text()
    question = [m for m in await outbox(store, 3001) if "How may Bert reach you?" in m.text]
    pair_id = int(button(question, "Through LiftBot").split(":")[1])
    await drop_outbox(store)
    return Pair(coach, anna, bert, eve, pair_id)


async def event(chat: Chat, happened: Incoming, username: str | None = None) -> str:
    chat.last = await chat.engine.handle("test", chat.user_id, happened, "en", username)
    return chat.text()


def contact(phone: str, own: bool = True) -> Incoming:
    return Incoming("contact", contact=SharedContact(phone, own))


async def shared(store: SqliteStore, pair: Pair, user_id: int) -> tuple[str | None, str | None]:
    async with store.unit_of_work():
        person = await store.person_by_chat(f"test:{user_id}")
        assert person is not None
        reach = await store.reach(pair.id, person.id)
    return reach.phone, reach.username


async def test_a_number_shared_twice_and_someone_elses_card(
    engine: Engine, store: SqliteStore
) -> None:
    pair = await accepted(engine, store)
    anna = pair.anna
    await anna.press_data(f"rl:{pair.id}:phone")
    assert anna.last is not None and anna.last.messages[-1].contact_button == (
        "📱 Share my phone number"
    )
    # Someone else's card and a typed number are refused; the button is offered again.
    said = await event(anna, contact("+31 6 11111111", own=False))
    assert "someone else's contact card" in said
    assert anna.last is not None and anna.last.messages[-1].contact_button is not None
    await anna.send("+31 6 22222222")
    assert "only take your number from the button" in anna.text()
    assert await shared(store, pair, 3001) == (None, None)
    assert await outbox(store, 4001) == []

    said = await event(anna, contact("31698765432"))
    assert "Bert now has your phone number" in said
    assert anna.last is not None and anna.last.messages[0].close_keyboard
    [told] = await outbox(store, 4001)
    assert "Anna shares their phone number with you: +31698765432" in told.text
    assert await outbox(store, 2000) == [] and await outbox(store, 4002) == []

    # Twice: said so, with the offer to stop; nothing asked again, nothing sent again.
    await anna.press_data(f"rl:{pair.id}:phone")
    assert "already shared with Bert" in anna.text()
    assert anna.labels() == ["🔒 Stop sharing"]
    assert anna.last is not None and all(m.contact_button is None for m in anna.last.messages)
    await anna.press("Stop sharing")
    assert "you no longer share your phone number with Bert" in anna.text()
    assert "Bert has stopped sharing" not in anna.text()
    [stopped] = await outbox(store, 4001)
    assert "Anna has stopped sharing their phone number with you" in stopped.text
    assert await shared(store, pair, 3001) == (None, None)
    await anna.press_data(f"rl:{pair.id}:stop")
    assert "You are not sharing anything with Bert" in anna.text()


async def test_the_contact_keyboard_goes_when_the_question_is_left(
    engine: Engine, store: SqliteStore
) -> None:
    pair = await accepted(engine, store)
    anna = pair.anna
    await anna.press_data(f"rl:{pair.id}:phone")
    await anna.send("stop")
    assert anna.text() == "OK, your phone number was not shared."
    assert anna.last is not None and anna.last.messages[0].close_keyboard
    await anna.press_data(f"rl:{pair.id}:phone")
    await anna.send("/menu")
    assert anna.last is not None
    assert anna.last.messages[0].text == "OK, your phone number was not shared."
    assert anna.last.messages[0].close_keyboard and anna.last.messages[0].buttons == []
    # A card sent now, unasked, is not kept.
    said = await event(anna, contact("31698765432"))
    assert "I did not ask for a contact here, so I have not kept it" in said
    assert await shared(store, pair, 3001) == (None, None)
    assert await outbox(store, 4001) == []


async def test_a_username_is_shared_only_by_its_own_press(
    engine: Engine, store: SqliteStore
) -> None:
    pair = await accepted(engine, store)
    said = await event(pair.bert, Incoming("choice", choice=f"rl:{pair.id}:user"))
    assert "You have no @username in your chat app yet" in said
    assert pair.bert.labels() == ["💬 Through LiftBot (private)", "📱 Share my phone number"]
    said = await event(pair.bert, Incoming("choice", choice=f"rl:{pair.id}:user"), "bert_b")
    assert "Anna now has your @username @bert_b" in said
    said = await event(pair.bert, Incoming("choice", choice=f"rl:{pair.id}:user"), "bert_b")
    assert "Your @username is already shared with Anna" in said
    assert [m.text for m in await outbox(store, 3001)] == [
        "👤 Bert shares their @username with you: @bert_b. You can message Bert there "
        "directly. Only you got this from LiftBot."
    ]
    await pair.anna.send("/pairs")
    assert "👤 Bert in chat: @bert_b" in pair.anna.text()
    # The coach's /pairs and /mydata of Anna hold nothing of it.
    await pair.coach.send("/pairs")
    assert "bert_b" not in pair.coach.text()


async def test_messages_need_text_of_a_sane_length(engine: Engine, store: SqliteStore) -> None:
    pair = await accepted(engine, store)
    anna = pair.anna
    await anna.press_data(f"rl:{pair.id}:write")
    assert "Type your message to Bert (at most 1000 characters)" in anna.text()
    photo = FileRef("photo", "console:me.jpg", "image/jpeg", 1000)
    said = await event(anna, Incoming("file", file=photo))
    assert "I only pass on text, not photos or files" in said
    assert "Type your message to Bert" in said
    await anna.send("x" * 1001)
    assert "Your message is 1001 characters; at most 1000 go through" in anna.text()
    await anna.send("   ")
    assert "I do not see a message yet" in anna.text()
    assert await outbox(store, 4001) == []
    await anna.send("y" * 1000)
    assert anna.text() == "✉️ Sent to Bert."
    [got] = await outbox(store, 4001)
    assert got.text == "✉️ Message from Anna:\n\n" + "y" * 1000
    assert got.buttons == [[("↩️ Reply", f"rl:{pair.id}:reply")]]


async def test_no_messages_for_outsiders_or_after_the_pair_ended(
    engine: Engine, store: SqliteStore
) -> None:
    pair = await accepted(engine, store)
    anna, bert = pair.anna, pair.bert
    # Eve is not in the pair: her forged press is refused.
    await pair.eve.press_data(f"rl:{pair.id}:write")
    assert pair.eve.text() == "I cannot use that button."
    await anna.press_data(f"rl:{pair.id}:write")
    await anna.send("Hi Bert, still on for Thursday?")
    [got] = await outbox(store, 4001)
    await event(anna, contact("31698765432"))  # a card in the middle: not kept
    assert await shared(store, pair, 3001) == (None, None)

    # Anna starts a message, Bert leaves before she sends it.
    await anna.press_data(f"rl:{pair.id}:write")
    await bert.send("/forget")
    await bert.press("Yes, delete")
    await drop_outbox(store)
    await anna.send("Are you there?")
    assert "This pair has ended, so I no longer pass on messages" in anna.text()
    assert await outbox(store, 4001) == []
    # The Reply under his earlier message, and Write from an old /pairs, say the same.
    await bert.press_data(button([got], "Reply"))  # Bert's chat is a stranger's now
    assert "I do not know you (any more)" in bert.text()
    await anna.press_data(f"rl:{pair.id}:reply")
    assert "This pair has ended" in anna.text()
    await anna.press_data(f"rl:{pair.id}:phone")
    assert "This pair has ended" in anna.text()


async def test_a_number_shared_goes_when_the_pair_ends(engine: Engine, store: SqliteStore) -> None:
    pair = await accepted(engine, store)
    await pair.anna.press_data(f"rl:{pair.id}:phone")
    await event(pair.anna, contact("31698765432"))
    assert await shared(store, pair, 3001) == ("+31698765432", None)
    await pair.anna.press_data(f"rl:{pair.id}:write")
    await pair.anna.send("Hello!")
    await pair.anna.send("/mydata")
    assert "📱 You share your phone number: +31698765432" in pair.anna.text()
    assert "✉️ 1 message through LiftBot between you, the last on Monday 23 November" in (
        pair.anna.text()
    )
    assert pair.anna.last is not None
    document = pair.anna.last.messages[-1].attachment
    assert document is not None
    [listed] = json.loads(document.content)["pairs"]
    assert listed["shared_phone"] == "+31698765432" and listed["messages_through_liftbot"] == 1
    assert b"Hello!" not in document.content  # the text itself is not kept
    await pair.bert.send("/forget")
    await pair.bert.press("Yes, delete")
    assert await shared(store, pair, 3001) == (None, None)
    await pair.anna.send("/mydata")
    assert "+31698765432" not in pair.anna.text()


async def test_a_coach_writes_only_to_their_own_people(engine: Engine, store: SqliteStore) -> None:
    pair = await accepted(engine, store)
    async with store.unit_of_work():
        anna = await store.person_by_chat("test:3001")
        carla = await store.person_by_chat("test:2000")
        assert anna is not None and carla is not None
    other = await onboarded_coach(engine, 2100)
    await start_programme(other, "Buddyproject", "Buddies Delft", "Delft")
    await other.press_data(f"wr:{anna.id}:to")
    assert other.text() == "You can only write to people in your own programmes. Nothing was sent."
    # Job seekers and buddies cannot write to people as a coach.
    await pair.bert.press_data(f"wr:{anna.id}:to")
    assert "only write to people in your own programmes" in pair.bert.text()
    # Someone answers only their own coach.
    async with store.unit_of_work():
        delft = await store.person_by_chat("test:2100")
        assert delft is not None
    await pair.anna.press_data(f"wr:{delft.id}:re")
    assert pair.anna.text() == "I only pass on messages to your own coach. Nothing was sent."
    assert await outbox(store, 3001) == [] and await outbox(store, 2100) == []

    await pair.coach.press_data(f"wr:{anna.id}:to")
    await pair.coach.send("How are you doing?")
    [got] = await outbox(store, 3001)
    assert got.text == "✉️ Message from your coach Carla:\n\nHow are you doing?"
    assert got.buttons == [[("↩️ Reply", f"wr:{carla.id}:re")]]
    # The pair's partner did not get it, and the pair's contact count did not change.
    assert await outbox(store, 4001) == []
    async with store.unit_of_work():
        assert await store.pair_contacts([pair.id]) == {}
    # Anna leaves: the coach's Write button says so.
    await pair.anna.send("/forget")
    await pair.anna.press("Yes, delete")
    await pair.coach.press_data(f"wr:{anna.id}:to")
    assert "no longer in LiftBot" in pair.coach.text()
