"""The WhatsApp channel: updates in through the webhook (bot/whatsapp/webhook.py, on the
process's web server) and the core's durable intake, read with pywa's types and turned
into events for the core; replies and queued messages out through pywa's async client as
texts, reply buttons, lists (paged past ten), images, documents and map pins.

pywa runs no server or handlers of its own here: the webhook keeps each message before
it answers, and the intake hands it on (de-duplicated by message id, each chat in order).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable

import httpx
from pywa_async.client import WhatsApp
from starlette.routing import BaseRoute

from bot.app import Core
from bot.broadcast_parts import Transport
from bot.channel import ChatBusy, DeliveryPaused, Held, Turns, Undeliverable
from bot.clock import Clock
from bot.config import SUPPORTED_LOCALES, Settings
from bot.engine import Message, Outcome
from bot.i18n import Translator
from bot.intake import Kept
from bot.proxy import proxy_from_env
from bot.startup_errors import StartupFailed
from bot.web_calendar import calendar_link_text
from bot.whatsapp.aiohttp_transport import AiohttpTransport
from bot.whatsapp.broadcast import WhatsAppTransport
from bot.whatsapp.errors import OutsideWindow, as_delivery_errors
from bot.whatsapp.incoming import Read, read
from bot.whatsapp.info import CHANNEL, whatsapp_info
from bot.whatsapp.pages import Pages, more_press
from bot.whatsapp.render import CalendarFile, Request, Text, Words, page_request, render
from bot.whatsapp.send import Sender
from bot.whatsapp.templates import Templates
from bot.whatsapp.webhook import Webhook
from bot.whatsapp.window import template_request
from conversations.core.channel import ChannelInfo, chat_key
from conversations.core.types import FileRef, Incoming

log = logging.getLogger(__name__)
# A 'more' row from a list shown before a restart: an old button, as the flows see it.
OLD_MORE = "v999999999:more"
# Seconds between tries of a reply WhatsApp throttled, and how many tries.
REPLY_BACKOFF = 1.0
REPLY_TRIES = 4


def whatsapp_core(settings: Settings, clock: Clock | None = None) -> Core:
    """LiftBot on WhatsApp only (bot/launch.py builds it with every configured channel)."""
    return Core(settings, [WhatsAppChannel(settings)], clock, settings.admin_keys)


def missing_settings(settings: Settings) -> list[str]:
    names = {
        "LIFTBOT_WHATSAPP_TOKEN": settings.whatsapp_token,
        "LIFTBOT_WHATSAPP_PHONE_ID": settings.whatsapp_phone_id,
        "LIFTBOT_WHATSAPP_NUMBER": settings.whatsapp_number,
        "LIFTBOT_WHATSAPP_APP_SECRET": settings.whatsapp_signing_key,
        "LIFTBOT_WHATSAPP_VERIFY_TOKEN": settings.whatsapp_verify_token,
    }
    return [name for name, value in names.items() if value is None]


class WhatsAppChannel:
    name = CHANNEL

    def __init__(self, settings: Settings) -> None:
        missing = missing_settings(settings)
        if missing:
            # Without the app secret anyone could post updates in anyone's name.
            raise StartupFailed(
                f"the WhatsApp channel needs {', '.join(missing)}.",
                "See 'WhatsApp' in README.md for where to find them.",
            )
        assert settings.whatsapp_signing_key is not None and settings.whatsapp_verify_token
        self.settings = settings
        self.webhook = Webhook(
            settings.whatsapp_signing_key.get_secret_value(),
            settings.whatsapp_verify_token.get_secret_value(),
            settings.whatsapp_phone_id,
        )
        self.translator = Translator(settings.zone, settings.locale)
        # The approved templates that go outside the 24-hour window, by kind and language.
        self.templates = Templates(self.translator, SUPPORTED_LOCALES)
        self.pages = Pages()
        self.core: Turns | None = None
        self.reply_backoff = REPLY_BACKOFF
        self._http: httpx.AsyncClient | None = None
        self._wa: WhatsApp | None = None
        self._sender: Sender | None = None
        self._transport: WhatsAppTransport | None = None

    def routes(self) -> list[BaseRoute]:
        """The webhook's routes, for the process's web server (bot/web.py)."""
        return list(self.webhook.routes())

    @property
    def wa(self) -> WhatsApp:
        assert self._wa is not None, "connect() first"
        return self._wa

    async def connect(self) -> ChannelInfo:
        settings = self.settings
        assert settings.whatsapp_token is not None and settings.whatsapp_number is not None
        # Sent through aiohttp: a third of the CPU per reply (bot/whatsapp/aiohttp_transport.py).
        transport = AiohttpTransport(proxy_from_env(settings.whatsapp_api_url))
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(20.0, connect=10.0), transport=transport
        )
        self._wa = WhatsApp(
            phone_id=settings.whatsapp_phone_id,
            token=settings.whatsapp_token.get_secret_value(),
            session=self._http,
            # Checked, kept and de-duplicated by our webhook and intake (see the docstring).
            validate_updates=False,
            skip_duplicate_updates=False,
        )
        # pywa sets Meta's own address on the session: ours (LIFTBOT_WHATSAPP_API_URL) wins.
        self._http.base_url = httpx.URL(settings.whatsapp_api_url.rstrip("/") + "/")
        self._sender = Sender(self._wa, self._calendar_link)
        info = whatsapp_info(settings.whatsapp_number)
        self._transport = WhatsAppTransport(self._sender, info)
        return info

    def broadcast_transport(self) -> Transport:
        assert self._transport is not None, "connect() first"
        return self._transport

    async def start(self, core: Turns) -> None:
        self.core = core
        # What was kept and not handled before a restart goes first, then what comes in.
        await core.attach(CHANNEL, self.handle_update)
        self.webhook.keep = core.keep
        # Statuses are recorded at once, never kept as updates nor answered.
        self.webhook.on_status = functools.partial(core.record_statuses, CHANNEL)
        log.info("LiftBot is running on WhatsApp as +%s", self.settings.whatsapp_number)

    async def stop(self) -> None:
        self.webhook.keep = self.webhook.on_status = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def handle_update(self, kept: Kept) -> None:
        """One kept message: an event for the core, the next page of a long list, or a kind
        reply to what LiftBot cannot read. A status or a reaction causes nothing."""
        found = read(self.wa, kept.payload)
        if found.what == "event" and found.event is not None:
            await self._turn(found, found.event, kept)
        elif found.what == "more":
            await self._more(found, kept)
        elif found.what == "unsupported":
            locale = await self._locale(found.wa_id)
            text = self.translator.text(locale, "whatsapp.unsupported")
            await self.reply(found.wa_id, [Message(text)])

    async def _turn(self, found: Read, event: Incoming, kept: Kept) -> None:
        assert self.core is not None

        async def deliver(outcome: Outcome) -> None:
            await self.reply(found.wa_id, outcome.messages)

        await self.core.turn(CHANNEL, found.wa_id, event, deliver, None, None, kept)

    async def _more(self, found: Read, kept: Kept) -> None:
        page_key = more_press(found.more)
        assert page_key is not None
        page, key = page_key
        paged = self.pages.find(found.wa_id, key)
        if paged is None or page >= paged.pages:
            # Shown before a restart: the flows answer it as an old button.
            await self._turn(found, Incoming("choice", choice=OLD_MORE), kept)
            return
        words = await self._words(found.wa_id)
        request = page_request(paged, page, words)
        send = functools.partial(self._send_request, found.wa_id, request)
        await self._with_retries(send)
        self.pages.shown(found.wa_id, paged, page)

    async def _send_request(self, wa_id: str, request: Request) -> None:
        assert self._sender is not None, "connect() first"
        async with as_delivery_errors():
            await self._sender.send_one(wa_id, request)

    async def reply(self, wa_id: str, messages: list[Message]) -> None:
        """A turn's replies: WhatsApp's throttling is waited out a few times; someone who
        cannot be reached is noted, not an error."""
        try:
            for index, message in enumerate(messages):
                try:
                    # Each request tried on its own: a throttled list after its text does
                    # not send the text twice.
                    for request in await self._requests(wa_id, message):
                        send = functools.partial(self._send_request, wa_id, request)
                        await self._with_retries(send)
                except (DeliveryPaused, ChatBusy):
                    # Still throttled: never dropped, the rest waits in the outbox in order.
                    assert self.core is not None
                    await self.core.send_later(chat_key(CHANNEL, wa_id), messages[index:])
                    log.warning("WhatsApp kept throttling a reply; it waits in the outbox")
                    return
        except Undeliverable:
            log.info("a person cannot be reached on WhatsApp; a reply was not delivered")

    async def _with_retries(self, send: Callable[[], Awaitable[None]]) -> None:
        for attempt in range(REPLY_TRIES):
            try:
                await send()
                return
            except (DeliveryPaused, ChatBusy):
                if attempt == REPLY_TRIES - 1:
                    raise
                await asyncio.sleep(self.reply_backoff * 2**attempt)

    async def _send(self, wa_id: str, message: Message) -> None:
        requests = await self._requests(wa_id, message)
        assert self._sender is not None, "connect() first"
        async with as_delivery_errors():
            await self._sender.send(wa_id, requests)

    async def _requests(self, wa_id: str, message: Message) -> list[Request]:
        # The words the channel adds in the language the message is in (no lookup then).
        words = await self._words(wa_id, message.language)
        requests, paged = render(message, words)
        if paged is not None:
            # Shown again (a multi-select after a press): on the page the person was on.
            page = self.pages.page_of(wa_id, paged.key)
            if page:
                requests, _ = render(message, words, page)
            self.pages.shown(wa_id, paged, page)
        return requests

    async def deliver(self, address: str, message: Message) -> None:
        """A queued message, for the core's outbox pump: raises Undeliverable, ChatBusy or
        DeliveryPaused. A message `held` (the window is closed) sends its template instead;
        one WhatsApp refuses as outside the window does so too and raises Held."""
        if message.held:
            await self._send_template(address, message)
            return
        try:
            await self._send(address, message)
        except OutsideWindow:
            # WhatsApp's clock says the window closed before ours did.
            await self._send_template(address, message)
            raise Held() from None

    async def fetch(self, file: FileRef) -> bytes:
        """A file someone sent here, for a person in another app (bot/files.py)."""
        found = await self.wa.get_media_url(file.file_id)
        return bytes(await self.wa.get_media_bytes(found.url))

    async def _send_template(self, address: str, message: Message) -> None:
        assert self._sender is not None, "connect() first"
        async with as_delivery_errors():
            await self._sender.send_template(template_request(self.templates, address, message))

    async def _calendar_link(self, to: str, request: CalendarFile) -> bool:
        """A calendar file as an "Add to calendar" link (WhatsApp takes no .ics files)."""
        if self.core is None or request.subject is None:
            return False
        link = self.core.calendar_link(request.subject)
        if link is None:
            return False
        text = calendar_link_text(self.translator, await self._locale(to), link)
        assert self._sender is not None, "connect() first"
        await self._sender.send_one(to, Text(text))
        return True

    async def _words(self, wa_id: str, locale: str | None = None) -> Words:
        locale = locale or await self._locale(wa_id)
        text = self.translator.text
        return Words(
            text(locale, "whatsapp.choose"),
            text(locale, "whatsapp.more"),
            text(locale, "whatsapp.page"),
        )

    async def _locale(self, wa_id: str) -> str:
        if self.core is None:
            return self.settings.locale
        return await self.core.locale_of(chat_key(CHANNEL, wa_id))
