"""What the coach's people screen reads: the members of a programme, and for a page of them
(or all, for the CSV) their preparation, answers to invitations and pairs, read for many at
once (conversations.core.stores.overviews)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


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
