"""The one web server: routes from channels, fixed ones and those made once the core has
started (they may need its store), served by uvicorn on a free port, stopped cleanly."""

from __future__ import annotations

from collections.abc import Sequence

import aiohttp
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.app import Core
from bot.clock import FakeClock
from bot.config import Settings
from bot.launch import LiftBot
from bot.web import WebServer
from tests.bot.whatsapp.helpers import whatsapp_settings
from tests.fakecloudapi import FakeCloudApi


async def hello(request: Request) -> Response:
    return PlainTextResponse("hello")


def people_route(core: Core) -> Sequence[BaseRoute]:
    async def people(request: Request) -> Response:
        assert core.store is not None  # the core has started by now
        async with core.store.unit_of_work() as store:
            found = await store.person_by_chat("wa:1")
        return PlainTextResponse("nobody" if found is None else "someone")

    return [Route("/people", people)]


async def test_channels_fixed_routes_and_factories_share_one_server(
    settings: Settings, clock: FakeClock, cloud: FakeCloudApi
) -> None:
    bot = LiftBot(
        whatsapp_settings(settings, cloud).model_copy(update={"telegram_token": None}),
        clock,
        routes=[Route("/hello", hello), people_route],
    )
    await bot.start()
    try:
        assert bot.web is not None and bot.web.port != 0
        async with aiohttp.ClientSession() as session:
            for path, expected in (("/hello", "hello"), ("/people", "nobody")):
                async with session.get(bot.web.url + path) as answer:
                    assert (answer.status, await answer.text()) == (200, expected)
            async with session.post(bot.web.url + "/whatsapp/webhook", data=b"{}") as answer:
                assert answer.status == 401  # the WhatsApp channel's route, unsigned
    finally:
        await bot.stop()
    assert bot.web is None


async def test_a_server_stops_and_its_port_is_free_again() -> None:
    web = WebServer("127.0.0.1", 0, [Route("/hello", hello)])
    await web.start()
    port = web.port
    await web.stop()
    again = WebServer("127.0.0.1", port, [Route("/hello", hello)])
    await again.start()
    await again.stop()
