"""Programme, event and attendance records, and the storage the journey flows use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from conversations.core.meeting_records import MeetingState, Place
from conversations.core.types import Msg, Param, Role

ProgrammeKind = Literal["in_de_lift", "buddyproject", "maatjesproject", "walk_and_talk", "jobon"]
PROGRAMME_KINDS: tuple[ProgrammeKind, ...] = (
    "in_de_lift",
    "buddyproject",
    "maatjesproject",
    "walk_and_talk",
    "jobon",
)
EventKind = Literal["prep1", "prep2", "prep3", "main", "meetup"]
EVENT_KINDS: tuple[EventKind, ...] = ("prep1", "prep2", "prep3", "main", "meetup")
RsvpState = Literal["invited", "yes", "maybe", "no", "waitlist"]
# Who an event is for: job seekers, employer buddies, or both (the values are roles).
Audience = Literal["candidate", "buddy", "both"]
AUDIENCES: tuple[Audience, ...] = ("candidate", "buddy", "both")


@dataclass
class Programme:
    id: int
    kind: ProgrammeKind
    name: str
    municipality: str | None
    coach_id: int
    created_at: datetime


@dataclass
class Event:
    id: int
    programme_id: int
    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str | None
    latitude: float | None
    longitude: float | None
    capacity: int
    description: str | None
    checkin_code: str
    created_at: datetime
    # Minutes before the start at which yes and maybe get a reminder.
    reminders: list[int] = field(default_factory=lambda: [2880, 120])
    cancelled_at: datetime | None = None
    series_id: int | None = None
    audience: Audience = "both"

    def is_for(self, role: str) -> bool:
        """Whether someone with this role is invited and may take a place."""
        return self.audience == "both" or self.audience == role


@dataclass
class Rsvp:
    event_id: int
    person_id: int
    state: RsvpState
    answered_at: datetime | None = None
    waitlisted_at: datetime | None = None
    present_at: datetime | None = None


@dataclass
class Scheduled:
    id: int
    kind: str
    person_id: int
    event_id: int | None
    due_at: datetime
    # What a non-event message is about, such as "agreement:4" or "meeting:2".
    subject: str | None = None


PairKind = Literal["in_de_lift", "buddy", "maatje"]
PairState = Literal["proposed", "accepted", "declined", "cancelled"]
AgreementKind = Literal[
    "internship", "interview", "work_experience", "introduction", "conversation", "own"
]
AGREEMENT_KINDS: tuple[AgreementKind, ...] = (
    "internship",
    "interview",
    "work_experience",
    "introduction",
    "conversation",
    "own",
)
# Outcomes worth a celebration in the chat when they are done.
MILESTONES = ("internship", "interview", "work_experience")


@dataclass
class Pair:
    id: int
    programme_id: int | None
    kind: PairKind
    candidate_id: int
    buddy_id: int
    coach_id: int
    state: PairState
    created_at: datetime
    # A decline's reason (the buddy's), or why one of the two ended the pair (ended_by).
    reason: str | None = None
    answered_at: datetime | None = None
    ended_by: int | None = None

    def ended_for(self, person_id: int) -> bool:
        """Ended (one side left, say) and this person was in it: their buttons get a kind
        answer instead of a refusal."""
        return self.state == "cancelled" and person_id in (self.candidate_id, self.buddy_id)


@dataclass
class Meeting:
    id: int
    pair_id: int
    state: MeetingState
    created_at: datetime
    slots: list[datetime] = field(default_factory=list)
    starts_at: datetime | None = None
    place: Place | None = None  # None only on meetings from before places
    # Who cancelled it or said none of the times suit, why (their words), and when.
    closed_by: int | None = None
    note: str | None = None
    closed_at: datetime | None = None


@dataclass
class Agreement:
    id: int
    pair_id: int
    kind: AgreementKind
    owner: Literal["candidate", "buddy", "both"]
    due_on: date
    recorded_by: int
    created_at: datetime
    text: str | None = None
    state: Literal["unconfirmed", "confirmed", "disputed", "done"] = "unconfirmed"
    unanswered: int = 0
    done_at: datetime | None = None


@dataclass
class Evaluation:
    event_id: int
    person_id: int
    rating: int
    comment: str | None


@dataclass
class PrepProgress:
    """How far someone is with one preparation session, and what they answered."""

    session: int
    step: int = 0
    answers: dict[str, str] = field(default_factory=dict)
    finished_at: datetime | None = None


@dataclass
class CvReview:
    id: int
    candidate_id: int
    reviewer_id: int
    file_kind: Literal["photo", "document"]
    file_id: str
    requested_at: datetime
    tips: list[str] = field(default_factory=list)
    tops: list[str] = field(default_factory=list)
    answered_at: datetime | None = None


@dataclass
class Series:
    """A recurring event: its rule, and the first event whose details the others copy."""

    id: int
    programme_id: int
    rule: dict[str, Any]
    template_event_id: int


BroadcastState = Literal["scheduled", "sending", "paused", "cancelled", "done"]


@dataclass
class Broadcast:
    id: int
    sender_id: int
    audience: str
    # One text per language code, or one under "*" that everyone gets as it is.
    texts: dict[str, str]
    state: BroadcastState
    created_at: datetime
    send_at: datetime | None = None
    file_kind: Literal["photo", "document"] | None = None
    file_id: str | None = None
    finished_at: datetime | None = None
    progress_message: int | None = None


@dataclass(frozen=True)
class Recipient:
    person_id: int
    chat_key: str
    language: str | None


@dataclass
class Person:
    id: int
    chat_key: str | None
    role: Role
    language: str | None
    name: str | None
    profile: dict[str, Any]
    programme: str | None
    invited_by: int | None
    consent_at: datetime | None
    onboarded_at: datetime | None
    created_at: datetime
    # The last day (local) they wrote to LiftBot or pressed a button; None: not since joining.
    last_seen_on: date | None = None


def name_of(person: Person | None) -> Param:
    """A first name for a message; "someone who left" (translated) when the person is gone,
    and their role for someone without a name (an admin)."""
    if person is None:
        return Msg.of("person.left")
    return person.name or Msg.of(f"role.{person.role}")


@dataclass
class Conversation:
    chat_key: str
    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # Bumped every time buttons go out, so buttons on older messages are recognised.
    version: int = 0
    offered: list[str] = field(default_factory=list)
    # The latest turn's buttons as conversations.core.typed keeps them, so a typed label counts.
    choices: dict[str, Any] = field(default_factory=dict)


@dataclass
class Invite:
    id: int
    role: Role
    programme: str | None
    programme_id: int | None
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None
    # A group invite (one link for a room) may be used this many times; None: once.
    max_uses: int | None = None
    uses: int = 0

    @property
    def is_group(self) -> bool:
        return self.max_uses is not None
