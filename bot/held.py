"""Messages that wait for the person: on a chat app that lets LiftBot start a conversation
only within a window after the person's last message (WhatsApp: 24 hours), a message
LiftBot sends on its own outside it is held, and a short note of its kind goes instead
(WhatsApp: an approved template with a quick-reply button). When the person answers (any
message, or that button), the held messages go back into the outbox in order.

The pieces: the core notes each incoming message of such a chat (store.note_incoming) and
releases its held messages (store.release_held) in the unit of work of the turn
(Engine.handle, `answered`); the outbox pump decides per row with `outside_window` and
holds the row (store.hold_outbox) after the channel sent the note; a channel that learns
only when sending that the window closed raises bot.channel.Held. The broadcaster sends a
broadcast to someone outside the window through the outbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage import Backend
from conversations.core.channel import ChannelInfo
from conversations.core.context import Context
from conversations.core.types import Incoming

# The choice a quick-reply button under a template carries: it only opens the held messages
# (flows never see it). Short and fixed: templates approved once carry it for good.
OPEN_HELD = "held:open"


def outside_window(last_incoming: datetime | None, now: datetime, window: timedelta) -> bool:
    """Whether LiftBot may no longer start a conversation freely: the person never wrote on
    this chat, or their last message is `window` or longer ago."""
    return last_incoming is None or now - last_incoming >= window


def opens_held(info: ChannelInfo, event: Incoming) -> bool:
    """The press of a note's button: it only opens the held messages (nothing for flows)."""
    return info.window is not None and event.kind == "choice" and event.choice == OPEN_HELD


async def answered(store: Backend, ctx: Context, now: datetime) -> None:
    """After the turn, in its unit of work: on a chat app with a window, the person's
    message opens it again and their held messages go back into the outbox. Only for
    someone LiftBot knows (after the turn: one who just agreed counts, one who just left
    does not): a stranger's chat keeps nothing."""
    if ctx.channel.window is None or ctx.person is None:
        return
    await store.note_incoming(ctx.chat_key, now)
    await store.release_held(ctx.chat_key, now)
