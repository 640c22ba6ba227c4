"""The Telegram channel: python-telegram-bot's updates in as events for the core, replies
and queued messages out as Telegram messages. Store, engine, scheduler and broadcaster are
the core's (bot/app.py)."""

from __future__ import annotations

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
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.app import Core
from bot.broadcast_parts import Transport
from bot.channel import DeliveryPaused, Turns, Undeliverable
from bot.clock import Clock
from bot.config import SUPPORTED_LOCALES, Settings
from bot.engine import Message, Outcome
from bot.i18n import Translator
from bot.telegram.aiohttp_request import AiohttpRequest, proxy_from_env
from bot.telegram.broadcast import TelegramTransport
from bot.telegram.incoming import incoming, pressed
from bot.telegram.info import CHANNEL, telegram_info
from bot.telegram.private_only import (
    ALLOWED_UPDATES,
    Decision,
    decide_update,
    greet_and_leave,
    group_greeting,
)
from bot.telegram.send import edit_in_place, retire_buttons, send
from bot.telegram.unreachable import unless_unreachable, unreachable
from bot.telegram.update_order import PerChatInOrder
from conversations.core.channel import ChannelInfo, chat_key

log = logging.getLogger(__name__)
# Updates of different chats handled at once, and connections used for the replies.
CONCURRENT_UPDATES = 32
REPLY_CONNECTIONS = 8


def telegram_core(
    settings: Settings, clock: Clock | None = None, poll_timeout: int = 30
) -> Core:
    """LiftBot on Telegram: the core with the Telegram channel; the installation's admins
    are Telegram user ids."""
    admins = frozenset(chat_key(CHANNEL, user_id) for user_id in settings.admin_ids)
    return Core(settings, [TelegramChannel(settings, poll_timeout)], clock, admins)


class TelegramChannel:
    """Owns the PTB Application (long polling, replies) and a second Bot for broadcasts."""

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
        # Only for the line said where the bot was added to a group: built when first needed.
        self._translator: Translator | None = None

    def build_application(self) -> Application:  # type: ignore[type-arg]
        assert self.settings.telegram_token is not None
        app = (
            ApplicationBuilder()
            .token(self.settings.telegram_token.get_secret_value())
            .base_url(self.settings.telegram_base_url)
            .base_file_url(self.settings.telegram_base_file_url)
            .rate_limiter(AIORateLimiter(overall_max_rate=self.settings.reply_rate, max_retries=3))
            # The core's scheduler works from database rows; PTB's JobQueue is not persisted.
            .job_queue(None)
            .concurrent_updates(PerChatInOrder(CONCURRENT_UPDATES))
            .request(AiohttpRequest(REPLY_CONNECTIONS, proxy=self._proxy))
            .get_updates_request(AiohttpRequest(proxy=self._proxy))
            .build()
        )
        # Before any other handler: groups, channels and edits go no further.
        app.add_handler(TypeHandler(Update, self._only_private), group=-1)
        app.add_handler(CallbackQueryHandler(self._on_callback))
        app.add_handler(MessageHandler(filters.ChatType.PRIVATE, self._on_message))
        app.add_error_handler(self._on_error)
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
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            poll_interval=0.0,
            timeout=self.poll_timeout,
            allowed_updates=list(ALLOWED_UPDATES),
        )
        log.info("LiftBot is running as @%s", self.app.bot.username)

    async def stop(self) -> None:
        if self._broadcast_bot is not None:
            await self._broadcast_bot.shutdown()
        if self.app is not None:
            if self.app.updater is not None and self.app.updater.running:
                await self.app.updater.stop()
            if self.app.running:
                await self.app.stop()
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

    async def _only_private(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        decision = decide_update(update)
        if decision is Decision.GREET_AND_LEAVE and update.my_chat_member is not None:
            await greet_and_leave(context.bot, update.my_chat_member.chat.id, self.greeting())
        if decision is not Decision.HANDLE:
            raise ApplicationHandlerStop

    def greeting(self) -> str:
        """The line said in a group before leaving it."""
        assert self.app is not None
        if self._translator is None:
            self._translator = Translator(self.settings.zone, self.settings.locale)
        return group_greeting(self._translator, self.settings.locale, self.app.bot.username)

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or self.core is None:
            return

        async def deliver(outcome: Outcome) -> None:
            await self._deliver(message.chat_id, outcome, outcome.messages)

        await self.core.turn(
            CHANNEL, user.id, incoming(message, user), deliver, user.language_code, user.username
        )

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or self.core is None:
            return

        async def deliver(outcome: Outcome) -> None:
            await self._answer_press(query, user, outcome)

        event = pressed(query.data)
        await self.core.turn(CHANNEL, user.id, event, deliver, user.language_code, user.username)

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

    async def deliver(self, address: str, message: Message) -> None:
        """A queued message, for the core's outbox pump."""
        assert self.app is not None
        try:
            await send(self.app.bot, int(address), message)
        except TelegramError as exc:
            if unreachable(exc):
                raise Undeliverable() from exc
            raise DeliveryPaused(type(exc).__name__) from exc

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Only the kind of error: updates and messages may hold personal data.
        error = context.error
        log.error(
            "update failed: %s", type(error).__name__, exc_info=not isinstance(error, TelegramError)
        )
