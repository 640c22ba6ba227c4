"""The coach's overviews, read for many at once: pairs with their meetings and agreements
counted, and the people screen (members, preparation, answers, pairs)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from conversations.core.overview_records import PairSheetLine, PairSummary
from conversations.core.people_records import Attendance, Invitation, Member


class PairOverviewStore(Protocol):
    async def pair_ids_of_coach(self, coach_id: int) -> list[int]: ...
    # In id order.
    async def pair_summaries(
        self, pair_ids: Sequence[int], now: datetime, today: date
    ) -> list[PairSummary]: ...
    async def pair_funnel(
        self, coach_id: int, now: datetime, outcomes: Sequence[str]
    ) -> dict[str, int]: ...
    # One line per agreement, or one for a pair without.
    async def pair_sheet(
        self, coach_id: int, now: datetime, today: date
    ) -> list[PairSheetLine]: ...


class PeopleOverviewStore(Protocol):
    async def members(self, programme_id: int) -> list[Member]: ...
    async def member(self, programme_id: int, person_id: int) -> Member | None: ...
    async def prep_done(self, person_ids: Sequence[int]) -> dict[int, int]: ...
    async def pairs_with(
        self, coach_id: int, person_ids: Sequence[int], now: datetime, today: date
    ) -> list[PairSummary]: ...
    async def invitations_from(self, coach_id: int, person_id: int) -> list[Invitation]: ...
    async def attendance(self, programme_id: int) -> dict[int, Attendance]: ...
