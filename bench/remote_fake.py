"""A fake server (the Bot API's or the Cloud API's) in its own process, so it does not share
a CPU or an event loop with the bot being measured. The benchmark calls the server's methods
by name over a pipe.
"""

from __future__ import annotations

import asyncio
import inspect
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any, Protocol


class Fake(Protocol):
    """What a fake server needs here (tests/fakebotapi.py, tests/fakecloudapi.py)."""

    @property
    def base_url(self) -> str: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def _serve(conn: Connection, factory: type[Fake]) -> None:
    async def serve() -> None:
        api = factory()
        await api.start()
        # The Cloud API's fake has no file URL or token of its own (its token is a constant).
        conn.send((api.base_url, getattr(api, "base_file_url", ""), getattr(api, "token", "")))
        while True:
            name, args = await asyncio.to_thread(conn.recv)
            if name == "stop":
                break
            try:
                result = getattr(api, name)(*args)
                if inspect.isawaitable(result):
                    result = await result
                conn.send(("ok", result))
            except Exception as exc:  # handed back to the benchmark, which raises it
                conn.send(("error", repr(exc)))
        await api.stop()
        conn.send(("ok", None))

    asyncio.run(serve())


class RemoteFake:
    """`async with RemoteFake(SomeFakeBotApi) as fake:` then `await fake.call("method", ...)`."""

    def __init__(self, factory: type[Fake]) -> None:
        self.factory = factory
        self.base_url = self.base_file_url = self.token = ""

    async def __aenter__(self) -> RemoteFake:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self.factory), daemon=True)
        self._process.start()
        self.base_url, self.base_file_url, self.token = await asyncio.to_thread(self._conn.recv)
        return self

    async def call(self, name: str, *args: Any) -> Any:
        self._conn.send((name, args))
        status, result = await asyncio.to_thread(self._conn.recv)
        if status == "error":
            raise RuntimeError(f"fake server: {result}")
        return result

    async def __aexit__(self, *exc: object) -> None:
        await self.call("stop")
        await asyncio.to_thread(self._process.join, 10)
