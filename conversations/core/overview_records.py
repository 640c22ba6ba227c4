"""What the coach's overviews read: pairs with their meetings and agreements counted, lines
of the pairs CSV; read for many at once (conversations.core.stores.overviews)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PairSummary:
    """A pair with what its overview line, its state and the funnel need: counts of its
    meetings and agreements, read for many pairs at once."""

    id: int
    kind: str  # records.PairKind
    state: str  # records.PairState
    candidate_id: int
    buddy_id: int
    planned: int  # meetings planned at a time
    started: int  # of those, the time has come (and nobody said yet whether they talked)
    calls: int  # old "we will call each other" rows, without a time
    agreements: int
    open: int  # unconfirmed or confirmed, due today or later
    overdue: int  # confirmed and due before today
    done: int
    proposed: int = 0  # times proposed, none picked yet
    held: int = 0  # meetings one of the two said took place
    nothing: int = 0  # "nothing agreed (yet)" answers after a meeting that was held


@dataclass(frozen=True)
class PairSheetLine:
    """A line of the coach's pairs CSV: a pair and one of its agreements, or none."""

    pair: PairSummary
    candidate: str | None  # None once the person left
    buddy: str | None
    agreement: str | None = None  # records.AgreementKind
    text: str | None = None
    owner: str | None = None
    due_on: date | None = None
    agreement_state: str | None = None
