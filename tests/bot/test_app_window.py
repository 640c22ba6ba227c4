"""The core wired for a chat app with a window (ChannelInfo.window, as WhatsApp's): queued
messages to someone who has not written for a day go as the channel's note and wait; their
next message brings them; a broadcast to them goes the same way."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from bot.app import Core
from bot.broadcast_parts import Piece, Transport
from bot.channel import Turns
from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Message, Outcome
from conversations.core import names
from conversations.core.channel import ChannelInfo
from conversations.core.records import Broadcast, Recipient
from conversations.core.types import Incoming
from tests.helpers import START, TEST_CHANNEL

INFO = dataclasses.replace(TEST_CHANNEL, name="wa", title="WhatsApp", window=timedelta(hours=24))


class Windowed:
    """A channel with a window that notes what it was asked to send."""

    name = "wa"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.info = INFO

    async def connect(self) -> ChannelInfo:
        return INFO

    async def start(self, core: Turns) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def deliver(self, address: str, message: Message) -> None:
        self.sent.append((address, "template" if message.held else "text", message.kind))

    def broadcast_transport(self) -> Transport:
        return Broadcasts(self)


class Broadcasts:
    """The channel's broadcast transport: a piece sent as it is, noted as a broadcast."""

    def __init__(self, channel: Windowed) -> None:
        self.channel, self.info = channel, INFO

    async def deliver(self, chat_key: str, piece: Piece) -> None:
        self.channel.sent.append((chat_key.partition(":")[2], "text", names.BROADCAST))

    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None:
        return None

    async def report(self, chat_key: str, text: str | None, csv_bytes: bytes) -> None:
        pass


async def test_the_core_holds_outside_the_window_and_sends_on_the_next_message(
    settings: Settings,
) -> None:
    clock = FakeClock(START)
    channel = Windowed()
    core = Core(settings, [channel], clock)
    await core.start()
    try:
        assert core.store is not None
        async with core.store.unit_of_work() as store:
            people = [
                await store.create_person(
                    chat_key=f"wa:{n}",
                    role="candidate",
                    language="nl",
                    programme=None,
                    invited_by=None,
                    consent_at=START,
                    now=START,
                )
                for n in (316001, 316002)
            ]
            nudge = {"text": "Nudge", "buttons": []}
            await store.enqueue("wa:316001", nudge, None, START, kind=names.NUDGE)
        await core.outbox.pump()
        assert channel.sent == [("316001", "template", names.NUDGE)]

        replies: list[Outcome] = []

        async def deliver(outcome: Outcome) -> None:
            replies.append(outcome)

        await core.turn("wa", "316001", Incoming.from_text("/help"), deliver, "nl")
        assert replies and replies[0].messages
        assert channel.sent[1:] == [("316001", "text", names.NUDGE)]

        async with core.store.unit_of_work() as store:
            await store.create_broadcast(
                Broadcast(0, people[0].id, "everyone", {"*": "Hallo"}, "sending", START),
                [Recipient(person.id, person.chat_key or "", "nl") for person in people],
            )
        await core.broadcaster.run_once()
        # She wrote a moment ago: the broadcast itself; he never did: the note first.
        assert channel.sent[2:] == [
            ("316001", "text", names.BROADCAST),
            ("316002", "template", names.BROADCAST),
        ]
    finally:
        await core.stop()
