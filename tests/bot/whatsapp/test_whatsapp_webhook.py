"""The webhook at /whatsapp/webhook over LiftBot's real web server: the handshake, the
signature, a body too large, the same message twice, statuses, and what LiftBot cannot
read."""

from __future__ import annotations

import json
import sqlite3

import aiohttp
import pytest

from tests.bot.whatsapp.helpers import WA_ADMIN, WaChat, WaRunning, text_of
from tests.fakecloudapi import APP_SECRET, VERIFY_TOKEN, FakeCloudApi, WaUser

STRANGER = WaUser("31633334444", "Sam")


def kept_rows(liftbot: WaRunning) -> int:
    with sqlite3.connect(liftbot.settings.database) as db:
        intake = db.execute("SELECT count(*) FROM intake").fetchone()[0]
        done = db.execute("SELECT count(*) FROM intake_done").fetchone()[0]
    return int(intake) + int(done)


async def test_the_handshake_echoes_the_challenge_for_the_right_token(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    async with aiohttp.ClientSession() as session:
        query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}
        async with session.get(cloud.webhook_url, params=query) as answer:
            assert (answer.status, await answer.text()) == (200, "42")
        query["hub.verify_token"] = "guess"
        async with session.get(cloud.webhook_url, params=query) as answer:
            assert answer.status == 403 and "42" not in await answer.text()


async def test_unsigned_and_wrongly_signed_bodies_are_refused_and_nothing_is_kept(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    message = cloud.incoming(WA_ADMIN, "text", {"body": "/start"})
    body = cloud.messages_body(WA_ADMIN, message)
    assert await cloud.post(body, None) == 401
    assert await cloud.post(body, cloud.sign(body, secret="not-the-secret")) == 403
    # Signed over other bytes (re-serialised JSON): wrong as well.
    other = json.dumps(json.loads(body), indent=1).encode()
    assert await cloud.post(body, cloud.sign(other)) == 403
    assert await cloud.post(body, "sha256=") == 403
    assert kept_rows(liftbot) == 0
    # The same body signed with the app secret goes through, and only that one is answered.
    assert await cloud.post(body, cloud.sign(body, APP_SECRET)) == 200
    await WaChat(cloud, WA_ADMIN).wait("Admin menu")
    assert len(cloud.chats[WA_ADMIN.wa_id]) == 1


async def test_a_body_of_three_megabytes_is_refused_unread(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    message = cloud.incoming(STRANGER, "text", {"body": "x" * (3 * 1024 * 1024)})
    body = cloud.messages_body(STRANGER, message)
    assert await cloud.post(body, cloud.sign(body)) == 413
    assert kept_rows(liftbot) == 0 and cloud.chats == {}


@pytest.mark.usefixtures("liftbot")
async def test_the_same_message_twice_is_handled_once(cloud: FakeCloudApi) -> None:
    admin = WaChat(cloud, WA_ADMIN)
    message = await cloud.send_text(WA_ADMIN, "/start")
    await admin.wait("Admin menu")
    # Delivered again, with other bytes (Meta's retry, another profile name): kept once.
    again = cloud.messages_body(WaUser(WA_ADMIN.wa_id, "Ada L."), message)
    assert await cloud.post(again, cloud.sign(again)) == 200
    # Both in one body, too.
    assert await cloud.deliver(WA_ADMIN, message, message) == 200
    await admin.send("/help", expect="")
    assert len([m for m in admin.messages if "Admin menu" in m.text]) == 1


@pytest.mark.usefixtures("liftbot")
async def test_statuses_in_any_order_get_no_reply(cloud: FakeCloudApi) -> None:
    admin = WaChat(cloud, WA_ADMIN)
    sent = (await admin.send("/start", expect="Admin menu"))[-1]
    for status in ("read", "delivered", "sent"):
        assert await cloud.send_status(sent.id, WA_ADMIN.wa_id, status) == 200
    # A failure in Meta's documented shape: no contacts, an error list.
    errors = [{"code": 131026, "title": "Message undeliverable"}]
    assert await cloud.send_status(sent.id, WA_ADMIN.wa_id, "failed", errors=errors) == 200
    # Answered after the statuses, so they would have been answered by now.
    await admin.send("/help", expect="")
    assert len(admin.messages) == 2


@pytest.mark.usefixtures("liftbot")
async def test_a_sticker_and_a_voice_note_get_a_kind_reply_in_the_persons_language(
    cloud: FakeCloudApi,
) -> None:
    stranger = WaChat(cloud, STRANGER)
    stranger.mark = 0
    await cloud.send_kind(STRANGER, "sticker", {"id": "1", "mime_type": "image/webp"})
    said = await stranger.wait("cannot read this kind of message")
    assert "voice message" in text_of(said)

    admin = WaChat(cloud, WA_ADMIN)
    await admin.send("/start", expect="Admin menu")
    await admin.press("Language", expect="Which language")
    await admin.press("Nederlands", expect="Nederlands")
    admin.mark = len(admin.messages)
    await cloud.send_kind(
        WA_ADMIN, "audio", {"id": "2", "mime_type": "audio/ogg; codecs=opus", "voice": True}
    )
    said = await admin.wait("Dit soort bericht kan ik niet lezen")
    assert "spraakbericht" in text_of(said)
    # A reaction is no message to answer.
    count = len(admin.messages)
    await cloud.send_kind(WA_ADMIN, "reaction", {"message_id": said[-1].id, "emoji": "👍"})
    await admin.send("/help", expect="")
    assert len(admin.messages) == count + 1
