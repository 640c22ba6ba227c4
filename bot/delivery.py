"""What became of messages LiftBot sent, as a chat app reports it afterwards (WhatsApp's
statuses: sent, delivered, read, failed; out of order, and several per message).

Recorded per broadcast recipient, the furthest state seen (bot/storage.py DeliveryStore).
A status is never answered (a bot that answers statuses talks to itself) and never goes
through the intake: losing one costs a figure in the coach's report, so it is written
at once, in one small unit of work per webhook, and a failure is only logged."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage import Backend

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Status:
    """One report on one message: its id at the chat app, how far it got ('sent',
    'delivered', 'read' or 'failed') and, for a failure, the app's error code."""

    message_id: str
    state: str
    error: int | None = None


async def record_statuses(store: Backend | None, channel: str, statuses: Sequence[Status]) -> None:
    """Statuses of messages LiftBot does not know (a reply, a message id forgotten) are
    passed over quietly."""
    if store is None or not statuses:
        return
    try:
        async with store.unit_of_work() as unit:
            known = 0
            for status in statuses:
                known += await unit.record_delivery(
                    channel, status.message_id, status.state, status.error
                )
    except Exception:
        log.exception("statuses of %d messages could not be recorded", len(statuses))
        return
    log.debug("%d of %d statuses were of broadcast messages", known, len(statuses))
