"""`liftbot run` on WhatsApp as its own process, killed with SIGKILL after its webhook
answered 200 and while the message's unit of work runs: after the restart the kept message
is handled, once; Meta's retry of the same webhook is not handled again."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp

from tests.fakecloudapi import (
    APP_SECRET,
    NUMBER,
    PHONE_ID,
    TOKEN,
    VERIFY_TOKEN,
    FakeCloudApi,
    WaUser,
)
from tests.liftbot_process import LiftBotProcess

ADMIN = WaUser("31600002000", "Ada")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Bot(LiftBotProcess):
    """LiftBot on WhatsApp, its web server on a port of its own, against the fake Cloud API."""

    def __init__(self, cloud: FakeCloudApi, folder: Path) -> None:
        super().__init__(folder)
        self.cloud = cloud
        self.port = free_port()

    async def start(self) -> None:
        await self.spawn(
            {
                "LIFTBOT_WHATSAPP_TOKEN": TOKEN,
                "LIFTBOT_WHATSAPP_PHONE_ID": PHONE_ID,
                "LIFTBOT_WHATSAPP_NUMBER": NUMBER,
                "LIFTBOT_WHATSAPP_APP_SECRET": APP_SECRET,
                "LIFTBOT_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
                "LIFTBOT_WHATSAPP_API_URL": self.cloud.base_url,
                "LIFTBOT_WEB_PORT": str(self.port),
                "LIFTBOT_ADMIN_IDS": f"wa:{ADMIN.wa_id}",
                "LIFTBOT_LOCALE": "en",
            }
        )
        self.cloud.webhook_url = f"http://127.0.0.1:{self.port}/whatsapp/webhook"
        query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"}
        async with aiohttp.ClientSession() as session:
            for _ in range(300):
                try:
                    async with session.get(self.cloud.webhook_url, params=query) as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(self.log())


def replies(cloud: FakeCloudApi) -> list[str]:
    return [m.text for m in cloud.chats.get(ADMIN.wa_id, [])]


async def test_killed_after_the_200_the_message_is_handled_after_restart_once(
    cloud: FakeCloudApi, tmp_path: Path
) -> None:
    bot = Bot(cloud, tmp_path)
    await bot.start()
    try:
        message = cloud.incoming(ADMIN, "text", {"body": "/start"})
        bot.keep_busy(message["id"])
        # The webhook is answered 200 once the message is kept; then it is handled.
        assert await cloud.deliver(ADMIN, message) == 200
        await asyncio.sleep(0.3)
        bot.kill()
        await bot.dead()
        admins = f"SELECT count(*) FROM people WHERE chat_key = 'wa:{ADMIN.wa_id}'"
        kept = f"SELECT count(*) FROM intake WHERE update_id = '{message['id']}'"
        # Killed before the commit: no admin yet, no reply, the message still kept.
        assert (bot.rows(admins), bot.rows(kept), replies(cloud)) == ([(0,)], [(1,)], [])
        bot.calm()

        await bot.start()
        said = await cloud.wait_for(lambda: replies(cloud), timeout=30)
        assert "Admin menu" in said[0]
        # Meta delivers the same webhook again (it had its 200, but retries happen).
        assert await cloud.deliver(ADMIN, message) == 200
        await asyncio.sleep(0.5)
        assert len(replies(cloud)) == 1 and bot.rows(admins) == [(1,)]
        assert bot.rows("SELECT count(*) FROM intake") == [(0,)]
    finally:
        await bot.stop()
    logged = bot.log()
    assert TOKEN not in logged and APP_SECRET not in logged
    assert "running on WhatsApp" in logged
