"""The Telegram channel: python-telegram-bot in, rendered replies out."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import replace

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
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.broadcaster import Broadcaster
from bot.clock import Clock, SystemClock
from bot.config import SUPPORTED_LOCALES, Settings
from bot.engine import Engine, Message, Outcome
from bot.i18n import Translator
from bot.scheduler import Wakeups
from bot.sqlite.store import SqliteStore
from bot.startup_errors import open_store
from bot.telegram.aiohttp_request import AiohttpRequest, proxy_from_env
from bot.telegram.broadcast import TelegramTransport
from bot.telegram.incoming import incoming
from bot.telegram.send import edit_in_place, retire_buttons, send
from bot.telegram.update_order import PerChatInOrder
from conversations.core.types import Incoming

log = logging.getLogger(__name__)
CHANNEL = "tg"
SWITCH_INTERVAL = 0.0005
# Updates of different chats handled at once, and connections used for the replies.
CONCURRENT_UPDATES = 32
REPLY_CONNECTIONS = 8


class TelegramBot:
    """Owns the database, the engine and the PTB Application for one bot token."""

    def __init__(
        self, settings: Settings, clock: Clock | None = None, poll_timeout: int = 30
    ) -> None:
        if settings.telegram_token is None:
            raise ValueError("LIFTBOT_TELEGRAM_TOKEN is not set")
        self.settings = settings
        self.clock = clock or SystemClock()
        self.poll_timeout = poll_timeout
        self.translator = Translator(settings.zone, settings.locale, clock=self.clock)
        self.app: Application | None = None  # type: ignore[type-arg]
        self.store: SqliteStore | None = None
        self.engine: Engine | None = None
        self.wakeups: Wakeups | None = None
        self.broadcaster: Broadcaster | None = None
        self._broadcast_bot: Bot | None = None
        self._broadcast_task: asyncio.Task[None] | None = None
        # Updates being handled now: broadcasts wait while people are chatting.
        self.handling = 0
        self.idle = asyncio.Event()
        self.idle.set()
        self._outbox_lock = asyncio.Lock()
        self._proxy = proxy_from_env(settings.telegram_base_url)

    def build_application(self) -> Application:  # type: ignore[type-arg]
        assert self.settings.telegram_token is not None
        app = (
            ApplicationBuilder()
            .token(self.settings.telegram_token.get_secret_value())
            .base_url(self.settings.telegram_base_url)
            .base_file_url(self.settings.telegram_base_file_url)
            .rate_limiter(AIORateLimiter(overall_max_rate=self.settings.reply_rate, max_retries=3))
            # Our own scheduler works from database rows; PTB's JobQueue is not persisted.
            .job_queue(None)
            .concurrent_updates(PerChatInOrder(CONCURRENT_UPDATES))
            .request(AiohttpRequest(REPLY_CONNECTIONS, proxy=self._proxy))
            .get_updates_request(AiohttpRequest(proxy=self._proxy))
            .build()
        )
        app.add_handler(CallbackQueryHandler(self._on_callback))
        app.add_handler(MessageHandler(filters.ChatType.PRIVATE, self._on_message))
        app.add_error_handler(self._on_error)
        return app

    async def start(self) -> None:
        # Every query result comes back from aiosqlite's thread through the GIL. With the
        # default 5 ms switch interval that thread waits behind busy handlers, and a unit of
        # work (several queries under one lock) held up every chat behind it.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.store = await open_store(self.settings.database, "Check LIFTBOT_DATABASE.")
        try:
            await self._start_application(self.store)
        except BaseException:
            await self.stop()
            raise

    async def _start_application(self, store: SqliteStore) -> None:
        self.app = self.build_application()
        await self.app.initialize()
        self.engine = Engine(
            store, self.clock, self.translator, self.settings, self.app.bot.username
        )
        await self._set_default_commands()
        await self.app.start()
        # Rebuilt from the rows: what was due while the bot was down goes out now.
        self.wakeups = Wakeups(self.engine, self.deliver_outbox)
        await self.wakeups.start()
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
        self.broadcaster = Broadcaster(
            store,
            self.clock,
            self.translator,
            TelegramTransport(self._broadcast_bot),
            rate=self.settings.broadcast_rate,
            per_chat=self.settings.broadcast_per_chat_rate,
            backoff=self.settings.broadcast_backoff,
            idle=self.idle,
        )
        # Crash-safe: a broadcast that was sending when the bot stopped goes on now.
        self._broadcast_task = asyncio.create_task(self.broadcaster.run_forever())
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            poll_interval=0.0,
            timeout=self.poll_timeout,
            allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
        )
        log.info("LiftBot is running as @%s", self.app.bot.username)

    async def stop(self) -> None:
        if self._broadcast_task is not None:
            self._broadcast_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._broadcast_task
        if self._broadcast_bot is not None:
            await self._broadcast_bot.shutdown()
        if self.wakeups is not None:
            self.wakeups.stop()
        if self.app is not None:
            if self.app.updater is not None and self.app.updater.running:
                await self.app.updater.stop()
            if self.app.running:
                await self.app.stop()
            await self.app.shutdown()
            # After a failed getMe PTB skips the bot here, its HTTP sessions still open.
            await self.app.bot.shutdown()
        if self.store is not None:
            await self.store.close()

    async def _set_default_commands(self) -> None:
        assert self.app is not None and self.engine is not None
        for locale in SUPPORTED_LOCALES:
            commands = [BotCommand(c, d) for c, d in self.engine.commands(None, locale)]
            # The default list in the installation's language; others per client language.
            code = None if locale == self.settings.locale else locale
            await self.app.bot.set_my_commands(
                commands, scope=BotCommandScopeDefault(), language_code=code
            )

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or self.engine is None:
            return
        event = incoming(message, user)
        with self._chatting():
            outcome = await self.engine.handle(
                CHANNEL, user.id, event, user.language_code, user.username
            )
            await self._deliver(message.chat_id, outcome)
        await self._after(outcome)

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or self.engine is None:
            return
        event = Incoming("choice", choice=query.data or "")
        with self._chatting():
            await self._handle_callback(query, user, event)

    @contextlib.contextmanager
    def _chatting(self) -> Iterator[None]:
        """Counts the updates being handled: broadcasts wait until there are none."""
        self.handling += 1
        self.idle.clear()
        try:
            yield
        finally:
            self.handling -= 1
            if not self.handling:
                self.idle.set()

    async def _handle_callback(self, query: CallbackQuery, user: User, event: Incoming) -> None:
        assert self.engine is not None
        outcome = await self.engine.handle(
            CHANNEL, user.id, event, user.language_code, user.username
        )
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
        await self._deliver(chat_id, replace(outcome, messages=messages))
        await self._after(outcome)

    async def _after(self, outcome: Outcome) -> None:
        if outcome.outbox:
            await self.deliver_outbox()
        store = self.store
        if self.broadcaster is not None and store is not None and store.broadcasts_changed:
            store.broadcasts_changed = False
            self.broadcaster.wake()
        if self.wakeups is not None and store is not None and store.plan_changed:
            store.plan_changed = False
            await self.wakeups.refresh()

    async def deliver_outbox(self) -> None:
        """Send what flows and the scheduler wrote; a row goes once sent or refused for good."""
        assert self.engine is not None
        store = self.engine.store
        async with self._outbox_lock:
            while True:
                async with store.unit_of_work():
                    rows = await store.pending_outbox(CHANNEL)
                if not rows:
                    return
                for row in rows:
                    message = Message.from_row(json.loads(row["message"]), row["attachment"])
                    chat_id = int(row["chat_key"].split(":", 1)[1])
                    try:
                        await self._send(chat_id, message)
                    except Forbidden:
                        log.info("a person blocked the bot; message %d not delivered", row["id"])
                    except TelegramError as exc:
                        # Left in the outbox: the next delivery round tries again.
                        log.warning("outbox delivery paused: %s", type(exc).__name__)
                        return
                    async with store.unit_of_work():
                        await store.delete_outbox(row["id"])

    async def _deliver(self, chat_id: int, outcome: Outcome) -> None:
        assert self.app is not None
        bot = self.app.bot
        if outcome.commands is not None:
            await bot.set_my_commands(
                [BotCommand(c, d) for c, d in outcome.commands],
                scope=BotCommandScopeChat(chat_id),
            )
        for message in outcome.messages:
            await self._send(chat_id, message)

    async def _send(self, chat_id: int, message: Message) -> None:
        assert self.app is not None
        await send(self.app.bot, chat_id, message)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Only the kind of error: updates and messages may hold personal data.
        error = context.error
        log.error(
            "update failed: %s", type(error).__name__, exc_info=not isinstance(error, TelegramError)
        )

