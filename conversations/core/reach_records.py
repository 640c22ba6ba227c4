"""How the two people of a pair reach each other: what one of them shares with the other
(a phone number, a chat username), and that messages went between them through LiftBot.

Shared details are kept only while they are shared (stopping, the pair ending or a /forget
erases them). Of relayed messages only a count and the date of the last one are kept: the
texts pass through the outbox and are gone once delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Reach:
    """What one person of a pair shares with the other side; both None: nothing, they write
    to each other through LiftBot only."""

    pair_id: int
    person_id: int
    phone: str | None = None
    username: str | None = None
    shared_at: datetime | None = None

    @property
    def shares(self) -> bool:
        return self.phone is not None or self.username is not None


@dataclass(frozen=True)
class PairContact:
    """That the two of a pair wrote to each other through LiftBot: how often, and when last."""

    pair_id: int
    messages: int
    last_at: datetime
