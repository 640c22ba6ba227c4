"""What a channel adapter is to the application: it turns its updates into events for the
core, renders replies, and delivers what the core queued. See bot/app.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from bot.broadcast_parts import Transport
from bot.delivery import Status
from bot.engine import Outcome
from bot.intake import Arrived, Kept, UpdateHandler
from bot.messages import Message
from conversations.core.channel import ChannelInfo
from conversations.core.types import FileRef, Incoming, Role


class Undeliverable(Exception):
    """The person blocked LiftBot or the chat is gone: the message is dropped."""


class DeliveryPaused(Exception):
    """The chat app cannot take messages now (a time-out, a rate limit): try again later."""


class ChatBusy(Exception):
    """This one chat cannot take a message now (WhatsApp's limit per person, say): its
    later messages wait too, so they keep their order; other chats go on."""


class Held(Exception):
    """The message could not go now, but the person was told one waits (WhatsApp: a template
    after error 131047, the 24-hour window closed): it is held until they answer."""


class Turns(Protocol):
    """What a channel asks of the core (bot/app.py Core)."""

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
        """`intake`: the kept update the event came from; it is done with the turn."""
        ...

    async def attach(self, channel: str, handler: UpdateHandler) -> int:
        """Kept updates of this channel go to `handler`, first those not done before a
        restart (bot/intake.py Intake.attach)."""
        ...

    async def keep(
        self, channel: str, updates: Sequence[Arrived], cursor: str | None = None
    ) -> int:
        """Keep a polled batch with the channel's new cursor; then it may be acknowledged."""
        ...

    async def receive(
        self, channel: str, update_id: str, chat_key: str | None, payload: str
    ) -> bool:
        """Keep one update (a webhook's); False when it was kept before."""
        ...

    async def cursor(self, channel: str) -> str | None:
        """Where a polling channel goes on from."""
        ...

    async def record_statuses(self, channel: str, statuses: Sequence[Status]) -> None:
        """What the chat app says became of messages sent (bot/delivery.py): recorded at
        once, never answered, never kept in the intake."""
        ...

    def commands(self, role: Role | None, locale: str) -> list[tuple[str, str]]:
        """The command menu for a role, as (command, description)."""
        ...

    def calendar_link(self, subject: str) -> str | None:
        """A signed link to the latest calendar file of `subject` ("event:12"), for a chat
        app that cannot send .ics files; None without LIFTBOT_PUBLIC_URL."""
        ...

    async def locale_of(self, chat_key: str) -> str:
        """The language of the person in this chat (the installation's for a stranger)."""
        ...

    async def send_later(self, chat_key: str, messages: Sequence[Message]) -> None:
        """Replies the chat app would not take now: kept in the outbox for its next round."""
        ...


class Channel(Protocol):
    name: str

    async def connect(self) -> ChannelInfo:
        """Get ready to send (for Telegram: who the bot is) and say what the channel can do."""
        ...

    async def start(self, core: Turns) -> None:
        """Start receiving. A channel over the wire keeps each update with the core
        (core.keep or core.receive) before it acknowledges it, and handles the kept ones
        it gets back (core.attach, before it receives) with core.turn."""
        ...

    async def stop(self) -> None: ...

    async def deliver(self, address: str, message: Message) -> None:
        """Send one queued message; raises Undeliverable, DeliveryPaused, ChatBusy or Held.
        A message marked `held` (bot/held.py) is not sent itself: the chat app's way of
        asking the person to open it goes instead (WhatsApp: the template for its kind)."""
        ...

    def broadcast_transport(self) -> Transport: ...

    async def fetch(self, file: FileRef) -> bytes:
        """The bytes of a file someone sent in this app, for a person in another app."""
        ...
