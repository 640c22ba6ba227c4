"""The guard in tests/network_guard.py: nothing outside 127.0.0.1 is reached from a test."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import pytest

from tests.fakebotapi import FakeBotApi
from tests.network_guard import RealNetworkInTests


def test_a_connection_to_the_internet_fails_at_once() -> None:
    with socket.socket() as sock, pytest.raises(RealNetworkInTests):
        sock.connect(("203.0.113.7", 443))  # TEST-NET-3: never routed
    with pytest.raises(RealNetworkInTests):
        socket.getaddrinfo("api.telegram.org", 443)


async def test_an_http_client_cannot_reach_telegram_but_reaches_the_fake(api: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises((RealNetworkInTests, aiohttp.ClientError)) as refused:
            await session.get("https://api.telegram.org/", timeout=aiohttp.ClientTimeout(5))
        assert "api.telegram.org" in str(refused.value)
        async with session.post(f"{api.base_url}{api.token}/getMe") as answer:
            assert (await answer.json())["ok"]
    await asyncio.sleep(0)
