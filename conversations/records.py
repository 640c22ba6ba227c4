"""Programme, event and attendance records, and the storage the journey flows use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from conversations.meeting_records import MeetingState, Place

if TYPE_CHECKING:
    from conversations.types import Person

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


class EventStore(Protocol):
    async def create_programme(
        self,
        *,
        kind: ProgrammeKind,
        name: str,
        municipality: str | None,
        coach_id: int,
        now: datetime,
    ) -> Programme: ...
    async def programme(self, programme_id: int) -> Programme | None: ...
    async def programmes_of_coach(self, coach_id: int) -> list[Programme]: ...
    async def add_member(self, programme_id: int, person_id: int, now: datetime) -> None: ...
    async def member_ids(self, programme_id: int) -> list[int]: ...
    async def create_event(self, event: Event) -> Event: ...
    async def event(self, event_id: int) -> Event | None: ...
    async def event_by_checkin(self, code: str) -> Event | None: ...
    async def save_event(self, event: Event) -> None: ...
    async def events_of_coach(self, coach_id: int, since: datetime) -> list[Event]: ...
    async def events_of_person(self, person_id: int, since: datetime) -> list[Event]: ...
    async def open_events_for_member(self, person_id: int, since: datetime) -> list[Event]: ...
    async def invite_to_event(self, event_id: int, person_ids: list[int]) -> list[int]: ...
    async def remove_from_event(self, event_id: int, person_ids: list[int]) -> None: ...
    async def rsvp(self, event_id: int, person_id: int) -> Rsvp | None: ...
    async def rsvps(self, event_id: int) -> list[Rsvp]: ...
    async def save_rsvp(self, rsvp: Rsvp) -> None: ...
    async def schedule(
        self, kind: str, person_id: int, event_id: int | None, due: datetime
    ) -> None: ...
    async def unschedule(self, person_id: int, event_id: int, kinds: list[str]) -> None: ...
    async def prep_progress(self, person_id: int) -> dict[int, PrepProgress]: ...
    async def save_prep(self, person_id: int, progress: PrepProgress) -> None: ...
    async def create_cv_review(self, review: CvReview) -> CvReview: ...
    async def cv_review(self, review_id: int) -> CvReview | None: ...
    async def save_cv_review(self, review: CvReview) -> None: ...
    async def create_pair(self, pair: Pair) -> Pair | None: ...
    async def pair(self, pair_id: int) -> Pair | None: ...
    async def save_pair(self, pair: Pair) -> None: ...
    async def pairs_of_coach(self, coach_id: int) -> list[Pair]: ...
    async def pairs_of_person(self, person_id: int) -> list[Pair]: ...
    async def create_meeting(self, meeting: Meeting) -> Meeting: ...
    async def meeting(self, meeting_id: int) -> Meeting | None: ...
    async def save_meeting(self, meeting: Meeting) -> None: ...
    async def meetings_of_pair(self, pair_id: int) -> list[Meeting]: ...
    async def create_agreement(self, agreement: Agreement) -> Agreement: ...
    async def agreement(self, agreement_id: int) -> Agreement | None: ...
    async def save_agreement(self, agreement: Agreement) -> None: ...
    async def agreements_of_pair(self, pair_id: int) -> list[Agreement]: ...
    async def schedule_about(
        self, kind: str, person_id: int, subject: str, due: datetime
    ) -> None: ...
    async def unschedule_about(self, subject: str) -> None: ...
    async def save_round_two(
        self, event_id: int, candidate_id: int, buddy_ids: list[int], now: datetime
    ) -> None: ...
    async def round_two_choices(self, event_id: int) -> list[tuple[int, int]]: ...
    async def create_broadcast(
        self, broadcast: Broadcast, recipients: list[Recipient]
    ) -> Broadcast: ...
    async def broadcast(self, broadcast_id: int) -> Broadcast | None: ...
    async def save_broadcast(self, broadcast: Broadcast) -> None: ...
    async def broadcast_counts(self, broadcast_id: int) -> dict[str, int]: ...
    async def everyone(self) -> list[Person]: ...
    async def people_of_coach(self, coach_id: int) -> list[Person]: ...
    async def create_series(
        self, programme_id: int, rule: dict[str, Any], template_event_id: int, now: datetime
    ) -> Series: ...
    async def all_series(self) -> list[Series]: ...
    async def last_start_in_series(self, series_id: int) -> datetime | None: ...
    async def save_evaluation(self, evaluation: Evaluation, now: datetime) -> None: ...
    async def evaluations(self, event_id: int) -> list[Evaluation]: ...


class PersonalStore(Protocol):
    """The storage behind /mydata, /forget and /handover: everything kept about one person."""

    async def programmes_of_member(self, person_id: int) -> list[Programme]: ...
    async def rsvps_of_person(self, person_id: int) -> list[tuple[Event, Rsvp]]: ...
    async def evaluations_of_person(self, person_id: int) -> list[Evaluation]: ...
    async def cv_reviews_of_person(self, person_id: int) -> list[CvReview]: ...
    async def all_pairs_of_person(self, person_id: int) -> list[Pair]: ...
    async def scheduled_of_person(self, person_id: int) -> list[Scheduled]: ...
    async def broadcasts_of_sender(self, sender_id: int) -> list[Broadcast]: ...
    async def programmes_without_coach(self) -> list[Programme]: ...
    async def hand_over(self, programme_id: int, coach_id: int) -> None: ...
