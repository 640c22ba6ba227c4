"""Set-based reads for the coach's overviews: a few queries for a whole programme, not a
few per pair or per person (those held the store's lock, and every other chat, for half a
second with 1,000 pairs)."""

from __future__ import annotations

from datetime import date, datetime

from bot.store_base import ID_BATCH, RowsMixin, marks, to_db
from bot.store_pairs import PairsMixin
from conversations.records import Agreement, PairSummary

# Per pair of the coach: its meetings and agreements counted in one pass each.
_SUMMARIES = """
SELECT p.*,
  COALESCE(m.planned, 0) AS n_planned, COALESCE(m.started, 0) AS n_started,
  COALESCE(m.calls, 0) AS n_calls, COALESCE(a.total, 0) AS n_agreements,
  COALESCE(a.open, 0) AS n_open, COALESCE(a.overdue, 0) AS n_overdue,
  COALESCE(a.done, 0) AS n_done, a.done_kinds
FROM pairs p
LEFT JOIN (
  SELECT pair_id,
    SUM(state = 'planned' AND starts_at IS NOT NULL) AS planned,
    SUM(state = 'planned' AND starts_at <= :now) AS started,
    SUM(state = 'call') AS calls
  FROM meetings WHERE pair_id IN (SELECT id FROM pairs WHERE coach_id = :coach)
  GROUP BY pair_id
) m ON m.pair_id = p.id
LEFT JOIN (
  SELECT pair_id, COUNT(*) AS total,
    SUM(state IN ('unconfirmed', 'confirmed') AND due_on >= :today) AS open,
    SUM(state = 'confirmed' AND due_on < :today) AS overdue,
    SUM(state = 'done') AS done,
    GROUP_CONCAT(CASE WHEN state = 'done' THEN kind END) AS done_kinds
  FROM agreements WHERE pair_id IN (SELECT id FROM pairs WHERE coach_id = :coach)
  GROUP BY pair_id
) a ON a.pair_id = p.id
WHERE p.coach_id = :coach
ORDER BY p.id
"""


class OverviewsMixin(PairsMixin, RowsMixin):
    async def pair_summaries(self, coach_id: int, now: datetime, today: date) -> list[PairSummary]:
        rows = await self._rows(
            _SUMMARIES, {"coach": coach_id, "now": to_db(now), "today": today.isoformat()}
        )
        return [
            PairSummary(
                pair=self._pair(row),
                planned=row["n_planned"],
                started=row["n_started"],
                calls=row["n_calls"],
                agreements=row["n_agreements"],
                open=row["n_open"],
                overdue=row["n_overdue"],
                done=row["n_done"],
                done_kinds=frozenset((row["done_kinds"] or "").split(",")) - {""},
            )
            for row in rows
        ]

    async def agreements_of_coach(self, coach_id: int) -> list[Agreement]:
        rows = await self._rows(
            "SELECT a.* FROM agreements a JOIN pairs p ON p.id = a.pair_id"
            " WHERE p.coach_id = ? ORDER BY a.pair_id, a.id",
            (coach_id,),
        )
        return [self._agreement(row) for row in rows]

    async def came_before_ids(self, person_ids: list[int], before: datetime) -> set[int]:
        """Of these people, those who were present at an earlier event."""
        wanted, found = sorted(set(person_ids)), set[int]()
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            rows = await self._rows(
                "SELECT DISTINCT r.person_id FROM rsvps r JOIN events e ON e.id = r.event_id"
                " WHERE r.present_at IS NOT NULL AND e.starts_at < ?"
                f" AND r.person_id IN ({marks(batch)})",
                (to_db(before), *batch),
            )
            found.update(row[0] for row in rows)
        return found
