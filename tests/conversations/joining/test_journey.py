"""Flow tests: the whole join journey through the engine with a fake clock, no network."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from bot.clock import FakeClock
from bot.engine import Engine
from bot.sqlite.store import SqliteStore
from conversations.core.records import Conversation
from tests.helpers import (
    ADMIN_ID,
    Chat,
    candidate_invite,
    coach_invite,
    consenting_candidate,
    invite_token,
    onboarded_coach,
    start_programme,
)


async def test_a_coach_reads_a_coach_consent(engine: Engine) -> None:
    coach = Chat(engine, 2100)
    await coach.send(f"/start {await coach_invite(engine)}")
    consent = coach.text()
    assert "invited as a coach" in consent and "programmes then go to the admin" in consent
    assert "benefits" not in consent and "Your coach sees" not in consent


async def test_admin_gets_admin_menu_and_coach_command_list(engine: Engine) -> None:
    admin = Chat(engine, ADMIN_ID)
    await admin.send("/start")
    assert "Admin menu" in admin.text()
    assert admin.last is not None and admin.last.commands is not None
    assert [name for name, _ in admin.last.commands][:2] == ["menu", "invite"]


async def test_invite_link_and_qr_code(engine: Engine) -> None:
    admin = Chat(engine, ADMIN_ID)
    await admin.send("/start")
    messages = await admin.send("/invite")
    assert "https://t.me/LiftTestBot?start=" in messages[0].text
    assert "valid until Monday 7 December, 10:00" in messages[0].text  # 14 days, Amsterdam time
    qr = messages[1].attachment
    assert qr is not None and qr.kind == "photo" and qr.content.startswith(b"\x89PNG")
    assert len(invite_token(messages)) >= 22  # at least 128 random bits


def stored_bytes(engine: Engine) -> bytes:
    database = engine.settings.database
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_tokens_are_stored_only_as_hash(engine: Engine) -> None:
    token = await coach_invite(engine)
    stored = stored_bytes(engine)
    assert token.encode() not in stored
    assert hashlib.sha256(token.encode()).hexdigest().encode() in stored


async def test_candidate_joins_with_consent_language_and_intake(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    token = await candidate_invite(coach)
    anna = Chat(engine, 3000, language="nl")
    await anna.send(f"/start {token}")
    assert "Welkom bij LiftBot" in anna.text() and "uitkering" in anna.text()
    await anna.press("Ja")
    assert anna.labels()[0] == "Nederlands"  # the chat app's language comes first
    await anna.press("English")
    assert "first name" in anna.text()
    await anna.send("Anna")
    await anna.send("Warehouse work")
    await anna.press("Logistics")
    await anna.press("Other")
    await anna.press("Done")
    assert "Which other one" in anna.text()
    await anna.send("Bakery")
    await anna.send("I am precise and always on time")
    await anna.press("Mon")
    await anna.press("morning")
    await anna.press("Done")
    await anna.send("Zoetermeer")
    summary = anna.text()
    assert "• Sectors: Logistics and Bakery" in summary
    assert "• Available: Mon and morning" in summary
    await anna.press("Work wanted")
    assert "Now it says: Warehouse work" in anna.text()
    await anna.send("Order picker")
    assert "• Work wanted: Order picker" in anna.text()
    await anna.press("All good")
    assert "Great, Anna!" in anna.text()
    mydata = await anna.send("/mydata")
    assert "Programme: In de Lift Zoetermeer" in mydata[0].text
    assert "Invited by: Carla" in mydata[0].text
    exported = mydata[1].attachment
    assert exported is not None and exported.filename == "liftbot-mydata.json"
    data = json.loads(exported.content)
    assert data["profile"]["sectors"] == ["logistics", "other"]
    assert data["profile"]["sectors_other"] == "Bakery"
    assert "benefit" not in json.dumps(data) and "health" not in json.dumps(data)


async def test_buddy_intake_asks_the_employer_need(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await coach.send("/invite")
    await coach.press("Employer")
    token = invite_token(await coach.press("No programme"))
    bert = Chat(engine, 3100)
    await bert.send(f"/start {token}")
    # An employer reads an employer's consent: no benefits, no "your coach helps you".
    consent = bert.text()
    assert "invited as an employer (buddy)" in consent and "about your company" in consent
    assert "benefits" not in consent and "health" not in consent
    await bert.press("Yes")
    await bert.press("English")
    await bert.send("Bert")
    await bert.send("Bakkerij Bert")
    assert "What kind of people or help could your company use" in bert.text()
    await bert.send("Someone for the early shift")
    await bert.press("Hospitality")
    # Where the company is, not where the employer lives.
    assert bert.text() == "In which municipality is your company?"
    await bert.send("Hardenberg")
    await bert.press("Walk along")
    assert "• Looking for: Someone for the early shift" in bert.text()
    assert "• Meeting: Walk along with me" in bert.text()
    await bert.press("All good")
    assert "Thank you, Bert!" in bert.text()


async def test_decline_consent_stores_nothing_and_link_stays_valid(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    token = await candidate_invite(coach)
    shy = Chat(engine, 3200)
    await shy.send(f"/start {token}")
    await shy.press("No, not now")
    assert "not stored anything" in shy.text()
    async with store.unit_of_work():
        assert await store.person_by_chat("test:3200") is None
        assert await store.conversation("test:3200") is None
    await shy.send(f"/start {token}")
    await shy.press("Yes")
    assert "Which language" in shy.text()


async def test_invite_is_single_use_and_expires(engine: Engine, clock: FakeClock) -> None:
    coach = await onboarded_coach(engine)
    token = await candidate_invite(coach)
    first = Chat(engine, 3300)
    await first.send(f"/start {token}")
    await first.press("Yes")
    second = Chat(engine, 3301)
    await second.send(f"/start {token}")
    assert "already been used" in second.text()

    late = await candidate_invite(coach)
    clock.advance(timedelta(days=14, seconds=1))
    await second.send(f"/start {late}")
    assert "expired" in second.text()

    await second.send("/start not-a-real-token-at-all-xyz")
    assert "does not work" in second.text()
    await second.send("/start ../../etc/passwd")
    assert "does not work" in second.text()


async def test_invite_used_while_consent_was_open(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    token = await candidate_invite(coach)
    slow, fast = Chat(engine, 3400), Chat(engine, 3401)
    await slow.send(f"/start {token}")
    await fast.send(f"/start {token}")
    await fast.press("Yes")
    await slow.press("Yes")
    assert "already been used" in slow.text()


async def test_stranger_gets_explanation_and_nothing_stored(
    engine: Engine, store: SqliteStore
) -> None:
    stranger = Chat(engine, 3500, language="nl")
    await stranger.send("/start")
    assert "uitnodiging" in stranger.text()
    await stranger.send("hallo?")
    await stranger.send("/profile")
    await stranger.send("/invite")
    assert "uitnodiging" in stranger.text()
    async with store.unit_of_work():
        assert await store.count_people() == 0
        assert await store.conversation("test:3500") is None


async def test_free_text_where_a_button_is_expected_keeps_the_draft(engine: Engine) -> None:
    anna = await consenting_candidate(engine, 3600)
    await anna.send("Anna")
    await anna.send("Warehouse")
    await anna.press("Logistics")
    await anna.send("logistics please")
    assert "choose one of the buttons" in anna.text()
    assert "✅ Logistics" in anna.labels()
    await anna.press("Done")
    assert "What are you good at" in anna.text()


async def test_bad_text_answers_get_a_kind_reply(engine: Engine) -> None:
    anna = await consenting_candidate(engine, 3700)
    await anna.send("x" * 4500)
    assert "4500 characters" in anna.text() and "under 40" in anna.text()
    await anna.send("😀🎉🙏")
    assert "in letters" in anna.text()
    await anna.send("Anna")
    await anna.send("w" * 201)
    assert "under 200" in anna.text()
    await anna.send("🚚📦")
    assert "in words" in anna.text()
    await anna.send("Driver")
    assert "Which sectors" in anna.text()


async def test_buttons_from_an_old_message_and_forged_data(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    anna = Chat(engine, 3800)
    await anna.send(f"/start {await candidate_invite(coach)}")
    agree = anna.button("Yes")
    await anna.press_data(agree)
    await anna.press_data(agree)
    assert anna.last is not None and anna.last.button_status == "stale"
    assert "older message" in anna.text() and "Which language" in anna.text()
    version = anna.button("English").split(":")[0]
    await anna.press_data(f"{version}:lang:de")
    assert anna.last.button_status == "forged"
    await anna.press_data("x" * 64)
    assert anna.last.button_status == "forged" and "cannot use that button" in anna.text()
    await anna.press("English")
    assert "first name" in anna.text()


async def test_wrong_role_and_unknown_commands(engine: Engine) -> None:
    anna = await consenting_candidate(engine, 3900)
    await anna.send("/menu")
    assert "finish the questions first" in anna.text() and "first name" in anna.text()
    await anna.send("/invite")
    assert "Only a coach" in anna.text()
    await anna.send("/frobnicate")
    assert "do not know the command /frobnicate" in anna.text()


async def test_language_midway_resumes_the_same_question(engine: Engine) -> None:
    anna = await consenting_candidate(engine, 4000)
    await anna.send("Anna")
    await anna.send("/language")
    await anna.press("Nederlands")
    assert "Nederlands" in anna.text() and "Wat voor werk zoek je" in anna.text()


async def test_forget_removes_every_personal_field(engine: Engine, store: SqliteStore) -> None:
    anna = await consenting_candidate(engine, 4100)
    await anna.send("Annabel")
    await anna.send("/forget")
    await anna.press("No, keep")
    assert "have not deleted" in anna.text() and "What kind of work" in anna.text()
    await anna.send("/forget")
    await anna.press("Yes, delete")
    assert "deleted all your personal data" in anna.text()
    assert anna.last is not None and anna.last.commands == [
        ("start", "Start"),
        ("help", "What can LiftBot do?"),
    ]
    async with store.unit_of_work():
        assert await store.person_by_chat("test:4100") is None
    assert b"Annabel" not in stored_bytes(engine)
    await anna.send("/mydata")
    assert "not stored anything" in anna.text()


async def test_coach_commands_and_menu(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await coach.send("/menu")
    assert "Coach menu" in coach.text()
    await coach.press("Create invite")
    assert "Who is the invite for" in coach.text()
    await coach.press("Job seeker")
    assert "create one with /programme" in coach.text()
    await coach.send("Buddyproject Hardenberg")
    assert "choose one of the buttons" in coach.text()
    await start_programme(coach, "Buddyproject", "Buddy Hardenberg", "Hardenberg")
    await coach.send("/invite")
    await coach.press("Employer")
    messages = await coach.press("Buddy Hardenberg")
    assert "Programme: Buddy Hardenberg (Buddyproject)" in messages[0].text
    await coach.send("hello")
    assert "do not quite understand" in coach.text()


async def test_profile_edit_after_onboarding(engine: Engine) -> None:
    coach = await onboarded_coach(engine)
    await coach.send("/profile")
    await coach.press("Organisation")
    await coach.send("Werkplein Hart van West-Brabant")
    await coach.press("All good")
    assert "profile is saved" in coach.text()
    await coach.send("/profile")
    assert "Organisation: Werkplein Hart van West-Brabant" in coach.text()


async def test_a_broken_conversation_gets_a_kind_reply(engine: Engine, store: SqliteStore) -> None:
    coach = await onboarded_coach(engine)
    await coach.send("/profile")
    async with store.unit_of_work():
        conv = await store.conversation("test:2000")
        assert conv is not None
        conv.step = "ask:no_such_field"
        conv.data = {"mode": "profile", "picked": 42}
        await store.save_conversation(conv, engine.clock.now())
    await coach.send("something")
    assert "This is what I noted" in coach.text()


async def test_an_internal_error_gets_a_kind_reply_and_no_traceback(
    engine: Engine, store: SqliteStore
) -> None:
    coach = await onboarded_coach(engine)
    async with store.unit_of_work():
        await store.save_conversation(Conversation("test:2000", "menu", "main"), engine.clock.now())
        # A damaged row: the engine must answer kindly, not crash or go silent.
        await store._db.execute("UPDATE conversations SET data = '{broken'")
    messages = await coach.send("/menu")
    assert [m.text for m in messages] == [
        "Sorry, something went wrong on my side. Your earlier answers are safe. Please try again."
    ]
