"""What /mydata shows: everything stored about one person, read once for the chat and the
JSON file."""

from __future__ import annotations

from dataclasses import dataclass, field

from conversations.core.context import Context
from conversations.core.meeting_records import HelpRequest, Talk
from conversations.core.reach_records import PairContact, Reach
from conversations.core.records import (
    Agreement,
    Broadcast,
    CvReview,
    Evaluation,
    Event,
    Invite,
    Meeting,
    Pair,
    Person,
    PrepProgress,
    Programme,
    Rsvp,
    Scheduled,
)


@dataclass
class PairFacts:
    pair: Pair
    other: Person | None
    programme: Programme | None
    meetings: list[Meeting]
    agreements: list[Agreement]
    # Their own answers to "did you talk?", and their own requests for help.
    talks: list[Talk] = field(default_factory=list)
    help_requests: list[HelpRequest] = field(default_factory=list)
    # What they share with the other side, and how often the two wrote through LiftBot.
    shared: Reach | None = None
    contact: PairContact | None = None


@dataclass
class Facts:
    """What is stored about one person, read once for the chat and the file."""

    programmes: list[Programme]
    invited_by: Person | None
    invites: list[Invite]
    prep: dict[int, PrepProgress]
    rsvps: list[tuple[Event, Rsvp]]
    ratings: list[tuple[Event | None, Evaluation]]
    cv: list[tuple[CvReview, Person | None]]
    pairs: list[PairFacts]
    scheduled: list[tuple[Scheduled, Event | None]]
    broadcasts: list[Broadcast]
    coached: list[Programme] = field(default_factory=list)
    events: dict[int, Event] = field(default_factory=dict)


async def gather(ctx: Context, person: Person) -> Facts:
    store = ctx.store
    rsvps = await store.rsvps_of_person(person.id)
    events = {event.id: event for event, _ in rsvps}

    async def event(event_id: int | None) -> Event | None:
        if event_id is not None and event_id not in events:
            found = await store.event(event_id)
            if found is not None:
                events[event_id] = found
        return events.get(event_id) if event_id is not None else None

    pairs = []
    talks = await store.talks_of_person(person.id)
    helps = await store.help_requests_of_person(person.id)
    for pair in await store.all_pairs_of_person(person.id):
        other = pair.buddy_id if pair.candidate_id == person.id else pair.candidate_id
        programme = await store.programme(pair.programme_id) if pair.programme_id else None
        meetings = await store.meetings_of_pair(pair.id)
        agreements = await store.agreements_of_pair(pair.id)
        meeting_ids, agreement_ids = {m.id for m in meetings}, {a.id for a in agreements}
        pairs.append(
            PairFacts(
                pair,
                await store.person(other),
                programme,
                meetings,
                agreements,
                [t for t in talks if t.meeting_id in meeting_ids],
                [h for h in helps if h.agreement_id in agreement_ids],
                await store.reach(pair.id, person.id),
                (await store.pair_contacts([pair.id])).get(pair.id),
            )
        )
    cv = []
    for review in await store.cv_reviews_of_person(person.id):
        other = review.reviewer_id if review.candidate_id == person.id else review.candidate_id
        cv.append((review, await store.person(other)))
    return Facts(
        programmes=await store.programmes_of_member(person.id),
        invited_by=await store.person(person.invited_by) if person.invited_by else None,
        invites=await store.invites_created_by(person.id),
        prep=await store.prep_progress(person.id),
        rsvps=rsvps,
        ratings=[
            (await event(e.event_id), e) for e in await store.evaluations_of_person(person.id)
        ],
        cv=cv,
        pairs=pairs,
        scheduled=[
            (s, await event(s.event_id)) for s in await store.scheduled_of_person(person.id)
        ],
        broadcasts=await store.broadcasts_of_sender(person.id),
        coached=await store.programmes_of_coach(person.id),
        events=events,
    )
