"""A coach's broadcast reaches only the people in their own programmes: every audience a coach
can pick, and forged choices of another coach's programme or meeting, checked on what the
broadcaster actually delivers."""

from __future__ import annotations

from collections import defaultdict

from bot.broadcaster import Broadcaster
from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Engine
from bot.i18n import Translator
from bot.sqlite.store import SqliteStore
from tests.helpers import (
    Chat,
    Recording,
    drop_outbox,
    joined,
    joined_buddy,
    onboarded_coach,
    outbox,
    plan,
    say_yes,
)

# Each audience a coach can choose, as the buttons read.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "everyone": ("Everyone I coach",),
    "employers": ("All employers",),
    "job seekers": ("All job seekers",),
    "programme": ("A programme", "In de Lift Zoetermeer"),
    "meeting, invited": ("A meeting", "Meet the employers", "Everyone invited"),
    "meeting, yes": ("A meeting", "Meet the employers", "Said yes"),
    "language": ("By language", "English"),
}


async def broadcast(coach: Chat, choices: tuple[str, ...], text: str) -> None:
    await coach.send("/broadcast")
    for label in choices:
        await coach.press(label)
    await coach.send(text)
    await coach.press("Send as it is")
    await coach.press("Send now")
    assert "Sending started" in coach.text(), coach.text()


async def forge(coach: Chat, audience: str, value: str) -> None:
    """Press a button that was never offered: another coach's programme or meeting."""
    await coach.send("/broadcast")
    await coach.press(audience)
    offered = coach.button("In de Lift Zoetermeer" if "programme" in audience else "Meet")
    version = offered.split(":", 1)[0]
    await coach.press_data(f"{version}:{value}")
    assert coach.last is not None and coach.last.button_status == "forged"
    assert "cannot use that button" in coach.text()
    # The draft would wait for the next /broadcast; this one is done with.
    await coach.send("/cancel")


async def test_a_coachs_broadcast_never_reaches_another_coachs_people(
    engine: Engine, store: SqliteStore, clock: FakeClock, settings: Settings
) -> None:
    carla = await onboarded_coach(engine, 2000)
    anna = await joined(engine, carla, 3001, "Anna")
    bert = await joined_buddy(engine, carla, 3002, "Bert", "Someone for the warehouse")
    # Another coach, with a programme of the same name and a meeting of the same title.
    olga = await onboarded_coach(engine, 2100)
    otto = await joined(engine, olga, 4001, "Otto")
    pia = await joined_buddy(engine, olga, 4002, "Pia", "An extra pair of hands")
    await drop_outbox(store)
    await plan(carla, "1-12 10:00", capacity="10")
    await plan(olga, "1-12 10:00", capacity="10")
    for person in (anna, bert, otto, pia):
        await say_yes(store, person)
    await drop_outbox(store)

    for name, choices in AUDIENCES.items():
        await broadcast(carla, choices, f"From Carla to {name}")
    async with store.unit_of_work():
        coach_b = await store.person_by_chat("test:2100")
        assert coach_b is not None
        their_programme = (await store.programmes_of_coach(coach_b.id))[0].id
        their_event = (await store.events_of_coach(coach_b.id, clock.now()))[0].id
    await forge(carla, "A programme", f"prog:{their_programme}")
    await forge(carla, "A meeting", f"ev:{their_event}")

    transport = Recording()
    translator = Translator(settings.zone, settings.locale)
    sender = Broadcaster(store, clock, translator, {"test": transport}, rate=1000, per_chat=1000)
    await sender.run_once()
    reached: dict[str, set[str]] = defaultdict(set)
    for _, _, chat_key, piece in transport.calls:
        reached[piece.text or ""].add(chat_key)

    carlas_people = {"test:3001", "test:3002"}
    assert reached == {
        "From Carla to everyone": carlas_people,
        "From Carla to employers": {"test:3002"},
        "From Carla to job seekers": {"test:3001"},
        "From Carla to programme": carlas_people,
        "From Carla to meeting, invited": carlas_people,
        "From Carla to meeting, yes": carlas_people,
        "From Carla to language": carlas_people,
    }
    for person in (olga, otto, pia):
        assert not await outbox(store, person.user_id)
