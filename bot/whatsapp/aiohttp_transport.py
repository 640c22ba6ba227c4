"""pywa's httpx client, sending through aiohttp: httpx's own transport (httpcore) cost
about 44 % of the WhatsApp reply path's CPU (bench/README.md, "WhatsApp beside Telegram"),
as it did on Telegram's before bot/telegram/aiohttp_request.py.

httpx still builds each request (pywa's JSON, multipart uploads) and reads each answer;
only the connection work is aiohttp's. Answers are passed on as they came (compressed when
the server compressed them), so httpx decodes them as it would its own. aiohttp's errors
become httpx's, which pywa and bot/whatsapp/errors.py know."""

from __future__ import annotations

import aiohttp
import httpx

# Connections to the Cloud API, as many as the Telegram channel's reply pool.
CONNECTIONS = 8
# aiohttp sets these itself, for the body it sends or the one it received.
HOP_HEADERS = frozenset({"host", "content-length", "transfer-encoding"})


class AiohttpTransport(httpx.AsyncBaseTransport):
    def __init__(self, proxy: str | None = None) -> None:
        self.proxy = proxy
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            # Made on first use, inside the running event loop.
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=CONNECTIONS),
                auto_decompress=False,
                # The proxy was read once (bot/proxy.py): not per request, as trust_env does.
                trust_env=False,
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() not in HOP_HEADERS]
        limits = request.extensions.get("timeout", {})
        timeout = aiohttp.ClientTimeout(
            sock_connect=limits.get("connect"), sock_read=limits.get("read")
        )
        try:
            async with self._open().request(
                request.method,
                str(request.url),
                data=body,
                headers=headers,
                timeout=timeout,
                proxy=self.proxy,
            ) as answer:
                content = await answer.read()
                kept = [
                    (k.decode("latin-1"), v.decode("latin-1"))
                    for k, v in answer.raw_headers
                    if k.decode("latin-1").lower() not in HOP_HEADERS
                ]
                return httpx.Response(answer.status, headers=kept, content=content)
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise httpx.ReadTimeout(str(exc) or "timed out", request=request) from exc
        except aiohttp.ClientConnectionError as exc:
            raise httpx.ConnectError(type(exc).__name__, request=request) from exc
        except aiohttp.ClientError as exc:
            raise httpx.NetworkError(type(exc).__name__, request=request) from exc

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
