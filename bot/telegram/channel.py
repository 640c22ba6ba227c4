"""The Telegram channel: updates in through our own long polling (bot/telegram/poller.py)
and the core's durable intake, read into python-telegram-bot's objects one at a time and
turned into events for the core; replies and queued messages out as Telegram messages
through python-telegram-bot's Bot. Store, engine, scheduler, broadcaster and intake are the
core's (bot/app.py)."""

from __future__ import annotations

import json
import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    CallbackQuery,
    Update,
    User,
)
from telegram import (
    Message as TgMessage,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.app import Core
from bot.broadcast_parts import Transport
from bot.channel import DeliveryPaused, Turns, Undeliverable
from bot.clock import Clock
from bot.config import SUPPORTED_LOCALES, Settings
from bot.engine import Message, Outcome
from bot.i18n import Translator
from bot.intake import Kept, Unreadable
from bot.proxy import proxy_from_env
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.broadcast import TelegramTransport
from bot.telegram.incoming import incoming, pressed
from bot.telegram.info import CHANNEL, telegram_info
from bot.telegram.poller import Poller
from bot.telegram.private_only import (
    Decision,
    decide_update,
    greet_and_leave,
    group_greeting,
    leave,
)
from bot.telegram.reply_limit import PerChatRetry
from bot.telegram.send import edit_in_place, retire_buttons, send
from bot.telegram.unreachable import unless_unreachable, unreachable
from conversations.core.channel import ChannelInfo, chat_key
from conversations.core.types import FileRef

log = logging.getLogger(__name__)
# Connections used for the replies (how many updates are handled at once is the core's
# intake's business: bot/intake.py SLOTS).
REPLY_CONNECTIONS = 8


def telegram_core(
    settings: Settings, clock: Clock | None = None, poll_timeout: int = 30
) -> Core:
    """LiftBot on Telegram: the core with the Telegram channel; the installation's admins
    are Telegram user ids."""
    admins = frozenset(chat_key(CHANNEL, user_id) for user_id in settings.admin_ids)
    return Core(settings, [TelegramChannel(settings, poll_timeout)], clock, admins)


class TelegramChannel:
    """Owns the PTB Application (its Bot sends the replies), the poller, and a second Bot
    for broadcasts."""

    name = CHANNEL

    def __init__(self, settings: Settings, poll_timeout: int = 30) -> None:
        if settings.telegram_token is None:
            raise ValueError("LIFTBOT_TELEGRAM_TOKEN is not set")
        self.settings = settings
        self.poll_timeout = poll_timeout
        self.app: Application | None = None  # type: ignore[type-arg]
        self.core: Turns | None = None
        self._broadcast_bot: Bot | None = None
        self._transport: TelegramTransport | None = None
        self._proxy = proxy_from_env(settings.telegram_base_url)
        self._poll_request = AiohttpRequest(proxy=self._proxy)
        self._poller: Poller | None = None
        # Only for the line said where the bot was added to a group: built when first needed.
        self._translator: Translator | None = None

    def build_application(self) -> Application:  # type: ignore[type-arg]
        assert self.settings.telegram_token is not None
        app = (
            ApplicationBuilder()
            .token(self.settings.telegram_token.get_secret_value())
            .base_url(self.settings.telegram_base_url)
            .base_file_url(self.settings.telegram_base_file_url)
            # A "retry after" holds only the chat it was about.
            .rate_limiter(PerChatRetry(self.settings.reply_rate, max_retries=3))
            # The core's scheduler works from database rows; PTB's JobQueue is not persisted.
            .job_queue(None)
            # Updates come in through the poller and the core's intake, not PTB's Updater.
            .updater(None)
            .request(AiohttpRequest(REPLY_CONNECTIONS, proxy=self._proxy))
            .get_updates_request(self._poll_request)
            .build()
        )
        return app

    async def connect(self) -> ChannelInfo:
        self.app = self.build_application()
        await self.app.initialize()
        info = telegram_info(self.app.bot.username)
        assert self.settings.telegram_token is not None
        timeout = self.settings.broadcast_timeout
        self._broadcast_bot = Bot(
            self.settings.telegram_token.get_secret_value(),
            base_url=self.settings.telegram_base_url,
            base_file_url=self.settings.telegram_base_file_url,
            request=AiohttpRequest(
                connect_timeout=timeout,
                read_timeout=timeout,
                write_timeout=timeout,
                proxy=self._proxy,
            ),
            # Never polls; given so that PTB does not build an httpx client for it.
            get_updates_request=AiohttpRequest(proxy=self._proxy),
        )
        await self._broadcast_bot.initialize()
        self._transport = TelegramTransport(self._broadcast_bot, info)
        return info

    def broadcast_transport(self) -> Transport:
        assert self._transport is not None, "connect() first"
        return self._transport

    async def start(self, core: Turns) -> None:
        assert self.app is not None
        self.core = core
        await self._set_default_commands(core)
        # Polling and a webhook do not go together: Telegram refuses getUpdates while one is set.
        await self.app.bot.delete_webhook()
        # What was kept and not handled before a restart goes first, then what comes in.
        await core.attach(CHANNEL, self.handle_update)
        self._poller = Poller(self._poll_request, self.app.bot.base_url, core, self.poll_timeout)
        self._poller.start()
        log.info("LiftBot is running as @%s", self.app.bot.username)

    async def stop(self) -> None:
        if self._poller is not None:
            await self._poller.stop()
        if self._broadcast_bot is not None:
            await self._broadcast_bot.shutdown()
        if self.app is not None:
            await self.app.shutdown()
            # After a failed getMe PTB skips the bot here, its HTTP sessions still open.
            await self.app.bot.shutdown()

    async def _set_default_commands(self, core: Turns) -> None:
        assert self.app is not None
        for locale in SUPPORTED_LOCALES:
            commands = [BotCommand(c, d) for c, d in core.commands(None, locale)]
            # The default list in the installation's language; others per client language.
            code = None if locale == self.settings.locale else locale
            await self.app.bot.set_my_commands(
                commands, scope=BotCommandScopeDefault(), language_code=code
            )

    async def handle_update(self, kept: Kept) -> None:
        """One kept update, read into python-telegram-bot's objects and handled. An update
        that causes no turn (another kind, a group, a channel, an edit) is simply left: the
        core's intake then deletes it. Added to a group, the bot says where to find it and
        leaves; a message from a group it is still in, it leaves quietly."""
        assert self.app is not None
        try:
            update = Update.de_json(json.loads(kept.payload), self.app.bot)
        except Exception as exc:
            # The exception's text may quote the update: only its kind is told.
            raise Unreadable(f"cannot be read ({type(exc).__name__})") from exc
        decision = decide_update(update)
        if decision is Decision.GREET_AND_LEAVE and update.my_chat_member is not None:
            await greet_and_leave(self.app.bot, update.my_chat_member.chat.id, self.greeting())
        if decision is Decision.LEAVE and update.message is not None:
            await leave(self.app.bot, update.message.chat_id)
        if decision is not Decision.HANDLE:
            return
        if update.callback_query is not None:
            await self._on_callback(update, kept)
        elif update.message is not None:
            await self._on_message(update, kept)

    def greeting(self) -> str:
        """The line said in a group before leaving it."""
        assert self.app is not None
        if self._translator is None:
            self._translator = Translator(self.settings.zone, self.settings.locale)
        return group_greeting(self._translator, self.settings.locale, self.app.bot.username)

    async def _on_message(self, update: Update, kept: Kept) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None or self.core is None:
            return

        async def deliver(outcome: Outcome) -> None:
            await self._deliver(message.chat_id, outcome, outcome.messages)

        event = incoming(message, user)
        await self.core.turn(
            CHANNEL, user.id, event, deliver, user.language_code, user.username, kept
        )

    async def _on_callback(self, update: Update, kept: Kept) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or self.core is None:
            return

        async def deliver(outcome: Outcome) -> None:
            await self._answer_press(query, user, outcome)

        event = pressed(query.data)
        await self.core.turn(
            CHANNEL, user.id, event, deliver, user.language_code, user.username, kept
        )

    async def _answer_press(self, query: CallbackQuery, user: User, outcome: Outcome) -> None:
        async with unless_unreachable():
            await self._answer_and_reply(query, user, outcome)

    async def _answer_and_reply(self, query: CallbackQuery, user: User, outcome: Outcome) -> None:
        # Answer at once, so the button stops spinning; refusals are explained in the chat.
        await query.answer()
        pressed = query.message if isinstance(query.message, TgMessage) else None
        messages = outcome.messages
        if pressed is not None:
            in_place = next((m for m in messages if m.edit), None)
            try:
                if in_place is not None and outcome.button_status == "ok":
                    assert self.app is not None
                    await edit_in_place(self.app.bot, pressed, in_place)
                    messages = [m for m in messages if m is not in_place]
                else:
                    await retire_buttons(pressed, query.data or "", outcome.button_status)
            except BadRequest as exc:
                # Already edited, or too old to edit: the replies below matter more.
                log.info("could not edit the pressed message: %s", exc.message)
        chat_id = pressed.chat_id if pressed else user.id
        await self._deliver(chat_id, outcome, messages)

    async def _deliver(self, chat_id: int, outcome: Outcome, messages: list[Message]) -> None:
        assert self.app is not None
        bot = self.app.bot
        async with unless_unreachable():
            if outcome.commands is not None:
                await bot.set_my_commands(
                    [BotCommand(c, d) for c, d in outcome.commands],
                    scope=BotCommandScopeChat(chat_id),
                )
            for message in messages:
                await send(bot, chat_id, message)

    async def fetch(self, file: FileRef) -> bytes:
        """A file someone sent here, for a person in another app (bot/files.py)."""
        assert self.app is not None
        found = await self.app.bot.get_file(file.file_id)
        return bytes(await found.download_as_bytearray())

    async def deliver(self, address: str, message: Message) -> None:
        """A queued message, for the core's outbox pump."""
        assert self.app is not None
        try:
            await send(self.app.bot, int(address), message)
        except TelegramError as exc:
            if unreachable(exc):
                raise Undeliverable() from exc
            raise DeliveryPaused(type(exc).__name__) from exc
