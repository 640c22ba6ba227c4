"""End-to-end fixtures: the real LiftBot Telegram stack against the fake Bot API server. Helpers
(Running, TgChat, ...) live in helpers.py next to this file."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.clock import FakeClock
from bot.config import Settings
from tests.bot.telegram.helpers import SCALE, Running
from tests.fakebotapi import FakeBotApi


@pytest.fixture
def tg_settings(settings: Settings, api: FakeBotApi) -> Settings:
    return settings.model_copy(
        update={"telegram_base_url": api.base_url, "telegram_token": SecretStr(api.token)}
    )


@pytest.fixture
async def liftbot(tg_settings: Settings, clock: FakeClock) -> AsyncIterator[Running]:
    running = Running(tg_settings, clock)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def fast(tg_settings: Settings, clock: FakeClock, api: FakeBotApi) -> AsyncIterator[Running]:
    settings = tg_settings.model_copy(
        update={
            "broadcast_rate": 30.0 * SCALE,
            "broadcast_per_chat_rate": 1.0 * SCALE,
            "broadcast_backoff": 0.01,
            "broadcast_timeout": 1.0,
        }
    )
    running = Running(settings, clock)
    await running.start()
    yield running
    await running.stop()
