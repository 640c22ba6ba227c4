"""SQLite storage for what became of broadcast messages after the chat app took them: the
app's id of each message sent, and each recipient's furthest delivery state (bot/delivery.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.sqlite.base import RowsMixin, to_db
from bot.storage import DeliveryCount

# How far a message got; 'failed' outranks the rest, so a later 'read' cannot hide it.
RANK = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
_RANK_SQL = "CASE {} " + " ".join(f"WHEN '{s}' THEN {r}" for s, r in RANK.items()) + " ELSE 0 END"


class DeliveryMixin(RowsMixin):
    async def remember_messages(
        self,
        broadcast_id: int,
        person_id: int,
        channel: str,
        message_ids: Sequence[str],
        now: datetime,
    ) -> None:
        await self._db.executemany(
            "INSERT OR IGNORE INTO broadcast_messages"
            " (channel, message_id, broadcast_id, person_id, sent_at) VALUES (?, ?, ?, ?, ?)",
            [(channel, m, broadcast_id, person_id, to_db(now)) for m in message_ids],
        )

    async def record_delivery(
        self, channel: str, message_id: str, state: str, error: int | None
    ) -> bool:
        """One status: the recipient's state becomes the furthest seen (the same status twice,
        or in any order, ends the same); a failure keeps its error code (the lowest, should
        two differ). False for a message id LiftBot does not know, or a state it does not."""
        if state not in RANK:
            return False
        row = await self._row(
            "SELECT broadcast_id, person_id FROM broadcast_messages"
            " WHERE channel = ? AND message_id = ?",
            (channel, message_id),
        )
        if row is None:
            return False
        old, new = _RANK_SQL.format("delivery"), _RANK_SQL.format(":state")
        await self._db.execute(
            f"UPDATE broadcast_recipients SET delivery = CASE WHEN {new} > {old}"
            " THEN :state ELSE delivery END, delivery_error = CASE WHEN :state = 'failed'"
            " THEN COALESCE(MIN(delivery_error, :error), delivery_error, :error)"
            " ELSE delivery_error END WHERE broadcast_id = :broadcast AND person_id = :person",
            {
                "state": state,
                "error": error,
                "broadcast": row["broadcast_id"],
                "person": row["person_id"],
            },
        )
        return True

    async def delivery_counts(self, broadcast_id: int) -> list[DeliveryCount]:
        """(channel, state, delivery, how many) of the broadcast's recipients."""
        rows = await self._rows(
            "SELECT substr(chat_key, 1, instr(chat_key, ':') - 1) AS channel, state, delivery,"
            " COUNT(*) FROM broadcast_recipients WHERE broadcast_id = ?"
            " GROUP BY channel, state, delivery ORDER BY channel, state, delivery",
            (broadcast_id,),
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    async def forget_old_messages(self, before: datetime) -> None:
        """Message ids sent before `before` go: no status comes for them any more, and a
        WhatsApp message id holds the person's number."""
        await self._db.execute("DELETE FROM broadcast_messages WHERE sent_at < ?", (to_db(before),))
