"""Flow tests for /prepare: the three In de Lift preparation sessions through the engine."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.config import SUPPORTED_LOCALES, Settings
from bot.engine import Engine
from bot.i18n import Translator, load_catalogue, texts
from bot.sqlite.store import SqliteStore
from conversations.core.context import Context
from conversations.core.records import Conversation
from conversations.preparation import prepare
from tests.helpers import (
    TEST_CHANNEL,
    TEST_CHANNELS,
    Chat,
    candidate_invite,
    invite_token,
    onboarded_coach,
)

ANSWERS = {
    1: "I am Anna. I love cooking for friends. I am looking for work in a warehouse.",
    2: "When our team lost a big order, I phoned every customer and we kept them all.",
    3: "Anna is precise and always on time.",
}


async def joined_candidate(engine: Engine, user_id: int, language: str = "en") -> Chat:
    """A job seeker who joined through a coach's invite and finished the intake."""
    dutch = language == "nl"
    anna = Chat(engine, user_id, language=language)
    await anna.send(f"/start {await candidate_invite(await onboarded_coach(engine))}")
    await anna.press("Ja" if dutch else "Yes")
    await anna.press("Nederlands" if dutch else "English")
    await anna.send("Anna")
    await anna.send("Warehouse work")
    await anna.press("Logistiek" if dutch else "Logistics")
    await anna.press("Klaar" if dutch else "Done")
    await anna.send("Precise and on time")
    await anna.press("ochtend" if dutch else "morning")
    await anna.press("Klaar" if dutch else "Done")
    await anna.send("Zoetermeer")
    await anna.press("Klopt zo" if dutch else "All good")
    return anna


async def finish_session(chat: Chat, session: int) -> None:
    """Read every tip of the session that is open, then answer its exercise."""
    for _ in range(prepare.TIPS[session]):
        assert f"Session {session}:" in chat.text()
        await chat.press("Next")
    await chat.send(ANSWERS[session])
    assert f"Session {session} done" in chat.text()


async def answers(store: SqliteStore, user_id: int) -> dict[int, dict[str, str]]:
    async with store.unit_of_work():
        person = await store.person_by_chat(f"test:{user_id}")
        assert person is not None
        return {n: p.answers for n, p in (await store.prep_progress(person.id)).items()}


async def test_three_sessions_in_english(engine: Engine, store: SqliteStore) -> None:
    anna = await joined_candidate(engine, 5000)
    await anna.send("/prepare")
    assert "three short sessions" in anna.text()
    assert "Session 1: Introduce yourself · tip 1 of 3" in anna.text()
    assert "neighbour" in anna.text()
    await anna.send("I already know this")
    assert "choose one of the buttons" in anna.text() and "tip 1 of 3" in anna.text()
    await anna.press("Next")
    await anna.press("Next")
    assert "tip 3 of 3" in anna.text()
    await anna.press("Next")
    assert "Write the 3 sentences" in anna.text() and anna.labels() == []
    await anna.send(ANSWERS[1])
    assert "real introduction" in anna.text() and "Session 1 done" in anna.text()
    assert anna.labels() == ["On to session 2: Show what you can ➡️", "⏸ Stop for now"]

    await anna.press("On to session 2")
    assert "Session 2: Show what you can · tip 1 of 4" in anna.text()
    await finish_session(anna, 2)
    await anna.press("session 3")
    assert "Session 3: The event · tip 1 of 4" in anna.text() and "12 pairs" in anna.text()
    await finish_session(anna, 3)
    assert "all three sessions" in anna.text()
    assert anna.labels() == [
        "🔁 1. Introduce yourself",
        "🔁 2. Show what you can",
        "🔁 3. The event",
        "⏸ Stop for now",
    ]
    assert await answers(store, 5000) == {
        1: {"neighbour": ANSWERS[1]},
        2: {"skill": ANSWERS[2]},
        3: {"pitch": ANSWERS[3]},
    }
    await anna.press("Stop")
    assert "/prepare" in anna.text() and anna.labels() == []
    await anna.send("/prepare")
    assert "all three sessions" in anna.text()


async def test_leaving_halfway_resumes_at_the_same_tip(engine: Engine) -> None:
    anna = await joined_candidate(engine, 5100)
    await anna.send("/menu")
    await anna.press("Prepare")
    await anna.press("Next")
    assert "Session 1: Introduce yourself · tip 2 of 3" in anna.text()
    await anna.send("/menu")
    assert "What would you like to do?" in anna.text()
    await anna.send("/prepare")
    assert "Welcome back" in anna.text() and "tip 2 of 3" in anna.text()
    await anna.press("Next")
    await anna.press("Next")
    await anna.send(ANSWERS[1])
    await anna.press("Stop")
    await anna.send("/prepare")
    assert "Welcome back" in anna.text()
    assert "Session 2: Show what you can · tip 1 of 4" in anna.text()


async def test_review_shows_and_replaces_the_stored_answer(
    engine: Engine, store: SqliteStore
) -> None:
    anna = await joined_candidate(engine, 5200)
    await anna.send("/prepare")
    for session in prepare.SESSIONS:
        await finish_session(anna, session)
        if session < 3:
            await anna.press(f"session {session + 1}")
    await anna.press("2. Show what you can")
    assert "Session 2: Show what you can · tip 1 of 4" in anna.text()
    for _ in range(4):
        await anna.press("Next")
    assert ANSWERS[2] in anna.text() and "Keep this answer" in anna.labels()[0]
    await anna.press("Keep")
    assert "stays as it is" in anna.text() and "Session 2 done" in anna.text()
    assert "all three sessions" in anna.text()

    await anna.press("1. Introduce yourself")
    for _ in range(3):
        await anna.press("Next")
    assert ANSWERS[1] in anna.text()
    await anna.send("Hi, I am Anna, I like puzzles and I look for work as an order picker.")
    assert "Session 1 done" in anna.text()
    stored = await answers(store, 5200)
    assert stored[1] == {
        "neighbour": "Hi, I am Anna, I like puzzles and I look for work as an order picker."
    }
    assert stored[2] == {"skill": ANSWERS[2]}


async def test_too_long_and_emoji_answers_get_a_kind_reply(
    engine: Engine, store: SqliteStore
) -> None:
    anna = await joined_candidate(engine, 5300)
    await anna.send("/prepare")
    for _ in range(3):
        await anna.press("Next")
    await anna.send("word " * 300)
    assert "1499 characters" in anna.text() and "limit is 1000" in anna.text()
    assert "Write the 3 sentences" in anna.text()
    await anna.send("🎉🙌 ❤️")
    assert "in words" in anna.text() and "Write the 3 sentences" in anna.text()
    assert await answers(store, 5300) == {1: {}}
    await anna.send("  Anna here.\n\nI like   gardening.  ")
    assert "Session 1 done" in anna.text()
    assert await answers(store, 5300) == {1: {"neighbour": "Anna here. I like gardening."}}


async def test_only_job_seekers_prepare(engine: Engine, store: SqliteStore) -> None:
    coach = await onboarded_coach(engine)
    await coach.send("/prepare")
    assert "not for your role" in coach.text()
    await coach.send("/invite")
    await coach.press("Employer")
    bert = Chat(engine, 5400)
    await bert.send(f"/start {invite_token(await coach.press('No programme'))}")
    await bert.press("Yes")
    await bert.press("English")
    for answer in ("Bert", "Bakkerij Bert", "Someone for the early shift"):
        await bert.send(answer)
    await bert.press("Hospitality")
    await bert.send("Hardenberg")
    await bert.press("Walk along")
    await bert.press("All good")
    await bert.send("/prepare")
    assert "not for your role" in bert.text()

    # The flow refuses by itself too, whoever calls it.
    async with store.unit_of_work():
        person = await store.person_by_chat("test:2000")
        assert person is not None and person.role == "coach"
        ctx = Context(
            chat_key="test:2000",
            person=person,
            conv=Conversation("test:2000"),
            store=store,
            clock=engine.clock,
            locale="en",
            client_language="en",
            is_admin=False,
            channel=TEST_CHANNEL,
            invite_days=14,
        )
        replies = await prepare.start(ctx)
        assert [r.text.key for r in replies] == ["prepare.only_candidates"]
        assert ctx.conv.flow is None


async def test_dutch_texts_for_a_dutch_person(engine: Engine) -> None:
    anna = await joined_candidate(engine, 5500, language="nl")
    await anna.send("/prepare")
    assert "drie korte sessies" in anna.text()
    assert "Sessie 1: Stel jezelf voor · tip 1 van 3" in anna.text()
    await anna.send("mag ik typen?")
    assert "Kies een van de knoppen" in anna.text()
    for _ in range(3):
        await anna.press("Verder")
    assert "Schrijf de 3 zinnen" in anna.text()
    await anna.send("Ik ben Anna en ik werk graag met mijn handen.")
    assert "Sessie 1 klaar" in anna.text()
    assert "Door naar sessie 2: Laat zien wat je kunt ➡️" in anna.labels()


async def test_progress_survives_a_restart(
    engine: Engine, store: SqliteStore, clock: FakeClock, settings: Settings
) -> None:
    anna = await joined_candidate(engine, 5600)
    await anna.send("/prepare")
    for _ in range(3):
        await anna.press("Next")
    await anna.send(ANSWERS[1])
    await anna.press("session 2")
    await anna.press("Next")
    assert "Session 2: Show what you can · tip 2 of 4" in anna.text()

    restarted = await SqliteStore.open(settings.database)
    try:
        # Even with the chat state gone, the stored progress says where she was.
        async with restarted.unit_of_work():
            await restarted.delete_conversation("test:5600")
        translator = Translator(settings.zone, settings.locale)
        again = Chat(Engine(restarted, clock, translator, settings, TEST_CHANNELS), 5600)
        await again.send("/prepare")
        assert "Welcome back" in again.text() and "tip 2 of 4" in again.text()
        async with restarted.unit_of_work():
            person = await restarted.person_by_chat("test:5600")
            assert person is not None
            ctx = Context(
                chat_key="test:5600",
                person=person,
                conv=Conversation("test:5600"),
                store=restarted,
                clock=clock,
                locale="en",
                client_language="en",
                is_admin=False,
                channel=TEST_CHANNEL,
                invite_days=14,
            )
            assert await prepare.session_done(ctx, person.id, 1)
            assert not await prepare.session_done(ctx, person.id, 2)
            assert not await prepare.session_done(ctx, person.id, 3)
    finally:
        await restarted.close()


def test_every_session_text_exists_and_fits_a_phone() -> None:
    for locale in SUPPORTED_LOCALES:
        catalogue = texts(load_catalogue(locale))
        for n in prepare.SESSIONS:
            keys = [f"prepare.s{n}.{name}" for name in ("title", "exercise", "well_done")]
            keys += [f"prepare.s{n}.tip{i}" for i in range(1, prepare.TIPS[n] + 1)]
            for key in keys:
                assert key in catalogue, f"{locale}: {key}"
                assert len(catalogue[key][0]) <= 400, f"{locale}: {key} is too long for a phone"
        assert 2 <= min(prepare.TIPS.values()) and max(prepare.TIPS.values()) <= 4
