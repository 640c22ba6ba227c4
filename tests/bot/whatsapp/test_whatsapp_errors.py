"""The Cloud API's refusals, scripted by the fake: throttling is waited out and nothing is
dropped, a number not on WhatsApp is given up, a closed 24-hour window keeps the message."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.channel import ChatBusy, DeliveryPaused, Held, Undeliverable
from bot.messages import Message
from tests.bot.whatsapp.helpers import WA_ADMIN, WaChat, WaRunning
from tests.fakecloudapi import FakeCloudApi

TO = "31677778888"


@pytest.mark.parametrize(("code", "status"), [(130429, 400), (131056, 400), (4, 429), (0, 429)])
async def test_a_throttled_reply_is_sent_again_until_it_goes(
    cloud: FakeCloudApi, liftbot: WaRunning, code: int, status: int
) -> None:
    cloud.fail_next(code, status, to=WA_ADMIN.wa_id, times=2)
    await WaChat(cloud, WA_ADMIN).send("/start", expect="Admin menu")
    tries = [c for c in cloud.calls if c.path == "messages"]
    assert len(tries) == 3


@pytest.mark.parametrize(
    ("code", "status", "raised"),
    [
        (131026, 400, Undeliverable),
        (131047, 400, Held),
        (131056, 400, ChatBusy),
        (131048, 400, DeliveryPaused),
        (80007, 400, DeliveryPaused),
        (133016, 400, DeliveryPaused),
        (4, 429, DeliveryPaused),
    ],
)
async def test_errors_become_the_cores_delivery_errors(
    cloud: FakeCloudApi, liftbot: WaRunning, code: int, status: int, raised: type[Exception]
) -> None:
    cloud.fail_next(code, status, to=TO)
    with pytest.raises(raised):
        await liftbot.channel.deliver(TO, Message("Hallo"))
    # Outside the window WhatsApp takes a template, and that goes instead; nothing else.
    assert [m.type for m in cloud.chats.get(TO, [])] == (["template"] if raised is Held else [])


async def pending(liftbot: WaRunning) -> list[str]:
    async with liftbot.store.unit_of_work() as store:
        return [row["chat_key"] for row in await store.pending_outbox("wa")]


async def queue(liftbot: WaRunning, text: str) -> None:
    async with liftbot.store.unit_of_work() as store:
        await store.enqueue(f"wa:{TO}", Message(text).to_row()[0], None, liftbot.clock.now())


async def test_the_outbox_keeps_what_throttling_or_the_window_held_back(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    assert liftbot.bot is not None
    outbox = liftbot.bot.core.outbox
    async with liftbot.store.unit_of_work() as store:
        await store.note_incoming(f"wa:{TO}", liftbot.clock.now())  # they wrote just now
    await queue(liftbot, "Your meeting is tomorrow")
    cloud.fail_next(130429, to=TO)  # throughput
    await outbox.pump()
    assert await pending(liftbot) == [f"wa:{TO}"] and TO not in cloud.chats
    await outbox.pump()
    assert await pending(liftbot) == []
    assert [m.text for m in cloud.chats[TO]] == ["Your meeting is tomorrow"]
    # WhatsApp says the window closed (its clock ahead of ours): the template goes and the
    # message is held for when they answer, not lost.
    await queue(liftbot, "See you at 10:00")
    cloud.fail_next(131047, to=TO)
    await outbox.pump()
    assert await pending(liftbot) == []
    assert [m.type for m in cloud.chats[TO]] == ["text", "template"]
    async with liftbot.store.unit_of_work() as store:
        held = await store.held_messages(f"wa:{TO}")
    assert ["See you at 10:00" in row["message"] for row in held] == [True]


async def test_a_number_not_on_whatsapp_is_given_up_quietly(
    cloud: FakeCloudApi, liftbot: WaRunning, caplog: pytest.LogCaptureFixture
) -> None:
    assert liftbot.bot is not None
    await queue(liftbot, "Welcome")
    cloud.fail_next(131026, to=TO)
    with caplog.at_level(logging.INFO):
        await liftbot.bot.core.outbox.pump()
    assert await pending(liftbot) == []
    assert [r.levelno for r in caplog.records if "not delivered" in r.getMessage()] == [
        logging.INFO
    ]
    assert TO not in caplog.text and "Welcome" not in caplog.text


async def test_a_reply_throttled_past_every_try_waits_in_the_outbox(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    assert liftbot.bot is not None
    admin = WaChat(cloud, WA_ADMIN)
    cloud.fail_next(130429, to=WA_ADMIN.wa_id, times=4)
    await cloud.send_text(WA_ADMIN, "/start")
    for _ in range(100):
        if await pending(liftbot):
            break
        await asyncio.sleep(0.02)
    assert await pending(liftbot) == [f"wa:{WA_ADMIN.wa_id}"]
    assert WA_ADMIN.wa_id not in cloud.chats
    # The outbox's next round sends it.
    await liftbot.bot.core.outbox.pump()
    await admin.wait("Admin menu")
    assert await pending(liftbot) == []


async def test_a_throttled_list_after_its_text_does_not_send_the_text_twice(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    text = "\n".join(f"Line {n}: " + "word " * 20 for n in range(20)) + "\nWhich one?"
    buttons = [[("Yes", "v1:yes"), ("No", "v1:no")]]
    # The text goes; the buttons after it are throttled twice, then go.
    cloud.fail_next(130429, to=TO, skip=1, times=2)
    await liftbot.channel.reply(TO, [Message(text, buttons)])
    assert [m.type for m in cloud.chats[TO]] == ["text", "interactive"]
    assert len([c for c in cloud.calls if c.path == "messages"]) == 4
