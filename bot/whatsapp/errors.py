"""The Cloud API's refusals as the core's delivery errors: wait and try again, give up on
this person, or (outside the 24-hour window) keep the message for a template."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import httpx
from pywa_async.errors import WhatsAppError

from bot.channel import ChatBusy, DeliveryPaused, Undeliverable

log = logging.getLogger(__name__)

# Not on WhatsApp, or an app too old for Cloud API messages.
UNDELIVERABLE = frozenset({131026})
# Throughput, pair rate, spam rate, API rate limits (as RapidPro's courier reads them).
THROTTLED = frozenset({4, 80007, 130429, 131048, 131056, 133016})
# To this one person, too many too fast: only their chat waits.
PAIR_RATE = 131056
# More than 24 hours since the person's last message: only a template may go.
RE_ENGAGEMENT = 131047


class OutsideWindow(ChatBusy):
    """WhatsApp takes only an approved template now (131047): the 24-hour window since the
    person's last message is closed. The message stays queued (the outbox keeps a busy
    chat's messages) until the window logic sends the template and the person answers."""


def code_of(error: WhatsAppError) -> int:
    return int(error.code)


@contextlib.asynccontextmanager
async def as_delivery_errors() -> AsyncIterator[None]:
    """Inside, the Cloud API's errors become Undeliverable, ChatBusy, OutsideWindow or
    DeliveryPaused; nothing is dropped but what cannot ever arrive."""
    try:
        yield
    except WhatsAppError as exc:
        code = code_of(exc)
        if code in UNDELIVERABLE:
            raise Undeliverable() from exc
        if code == RE_ENGAGEMENT:
            raise OutsideWindow() from exc
        if code == PAIR_RATE:
            raise ChatBusy(f"WhatsApp error {code}") from exc
        if code in THROTTLED or exc.status_code == 429:
            raise DeliveryPaused(f"WhatsApp error {code}") from exc
        # A refusal we do not know: the message stays queued, the log says which code.
        raise DeliveryPaused(f"WhatsApp error {code}") from exc
    except httpx.HTTPError as exc:
        raise DeliveryPaused(type(exc).__name__) from exc
