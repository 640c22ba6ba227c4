"""Storage of preparation progress and CV checks."""

from __future__ import annotations

from typing import Protocol

from conversations.core.records import CvReview, PrepProgress


class PreparationStore(Protocol):
    async def prep_progress(self, person_id: int) -> dict[int, PrepProgress]: ...
    async def save_prep(self, person_id: int, progress: PrepProgress) -> None: ...


class CvReviewStore(Protocol):
    async def create_cv_review(self, review: CvReview) -> CvReview: ...
    async def cv_review(self, review_id: int) -> CvReview | None: ...
    async def save_cv_review(self, review: CvReview) -> None: ...
