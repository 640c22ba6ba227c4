"""Runs one incoming event as one unit of work and renders the replies as text.

Every state change is committed before a reply leaves, so a crash after this point
loses nothing; a crash before it loses only the reply, never half a change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

from bot.clock import Clock
from bot.config import SUPPORTED_LOCALES, Settings
from bot.i18n import Translator
from bot.store import SqliteStore
from conversations import router
from conversations.menus import commands_for
from conversations.types import Attachment, Context, Conversation, Incoming, Msg, Reply, Role

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """A reply ready for a channel: text, buttons as (label, callback data), an attachment."""

    text: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    attachment: Attachment | None = None
    edit: bool = False


@dataclass(frozen=True)
class Outcome:
    messages: list[Message]
    button_status: Literal["ok", "stale", "forged"] = "ok"
    # The command menu for this chat as (command, description); None when unchanged.
    commands: list[tuple[str, str]] | None = None


class Engine:
    def __init__(
        self,
        store: SqliteStore,
        clock: Clock,
        translator: Translator,
        settings: Settings,
        bot_username: str,
        extra_admins: frozenset[int] = frozenset(),
    ) -> None:
        self.store = store
        self.clock = clock
        self.translator = translator
        self.settings = settings
        self.bot_username = bot_username
        self.admin_ids = settings.admin_ids | extra_admins

    def locale_for(self, client_language: str | None) -> str:
        code = (client_language or "").split("-")[0].lower()
        return code if code in SUPPORTED_LOCALES else self.settings.locale

    async def handle(
        self, channel: str, user_id: int, event: Incoming, client_language: str | None = None
    ) -> Outcome:
        chat_key = f"{channel}:{user_id}"
        fallback = self.locale_for(client_language)
        try:
            async with self.store.unit_of_work() as store:
                person = await store.person_by_chat(chat_key)
                conv = await store.conversation(chat_key)
                ctx = Context(
                    chat_key=chat_key,
                    person=person,
                    conv=conv or Conversation(chat_key),
                    store=store,
                    clock=self.clock,
                    locale=(person.language if person and person.language else fallback),
                    client_language=client_language,
                    is_admin=user_id in self.admin_ids,
                    bot_username=self.bot_username,
                    invite_days=self.settings.invite_days,
                )
                replies = await router.handle(ctx, event)
                messages = self._stamp(ctx.conv, replies)
                if ctx.conv.flow is None:
                    if conv is not None:
                        await store.delete_conversation(chat_key)
                else:
                    await store.save_conversation(ctx.conv, self.clock.now())
        except Exception:
            # The traceback names code, not people: the event's text is never logged.
            log.exception("handling a %s event failed; nothing was saved", event.kind)
            error = Message(self.translator.text(fallback, "error.internal"))
            return Outcome([error])
        locale = ctx.person.language if ctx.person and ctx.person.language else ctx.locale
        return Outcome(
            messages=[self._render(locale, reply, buttons) for reply, buttons in messages],
            button_status=ctx.button_status,
            commands=self.commands(ctx.role, locale) if ctx.refresh_commands else None,
        )

    def commands(self, role: Role | None, locale: str) -> list[tuple[str, str]]:
        return [
            (name, self.translator.text(locale, f"command.{name}")) for name in commands_for(role)
        ]

    @staticmethod
    def _stamp(
        conv: Conversation, replies: list[Reply]
    ) -> list[tuple[Reply, list[list[tuple[Msg | str, str]]]]]:
        """Give the buttons of this turn a new version and remember which values were offered."""
        if any(reply.buttons for reply in replies):
            conv.version += 1
            conv.offered = [b.value for r in replies for row in r.buttons for b in row]
        return [
            (
                reply,
                [
                    [(b.label, router.callback_data(conv.version, b.value)) for b in row]
                    for row in reply.buttons
                ],
            )
            for reply in replies
        ]

    def _render(
        self, locale: str, reply: Reply, buttons: list[list[tuple[Msg | str, str]]]
    ) -> Message:
        return Message(
            text=self.translator.render(locale, reply.text),
            buttons=[
                [(self.translator.render(locale, label), data) for label, data in row]
                for row in buttons
            ],
            attachment=reply.attachment,
            edit=reply.edit,
        )
