"""End to end on the real PTB stack: a job seeker's whole journey, delivered over the fake
Bot API, then /forget; afterwards no byte of what she typed is in the database files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.clock import FakeClock
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    add_member,
    create_programme,
    forged,
    join_as_coach,
    pair_by_hand,
    plan_event,
    store_of,
    text_of,
)
from tests.fakebotapi import FakeBotApi, TgUser, UploadedFile
from tests.helpers import invite_token, stored

NAME = "Zyxwanna"
# What only she typed: her name and intake, a preparation answer, a comment, an agreement;
# and what she shared with her buddy: her phone number and her @username.
PHONE, USERNAME = "+31 6 98765432", "zyxquokka_tg"
WORDS = (
    NAME,
    "Quokkapicker",
    "Flibbertigibbet",
    "Vrooplingen",
    "Xylophonic",
    "Snorkelberry",
    PHONE,
    USERNAME,
)
AGREED = "Wombatcraft"


def left_over(database: Path) -> list[str]:
    data = stored(database)
    return [word for word in (*WORDS, AGREED) if word.encode() in data]


async def join_with_distinct_words(api: FakeBotApi, coach: TgChat) -> TgChat:
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press("Job seeker", expect="programme")
    token = invite_token(await coach.press("Lift Zoetermeer", expect="QR code"))
    seeker = TgChat(api, TgUser(5001, NAME, "en", username=USERNAME))
    await seeker.send(f"/start {token}", expect="Do you want to join?")
    await seeker.press("Yes", expect="Which language")
    await seeker.press("English", expect="What may I call you")
    await seeker.send(NAME, expect="What kind of work")
    await seeker.send("Quokkapicker in a warehouse", expect="Which sectors")
    await seeker.toggle("Logistics")
    await seeker.press("Done", expect="What are you good at")
    await seeker.send("Flibbertigibbet and precise", expect="When are you available")
    await seeker.toggle("Mon")
    await seeker.press("Done", expect="Which municipality")
    await seeker.send("Vrooplingen", expect="This is what I noted")
    await seeker.press("All good", expect="What would you like to do?")
    return seeker


async def test_forget_over_telegram_leaves_no_byte_of_her_words(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    database = Path(liftbot.settings.database)
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    seeker = await join_with_distinct_words(api, coach)
    profile = {"company": "Bakkerij Bert", "need": "warehouse help", "meeting": "coffee"}
    await add_member(store_of(liftbot), 6001, "buddy", "Bert", profile, clock.now())
    bert = TgChat(api, TgUser(6001, "Bert", "en"))

    # Preparation, a meeting with a check-in, a rating and a comment.
    await seeker.send("/prepare", expect="tip 1 of 3")
    for tip in (2, 3):
        await seeker.press("Next", expect=f"tip {tip} of 3")
    await seeker.press("Next", expect="Write the 3 sentences")
    await seeker.send("Hello, I am Xylophonic about warehouses.", expect="Session 1 done")
    await plan_event(coach, "26-10 10:00", capacity=12)
    await seeker.wait("You are invited!")
    await seeker.press("Yes", expect="on the map")
    await coach.send("/events", expect="Choose a meeting")
    await coach.press("meet the employers", expect="Present: 0")
    qr = await coach.press("Check-in QR", expect="Scan = checked in")
    link = text_of(qr).split("https://t.me/LiftTestBot?start=")[1].split()[0]
    clock.set(datetime(2026, 10, 26, 9, 0, tzinfo=UTC))
    await seeker.send(f"/start {link}", expect="You are checked in")
    running = liftbot.bot
    assert running is not None and running.wakeups is not None
    clock.set(datetime(2026, 10, 27, 9, 0, tzinfo=UTC))
    await running.wakeups.run_due()
    await seeker.wait("Give a score from 1")
    await seeker.press("4", expect="Anything you want to add?")
    await seeker.send("Lovely and Snorkelberry", expect="Thank you for your feedback")

    # A pair: Bert gets the introduction card with her intake; they call each other and
    # agree on something in her own words; then a meeting with a calendar file for Bert.
    card = await pair_by_hand(coach, bert, NAME)
    assert "Quokkapicker" in (card.text or "")
    await bert.press("Yes, gladly", expect=f"Now plan a moment with {NAME}")
    await seeker.wait("How may Bert reach you?")
    await seeker.press("Share my phone number", expect="Press the button")
    seeker.mark = len(seeker.messages)
    api.send_contact(seeker.user, PHONE)
    await seeker.wait("Bert now has your phone number")
    await bert.wait(f"{NAME} shares their phone number with you: {PHONE}")
    await seeker.send("/pairs", expect="Your pair: Bert")
    await seeker.press("How Bert may reach me", expect="You share now: your phone number")
    await seeker.press("Share my @username", expect=f"Bert now has your @username @{USERNAME}")
    await bert.press("Plan a meeting", expect=f"Where will you meet {NAME}?")
    await bert.press("By phone", expect="Type time 1")
    await bert.send("29-10 14:00", expect="Another one, or send?")
    await bert.press("Send", expect=f"{NAME} will pick a time")
    await seeker.wait("Bert proposes to meet:\n📞 by phone")
    await seeker.press("Thursday 29 October, 14:00", expect="Add it to your calendar")
    clock.set(datetime(2026, 11, 3, 12, 0, tzinfo=UTC))
    await running.wakeups.run_due()
    await seeker.wait("Did you talk with Bert?")
    await seeker.press("Yes, we talked", expect="What did you agree?")
    await seeker.press("own words", expect="Type briefly")
    await seeker.send("Wombatcraft internship at Bert's", expect="Who will do it?")
    await seeker.press("Both", expect="By when?")
    await seeker.press("In two weeks", expect="asking Bert to confirm")
    ask = (await bert.wait(f"{NAME} says you agreed"))[-1]
    agreement = ask.button("That's right").split(":")[1]
    await bert.press("That's right", expect="Confirmed")
    await bert.send("/pairs", expect=NAME)
    await bert.press("Plan a meeting", expect=f"Where will you meet {NAME}?")
    await bert.send("Bakkerij Bert, Markt 3", expect="Type time 1")
    await bert.send("10-11 15:00", expect="Another one, or send?")
    await bert.press("Send", expect=f"{NAME} will pick a time")
    await seeker.wait("Bert proposes to meet")
    await seeker.press("Tuesday 10 November, 15:00", expect="Add it to your calendar")
    ics = await api.wait_for(lambda: [m.document for m in bert.messages if m.document][1:])
    assert f"LiftBot: meeting with {NAME}".encode() in ics[0].content

    # A CV check for the coach.
    await seeker.send("/cv", expect="Who would you like to check your CV?")
    await seeker.press("Carla, your coach", expect="Carla will give you")
    seeker.mark = len(seeker.messages)
    api.send_file(seeker.user, UploadedFile("cv.pdf", b"%PDF-1.4 cv", "application/pdf"))
    await seeker.wait("Your CV has been sent to Carla")
    await coach.wait("asks for a CV check")

    # She marks the agreement done; Telegram refuses the message to Bert for now, so it and
    # the coach's copy wait in the outbox when she leaves.
    api.fail_next(
        "sendMessage", error_code=400, description="Bad Request: try later", unless_chat=5001
    )
    menu = (await seeker.send("/menu", expect="What would you like to do?"))[-1]
    seeker.mark = len(seeker.messages)
    done = f"ng:{agreement}:done"
    api.press(seeker.user, forged(menu, done), done)
    await seeker.wait("noted as done")
    async with store_of(liftbot).unit_of_work() as store:
        waiting = await store.pending_outbox("tg")
    assert sum(f"{NAME} reports: done!" in row["message"] for row in waiting) == 2
    assert left_over(database) == [*WORDS, AGREED]

    await seeker.send("/forget", expect="Are you sure?")
    question = text_of(seeker.messages[-1:])
    assert "Your pair with Bert (In de Lift Zoetermeer) ends" in question
    await seeker.press("Yes, delete", expect="deleted all your personal data")
    await bert.wait("Your pair in In de Lift Zoetermeer has ended: the job seeker left LiftBot")
    await coach.wait("A job seeker paired with Bert (In de Lift Zoetermeer) has left LiftBot")
    async with store_of(liftbot).unit_of_work() as store:
        assert await store.pending_outbox("tg") == []
    assert not any("reports: done" in TgChat.shown(m) for m in bert.messages + coach.messages)
    assert left_over(database) == []
    await coach.send("/pairs", expect="someone who left ↔ Bert: ended")

    await liftbot.stop()  # and once the bot has closed the file
    assert left_over(database) == []


async def test_a_message_refused_for_good_is_not_kept(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    coach = await join_as_coach(api)
    await create_programme(coach, "In de Lift Zoetermeer")
    await add_member(store_of(liftbot), 6001, "candidate", "Anna", {}, clock.now())
    api.fail_next(
        "sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        unless_chat=2001,
    )
    await plan_event(coach, "26-10 10:00", capacity=12)
    # The coach's next message is handled after the delivery round of the one before.
    await coach.send("/events", expect="Choose a meeting")
    tried = [c for c in api.calls if c.method == "sendMessage" and c.params["chat_id"] == 6001]
    assert len(tried) == 1 and api.chats.get(6001, []) == []
    async with store_of(liftbot).unit_of_work() as store:
        assert await store.pending_outbox("tg") == []  # not kept, not tried again
