"""Messages that wait for the person on a chat app with a window (bot/held.py): outside it
the channel sends one note (WhatsApp: a template) and the message is held, later ones wait
behind it without another note; the person's next message, or the note's button, puts them
back into the outbox in order; a restart loses none. Inside the window nothing changes, and
a channel without a window never holds."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.broadcaster import Broadcaster
from bot.channel import Held
from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Engine, Message
from bot.held import OPEN_HELD, outside_window
from bot.i18n import Translator
from bot.outbox import OutboxPump
from bot.sqlite.store import SqliteStore
from conversations.core import names
from conversations.core.records import Broadcast, Recipient
from conversations.core.types import Incoming
from tests.helpers import START, TEST_CHANNEL, Recording

WINDOW = timedelta(hours=24)
WINDOWED = dataclasses.replace(TEST_CHANNEL, name="wa", window=WINDOW)


class Phone:
    """A channel with a window: notes what it sent, and whether as the note (a template)."""

    name = "wa"

    def __init__(self) -> None:
        self.got: list[tuple[str, str, str]] = []
        # Addresses whose window the chat app says is closed (error 131047).
        self.closed: set[str] = set()

    async def deliver(self, address: str, message: Message) -> None:
        if message.held:
            self.got.append((address, "template", message.kind))
            return
        if address in self.closed:
            self.got.append((address, "template", message.kind))
            raise Held()
        self.got.append((address, "text", message.text))


@pytest.fixture
async def opened(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = await SqliteStore.open(tmp_path / "held.sqlite3")
    yield store
    await store.close()


def engine_for(store: SqliteStore, clock: FakeClock, settings: Settings) -> Engine:
    translator = Translator(settings.zone, settings.locale)
    return Engine(store, clock, translator, settings, {"wa": WINDOWED})


def pump_for(store: SqliteStore, phone: Phone, clock: FakeClock) -> OutboxPump:
    """The outbox pump with WhatsApp's window for the "wa" channel."""
    return OutboxPump(store, {"wa": phone}, windows={"wa": WINDOW}, clock=clock)  # type: ignore[dict-item]


async def known(store: SqliteStore, *chat_keys: str) -> None:
    """People who joined (a stranger's messages leave nothing, a window included)."""
    async with store.unit_of_work():
        for chat_key in chat_keys:
            await store.create_person(
                chat_key=chat_key,
                role="candidate",
                language="nl",
                programme=None,
                invited_by=None,
                consent_at=START,
                now=START,
            )


async def queue(store: SqliteStore, chat_key: str, text: str, kind: str) -> None:
    async with store.unit_of_work():
        await store.enqueue(chat_key, Message(text).to_row()[0], None, START, kind=kind)


def test_the_window_is_open_until_it_is_as_long_ago_as_its_length() -> None:
    assert outside_window(None, START, WINDOW)
    assert not outside_window(START, START + WINDOW - timedelta(seconds=1), WINDOW)
    assert outside_window(START, START + WINDOW, WINDOW)


async def test_outside_the_window_one_template_and_the_rest_wait_until_the_person_answers(
    opened: SqliteStore, settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(START)
    engine = engine_for(opened, clock, settings)
    phone = Phone()
    pump = pump_for(opened, phone, clock)
    await known(opened, "wa:31611", "wa:31622")
    # She wrote: inside her window messages go as they are.
    await engine.handle("wa", "31611", Incoming.from_text("hallo"), "nl")
    await queue(opened, "wa:31611", "Your reminder", names.REMINDER)
    await pump.pump()
    assert phone.got == [("31611", "text", "Your reminder")]

    clock.advance(timedelta(days=2))
    await queue(opened, "wa:31611", "Did you do it?", names.NUDGE)
    await queue(opened, "wa:31611", "Bert wrote", names.PAIR)
    await queue(opened, "wa:31622", "Never wrote", names.INVITATION)
    await pump.pump()
    # One template for her first message; the second waits behind it without another.
    assert phone.got[1:] == [("31611", "template", "nudge"), ("31622", "template", "invitation")]
    await queue(opened, "wa:31611", "Later still", names.NOTICE)
    await pump.pump()
    assert len(phone.got) == 3
    async with opened.unit_of_work():
        assert len(await opened.held_messages("wa:31611")) == 3
        assert await opened.pending_outbox("wa") == []

    # A restart loses nothing: a new store on the same file, and she answers.
    await opened.close()
    store = await SqliteStore.open(tmp_path / "held.sqlite3")
    try:
        engine = engine_for(store, clock, settings)
        outcome = await engine.handle("wa", "31611", Incoming("choice", choice=OPEN_HELD))
        # The button only opens them: no reply of its own, and no stale-button note.
        assert outcome.messages == [] and outcome.effects.queued == 3
        pump = pump_for(store, phone, clock)
        await pump.pump()
        assert phone.got[3:] == [
            ("31611", "text", "Did you do it?"),
            ("31611", "text", "Bert wrote"),
            ("31611", "text", "Later still"),
        ]
        async with store.unit_of_work():
            assert await store.held_messages("wa:31611") == []
            assert len(await store.held_messages("wa:31622")) == 1
    finally:
        await store.close()


async def test_any_message_of_the_person_opens_the_held_ones_and_is_answered_too(
    opened: SqliteStore, settings: Settings
) -> None:
    clock = FakeClock(START)
    engine = engine_for(opened, clock, settings)
    phone = Phone()
    pump = pump_for(opened, phone, clock)
    await known(opened, "wa:31633")
    await queue(opened, "wa:31633", "A broadcast", names.BROADCAST)
    await pump.pump()
    assert phone.got == [("31633", "template", "broadcast")]
    outcome = await engine.handle("wa", "31633", Incoming.from_text("/help"), "en")
    assert outcome.messages and outcome.effects.queued == 1
    await pump.pump()
    assert phone.got[1:] == [("31633", "text", "A broadcast")]


async def test_the_chat_app_can_say_the_window_closed_when_it_sends(
    opened: SqliteStore, settings: Settings
) -> None:
    """Its own clock decides (WhatsApp's error 131047): the channel sends the template and
    raises Held; the message and those after it wait as above."""
    clock = FakeClock(START)
    engine = engine_for(opened, clock, settings)
    await known(opened, "wa:31644")
    await engine.handle("wa", "31644", Incoming.from_text("hoi"), "nl")
    phone = Phone()
    phone.closed.add("31644")
    pump = pump_for(opened, phone, clock)
    await queue(opened, "wa:31644", "Reminder", names.REMINDER)
    await queue(opened, "wa:31644", "Another", names.NOTICE)
    await pump.pump()
    assert phone.got == [("31644", "template", "reminder")]
    async with opened.unit_of_work():
        held = await opened.held_messages("wa:31644")
        assert [row["kind"] for row in held] == ["reminder", "notice"]


async def test_without_a_window_nothing_is_held_or_noted(
    opened: SqliteStore, settings: Settings
) -> None:
    clock = FakeClock(START)
    translator = Translator(settings.zone, settings.locale)
    engine = Engine(opened, clock, translator, settings, {"tg": TEST_CHANNEL})
    await known(opened, "tg:5")
    await engine.handle("tg", "5", Incoming.from_text("hallo"), "nl")
    phone = Phone()
    await queue(opened, "tg:5", "Reminder", names.REMINDER)
    await OutboxPump(opened, {"tg": phone}, clock=clock).pump()  # type: ignore[dict-item]
    assert phone.got == [("5", "text", "Reminder")]
    async with opened.unit_of_work():
        assert await opened.last_incoming("tg:5") is None


async def test_a_broadcast_to_someone_outside_the_window_goes_through_the_outbox(
    opened: SqliteStore, settings: Settings
) -> None:
    """Inside the window the broadcaster sends it as usual; outside, the broadcast is
    queued with its kind, so the template goes first and the text when they answer."""
    clock = FakeClock(START)
    async with opened.unit_of_work() as s:
        coach = await s.create_person(
            chat_key="wa:1", role="coach", language="nl", programme=None, invited_by=None,
            consent_at=START, now=START,
        )
        recipients = []
        for address, language in (("31611", "nl"), ("31622", "en")):
            person = await s.create_person(
                chat_key=f"wa:{address}", role="candidate", language=language, programme=None,
                invited_by=None, consent_at=START, now=START,
            )
            recipients.append(Recipient(person.id, f"wa:{address}", language))
        await s.note_incoming("wa:31611", START - timedelta(hours=2))
        await s.note_incoming("wa:31622", START - timedelta(days=3))
        texts = {"nl": "De bibliotheek is dicht", "en": "The library is closed"}
        await s.create_broadcast(
            Broadcast(0, coach.id, "everyone", texts, "sending", START), recipients
        )
    transport = Recording()
    transport.info = WINDOWED
    pumped: list[bool] = []

    async def pump() -> None:
        pumped.append(True)

    translator = Translator(settings.zone, settings.locale)
    sender = Broadcaster(opened, clock, translator, {"wa": transport}, on_queued=pump)
    await sender.run_once()
    assert [(key, piece.text) for _, _, key, piece in transport.calls] == [
        ("wa:31611", "De bibliotheek is dicht")
    ]
    assert pumped == [True]
    async with opened.unit_of_work():
        rows = await opened.pending_outbox("wa")
        states = {row["chat_key"]: row["state"] for row in await opened.recipient_rows(1)}
    assert [(row["chat_key"], row["kind"]) for row in rows] == [("wa:31622", names.BROADCAST)]
    queued = Message.from_row(json.loads(rows[0]["message"]), None, rows[0]["kind"])
    assert queued.text == "The library is closed" and queued.language == "en"
    assert states == {"wa:31611": "sent", "wa:31622": "sent"}


async def test_a_stranger_leaves_no_trace_and_someone_known_opens_their_window(
    opened: SqliteStore, settings: Settings
) -> None:
    clock = FakeClock(START)
    engine = engine_for(opened, clock, settings)
    await engine.handle("wa", "31655", Incoming.from_text("hallo?"), "nl")
    await engine.handle("wa", "31655", Incoming("choice", choice=OPEN_HELD), "nl")
    async with opened.unit_of_work():
        assert await opened.last_incoming("wa:31655") is None
    await known(opened, "wa:31655")
    await engine.handle("wa", "31655", Incoming.from_text("/help"), "nl")
    async with opened.unit_of_work():
        assert await opened.last_incoming("wa:31655") == START
