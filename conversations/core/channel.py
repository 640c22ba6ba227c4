"""What the person's chat app can do, as flows need to know it, and chat keys.

A chat key names one chat on one channel ("tg:12345"): the channel's short name, a colon,
and the channel's own address for that chat. Flows never build channel links or assume a
channel's limits: they ask the ChannelInfo in their context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class ChannelInfo:
    name: str
    # The longest text in one message and the longest caption under a file, in UTF-16 units.
    text_limit: int
    caption_limit: int
    # Buttons one message can carry, and whether a pressed message can change in place.
    max_buttons: int
    can_edit: bool
    # Whether files and map pins can be sent and received.
    files: bool
    locations: bool
    # A link (or what to type) that opens LiftBot with this payload: invites, check-in.
    open_link: Callable[[str], str]
    # How long after a person's last message LiftBot may start a conversation freely
    # (WhatsApp: 24 hours); None when it always may. Outside it a message waits (bot/held.py).
    window: timedelta | None = None
    # The app's name as people know it ("Telegram", "WhatsApp"): a coach picks by it.
    title: str = ""


def chat_key(channel: str, address: str | int) -> str:
    return f"{channel}:{address}"


def split_chat_key(key: str) -> tuple[str, str]:
    """The channel's name and its own address for the chat."""
    channel, _, address = key.partition(":")
    return channel, address


# A payload that opens LiftBot for a check-in (the QR code at the door) starts with this;
# any other payload is an invite token. Printed on paper: it never changes.
CHECKIN_PREFIX = "ci_"
