"""End to end with Telegram and WhatsApp in one process: one broadcast to people on both, at
each app's own pace, while the fake Cloud API throttles (throughput 130429, spam rate
131048, too many to one person 131056, HTTP 429). Each refusal is waited out and the message
sent again: everyone gets it once, nobody twice, and only WhatsApp's pace slows down."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.whatsapp.broadcast import WhatsAppTransport
from conversations.core.records import Broadcast, Recipient
from conversations.core.types import Role
from tests.bot.whatsapp.helpers import WaRunning
from tests.fakebotapi import FakeBotApi
from tests.fakecloudapi import FakeCloudApi

TEXT = "The job fair is on Thursday at 10:00 in the library."
COACH = 2001
TG_PEOPLE = [30_000 + n for n in range(4)]
WA_PEOPLE = [f"3161000{n:04d}" for n in range(6)]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A tenth of a second between bulk messages to one person (6 s in production), so that
    # a retry after 131056 does not make the test wait long.
    return settings.model_copy(update={"whatsapp_per_person_seconds": 0.1})


async def broadcast_to_all(both: WaRunning, clock: FakeClock) -> int:
    """A coach on Telegram sends to people on both apps; those on WhatsApp wrote lately
    (inside the 24-hour window: the message itself goes, not a template)."""
    now = clock.now()
    async with both.store.unit_of_work() as store:

        async def person(key: str, role: Role) -> int:
            created = await store.create_person(
                chat_key=key,
                role=role,
                language="en",
                programme=None,
                invited_by=None,
                consent_at=now,
                now=now,
            )
            return created.id

        coach = await person(f"tg:{COACH}", "coach")
        keys = [f"tg:{n}" for n in TG_PEOPLE] + [f"wa:{n}" for n in WA_PEOPLE]
        recipients = []
        for key in keys:
            recipients.append(Recipient(await person(key, "candidate"), key, "en"))
            if key.startswith("wa:"):
                await store.note_incoming(key, now)
        created = await store.create_broadcast(
            Broadcast(0, coach, "everyone", {"*": TEXT}, "sending", now), recipients
        )
        return created.id


async def test_a_throttled_broadcast_to_both_apps_reaches_everyone_once(
    api: FakeBotApi, cloud: FakeCloudApi, both: WaRunning, clock: FakeClock
) -> None:
    assert both.bot is not None
    core = both.bot.core
    transport = both.channel.broadcast_transport()
    assert isinstance(transport, WhatsAppTransport)
    transport.throttle_wait = transport.pair_wait = 0.05
    cloud.fail_next(130429, to=WA_PEOPLE[0], times=2)
    cloud.fail_next(131056, to=WA_PEOPLE[2])
    cloud.fail_next(131048, to=WA_PEOPLE[3])
    cloud.fail_next(0, status=429, to=WA_PEOPLE[5])
    broadcast_id = await broadcast_to_all(both, clock)
    core.broadcaster.wake()

    def finished() -> bool:
        return any(m.document is not None for m in api.chats.get(COACH, []))

    await api.wait_for(finished, timeout=20)
    async with both.store.unit_of_work() as store:
        done = await store.broadcast(broadcast_id)
        counts = await store.broadcast_counts(broadcast_id)
    assert done is not None and done.state == "done"
    assert counts == {"sent": len(TG_PEOPLE) + len(WA_PEOPLE)}
    # Nothing lost, nothing twice: one message each on WhatsApp...
    got = Counter(m.to for chat in cloud.chats.values() for m in chat if m.text == TEXT)
    assert got == Counter(WA_PEOPLE)
    tried = Counter(c.json["to"] for c in cloud.calls if c.path == "messages" and c.json)
    refused = Counter({WA_PEOPLE[0]: 2, WA_PEOPLE[2]: 1, WA_PEOPLE[3]: 1, WA_PEOPLE[5]: 1})
    assert tried == Counter(WA_PEOPLE) + refused
    # ...and on Telegram, where nothing was refused.
    assert Counter(
        m.chat_id for n in TG_PEOPLE for m in api.chats.get(n, []) if m.text == TEXT
    ) == Counter(TG_PEOPLE)
    # Throughput refusals slowed WhatsApp's pace; the pair rate (one person) did not count,
    # and Telegram's is as it was.
    paces = core.broadcaster.paces
    assert paces.channel("wa").rate == pytest.approx(both.settings.whatsapp_rate / 1.25**4)
    assert paces.channel("tg").rate == both.settings.broadcast_rate
