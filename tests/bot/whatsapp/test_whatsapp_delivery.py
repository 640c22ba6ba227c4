"""End to end: a coach on WhatsApp broadcasts to people on WhatsApp and Telegram; WhatsApp's
statuses come in out of order, twice, one 'failed' without contacts, one for a message
LiftBot does not know. Each is recorded as the furthest state seen, none is answered, and
the coach's report says per channel what was sent and what WhatsApp reported so far."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from pydantic import SecretStr

from bot.clock import FakeClock
from bot.config import Settings
from bot.delivery import Status
from bot.sqlite.store import SqliteStore
from bot.whatsapp.webhook import statuses_of
from tests.bot.whatsapp.helpers import WA_ADMIN, WaChat, WaRunning, wa_token, whatsapp_settings
from tests.fakebotapi import FakeBotApi
from tests.fakecloudapi import FakeCloudApi, Sent, WaUser

NEWS = "The Walk&Talk is on Thursday!"
COACH = WaUser("31611112222", "Carla")
ANNA, BERT, CARL, DINA = (WaUser(f"3165000000{n}", name) for n, name in enumerate("ABCD", 1))
EVA = 40_001  # on Telegram
UNDELIVERABLE = [{"code": 131026, "title": "Message undeliverable"}]


@pytest.fixture
async def slow(
    settings: Settings, clock: FakeClock, cloud: FakeCloudApi, api: FakeBotApi
) -> AsyncIterator[WaRunning]:
    """Telegram and WhatsApp, one broadcast message a second: statuses of the first
    messages come in while the last ones are still to be sent."""
    both = whatsapp_settings(settings, cloud).model_copy(
        update={
            "telegram_base_url": api.base_url,
            "telegram_token": SecretStr(api.token),
            "broadcast_rate": 1.0,
            "locale": "en",
        }
    )
    running = WaRunning(both, clock, cloud)
    await running.start()
    yield running
    await running.stop()


async def join_as_coach(cloud: FakeCloudApi) -> WaChat:
    admin = WaChat(cloud, WA_ADMIN)
    await admin.send("/start", expect="Admin menu")
    await admin.send("/invite", expect="Which app")
    sent = await admin.press("WhatsApp", expect="QR code")
    coach = WaChat(cloud, COACH)
    await coach.send(f"start {wa_token(sent)}", expect="invited as a coach")
    await coach.press("Yes", expect="Which language")
    await coach.press("English", expect="What may I call you")
    await coach.send("Carla", expect="Which organisation")
    await coach.send("Werkacademie", expect="This is what I noted")
    await coach.press("All good", expect="Coach menu")
    await coach.send("/programme", expect="What kind of programme")
    await coach.press("In de Lift", expect="What is it called")
    await coach.send("Lift Zoetermeer", expect="In which municipality")
    await coach.send("Zoetermeer", expect="Done: Lift Zoetermeer")
    return coach


async def add_members(store: SqliteStore, now: datetime) -> None:
    """People who joined the coach's programme (onboarding has its own tests), the ones on
    WhatsApp within its 24-hour window (outside it a template goes first: bot/held.py)."""
    async with store.unit_of_work():
        coach = await store.person_by_chat(f"wa:{COACH.wa_id}")
        assert coach is not None
        programme = (await store.programmes_of_coach(coach.id))[-1]
        members = [(f"wa:{u.wa_id}", u.name) for u in (ANNA, BERT, CARL, DINA)]
        for chat_key, name in [*members, (f"tg:{EVA}", "Eva")]:
            person = await store.create_person(
                chat_key=chat_key,
                role="candidate",
                language="en",
                programme=programme.name,
                invited_by=coach.id,
                consent_at=now,
                now=now,
            )
            person.name, person.onboarded_at = name, now
            await store.save_person(person)
            await store.add_member(programme.id, person.id, now)
            if chat_key.startswith("wa:"):
                await store.note_incoming(chat_key, now)


async def broadcast_arrives(cloud: FakeCloudApi, user: WaUser) -> Sent:
    return await cloud.wait_for(
        lambda: next((m for m in cloud.chats.get(user.wa_id, []) if NEWS in m.text), None)
    )


async def test_statuses_make_the_report_and_are_never_answered(
    slow: WaRunning, cloud: FakeCloudApi, api: FakeBotApi, clock: FakeClock
) -> None:
    coach = await join_as_coach(cloud)
    await add_members(slow.store, clock.now())
    await coach.send("/broadcast", expect="Who is the message for?")
    await coach.press("Everyone I coach", expect="Type your message")
    await coach.send(NEWS, expect="Send as it is, or add something?")
    await coach.press("Send as it is", expect="Preview")
    await coach.press("Send now", expect="Sending started: 5 people")

    # While the rest is still being sent: Anna's statuses out of order and twice; Bert's
    # message arrived; Carl's failed (Meta's shape: no contacts), then a 'read' that
    # cannot undo it.
    anna = await broadcast_arrives(cloud, ANNA)
    for status in ("read", "delivered", "sent", "read", "delivered"):
        assert await cloud.send_status(anna.id, ANNA.wa_id, status) == 200
    bert = await broadcast_arrives(cloud, BERT)
    for status in ("delivered", "sent", "delivered"):
        assert await cloud.send_status(bert.id, BERT.wa_id, status) == 200
    carl = await broadcast_arrives(cloud, CARL)
    assert await cloud.send_status(carl.id, CARL.wa_id, "failed", errors=UNDELIVERABLE) == 200
    assert await cloud.send_status(carl.id, CARL.wa_id, "read") == 200
    assert NEWS in (await broadcast_arrives(cloud, DINA)).text

    said = await coach.wait("Done! Delivered: 5. Unreachable: 0. Failed: 0.")
    report = said[-1]
    assert report.text.splitlines() == [
        "Done! Delivered: 5. Unreachable: 0. Failed: 0.",
        "Telegram: delivered 1, unreachable 0, failed 0.",
        "WhatsApp: delivered 4, unreachable 0, failed 0.",
        "WhatsApp so far: the message arrived on 2 phones. Read: 1. Did not arrive: 1.",
    ]
    assert any(NEWS in (m.text or "") for m in api.chats[EVA])
    # The spreadsheet says per person what WhatsApp reported by then; Telegram nothing.
    content = cloud.media[report.body["document"]["id"]][0].decode("utf-8-sig")
    lines = content.splitlines()
    assert lines[0].endswith(";On the phone")
    by_name = {line.split(";")[0]: line.split(";")[-1] for line in lines[1:]}
    assert by_name == {
        "A": "read",
        "B": "arrived",
        "C": "did not arrive (error 131026)",
        "D": "",
        "Eva": "",
    }

    # Later: Dina's message arrives; a status of a message LiftBot does not know (a reply)
    # is passed over quietly; Anna's come again.
    counts = {who: len(cloud.chats.get(who, [])) for who in cloud.chats}
    dina = await broadcast_arrives(cloud, DINA)
    assert await cloud.send_status(dina.id, DINA.wa_id, "delivered") == 200
    assert await cloud.send_status("wamid.nobody-knows", DINA.wa_id, "read") == 200
    assert await cloud.send_status(anna.id, ANNA.wa_id, "sent") == 200
    async with slow.store.unit_of_work() as store:
        rows = await store.recipient_rows(1)
        figures = await store.delivery_counts(1)
    assert {r["name"]: (r["delivery"], r["delivery_error"]) for r in rows} == {
        "A": ("read", None),
        "B": ("delivered", None),
        "C": ("failed", 131026),
        "D": ("delivered", None),
        "Eva": (None, None),
    }
    assert figures == [
        ("tg", "sent", None, 1),
        ("wa", "sent", "delivered", 2),
        ("wa", "sent", "failed", 1),
        ("wa", "sent", "read", 1),
    ]
    # Nothing answered a status: the coach's next message is answered, and nobody else got
    # anything (nor did a status become a kept update).
    await coach.send("/help", expect="")
    after = {who: len(cloud.chats.get(who, [])) for who in cloud.chats}
    assert after == {**counts, COACH.wa_id: counts[COACH.wa_id] + 1}
    async with slow.store.unit_of_work() as store:
        kept = {row["chat_key"] for row in await store.pending_updates("wa")}
    assert kept <= {f"wa:{COACH.wa_id}"}  # the /help, maybe, just answered


def test_statuses_are_read_from_metas_objects_and_odd_ones_left_out() -> None:
    items: list[Any] = [
        {"id": "wamid.1", "status": "failed", "errors": UNDELIVERABLE, "recipient_id": "316"},
        {"id": "wamid.2", "status": "read"},
        {"id": "wamid.3", "status": "failed", "errors": [{"code": "131049"}]},
        {"id": "wamid.4", "status": "failed", "errors": ["odd"]},
        {"id": "wamid.5", "status": "failed", "errors": {"code": 131026}},
        {"status": "read"},
        {"id": "wamid.6"},
        "not an object",
    ]
    assert statuses_of(items) == [
        Status("wamid.1", "failed", 131026),
        Status("wamid.2", "read"),
        Status("wamid.3", "failed", 131049),
        Status("wamid.4", "failed"),
        Status("wamid.5", "failed"),
    ]
