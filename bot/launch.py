"""LiftBot as `liftbot run` starts it: one core on one database with every configured
channel (Telegram, WhatsApp or both), and the web server when a channel or feature has
routes for it. A person is one chat on one channel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from starlette.routing import BaseRoute

from bot.app import Core
from bot.channel import Channel
from bot.clock import Clock
from bot.config import Settings
from bot.startup_errors import StartupFailed
from bot.web import WebServer
from bot.web_calendar import calendar_routes

# Routes that need the started core (its store, say): built after it starts, before the
# web server does. The calendar links (GET /calendar/<token>.ics) come in this way.
RouteFactory = Callable[[Core], Sequence[BaseRoute]]


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


def calendar_routes_of(core: Core) -> Sequence[BaseRoute]:
    """GET /calendar/<token>.ics, when links can be made (LIFTBOT_PUBLIC_URL is set)."""
    if core.signer is None or core.store is None:
        return []
    return calendar_routes(core.store, core.signer, core.clock, core.translator, core.settings)


class LiftBot:
    """The core and the web server, started and stopped together."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        channels: Sequence[Channel] | None = None,
        routes: Sequence[BaseRoute | RouteFactory] = (),
        poll_timeout: int = 30,
    ) -> None:
        chosen = (
            list(channels) if channels is not None else configured_channels(settings, poll_timeout)
        )
        self.settings = settings
        self.core = Core(settings, chosen, clock, settings.admin_keys)
        # Each channel's own routes (WhatsApp's webhook), then those of features.
        self.routes: list[BaseRoute | RouteFactory] = []
        for channel in chosen:
            if isinstance(channel, HasRoutes):
                self.routes += channel.routes()
        self.routes += routes
        if self.routes:
            # The web server runs: it also serves the "Add to calendar" links.
            self.routes.append(calendar_routes_of)
        self.web: WebServer | None = None

    async def start(self) -> None:
        await self.core.start()
        try:
            routes: list[BaseRoute] = []
            for route in self.routes:
                routes += [route] if isinstance(route, BaseRoute) else route(self.core)
            if routes:
                self.web = WebServer(self.settings.web_host, self.settings.web_port, routes)
                await self.web.start()
        except BaseException:
            await self.core.stop()
            raise

    async def stop(self) -> None:
        # No new updates come in while the core finishes what it is handling.
        if self.web is not None:
            await self.web.stop()
            self.web = None
        await self.core.stop()
