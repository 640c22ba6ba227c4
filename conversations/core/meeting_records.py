"""A pair's meetings and what became of them: the states, the place, the "did you talk?"
answers and the requests for help with an agreed action (stored through
conversations.core.stores.pairs).

A meeting is one proposal of times and a place by the buddy; the job seeker picks one.

```mermaid
stateDiagram-v2
    [*] --> proposed: the buddy sends up to three times and where
    proposed --> planned: the job seeker picks a time
    proposed --> declined: "none of these suit me" (a note; the buddy is asked again)
    proposed --> moved: the buddy sends other times instead
    proposed --> cancelled: withdrawn ("are you sure", a reason)
    planned --> moved: other times sent instead
    planned --> cancelled: "are you sure", a reason; the other side and the coach hear
    planned --> held: after the time, one of them says "yes, we talked"
    planned --> missed: "not yet" or "it is not going to happen"
    missed --> held: the other one says "yes, we talked"
    call --> held: old rows ("we will call each other", no time) are asked the same
    call --> missed
    held --> [*]: agreements, or "nothing agreed (yet)"
```

"call" is no longer made: a phone call is a planned meeting with a time and the place
"by phone". A pair counts as met only once a meeting is held (or an agreement exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypedDict

MeetingState = Literal[
    "proposed", "declined", "planned", "held", "missed", "moved", "cancelled", "call"
]
# Something is arranged and waits: times to pick, a time to come, an old "we will call".
OPEN: tuple[MeetingState, ...] = ("proposed", "planned", "call")
PlaceKind = Literal["address", "phone", "video"]
PLACE_KINDS: tuple[PlaceKind, ...] = ("address", "phone", "video")
TalkAnswer = Literal["yes", "not_yet", "never"]
# The answers as bound button actions ("tk:12:notyet"): letters and digits only.
TALK_ACTIONS: dict[str, TalkAnswer] = {"yes": "yes", "notyet": "not_yet", "never": "never"}


class PlaceData(TypedDict, total=False):
    """A Place as kept in a conversation's data while the buddy proposes (stored keys)."""

    kind: PlaceKind
    text: str | None
    link: str | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Place:
    """Where a meeting is: an address (typed, a map pin, or both), by phone, or a video call
    with its link."""

    kind: PlaceKind
    text: str | None = None
    link: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def pin(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    def to_data(self) -> PlaceData:
        """As kept in a conversation's data while the buddy proposes."""
        return {
            "kind": self.kind,
            "text": self.text,
            "link": self.link,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }

    @classmethod
    def from_data(cls, data: PlaceData) -> Place | None:
        kind = data.get("kind")
        if kind not in PLACE_KINDS:
            return None
        return cls(
            kind=kind,
            text=data.get("text"),
            link=data.get("link"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )


@dataclass
class Talk:
    """One person's answer to "did you talk?" after a meeting, and whether they then said
    nothing was agreed (yet)."""

    meeting_id: int
    person_id: int
    talked: TalkAnswer
    answered_at: datetime
    nothing_agreed: bool = False


@dataclass
class HelpRequest:
    """ "I need help" with an agreed action, with a note in the person's own words."""

    id: int
    agreement_id: int
    person_id: int
    asked_at: datetime
    note: str | None = None
