"""Messages that wait for the person: on a chat app that lets LiftBot start a conversation
only within a window after the person's last message (WhatsApp: 24 hours), a message
LiftBot sends on its own outside it is held, and a short note of its kind goes instead
(WhatsApp: an approved template with a quick-reply button). When the person answers (any
message, or that button), the held messages go back into the outbox in order.

The pieces: the core notes each incoming message of such a chat (store.note_incoming) and
releases its held messages (store.release_held) in the unit of work of the turn
(Engine.handle); the outbox pump decides per row with `outside_window` and holds the row
(store.hold_outbox) after the channel sent the note; a channel that learns only when
sending that the window closed raises bot.channel.Held.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage import Backend
from conversations.core.channel import ChannelInfo
from conversations.core.types import Incoming

# The choice a quick-reply button under a template carries: it only opens the held messages
# (flows never see it). Short and fixed: templates approved once carry it for good.
OPEN_HELD = "held:open"


def outside_window(last_incoming: datetime | None, now: datetime, window: timedelta) -> bool:
    """Whether LiftBot may no longer start a conversation freely: the person never wrote on
    this chat, or their last message is `window` or longer ago."""
    return last_incoming is None or now - last_incoming >= window


async def answered(
    store: Backend, info: ChannelInfo | None, chat_key: str, event: Incoming, now: datetime
) -> bool:
    """In the turn's unit of work: on a chat app with a window, the person's message opens
    it again and their held messages go back into the outbox. True when the event was only
    the press that opens them (nothing for the flows)."""
    if info is None or info.window is None:
        return False
    await store.note_incoming(chat_key, now)
    await store.release_held(chat_key, now)
    return event.kind == "choice" and event.choice == OPEN_HELD
