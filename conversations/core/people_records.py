"""What the coach's people screen reads: the members of a programme, and for a page of them
(or all, for the CSV) their preparation, answers to invitations and pairs, read for many at
once (see bot/store_people.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from conversations.core.overview_records import PairSummary


@dataclass(frozen=True)
class Member:
    """Someone in a programme, as the people list shows them."""

    id: int
    name: str | None
    role: str  # types.Role
    joined_at: datetime
    last_seen_on: date | None
    onboarded: bool


@dataclass(frozen=True)
class Attendance:
    """One person's answers to the invitations of one programme, counted."""

    invited: int = 0
    yes: int = 0
    present: int = 0


@dataclass(frozen=True)
class Invitation:
    """Someone's answer to one meeting, as their coach sees it."""

    title: str
    starts_at: datetime
    answer: str  # records.RsvpState
    present: bool


class PeopleStore(Protocol):
    async def members(self, programme_id: int) -> list[Member]: ...
    async def member(self, programme_id: int, person_id: int) -> Member | None: ...
    async def prep_done(self, person_ids: Sequence[int]) -> dict[int, int]: ...
    async def pairs_with(
        self, coach_id: int, person_ids: Sequence[int], now: datetime, today: date
    ) -> list[PairSummary]: ...
    async def invitations_from(self, coach_id: int, person_id: int) -> list[Invitation]: ...
    async def attendance(self, programme_id: int) -> dict[int, Attendance]: ...
