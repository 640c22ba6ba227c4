"""python-telegram-bot's HTTP layer on aiohttp instead of httpx.

Every reply is an HTTP call to Telegram. In this project's benchmarks a call through httpx
(with httpcore and anyio) cost about 1.5 ms of CPU, through aiohttp about 0.35 ms
(bench/README.md); on httpx those calls were most of what the bot spent per update. Time-outs
and errors are PTB's `TimedOut` and `NetworkError`, so the rest of the bot sees no difference.
"""

from __future__ import annotations

import functools
import ssl

import aiohttp
import certifi
from telegram._utils.defaultvalue import DefaultValue  # PTB's HTTPXRequest uses these too
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a small keep-alive pool; defaults as PTB's HTTPXRequest."""

    def __init__(
        self,
        connections: int = 1,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
        proxy: str | None = None,
    ) -> None:
        self._connections = connections
        self._proxy = proxy
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        # A session belongs to the event loop it was made in, so it is made here, not in
        # __init__ (PTB builds requests before the loop runs).
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections, ssl=_tls()),
                # Not trust_env: it reads ~/.netrc and the proxy variables in a worker thread
                # on every request. The proxy is looked up once instead (proxy_from_env).
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        connect = _given(connect_timeout, self._connect_timeout)
        read = _given(read_timeout, self._read_timeout)
        write = _given(write_timeout, self._media_write_timeout if files else self._write_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        timeout = aiohttp.ClientTimeout(
            # aiohttp has no write timeout: the whole call may take the sum of the parts.
            total=_sum(pool, connect, write, read),
            connect=_sum(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout, proxy=self._proxy
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # Some aiohttp messages hold the URL, and the URL holds the bot's token.
            message = str(error).replace(url, "<url>")
            raise NetworkError(f"aiohttp.{type(error).__name__}: {message}") from error


@functools.cache
def _tls() -> ssl.SSLContext:
    """certifi's CA list, as httpx uses (slim images may have no system CA store); one for all
    sessions, as loading the list costs time and memory."""
    return ssl.create_default_context(cafile=certifi.where())


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _sum(*parts: float | None) -> float | None:
    """None (no limit) when any part has no limit."""
    limits = [part for part in parts if part is not None]
    return sum(limits) if len(limits) == len(parts) else None


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters  # sent url-encoded, as PTB's HTTPXRequest does
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
