"""End-to-end fixtures: LiftBot with the WhatsApp channel (and Telegram, for a coach there)
on its real web server, against the fake Cloud API. Helpers live in helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.clock import FakeClock
from bot.config import Settings
from tests.bot.whatsapp.helpers import WA_ADMIN, WaRunning
from tests.fakebotapi import FakeBotApi
from tests.fakecloudapi import APP_SECRET, NUMBER, PHONE_ID, TOKEN, VERIFY_TOKEN, FakeCloudApi


@pytest.fixture
async def cloud() -> AsyncIterator[FakeCloudApi]:
    server = FakeCloudApi()
    await server.start()
    yield server
    await server.stop()
    # WhatsApp would have refused these: a message a person never saw.
    assert not server.refused, f"requests the Cloud API would refuse: {server.refused}"


def whatsapp_settings(settings: Settings, cloud: FakeCloudApi) -> Settings:
    return settings.model_copy(
        update={
            "whatsapp_token": SecretStr(TOKEN),
            "whatsapp_phone_id": PHONE_ID,
            "whatsapp_number": NUMBER,
            "whatsapp_signing_key": SecretStr(APP_SECRET),
            "whatsapp_verify_token": SecretStr(VERIFY_TOKEN),
            "whatsapp_api_url": cloud.base_url,
            "admin_whatsapp": frozenset({WA_ADMIN.wa_id}),
            "web_port": 0,
        }
    )


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
        update={"telegram_base_url": api.base_url, "telegram_token": SecretStr(api.token)}
    )
    running = WaRunning(both_settings, clock, cloud)
    await running.start()
    yield running
    await running.stop()
