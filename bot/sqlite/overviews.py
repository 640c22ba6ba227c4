"""Set-based reads for the coach's overviews: a few queries for a whole programme, not a
few per pair or per person (those held the store's lock, and every other chat, for half a
second with 1,000 pairs). Counts are correlated subqueries on the indexes of migration 10,
so a page of ten pairs costs ten pairs' worth of work and the funnel one pass."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.sqlite.base import ID_BATCH, RowsMixin, marks, to_db
from conversations.core.overview_records import PairSheetLine, PairSummary

# Per pair p: its meetings and agreements counted (see PairSummary).
_COUNTS = """
  (SELECT COUNT(*) FROM meetings m WHERE m.pair_id = p.id AND m.state = 'planned'
    AND m.starts_at IS NOT NULL) AS n_planned,
  (SELECT COUNT(*) FROM meetings m WHERE m.pair_id = p.id AND m.state = 'planned'
    AND m.starts_at <= :now) AS n_started,
  (SELECT COUNT(*) FROM meetings m WHERE m.pair_id = p.id AND m.state = 'call') AS n_calls,
  (SELECT COUNT(*) FROM meetings m WHERE m.pair_id = p.id AND m.state = 'proposed')
    AS n_proposed,
  (SELECT COUNT(*) FROM meetings m WHERE m.pair_id = p.id AND m.state = 'held') AS n_held,
  (SELECT COUNT(*) FROM meetings m JOIN meeting_talks t ON t.meeting_id = m.id
    WHERE m.pair_id = p.id AND m.state = 'held' AND t.nothing_agreed = 1) AS n_nothing,
  (SELECT COUNT(*) FROM agreements a WHERE a.pair_id = p.id) AS n_agreements,
  (SELECT COUNT(*) FROM agreements a WHERE a.pair_id = p.id
    AND a.state IN ('unconfirmed', 'confirmed') AND a.due_on >= :today) AS n_open,
  (SELECT COUNT(*) FROM agreements a WHERE a.pair_id = p.id AND a.state = 'confirmed'
    AND a.due_on < :today) AS n_overdue,
  (SELECT COUNT(*) FROM agreements a WHERE a.pair_id = p.id AND a.state = 'done') AS n_done
"""
_PAIR = "p.id, p.kind, p.state, p.candidate_id, p.buddy_id"
# A person's name, or NULL once they left (their row stays, its name is erased). The counts
# come from a query of their own: repeated on every agreement's row they cost four times
# as much.
_SHEET = """
SELECT p.id, c.name AS candidate, b.name AS buddy,
  x.kind AS x_kind, x.text AS x_text, x.owner AS x_owner, x.due_on AS x_due_on,
  x.state AS x_state
FROM pairs p
LEFT JOIN people c ON c.id = p.candidate_id AND c.forgotten_at IS NULL
LEFT JOIN people b ON b.id = p.buddy_id AND b.forgotten_at IS NULL
LEFT JOIN agreements x ON x.pair_id = p.id
WHERE p.coach_id = :coach
ORDER BY p.id, x.id
"""
# Over a coach's accepted pairs: how many met, agreed something, got something done. "Met"
# is the rule of conversations.pairs.pair_states.state_of: one of the two said the talk happened
# (a held meeting), or an agreement was recorded (old data: only ever after a meeting). A
# planned time that passed, or an old "we will call each other", is not a meeting yet.
_HAS_AGREEMENT = "EXISTS (SELECT 1 FROM agreements a WHERE a.pair_id = p.id{extra})"
_MET = "EXISTS (SELECT 1 FROM meetings m WHERE m.pair_id = p.id AND m.state = 'held')"


def _summary(row: aiosqlite.Row) -> PairSummary:
    return PairSummary(
        id=row["id"],
        kind=row["kind"],
        state=row["state"],
        candidate_id=row["candidate_id"],
        buddy_id=row["buddy_id"],
        planned=row["n_planned"],
        started=row["n_started"],
        calls=row["n_calls"],
        agreements=row["n_agreements"],
        open=row["n_open"],
        overdue=row["n_overdue"],
        done=row["n_done"],
        proposed=row["n_proposed"],
        held=row["n_held"],
        nothing=row["n_nothing"],
    )


def _moments(now: datetime, today: date) -> dict[str, Any]:
    return {"now": to_db(now), "today": today.isoformat()}


class OverviewsMixin(RowsMixin):
    async def pair_ids_of_coach(self, coach_id: int) -> list[int]:
        rows = await self._rows("SELECT id FROM pairs WHERE coach_id = ? ORDER BY id", (coach_id,))
        return [row[0] for row in rows]

    async def pair_summaries(
        self, pair_ids: Sequence[int], now: datetime, today: date
    ) -> list[PairSummary]:
        """These pairs with their counts, in id order."""
        found: list[PairSummary] = []
        wanted = sorted(set(pair_ids))
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            ids = {f"i{n}": pair_id for n, pair_id in enumerate(batch)}
            rows = await self._rows(
                f"SELECT {_PAIR}, {_COUNTS} FROM pairs p"
                f" WHERE p.id IN ({', '.join(':' + name for name in ids)}) ORDER BY p.id",
                {**_moments(now, today), **ids},
            )
            found += [_summary(row) for row in rows]
        return found

    async def pair_sheet(self, coach_id: int, now: datetime, today: date) -> list[PairSheetLine]:
        """Every pair of a coach, once per agreement (or once without), with both names."""
        counted = await self._rows(
            f"SELECT {_PAIR}, {_COUNTS} FROM pairs p WHERE p.coach_id = :coach",
            {"coach": coach_id, **_moments(now, today)},
        )
        summaries = {row["id"]: _summary(row) for row in counted}
        rows = await self._rows(_SHEET, {"coach": coach_id})
        return [
            PairSheetLine(
                pair=summaries[row["id"]],
                candidate=row["candidate"],
                buddy=row["buddy"],
                agreement=row["x_kind"],
                text=row["x_text"],
                owner=row["x_owner"],
                due_on=date.fromisoformat(row["x_due_on"]) if row["x_due_on"] else None,
                agreement_state=row["x_state"],
            )
            for row in rows
        ]

    async def pair_funnel(
        self, coach_id: int, now: datetime, outcomes: Sequence[str]
    ) -> dict[str, int]:
        """Of a coach's accepted pairs: paired, met, agreed, done, and per outcome the pairs
        that got one done. (`now` is kept for callers: "met" no longer depends on the
        clock, since a time that passed is not a meeting.)"""
        agreed = _HAS_AGREEMENT.format(extra="")
        done = _HAS_AGREEMENT.format(extra=" AND a.state = 'done'")
        columns = [
            "COUNT(*) AS paired",
            f"SUM({agreed} OR {_MET}) AS met",
            f"SUM({agreed}) AS agreed",
            f"SUM({done}) AS done",
        ]
        params: dict[str, Any] = {"coach": coach_id}
        for n, outcome in enumerate(outcomes):
            extra = f" AND a.state = 'done' AND a.kind = :kind{n}"
            columns.append(f"SUM({_HAS_AGREEMENT.format(extra=extra)}) AS outcome{n}")
            params[f"kind{n}"] = outcome
        row = await self._row(
            f"SELECT {', '.join(columns)} FROM pairs p"
            " WHERE p.coach_id = :coach AND p.state = 'accepted'",
            params,
        )
        assert row is not None
        funnel = {key: row[key] or 0 for key in ("paired", "met", "agreed", "done")}
        funnel.update((outcome, row[f"outcome{n}"] or 0) for n, outcome in enumerate(outcomes))
        return funnel

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
