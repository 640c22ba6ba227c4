"""WhatsApp's 24-hour window: LiftBot may send free-form messages only within 24 hours of
the person's last message. Outside it a message LiftBot sends on its own goes as the
template for its kind and the person's language (bot/whatsapp/templates.py) with a
quick-reply button, and the message itself is held until the person answers
(bot/held.py: the outbox pump decides per row and marks the message `held`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import held
from bot.messages import Message
from bot.whatsapp.info import WINDOW
from bot.whatsapp.templates import Templates


def outside_window(last_incoming: datetime | None, now: datetime) -> bool:
    """Whether a message to someone who last wrote at `last_incoming` needs a template."""
    return held.outside_window(last_incoming, now, WINDOW)


def template_request(templates: Templates, to: str, message: Message) -> dict[str, Any]:
    """The Cloud API request that goes instead of a held message: T(kind, language), about
    the message's own first words."""
    return templates.for_message(message.kind, message.language).message(to, message.text)
