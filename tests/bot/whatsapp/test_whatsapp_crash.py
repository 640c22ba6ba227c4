"""`liftbot run` on WhatsApp as its own process, killed with SIGKILL after its webhook
answered 200 and while the message's unit of work runs: after the restart the kept message
is handled, once; Meta's retry of the same webhook is not handled again."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
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

ADMIN = WaUser("31600002000", "Ada")
# The trigger's query: 300³ rows looked at, a few seconds of work at least.
SPIN_ROWS = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Bot:
    def __init__(self, cloud: FakeCloudApi, folder: Path) -> None:
        self.cloud = cloud
        self.folder = folder
        self.database = folder / "crash.sqlite3"
        self.port = free_port()
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {
            **os.environ,
            "LIFTBOT_WHATSAPP_TOKEN": TOKEN,
            "LIFTBOT_WHATSAPP_PHONE_ID": PHONE_ID,
            "LIFTBOT_WHATSAPP_NUMBER": NUMBER,
            "LIFTBOT_WHATSAPP_APP_SECRET": APP_SECRET,
            "LIFTBOT_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "LIFTBOT_WHATSAPP_API_URL": self.cloud.base_url,
            "LIFTBOT_WEB_PORT": str(self.port),
            "LIFTBOT_DATABASE": str(self.database),
            "LIFTBOT_ADMIN_IDS": f"wa:{ADMIN.wa_id}",
            "LIFTBOT_LOCALE": "en",
        }
        env.pop("LIFTBOT_TELEGRAM_TOKEN", None)
        with (self.folder / "liftbot.log").open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "run",
                cwd=self.folder,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
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
        raise AssertionError((self.folder / "liftbot.log").read_text())

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), timeout=30)
            assert self.process.returncode == 0, (self.folder / "liftbot.log").read_text()

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database) as db:
            return db.execute(sql).fetchall()

    def keep_busy(self, update_id: str) -> None:
        """The unit of work that handles this update runs a long query just before it
        keeps the replies in place of the update, after its other writes."""
        with sqlite3.connect(self.database) as db:
            db.execute("CREATE TABLE spin (x INTEGER)")
            db.executemany("INSERT INTO spin VALUES (?)", [(n,) for n in range(SPIN_ROWS)])
            db.execute(
                "CREATE TRIGGER busy BEFORE UPDATE OF answer ON intake"
                f" WHEN old.update_id = '{update_id}' BEGIN"
                " SELECT count(*) FROM spin a, spin b, spin c WHERE a.x + b.x + c.x >= 0;"
                " END"
            )

    def calm(self) -> None:
        with sqlite3.connect(self.database) as db:
            db.execute("DROP TRIGGER IF EXISTS busy")
            db.execute("DROP TABLE IF EXISTS spin")


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
        assert bot.process is not None
        await asyncio.wait_for(bot.process.wait(), timeout=30)
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
    logged = (tmp_path / "liftbot.log").read_text()
    assert TOKEN not in logged and APP_SECRET not in logged
    assert "running on WhatsApp" in logged
