"""LiftBot as `liftbot run` starts it: one core on one database with every configured
channel (Telegram, WhatsApp or both), and the web server when a channel or feature has
routes for it. A person is one chat on one channel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from starlette.routing import BaseRoute

from bot.app import Core
from bot.channel import Channel
from bot.clock import Clock
from bot.config import Settings
from bot.startup_errors import StartupFailed
from bot.web import WebServer


@runtime_checkable
class HasRoutes(Protocol):
    """A channel that receives over the web server (WhatsApp's webhook)."""

    def routes(self) -> list[BaseRoute]: ...


def configured_channels(settings: Settings, poll_timeout: int = 30) -> list[Channel]:
    channels: list[Channel] = []
    if settings.telegram_configured:
        from bot.telegram.channel import TelegramChannel

        channels.append(TelegramChannel(settings, poll_timeout))
    if settings.whatsapp_configured:
        from bot.whatsapp.channel import WhatsAppChannel

        channels.append(WhatsAppChannel(settings))
    if not channels:
        raise StartupFailed(
            "set LIFTBOT_TELEGRAM_TOKEN (from @BotFather) or the LIFTBOT_WHATSAPP_* settings "
            "to run the bot, or try `liftbot demo`."
        )
    return channels


class LiftBot:
    """The core and the web server, started and stopped together."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        channels: Sequence[Channel] | None = None,
        routes: Sequence[BaseRoute] = (),
        poll_timeout: int = 30,
    ) -> None:
        chosen = (
            list(channels) if channels is not None else configured_channels(settings, poll_timeout)
        )
        self.core = Core(settings, chosen, clock, settings.admin_keys)
        # The routes of later features (calendar links), and each channel's own.
        self.routes = list(routes)
        for channel in chosen:
            if isinstance(channel, HasRoutes):
                self.routes += channel.routes()
        self.web = (
            WebServer(settings.web_host, settings.web_port, self.routes) if self.routes else None
        )

    async def start(self) -> None:
        await self.core.start()
        if self.web is not None:
            try:
                await self.web.start()
            except BaseException:
                await self.core.stop()
                raise

    async def stop(self) -> None:
        # No new updates come in while the core finishes what it is handling.
        if self.web is not None:
            await self.web.stop()
        await self.core.stop()
