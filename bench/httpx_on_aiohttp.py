"""An experiment for bench_whatsapp.py --replies-on-aiohttp: pywa's httpx client with a
transport that sends through aiohttp instead of httpcore, to show what httpcore costs on the
WhatsApp reply path. Patched in while the WhatsApp bot starts (its channel makes its client
in connect()); bot/ is not changed by it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from unittest import mock

import aiohttp
import httpx

# As many connections as the Telegram channel's reply pool (REPLY_CONNECTIONS).
CONNECTIONS = 8


class AiohttpTransport(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._session is None:
            # Made here, inside the running event loop.
            connector = aiohttp.TCPConnector(limit=CONNECTIONS)
            self._session = aiohttp.ClientSession(connector=connector)
        body = await request.aread()
        headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() != "host"]
        async with self._session.request(
            request.method, str(request.url), data=body, headers=headers
        ) as answer:
            content = await answer.read()
            return httpx.Response(
                answer.status, headers=list(answer.headers.items()), content=content
            )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


class _Client(httpx.AsyncClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(transport=AiohttpTransport(), **kwargs)


@contextlib.contextmanager
def replies_on_aiohttp(enabled: bool) -> Iterator[None]:
    """While open (and enabled), the WhatsApp channel's httpx client sends through aiohttp."""
    if not enabled:
        yield
        return
    with mock.patch.object(httpx, "AsyncClient", _Client):
        yield
