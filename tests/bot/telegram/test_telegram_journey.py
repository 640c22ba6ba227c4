"""End to end on the real PTB Application: invite -> consent -> language -> intake -> data."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from conversations.core.menus import commands_for
from tests.bot.telegram.helpers import (
    Running,
    TgChat,
    commands_for_chat,
    invite,
    join_as_coach,
    text_of,
)
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser


@pytest.mark.usefixtures("liftbot")
async def test_admin_coach_candidate_and_buddy_join(api: FakeBotApi) -> None:
    coach = await join_as_coach(api)
    token = await invite(coach, "Job seeker", "In de Lift Zoetermeer")

    anna = TgChat(api, TgUser(3001, "Anna", "nl"))
    consent = (await anna.send(f"/start {token}", expect="Doe je mee?"))[-1]
    assert "uitkering" in (consent.text or "") and "/forget" in (consent.text or "")
    await anna.press("Ja", expect="In welke taal")
    # The pressed message keeps its text, shows the choice, and loses its buttons.
    assert consent.reply_markup is None and (consent.text or "").endswith("✓ ✅ Ja, ik doe mee")
    language = anna.with_button("Nederlands")
    assert language.buttons()[0][0] == "Nederlands"
    await anna.press("Nederlands", expect="Hoe mag ik je noemen")
    await anna.send("Anna", expect="Wat voor werk zoek je")
    await anna.send("Magazijnmedewerker", expect="In welke sectoren")
    await anna.toggle("Logistiek")
    await anna.toggle("Schoonmaak")
    await anna.press("Klaar", expect="Waar ben je goed in")
    await anna.send("Ik ben nauwkeurig", expect="Wanneer kun je werken")
    await anna.toggle("ma")
    await anna.toggle("ochtend")
    await anna.press("Klaar", expect="In welke gemeente")
    summary = (await anna.send("Zoetermeer", expect="Dit heb ik van je genoteerd"))[-1]
    assert "• Sectoren: Logistiek en Schoonmaak" in (summary.text or "")
    assert "• Beschikbaar: ma en ochtend" in (summary.text or "")
    await anna.press("Klopt zo", expect="Wat wil je doen?")
    assert commands_for_chat(api, 3001) == list(commands_for("candidate"))

    buddy_token = await invite(coach, "Employer", None)
    bert = TgChat(api, TgUser(3002, "Bert", "en"))
    await bert.send(f"/start {buddy_token}", expect="invited as an employer (buddy)")
    await bert.press("Yes", expect="Which language")
    await bert.press("English", expect="What may I call you")
    await bert.send("Bert", expect="name of your company")
    await bert.send("Bakkerij Bert", expect="What kind of people or help")
    await bert.send("Someone for the early shift", expect="Which sector")
    await bert.press("Hospitality", expect="In which municipality is your company")
    await bert.send("Hardenberg", expect="How do you like to meet")
    await bert.press("Coffee", expect="This is what I noted")
    await bert.press("All good", expect="What would you like to do?")

    # Every button press was answered, so no spinner stays on anyone's screen.
    assert any(c.method == "answerCallbackQuery" for c in api.calls)
    assert api.unanswered_queries == set()

    mydata = await anna.send("/mydata", expect="(JSON)")
    assert "Programma: In de Lift Zoetermeer" in (mydata[0].text or "")
    assert "Uitgenodigd door: Carla" in (mydata[0].text or "")
    document = mydata[-1].document
    assert document is not None and document.filename == "liftbot-mydata.json"
    exported = json.loads(document.content)
    assert exported["name"] == "Anna" and exported["profile"]["municipality"] == "Zoetermeer"

    await anna.send("/forget", expect="Weet je het zeker")
    await anna.press("Ja, wis alles", expect="al je persoonlijke gegevens gewist")
    assert commands_for_chat(api, 3001) == ["start", "help"]
    await anna.send("/mydata", expect="Ik heb niets over je bewaard")


async def test_restart_in_the_middle_of_onboarding_resumes(
    api: FakeBotApi, liftbot: Running
) -> None:
    coach = await join_as_coach(api)
    token = await invite(coach, "Job seeker", None)
    anna = TgChat(api, TgUser(3101, "Anna", "en"))
    await anna.send(f"/start {token}", expect="Do you want to join?")
    await anna.press("Yes", expect="Which language")
    await anna.press("English", expect="What may I call you")
    await anna.send("Anna", expect="What kind of work")

    await liftbot.stop()
    await liftbot.start()  # a new Application on the same database file

    await anna.send("Cook", expect="Which sectors")
    await anna.toggle("Hospitality")
    await liftbot.stop()
    await liftbot.start()
    await anna.send("/start", expect="Which sectors")
    assert "✅ Hospitality" in [t for t, _ in anna.with_button("Done").buttons()]
    await anna.press("Done", expect="What are you good at")


@pytest.mark.usefixtures("liftbot")
async def test_bad_input_gets_kind_replies(api: FakeBotApi, clock: FakeClock) -> None:
    coach = await join_as_coach(api)
    token = await invite(coach, "Job seeker", None)
    anna = TgChat(api, TgUser(3201, "Anna", "en"))
    await anna.send(f"/start {token}", expect="Do you want to join?")
    said = await anna.send("what is this?", expect="Do you want to join?")
    assert "choose one of the buttons" in text_of(said)
    await anna.send("yes please", expect="Which language")  # the button's words count
    await anna.press("English", expect="What may I call you")

    # A name of 4,000+ characters, and only emoji.
    said = await anna.send("A" * 4100, expect="What may I call you")
    assert "4100 characters" in text_of(said)
    said = await anna.send("🙂🙂🙂", expect="What may I call you")
    assert "in letters" in text_of(said)
    await anna.send("Anna", expect="What kind of work")
    # A field over its limit.
    said = await anna.send("x" * 250, expect="What kind of work")
    assert "under 200 characters" in text_of(said)
    await anna.send("Driver", expect="Which sectors")
    # Unknown commands, wrong role, stickers.
    # After each, the open question comes back, so the next answer lands in the right place.
    said = await anna.send("/hack", expect="Which sectors")
    assert "do not know the command /hack" in text_of(said) and "Send /help" in text_of(said)
    said = await anna.send("/invite", expect="Which sectors")
    assert "Only a coach can create invites" in text_of(said)
    anna.mark = len(anna.messages)
    api.send_other(anna.user)
    assert "only read text" in text_of(await anna.wait("Which sectors"))

    # A button from an old message: the first consent message, asked again since then.
    old = anna.messages[0]
    anna.mark = len(anna.messages)
    api.press(anna.user, old, old.button("Yes"))
    assert "older message" in text_of(await anna.wait("Which sectors"))
    assert old.reply_markup is None  # its buttons are gone now

    # Forged callback data: refused, logged without the data, and the draft is kept.
    await anna.toggle("Transport")
    sectors = anna.with_button("Done")
    version = sectors.button("Done").split(":")[0]
    for forged in (f"{version}:opt:secret_admin", "DROP TABLE people"):
        anna.mark = len(anna.messages)
        api.press(anna.user, _with_extra_button(sectors, forged), forged)
        assert "cannot use that button" in text_of(await anna.wait("Which sectors"))
    await anna.press("Done", expect="What are you good at")

    # An invite used a second time, and an expired one.
    eve = TgChat(api, TgUser(3202, "Eve", "en"))
    await eve.send(f"/start {token}", expect="already been used")
    late = await invite(coach, "Job seeker", None)
    clock.advance(timedelta(days=15))
    await eve.send(f"/start {late}", expect="has expired")
    await eve.send("/start garbage!!", expect="does not work")
    await eve.send("hello", expect="You can join with an invite")


def _with_extra_button(message: SentMessage, data: str) -> SentMessage:
    markup = {"inline_keyboard": [[{"text": "Forged", "callback_data": data}]]}
    return SentMessage(
        message.chat_id, message.message_id, message.date, message.text, reply_markup=markup
    )


@pytest.mark.usefixtures("liftbot")
async def test_logs_hold_no_token_and_no_personal_text(
    api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.cli import configure_logging

    configure_logging(verbose=True)
    caplog.set_level(logging.DEBUG)
    coach = await join_as_coach(api)
    await coach.send("/start DROP-TABLE-Annabel-secret-1234567", expect="does not work")
    records = "\n".join(r.getMessage() for r in caplog.records)
    assert api.token not in records
    assert "Annabel" not in records and "Werkacademie" not in records


async def test_stranger_and_default_commands(api: FakeBotApi, liftbot: Running) -> None:
    # Both the Bot API and file downloads go to the configured server.
    app = liftbot.telegram.app
    assert app is not None
    assert app.bot.base_file_url.startswith(api.base_file_url)
    defaults = [
        c
        for c in api.calls
        if c.method == "setMyCommands"
        and "scope" in c.params
        and c.params["scope"]["type"] == "default"
    ]
    assert {c.params.get("language_code") for c in defaults} == {None, "en"}
    nobody = TgChat(api, TgUser(3301, "Nobody", "de"))
    await nobody.send("/start", expect="Ik ben LiftBot")
    await nobody.send("/mydata", expect="Ik heb niets over je bewaard")
