"""The one web server in LiftBot's process: Starlette on uvicorn, started as a task beside
the core and stopped with it. Channels (the WhatsApp webhook) and features (calendar links)
hand it their routes before it starts.

The socket is bound here, so a port in use is a clear start-up error (uvicorn would exit
the process), and uvicorn's own signal handling is left out: `liftbot run` has its own."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Generator, Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.routing import BaseRoute

from bot.startup_errors import StartupFailed

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        # Ctrl+C and SIGTERM are the CLI's (bot/cli.py serve): it stops the core, then us.
        yield


class WebServer:
    def __init__(self, host: str, port: int, routes: Sequence[BaseRoute] = ()) -> None:
        self.host = host
        self.port = port
        self.routes: list[BaseRoute] = list(routes)
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    def mount(self, routes: Sequence[BaseRoute]) -> None:
        """More routes (a channel's webhook, the calendar links); before start()."""
        assert self._server is None, "routes are added before the server starts"
        self.routes.extend(routes)

    async def start(self) -> None:
        try:
            sock = socket.create_server((self.host, self.port))
        except OSError as exc:
            raise StartupFailed(
                f"the web server cannot listen on {self.host}:{self.port}: {exc.strerror}.",
                "Check LIFTBOT_WEB_HOST and LIFTBOT_WEB_PORT (is another program using it?).",
            ) from exc
        self.port = sock.getsockname()[1]
        app = Starlette(routes=self.routes)
        config = uvicorn.Config(
            app,
            log_config=None,  # LiftBot's logging (bot/cli.py), which hides secrets
            access_log=False,  # request lines say nothing LiftBot needs
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises what stopped it
                raise StartupFailed("the web server stopped while starting.")
            await asyncio.sleep(0.01)
        log.info("web server listening on %s:%d", self.host, self.port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._server, self._task = None, None
