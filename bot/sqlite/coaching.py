"""SQLite storage for preparation progress and CV checks."""

from __future__ import annotations

import json
from typing import cast

import aiosqlite

from bot.sqlite.base import RowsMixin, at, from_db, to_db
from conversations.core.records import CvReview, PrepProgress


class CoachingMixin(RowsMixin):
    # -- preparation ----------------------------------------------------------------

    async def prep_progress(self, person_id: int) -> dict[int, PrepProgress]:
        rows = await self._rows("SELECT * FROM prep_progress WHERE person_id = ?", (person_id,))
        return {
            row["session"]: PrepProgress(
                row["session"],
                row["step"],
                json.loads(row["answers"]),
                from_db(row["finished_at"]),
            )
            for row in rows
        }

    async def save_prep(self, person_id: int, progress: PrepProgress) -> None:
        await self._db.execute(
            "INSERT INTO prep_progress (person_id, session, step, answers, finished_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, session) DO UPDATE SET"
            " step = excluded.step, answers = excluded.answers,"
            " finished_at = excluded.finished_at",
            (
                person_id,
                progress.session,
                progress.step,
                json.dumps(progress.answers),
                to_db(progress.finished_at),
            ),
        )

    # -- CV checks --------------------------------------------------------------------

    @staticmethod
    def _cv(row: aiosqlite.Row) -> CvReview:
        return CvReview(
            id=row["id"],
            candidate_id=row["candidate_id"],
            reviewer_id=row["reviewer_id"],
            file_kind=row["file_kind"],
            file_id=row["file_id"],
            requested_at=at(row["requested_at"]),
            tips=json.loads(row["tips"] or "[]"),
            tops=json.loads(row["tops"] or "[]"),
            answered_at=from_db(row["answered_at"]),
        )

    async def create_cv_review(self, review: CvReview) -> CvReview:
        cur = await self._db.execute(
            "INSERT INTO cv_reviews (candidate_id, reviewer_id, file_kind, file_id, requested_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                review.candidate_id,
                review.reviewer_id,
                review.file_kind,
                review.file_id,
                to_db(review.requested_at),
            ),
        )
        found = await self.cv_review(cast(int, cur.lastrowid))
        assert found is not None
        return found

    async def cv_review(self, review_id: int) -> CvReview | None:
        rows = await self._rows("SELECT * FROM cv_reviews WHERE id = ?", (review_id,))
        return self._cv(rows[0]) if rows else None

    async def save_cv_review(self, review: CvReview) -> None:
        await self._db.execute(
            "UPDATE cv_reviews SET tips = ?, tops = ?, answered_at = ? WHERE id = ?",
            (
                json.dumps(review.tips),
                json.dumps(review.tops),
                to_db(review.answered_at),
                review.id,
            ),
        )
