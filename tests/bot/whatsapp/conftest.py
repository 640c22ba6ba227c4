"""End-to-end fixtures: LiftBot with the WhatsApp channel (and Telegram, for a coach there)
on its real web server, against the fake Cloud API. Helpers live in helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.clock import FakeClock
from bot.config import Settings
from tests.bot.whatsapp.helpers import WaRunning, whatsapp_settings
from tests.fakebotapi import FakeBotApi
from tests.fakecloudapi import FakeCloudApi


@pytest.fixture
def wa_settings(settings: Settings, cloud: FakeCloudApi) -> Settings:
    """WhatsApp only."""
    return whatsapp_settings(settings, cloud).model_copy(
        update={"telegram_token": None, "locale": "en"}
    )


@pytest.fixture
async def liftbot(
    wa_settings: Settings, clock: FakeClock, cloud: FakeCloudApi
) -> AsyncIterator[WaRunning]:
    running = WaRunning(wa_settings, clock, cloud)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def both(
    settings: Settings, clock: FakeClock, cloud: FakeCloudApi, api: FakeBotApi
) -> AsyncIterator[WaRunning]:
    """Telegram and WhatsApp in one process, on one database."""
    both_settings = whatsapp_settings(settings, cloud).model_copy(
        update={
            "telegram_base_url": api.base_url,
            "telegram_token": SecretStr(api.token),
            # Phones reach the web server here: calendar files go as links.
            "public_url": "https://liftbot.example.nl",
        }
    )
    running = WaRunning(both_settings, clock, cloud)
    await running.start()
    yield running
    await running.stop()
