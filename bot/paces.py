"""A pace per chat app: Telegram and WhatsApp are different services with limits of their
own (Telegram about 30 messages a second in bulk and one a second to one chat; WhatsApp about
80 a second per number and, in bulk, one message every 6 seconds to the same person), and
they share no budget. Broadcasts and the outbox pace each message by its chat's channel (the
first part of the chat key); people who are chatting go first on every channel."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from bot.activity import Activity
from bot.broadcast_pace import Pace
from bot.config import Settings
from bot.whatsapp.info import CHANNEL as WHATSAPP
from conversations.core.channel import split_chat_key


class Paces:
    """The pace of each channel, by its name. A channel without a pace of its own gets one
    made by `make` when it first sends (its own too: no two channels share a budget)."""

    def __init__(self, make: Callable[[], Pace], own: Mapping[str, Pace] | None = None) -> None:
        self._make = make
        self._paces = dict(own or {})

    def channel(self, name: str) -> Pace:
        pace = self._paces.get(name)
        if pace is None:
            pace = self._paces[name] = self._make()
        return pace

    def of(self, chat_key: str) -> Pace:
        """The pace for a message to this chat: its channel's."""
        return self.channel(split_chat_key(chat_key)[0])


def whatsapp_pace(settings: Settings, activity: Activity | None = None) -> Pace:
    """Per number, well under the Cloud API's throughput; in bulk, one message to a person
    every LIFTBOT_WHATSAPP_PER_PERSON_SECONDS (131056, the pair rate, otherwise)."""
    gap = settings.whatsapp_per_person_seconds
    return Pace(settings.whatsapp_rate, 1 / gap if gap > 0 else math.inf, activity)


def channel_paces(settings: Settings, activity: Activity | None = None) -> Paces:
    """WhatsApp's pace from its own settings; Telegram's (and any other channel's) from the
    LIFTBOT_BROADCAST_* ones, as before there was more than one channel."""

    def make() -> Pace:
        return Pace(settings.broadcast_rate, settings.broadcast_per_chat_rate, activity)

    return Paces(make, {WHATSAPP: whatsapp_pace(settings, activity)})
