"""Preparation progress and CV checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.storage import Backend
from conversations.core.records import CvReview, PrepProgress
from tests.bot.storage.contract import NOW, contract, people


@contract("prep_progress", "save_prep")
async def test_preparation_progress_per_session(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        anna, bert = await people(store, ["candidate", "candidate"])
        assert await store.prep_progress(anna.id) == {}
        one = PrepProgress(1, 3, {"neighbour": "I cook", "headline": "Cook"}, NOW)
        two = PrepProgress(2, 1, {"skill": "Patient"})
        await store.save_prep(anna.id, one)
        await store.save_prep(anna.id, two)
        await store.save_prep(bert.id, PrepProgress(1))
        assert await store.prep_progress(anna.id) == {1: one, 2: two}
        # Saving a session again replaces it.
        two = PrepProgress(2, 4, {"skill": "Patient", "cv": "done"}, NOW + timedelta(days=1))
        await store.save_prep(anna.id, two)
        assert await store.prep_progress(anna.id) == {1: one, 2: two}
        assert await store.prep_progress(bert.id) == {1: PrepProgress(1)}


@contract("create_cv_review", "cv_review", "save_cv_review")
async def test_cv_review_round_trip(backend: Backend) -> None:
    async with backend.unit_of_work() as store:
        anna, coach = await people(store, ["candidate", "coach"])
        draft = CvReview(0, anna.id, coach.id, "document", "file-1", NOW)
        made = await store.create_cv_review(draft)
        assert made == replace(draft, id=made.id)
        assert made.tips == [] and made.tops == [] and made.answered_at is None
        photo = await store.create_cv_review(CvReview(0, anna.id, coach.id, "photo", "f2", NOW))
        assert photo.id != made.id and photo.file_kind == "photo"
        made.tips, made.tops = ["Shorter", "Add a photo"], ["Clear", "Warm"]
        made.answered_at = NOW + timedelta(hours=5)
        await store.save_cv_review(made)
    async with backend.unit_of_work() as store:
        assert await store.cv_review(made.id) == made
        assert await store.cv_review(photo.id) == photo
        assert await store.cv_review(9999) is None
