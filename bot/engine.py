"""Runs one incoming event as one unit of work and renders the replies as text.

Every state change is committed before a reply leaves, with the replies when the event
came from the intake, so a crash loses neither, and never leaves half a change.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from bot.clock import Clock
from bot.config import SUPPORTED_LOCALES, Settings
from bot.effects import Effects
from bot.held import answered, opens_held
from bot.i18n import Translator
from bot.messages import Message as Message  # channels import it from here too
from bot.messages import answer_to_text, tidy
from bot.storage import Backend
from bot.tables import csv_bytes
from conversations.core import router, typed
from conversations.core.channel import ChannelInfo, split_chat_key
from conversations.core.channel import chat_key as make_chat_key
from conversations.core.context import Context
from conversations.core.menus import commands_for
from conversations.core.records import Conversation, Person
from conversations.core.types import Attachment, Incoming, Msg, Reply, Role
from conversations.events import series
from conversations.events.calendar import calendar_attachment
from conversations.pairs import reach
from conversations.time.quiet import QuietHours

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    messages: list[Message]
    button_status: Literal["ok", "stale", "forged"] = "ok"
    # The command menu for this chat as (command, description); None when unchanged.
    commands: list[tuple[str, str]] | None = None
    # What the committed unit queued for others and changed in the plan (nothing on failure).
    effects: Effects = field(default_factory=Effects)
    # The replies as kept with the update they answer (bot/messages.py answer_to_text), when
    # the event came from the intake: sent again from there if they are not out.
    answer: str | None = None


class Engine:
    def __init__(
        self,
        store: Backend,
        clock: Clock,
        translator: Translator,
        settings: Settings,
        channels: Mapping[str, ChannelInfo],
        admins: frozenset[str] = frozenset(),
    ) -> None:
        self.store = store
        self.clock = clock
        # Dates show their year by this clock's "now", so a FakeClock moves it too.
        self.translator = translator.with_clock(clock)
        self.settings = settings
        # What each channel can do, by its name (the first part of a chat key).
        self.channels = channels
        # Chat keys of the installation's admins.
        self.admins = admins
        self.quiet = QuietHours(
            settings.zone, settings.quiet_start, settings.quiet_end, settings.quiet_sunday
        )

    def locale_for(self, client_language: str | None) -> str:
        code = (client_language or "").split("-")[0].lower()
        return code if code in SUPPORTED_LOCALES else self.settings.locale

    async def handle(
        self,
        channel: str,
        address: str | int,
        event: Incoming,
        client_language: str | None = None,
        username: str | None = None,
        intake: int | None = None,
    ) -> Outcome:
        """`intake`: the kept update this event came from (bot/intake.py); in this unit of
        work its row trades the person's words for the replies, so it is done exactly when
        its change is committed, and the replies survive a crash before they are out."""
        chat_key = make_chat_key(channel, address)
        fallback = self.locale_for(client_language)
        effects = Effects()
        try:
            async with self.store.unit_of_work(effects) as store:
                today = self.clock.now().astimezone(self.settings.zone).date()
                person, conv = await store.person_and_conversation(chat_key, seen_on=today)
                locale = person.language if person and person.language else fallback
                admin = chat_key in self.admins
                ctx = self._context(store, chat_key, person, conv, locale, admin, client_language)
                ctx.username = username
                before = ctx.conv.flow
                opening = opens_held(ctx.channel, event)
                replies = [] if opening else await router.handle(ctx, event)
                # Leaving the contact button's question any way takes its keyboard away.
                replies = reach.keyboard_left(ctx, before, replies)
                messages = router.stamp(ctx.conv, replies)
                self._remember_labels(ctx, replies)
                await self._enqueue(store, ctx)
                await answered(store, ctx, self.clock.now())
                # Without a flow the row is kept only for the buttons just sent (a typed
                # "Write to Anna" presses one); a stranger's chat keeps nothing.
                keep = ctx.conv.flow is not None or (ctx.person is not None and ctx.conv.choices)
                if not keep:
                    if conv is not None:
                        await store.delete_conversation(chat_key)
                else:
                    await store.save_conversation(ctx.conv, self.clock.now())
                locale = ctx.person.language if ctx.person and ctx.person.language else ctx.locale
                rendered = [self._render(locale, reply, b) for reply, b in messages]
                commands = self.commands(ctx.role, locale) if ctx.refresh_commands else None
                answer = None
                if intake is not None:
                    # Done with its change, its replies kept until they are out.
                    answer = answer_to_text(rendered)
                    await store.update_answered(intake, answer)
                outcome = Outcome(rendered, ctx.button_status, commands, effects, answer)
        except Exception:
            # The traceback names code, not people: the event's text is never logged.
            log.exception("handling a %s event failed; nothing was saved", event.kind)
            error = [Message(self.translator.text(fallback, "error.internal"))]
            if intake is None:
                return Outcome(error)
            # The person is told something went wrong; trying again would only fail again
            # and say so again.
            answer = answer_to_text(error)
            async with self.store.unit_of_work() as store:
                await store.update_answered(intake, answer)
            return Outcome(error, answer=answer)
        return outcome

    def _context(
        self,
        store: Backend,
        chat_key: str,
        person: Person | None,
        conv: Conversation | None,
        locale: str,
        is_admin: bool,
        client_language: str | None = None,
    ) -> Context:
        return Context(
            chat_key=chat_key,
            person=person,
            conv=conv or Conversation(chat_key),
            store=store,
            clock=self.clock,
            locale=locale,
            client_language=client_language,
            is_admin=is_admin,
            channel=self._channel_of(chat_key),
            channels=self.channels,
            invite_days=self.settings.invite_days,
            zone=self.settings.zone,
            quiet=self.quiet,
        )

    def _channel_of(self, chat_key: str) -> ChannelInfo:
        # Work of LiftBot's own ("system") is done as on the first channel: it sends no links.
        name = split_chat_key(chat_key)[0]
        return self.channels.get(name) or next(iter(self.channels.values()))

    async def _enqueue(self, store: Backend, ctx: Context) -> None:
        """Write messages for other people to the outbox, in their own language."""
        now = self.clock.now()
        for person, reply in ctx.notices:
            if person.chat_key is None:
                continue
            locale = person.language or self.settings.locale
            buttons = [
                [(b.label, router.callback_data(0, b.value, bound=True)) for b in row]
                for row in reply.buttons
            ]
            data, content = self._render(locale, reply, buttons).to_row()
            # Whoever caused it is in it (their name, their words): their /forget takes it back.
            about = (*reply.about, ctx.person.id) if ctx.person else reply.about
            await store.enqueue(person.chat_key, data, content, now, about, reply.kind)
        ctx.notices.clear()

    async def extend_series(self, effects: Effects | None = None) -> int:
        """Create the coming occurrences of every recurring meetup; returns how many.

        Their invitations go out at once, so in quiet time nothing is made: the next run
        (the daily one at the end of the quiet hours) does it, two months ahead anyway."""
        if self.quiet.is_quiet(self.clock.now()):
            return 0
        async with self.store.unit_of_work(effects) as store:
            ctx = self._context(store, "system", None, None, self.settings.locale, False)
            made = 0
            for item in await store.all_series():
                made += len(await series.extend(ctx, item))
            await self._enqueue(store, ctx)
        return made

    async def run_due(self, effects: Effects | None = None) -> int:
        """Turn every scheduled message that is due into outbox rows; returns how many.

        In quiet time nothing goes out, however late a row became during downtime: each
        due row is planned again for the next allowed moment. Whether it still applies
        then (a reminder may have become stale) is decided when it goes out."""
        now = self.clock.now()
        allowed = self.quiet.next_allowed(now)
        async with self.store.unit_of_work(effects) as store:
            due = await store.due_scheduled(now)
            for item in due:
                if allowed > now:
                    await store.replan_scheduled(item.id, allowed)
                    continue
                person = await store.person(item.person_id)
                if person is not None and person.chat_key is not None:
                    ctx = self._context(
                        store,
                        person.chat_key,
                        person,
                        None,
                        person.language or self.settings.locale,
                        False,
                    )
                    for reply in await router.scheduled_message(ctx, item, person):
                        ctx.notify(person, reply)
                    await self._enqueue(store, ctx)
                await store.mark_scheduled_sent(item.id, now)
        return len(due)

    def commands(self, role: Role | None, locale: str) -> list[tuple[str, str]]:
        return [
            (name, self.translator.text(locale, f"command.{name}")) for name in commands_for(role)
        ]

    def _remember_labels(self, ctx: Context, replies: list[Reply]) -> None:
        """The buttons of this turn as the person reads them, so typing a label counts."""
        locale = ctx.person.language if ctx.person and ctx.person.language else ctx.locale
        typed.remember(
            ctx.conv,
            [
                (self.translator.render(locale, b.label), b.value, b.bound)
                for reply in replies
                for row in reply.buttons
                for b in row
            ],
        )

    def _attachment(self, locale: str, reply: Reply) -> Attachment | None:
        if reply.calendar is not None:
            render = partial(self.translator.render, locale)
            return calendar_attachment(reply.calendar, render, self.settings.zone, self.clock.now())
        if reply.table is None:
            return reply.attachment
        content = csv_bytes(self.translator, locale, reply.table)
        return Attachment("document", content, reply.table.filename)

    def _render(
        self, locale: str, reply: Reply, buttons: list[list[tuple[Msg | str, str]]]
    ) -> Message:
        attachment = self._attachment(locale, reply)
        return Message(
            text=tidy(self.translator.render(locale, reply.text)),
            buttons=[
                [(self.translator.render(locale, label), data) for label, data in row]
                for row in buttons
            ],
            attachment=attachment,
            edit=reply.edit,
            location=reply.location,
            file=reply.file,
            contact_button=(
                self.translator.render(locale, reply.contact_button)
                if reply.contact_button
                else None
            ),
            close_keyboard=reply.close_keyboard,
            kind=reply.kind,
            language=locale,
            calendar=attachment.subject if attachment else None,
        )
