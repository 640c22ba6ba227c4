"""End to end: `liftbot run` as its own process against the fake Bot API, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.bot.telegram.helpers import TgChat
from tests.fakebotapi import FakeBotApi, TgUser
from tests.helpers import ADMIN_ID


async def test_liftbot_run_answers_and_stops_cleanly(api: FakeBotApi, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "LIFTBOT_TELEGRAM_TOKEN": api.token,
        "LIFTBOT_TELEGRAM_BASE_URL": api.base_url,
        "LIFTBOT_DATABASE": str(tmp_path / "run.sqlite3"),
        "LIFTBOT_ADMIN_IDS": str(ADMIN_ID),
        "LIFTBOT_LOCALE": "en",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        admin = TgChat(api, TgUser(ADMIN_ID, "Ada", None))
        await api.wait_for(lambda: any(c.method == "getUpdates" for c in api.calls), timeout=20)
        await admin.send("/start", expect="Admin menu")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 0, stderr.decode()
    logged = stderr.decode()
    assert "LiftBot is running as @LiftTestBot" in logged
    assert api.token not in logged
