"""What WhatsApp can do, as the core and flows need to know it, and the Cloud API's limits;
without pywa itself, so the core can know it without loading that."""

from __future__ import annotations

import urllib.parse
from datetime import timedelta

from conversations.core.channel import ChannelInfo

CHANNEL = "wa"
# Text messages and captions (characters).
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# Interactive messages: the body, reply buttons (1-3, titles 20), a list (10 rows in all,
# titles 24, descriptions 72, the button that opens it 20), and the ids they send back.
BODY_LIMIT = 1024
MAX_REPLY_BUTTONS = 3
BUTTON_TITLE = 20
MAX_ROWS = 10
ROW_TITLE = 24
ROW_DESCRIPTION = 72
LIST_BUTTON = 20
BUTTON_ID = 256
ROW_ID = 200
# Flows may offer many choices: more than ten go as pages of a list.
MAX_BUTTONS = 100
# What the person's first message starts with when they open a wa.me link; the rest is the
# payload (an invite token or a check-in code), as after /start on Telegram.
START_WORD = "start"
# LiftBot may start a conversation only this long after the person's last message; outside
# it a template goes first (bot/held.py, bot/whatsapp/window.py).
WINDOW = timedelta(hours=24)


def open_link(number: str, payload: str) -> str:
    """https://wa.me/<number>?text=start <payload>: WhatsApp opens the chat with that message
    typed; sending it starts the consent (bot/whatsapp/incoming.py)."""
    return f"https://wa.me/{number}?text={urllib.parse.quote(f'{START_WORD} {payload}')}"


def whatsapp_info(number: str) -> ChannelInfo:
    """What WhatsApp can do: no edits (a new message instead), files and map pins."""
    return ChannelInfo(
        name=CHANNEL,
        text_limit=TEXT_LIMIT,
        caption_limit=CAPTION_LIMIT,
        max_buttons=MAX_BUTTONS,
        can_edit=False,
        files=True,
        locations=True,
        open_link=lambda payload: open_link(number, payload),
        window=WINDOW,
        title="WhatsApp",
    )
