"""What happens to others when someone leaves with /forget: said before they confirm, done
after. Open pairs end and both the other side and the coach are told, without the
leaver's name; places at meetings go to the waitlist; a CV check waiting on them goes back;
a coach's programmes wait for an admin to hand them over (conversations.people.handover)."""

from __future__ import annotations

from conversations.core.context import Context
from conversations.core.records import CvReview, Event, Pair, Person, Programme, name_of
from conversations.core.types import Joined, Msg, Param, Reply, When
from conversations.events import invitations
from conversations.pairs.names import about_agreement, about_meeting

OPEN = ("proposed", "accepted")
# A coach's confirmation names this many meetings and pairs; the rest are counted.
SHOWN = 5


async def consequences(ctx: Context, person: Person) -> list[Param]:
    """One line per thing that changes for others, for the confirmation question."""
    store = ctx.store
    lines: list[Param] = []
    for pair in await store.pairs_of_person(person.id):
        other = await store.person(_other_side(pair, person))
        programme = await _programme_name(ctx, pair)
        lines.append(Msg.of("forget.pair_ends", name=name_of(other), programme=programme))
    if places := len(await _coming(ctx, person)):
        lines.append(Msg.plural("forget.places", places))
    waiting = [r for r in await store.cv_reviews_of_person(person.id) if _waits_on(r, person)]
    if waiting:
        lines.append(Msg.plural("forget.cv_waiting", len(waiting)))
    if person.role == "coach":
        lines += await _coach_lines(ctx, person)
    if await store.broadcasts_of_sender(person.id):
        lines.append(Msg.of("forget.broadcasts"))
    return lines


async def _coach_lines(ctx: Context, person: Person) -> list[Param]:
    """A coach's programmes go to the admin; their meetings and pairs are named."""
    store, now = ctx.store, ctx.clock.now()
    programmes = await store.programmes_of_coach(person.id)
    if not programmes:
        return []
    lines: list[Param] = [Msg.of("forget.coach_programmes", programmes=_names(programmes))]
    events: list[Param] = [
        Msg.of("forget.event", title=e.title, when=When(e.starts_at))
        for e in await store.events_of_coach(person.id, now)
        if e.starts_at > now and e.cancelled_at is None
    ]
    if events:
        listed = _some(events, "forget.more_events", len(events))
        lines.append(Msg.plural("forget.coach_events", len(events), events=listed))
    pairs = [p for p in await store.pairs_of_coach(person.id) if p.state in OPEN]
    names: list[Param] = []
    for pair in pairs[:SHOWN]:
        candidate, buddy = await store.person(pair.candidate_id), await store.person(pair.buddy_id)
        names.append(Msg.of("forget.pair", candidate=name_of(candidate), buddy=name_of(buddy)))
    if pairs:
        listed = _some(names, "forget.more_pairs", len(pairs))
        lines.append(Msg.plural("forget.coach_pairs", len(pairs), pairs=listed))
    return lines


async def leave(ctx: Context, person: Person) -> None:
    """End what others share with them, erase them, then tell the others."""
    store, now = ctx.store, ctx.clock.now()
    told: list[tuple[Person, Reply]] = []
    for pair in await store.pairs_of_person(person.id):
        told += await _end_pair(ctx, pair, person)
    for review in await store.cv_reviews_of_person(person.id):
        candidate = await store.person(review.candidate_id) if _waits_on(review, person) else None
        if candidate is not None:
            told.append((candidate, Reply(Msg.of("left.cv_back"))))
    coming = await _coming(ctx, person)
    programmes = await store.programmes_of_coach(person.id) if person.role == "coach" else []
    await store.forget_person(person.id, now)
    for event in coming:
        await invitations.fill_free_places(ctx, event)
    if programmes:
        note = Reply(Msg.of("left.coach_admin", programmes=_names(programmes)))
        told += [(admin, note) for admin in await store.people_with_role("admin")]
    for someone, reply in told:
        ctx.notify(someone, reply)


async def _end_pair(ctx: Context, pair: Pair, person: Person) -> list[tuple[Person, Reply]]:
    """The pair ends; meetings to come are off and nothing more is planned about it."""
    store, now = ctx.store, ctx.clock.now()
    pair.state = "cancelled"
    await store.save_pair(pair)
    for meeting in await store.meetings_of_pair(pair.id):
        ahead = meeting.starts_at is None or meeting.starts_at > now
        if meeting.state != "cancelled" and ahead:
            meeting.state = "cancelled"
            await store.save_meeting(meeting)
        await store.unschedule_about(about_meeting(meeting.id))
    for agreement in await store.agreements_of_pair(pair.id):
        await store.unschedule_about(about_agreement(agreement.id))
    programme = await _programme_name(ctx, pair)
    other = await store.person(_other_side(pair, person))
    coach = await store.person(pair.coach_id)
    told = []
    # Neither message names the one who left: their name is not stored again.
    if other is not None:
        text = Msg.of(f"left.pair_other.{person.role}", programme=programme)
        told.append((other, Reply(text)))
    if coach is not None:
        text = Msg.of(f"left.pair_coach.{person.role}", name=name_of(other), programme=programme)
        told.append((coach, Reply(text)))
    return told


def _other_side(pair: Pair, person: Person) -> int:
    return pair.buddy_id if person.id == pair.candidate_id else pair.candidate_id


def _waits_on(review: CvReview, person: Person) -> bool:
    """A CV check that asks this person for tips and tops and has no answer yet."""
    return review.reviewer_id == person.id and review.answered_at is None


async def _programme_name(ctx: Context, pair: Pair) -> Param:
    programme = await ctx.store.programme(pair.programme_id) if pair.programme_id else None
    return programme.name if programme else "LiftBot"


async def _coming(ctx: Context, person: Person) -> list[Event]:
    """Meetings still to come where they have a place."""
    now = ctx.clock.now()
    return [
        event
        for event, rsvp in await ctx.store.rsvps_of_person(person.id)
        if rsvp.state == "yes" and event.starts_at > now and event.cancelled_at is None
    ]


def _some(items: list[Param], more: str, total: int) -> Joined:
    """The first few items, then "and 3 more ..." for the rest."""
    shown = tuple(items[:SHOWN])
    return Joined((*shown, Msg.plural(more, total - SHOWN)) if total > SHOWN else shown)


def _names(programmes: list[Programme]) -> Joined:
    return Joined(tuple(p.name for p in programmes))
