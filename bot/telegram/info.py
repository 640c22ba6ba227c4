"""What Telegram can do, as the core and flows need to know it; without python-telegram-bot
itself, so the core can know it without loading that."""

from __future__ import annotations

from conversations.core.channel import ChannelInfo

CHANNEL = "tg"
# Telegram's limits for one message's text and for a caption under a file (UTF-16 units).
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# Inline keyboards have no hard limit that matters here; 100 buttons is Telegram's.
MAX_BUTTONS = 100


def telegram_info(username: str) -> ChannelInfo:
    """What Telegram can do; a deep link opens the bot with a payload (invites, check-in)."""
    return ChannelInfo(
        name=CHANNEL,
        text_limit=TEXT_LIMIT,
        caption_limit=CAPTION_LIMIT,
        max_buttons=MAX_BUTTONS,
        can_edit=True,
        files=True,
        locations=True,
        open_link=lambda payload: f"https://t.me/{username}?start={payload}",
        title="Telegram",
    )
