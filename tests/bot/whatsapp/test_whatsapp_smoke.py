"""First contact on WhatsApp: the admin says hello over the real webhook."""

from __future__ import annotations

import pytest

from tests.bot.whatsapp.helpers import WA_ADMIN, WaChat
from tests.fakecloudapi import FakeCloudApi


@pytest.mark.usefixtures("liftbot")
async def test_admin_says_hello(cloud: FakeCloudApi) -> None:
    admin = WaChat(cloud, WA_ADMIN)
    said = await admin.send("/start", expect="Beheermenu")
