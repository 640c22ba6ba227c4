"""SQLite storage for how the two people of a pair reach each other (see
conversations/reach_records.py): shared details while shared, and counts of relayed messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.sqlite.base import ID_BATCH, RowsMixin, at, from_db, marks, to_db
from conversations.core.reach_records import PairContact, Reach


class ReachMixin(RowsMixin):
    async def reach(self, pair_id: int, person_id: int) -> Reach:
        """What this person shares in this pair (nothing when there is no row)."""
        row = await self._row(
            "SELECT * FROM pair_reach WHERE pair_id = ? AND person_id = ?", (pair_id, person_id)
        )
        if row is None:
            return Reach(pair_id, person_id)
        return Reach(pair_id, person_id, row["phone"], row["username"], from_db(row["shared_at"]))

    async def save_reach(self, reach: Reach) -> None:
        """Keep what is shared; sharing nothing deletes the row, so no old number stays."""
        if not reach.shares:
            await self._db.execute(
                "DELETE FROM pair_reach WHERE pair_id = ? AND person_id = ?",
                (reach.pair_id, reach.person_id),
            )
            return
        await self._db.execute(
            "INSERT INTO pair_reach (pair_id, person_id, phone, username, shared_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (pair_id, person_id) DO UPDATE SET"
            " phone = excluded.phone, username = excluded.username,"
            " shared_at = excluded.shared_at",
            (reach.pair_id, reach.person_id, reach.phone, reach.username, to_db(reach.shared_at)),
        )

    async def count_contact(self, pair_id: int, now: datetime) -> None:
        """One more message between the two of a pair: counted and dated, its text not kept."""
        await self._db.execute(
            "INSERT INTO pair_contact (pair_id, messages, last_at) VALUES (?, 1, ?)"
            " ON CONFLICT (pair_id) DO UPDATE SET messages = messages + 1,"
            " last_at = excluded.last_at",
            (pair_id, to_db(now)),
        )

    async def pair_contacts(self, pair_ids: Sequence[int]) -> dict[int, PairContact]:
        """Messages relayed per pair and the moment of the last; pairs without any are left out."""
        wanted, found = sorted(set(pair_ids)), dict[int, PairContact]()
        for start in range(0, len(wanted), ID_BATCH):
            batch = wanted[start : start + ID_BATCH]
            rows = await self._rows(
                f"SELECT * FROM pair_contact WHERE pair_id IN ({marks(batch)})", tuple(batch)
            )
            found.update(
                (r["pair_id"], PairContact(r["pair_id"], r["messages"], at(r["last_at"])))
                for r in rows
            )
        return found
