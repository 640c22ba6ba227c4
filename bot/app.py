"""The composition root: store, engine, scheduler, broadcaster and the outbox pump, built
once for any set of channels.

A channel adapter only turns its updates into events (`Core.turn`) and renders messages;
what a turn changed travels back with its outcome, and is acted on here after the commit:
queued messages are sent, the timer is set again, the broadcaster looks again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path

from bot.activity import Activity
from bot.app_languages import AppLanguages
from bot.broadcaster import Broadcaster
from bot.channel import Channel, ChatBusy, DeliveryPaused, Undeliverable
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.delivery import Status, record_statuses
from bot.effects import Effects
from bot.engine import Engine, Outcome
from bot.i18n import Translator
from bot.intake import Arrived, Intake, Kept, UpdateHandler
from bot.messages import Message, answer_from_text
from bot.outbox import OutboxPump
from bot.paces import channel_paces
from bot.scheduler import Wakeups
from bot.signed_links import Signer, installation_signer
from bot.startup_errors import open_store
from bot.storage import Backend
from bot.web_calendar import calendar_link
from conversations.core.channel import chat_key as make_chat_key
from conversations.core.channel import split_chat_key
from conversations.core.types import Incoming, Role

log = logging.getLogger(__name__)
# Every query result comes back from aiosqlite's thread through the GIL. With the default
# 5 ms switch interval that thread waits behind busy handlers, and a unit of work (several
# queries under one lock) held up every chat behind it.
SWITCH_INTERVAL = 0.0005


class Core:
    def __init__(
        self,
        settings: Settings,
        channels: Sequence[Channel],
        clock: Clock | None = None,
        admins: frozenset[str] = frozenset(),
        database_hint: str = "Check LIFTBOT_DATABASE.",
    ) -> None:
        self.settings = settings
        self.channels = {channel.name: channel for channel in channels}
        self.clock = clock or SystemClock()
        self.translator = Translator(settings.zone, settings.locale, clock=self.clock)
        self.admins = admins
        self.database_hint = database_hint
        self.store: Backend | None = None
        self._engine: Engine | None = None
        self._outbox: OutboxPump | None = None
        self._wakeups: Wakeups | None = None
        self._broadcaster: Broadcaster | None = None
        self._broadcast_task: asyncio.Task[None] | None = None
        # The chats being answered now: broadcasts make way while several are.
        self.activity = Activity()
        self._intake: Intake | None = None
        # Signs "Add to calendar" links, when people's phones can reach LiftBot's web server.
        self.signer: Signer | None = None
        # For someone LiftBot does not know yet: the language of their chat app.
        self.app_languages = AppLanguages()

    @property
    def engine(self) -> Engine:
        assert self._engine is not None, "Core.start() first"
        return self._engine

    @property
    def wakeups(self) -> Wakeups:
        assert self._wakeups is not None, "Core.start() first"
        return self._wakeups

    @property
    def broadcaster(self) -> Broadcaster:
        assert self._broadcaster is not None, "Core.start() first"
        return self._broadcaster

    @property
    def intake(self) -> Intake:
        assert self._intake is not None, "Core.start() first"
        return self._intake

    @property
    def outbox(self) -> OutboxPump:
        assert self._outbox is not None, "Core.start() first"
        return self._outbox

    async def start(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.store = await open_store(Path(self.settings.database), self.database_hint)
        try:
            await self._start(self.store)
        except BaseException:
            await self.stop()
            raise

    async def _start(self, store: Backend) -> None:
        infos = {name: await channel.connect() for name, channel in self.channels.items()}
        settings = self.settings
        if settings.public_url:
            self.signer = await installation_signer(store)
        self._engine = Engine(store, self.clock, self.translator, settings, infos, self.admins)
        self._intake = Intake(store, self.clock, on_flood=self._one_moment, resend=self._resend)
        self._broadcaster = Broadcaster(
            store,
            self.clock,
            self.translator,
            {name: channel.broadcast_transport() for name, channel in self.channels.items()},
            paces=channel_paces(settings, self.activity),
            backoff=settings.broadcast_backoff,
            # A broadcast to someone outside a chat app's window goes through the outbox.
            on_queued=lambda: self.outbox.pump(),
        )
        # Queued messages share the broadcasts' paces: together they keep to each app's limits.
        # Chat apps with a window for messages LiftBot starts (WhatsApp): bot/held.py.
        windows = {name: info.window for name, info in infos.items() if info.window}
        self._outbox = OutboxPump(
            store, self.channels, self._broadcaster.paces, windows, self.clock
        )
        # Crash-safe: a broadcast that was sending when LiftBot stopped goes on now.
        self._broadcast_task = asyncio.create_task(self._broadcaster.run_forever())
        # Rebuilt from the rows: what was due while LiftBot was down goes out now.
        self._wakeups = Wakeups(self._engine, self._outbox.pump)
        await self._wakeups.start()
        for channel in self.channels.values():
            await channel.start(self)

    async def stop(self) -> None:
        # The updates being handled finish; those waiting are kept for the next start.
        if self._intake is not None:
            await self._intake.stop()
        # What sends of its own accord stops first, so nothing goes to a closed channel.
        if self._broadcast_task is not None:
            self._broadcast_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._broadcast_task
        if self._wakeups is not None:
            self._wakeups.stop()
        for channel in self.channels.values():
            try:
                await channel.stop()
            except Exception:
                log.exception("stopping the %s channel failed", channel.name)
        if self.store is not None:
            await self.store.close()
            self.store = None

    async def turn(
        self,
        channel: str,
        address: str | int,
        event: Incoming,
        deliver: Callable[[Outcome], Awaitable[None]],
        client_language: str | None = None,
        username: str | None = None,
        intake: Kept | None = None,
    ) -> Outcome:
        """One incoming event: handled and committed, the replies delivered by the channel,
        then what it changed for others acted on. `intake`: the kept update it came from,
        done in the same unit of work."""
        if client_language:
            self.app_languages.note(make_chat_key(channel, address), client_language)
        with self.chatting():
            outcome = await self.engine.handle(
                channel, address, event, client_language, username, intake.id if intake else None
            )
            if intake is not None:
                # Committed with the replies: from here they are sent again, never handled.
                intake.answer = outcome.answer
            await deliver(outcome)
        try:
            await self.settle(outcome.effects)
        except Exception:
            # The update and its replies are done; what it queued stays in the outbox for
            # the next round. Failing here would send its replies again.
            log.exception("acting on what a turn changed failed")
        return outcome

    def commands(self, role: Role | None, locale: str) -> list[tuple[str, str]]:
        return self.engine.commands(role, locale)

    def calendar_link(self, subject: str) -> str | None:
        if self.signer is None or not self.settings.public_url:
            return None
        token = self.signer.sign(subject, self.clock.now())
        return calendar_link(self.settings.public_url, token)

    # -- the durable intake (bot/intake.py) ------------------------------------------------

    async def attach(self, channel: str, handler: UpdateHandler) -> int:
        return await self.intake.attach(channel, handler)

    async def keep(
        self, channel: str, updates: Sequence[Arrived], cursor: str | None = None
    ) -> int:
        return await self.intake.keep(channel, updates, cursor)

    async def receive(
        self, channel: str, update_id: str, chat_key: str | None, payload: str
    ) -> bool:
        return await self.intake.keep(channel, [Arrived(update_id, chat_key, payload)]) == 1

    async def cursor(self, channel: str) -> str | None:
        return await self.intake.cursor(channel)

    async def record_statuses(self, channel: str, statuses: Sequence[Status]) -> None:
        await record_statuses(self.store, channel, statuses)

    async def _one_moment(self, chat_key: str) -> None:
        """A chat with many messages waiting hears that they are coming, in its language."""
        name, address = split_chat_key(chat_key)
        channel = self.channels.get(name)
        if channel is None or self.store is None:
            return
        locale = await self.locale_of(chat_key)
        try:
            await channel.deliver(address, Message(self.translator.text(locale, "intake.busy")))
        except (Undeliverable, DeliveryPaused, ChatBusy) as exc:
            log.info("the one-moment message was not delivered: %s", type(exc).__name__)

    async def send_later(self, chat_key: str, messages: Sequence[Message]) -> None:
        """Replies the chat app would not take now (still throttled after the channel's
        own tries): they wait in the outbox, in order, for its next round."""
        assert self.store is not None, "Core.start() first"
        async with self.store.unit_of_work() as store:
            for message in messages:
                data, content = message.to_row()
                await store.enqueue(chat_key, data, content, self.clock.now())

    async def locale_of(self, chat_key: str) -> str:
        """The language of the person in this chat; for someone LiftBot does not know yet,
        their chat app's (when it says), else the installation's. For "one moment" and the
        words a channel adds itself (WhatsApp's list button, say)."""
        assert self.store is not None, "Core.start() first"
        async with self.store.unit_of_work() as store:
            person = await store.person_by_chat(chat_key)
        if person and person.language:
            return person.language
        return self.engine.locale_for(self.app_languages.get(chat_key))

    async def _resend(self, kept: Kept) -> None:
        """The replies of an update handled before a crash that came before they were out:
        sent as new messages. A command menu that changed with it is not kept: the
        channel's protocol sends messages only; the menu is set at the next change."""
        channel = self.channels.get(kept.channel)
        if channel is None or kept.chat_key is None or kept.answer is None:
            return
        messages = answer_from_text(kept.answer)
        address = split_chat_key(kept.chat_key)[1]
        try:
            for message in messages:
                await channel.deliver(address, message)
        except Undeliverable:
            log.info("replies kept from before a restart: the chat is gone")

    async def next_planned(self) -> datetime | None:
        """When something LiftBot planned falls due next: a scheduled message, or a broadcast
        set for a time. For a clock that jumps ahead (the demo's /later), which then runs
        what fell due at each such moment in turn, as the timers would have."""
        assert self.store is not None, "Core.start() first"
        async with self.store.unit_of_work() as store:
            moments = [await store.next_due(), await store.next_broadcast_at()]
        return min((m for m in moments if m is not None), default=None)

    async def settle(self, effects: Effects) -> None:
        if effects.queued:
            await self.outbox.pump()
        if effects.broadcasts_changed:
            self.broadcaster.wake()
        if effects.plan_changed:
            await self.wakeups.refresh()

    def chatting(self) -> contextlib.AbstractContextManager[None]:
        """Around each turn: counts the chats being answered (bot/activity.py)."""
        return self.activity.answering()
