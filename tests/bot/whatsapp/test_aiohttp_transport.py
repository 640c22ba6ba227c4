"""pywa's httpx client on the aiohttp transport: what a server answers reaches httpx as it
would have on httpx's own (also compressed, with several headers of one name), and
aiohttp's failures become httpx's, which the channel turns into its delivery errors."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from bot.channel import DeliveryPaused
from bot.whatsapp.aiohttp_transport import AiohttpTransport
from bot.whatsapp.errors import as_delivery_errors


async def compressed(request: web.Request) -> web.Response:
    body = gzip.compress(json.dumps(await request.json()).encode())
    answer = web.Response(body=body, content_type="application/json")
    answer.headers["Content-Encoding"] = "gzip"
    answer.headers.add("Set-Cookie", "a=1")
    answer.headers.add("Set-Cookie", "b=2")
    return answer


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return web.Response(text="late")


async def upload(request: web.Request) -> web.Response:
    form = await request.post()
    file = form["file"]
    assert isinstance(file, web.FileField)
    return web.json_response({"name": file.filename, "size": len(file.file.read())})


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/v1/messages", compressed)
    app.router.add_get("/v1/slow", slow)
    app.router.add_post("/v1/media", upload)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/v1/"
    await runner.cleanup()


async def test_answers_reach_httpx_as_they_came(server: str) -> None:
    async with httpx.AsyncClient(base_url=server, transport=AiohttpTransport()) as client:
        answer = await client.post("messages", json={"text": "Hallo Anna 👋"})
        assert answer.json() == {"text": "Hallo Anna 👋"}
        assert answer.headers.get_list("set-cookie") == ["a=1", "b=2"]
        # A multipart upload, as pywa's upload_media builds it.
        files = {"file": ("cv.pdf", b"%PDF-1.4 Anna", "application/pdf")}
        uploaded = await client.post("media", files=files, data={"type": "application/pdf"})
        assert uploaded.json() == {"name": "cv.pdf", "size": 13}


async def test_failures_become_httpx_errors_and_then_a_pause(server: str) -> None:
    timeout = httpx.Timeout(0.2)
    transport = AiohttpTransport()
    async with httpx.AsyncClient(base_url=server, transport=transport, timeout=timeout) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("slow")
        with pytest.raises(DeliveryPaused):
            async with as_delivery_errors():
                await client.get("slow")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    async with httpx.AsyncClient(transport=AiohttpTransport()) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{port}/")
