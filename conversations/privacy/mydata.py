"""/mydata: everything stored about a person, part by part under a plain heading, in the
chat (a message per part, split when long, so it reads on a phone) and as a JSON file."""

from __future__ import annotations

from datetime import UTC, datetime, time

from conversations.core.context import Context
from conversations.core.records import (
    Broadcast,
    CvReview,
    Evaluation,
    Event,
    Meeting,
    Person,
    PrepProgress,
    Rsvp,
    Scheduled,
    name_of,
)
from conversations.core.types import Attachment, Joined, Msg, Param, Reply, When
from conversations.events import names as events
from conversations.events.programmes import label
from conversations.joining import intake
from conversations.pairs import names as pairs
from conversations.pairs.meeting_place import where
from conversations.people.facts import day
from conversations.privacy.mydata_facts import Facts, PairFacts, gather
from conversations.privacy.mydata_file import export_json

# A chat message stays well under Telegram's 4,096 characters; lines are counted roughly.
PART_BUDGET = 3000
BROADCAST_SHOWN = 300


async def my_data(ctx: Context) -> list[Reply]:
    person = ctx.person
    if person is None:
        key = "mydata.pending" if ctx.conv.flow else "mydata.nothing"
        return [Reply(Msg.of(key))]
    facts = await gather(ctx, person)
    replies = [Reply(Msg.of("mydata.text", lines=Joined(tuple(_about(ctx, person, facts)), True)))]
    for heading, lines in _parts(person, facts):
        replies += _messages(heading, lines)
    document = Attachment("document", export_json(ctx, facts), "liftbot-mydata.json")
    return [*replies, Reply(Msg.of("mydata.file_caption"), attachment=document)]


def _about(ctx: Context, person: Person, facts: Facts) -> list[Param]:
    lines: list[Param] = [Msg.of("mydata.role", role=Msg.of(f"role.{person.role}"))]
    lines.append(
        Msg.of("mydata.language", language=Msg.of(f"language.{person.language or ctx.locale}"))
    )
    if person.consent_at:
        lines.append(Msg.of("mydata.consent", when=When(person.consent_at)))
    lines.append(Msg.of("mydata.joined", when=When(person.created_at)))
    if person.last_seen_on:
        lines.append(Msg.of("mydata.last_seen", when=day(person.last_seen_on)))
    for programme in facts.programmes:
        lines.append(Msg.of("mydata.programme", programme=label(programme)))
    if person.programme and not facts.programmes:
        lines.append(Msg.of("mydata.programme", programme=person.programme))
    if person.invited_by:
        lines.append(Msg.of("mydata.invited_by", name=name_of(facts.invited_by)))
    if facts.invites:
        lines.append(Msg.of("mydata.invites", count=len(facts.invites)))
    groups = [invite for invite in facts.invites if invite.is_group]
    if groups:
        uses = sum(invite.uses for invite in groups)
        lines.append(Msg.plural("mydata.group_invites", uses, groups=len(groups)))
    if person.role != "admin":
        lines.append(intake.profile_lines(person))
    return lines


def _parts(person: Person, facts: Facts) -> list[tuple[str, list[Param]]]:
    """Each part as (heading key, lines); parts with nothing in them are left out."""
    parts: list[tuple[str, list[Param]]] = [
        ("coaching", [Msg.of("mydata.coaching", programme=label(p)) for p in facts.coached]),
        ("preparation", [line for s in sorted(facts.prep) for line in _prep(facts.prep[s])]),
        ("invitations", [_rsvp(event, rsvp) for event, rsvp in facts.rsvps]),
        ("ratings", [line for event, e in facts.ratings for line in _rating(event, e)]),
        ("cv", [line for review, other in facts.cv for line in _cv(person, review, other)]),
        ("pairs", [line for p in facts.pairs for line in _pair(person, p)]),
        ("scheduled", [_scheduled(item, event) for item, event in facts.scheduled]),
        ("broadcasts", [_broadcast(b) for b in facts.broadcasts]),
    ]
    return [(heading, lines) for heading, lines in parts if lines]


def _messages(heading: str, lines: list[Param]) -> list[Reply]:
    """One message per part; a long part goes on in the next message, cut between lines."""
    chunks: list[list[Param]] = [[]]
    size = 0
    for line in lines:
        if chunks[-1] and size + _size(line) > PART_BUDGET:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += _size(line)
    title: Param = Msg.of(f"mydata.heading.{heading}")
    replies = []
    for number, chunk in enumerate(chunks):
        if number:
            title = Msg.of("mydata.heading_more", heading=Msg.of(f"mydata.heading.{heading}"))
        replies.append(
            Reply(Msg.of("mydata.part", heading=title, lines=Joined(tuple(chunk), True)))
        )
    return replies


def _size(param: Param) -> int:
    """A generous guess at the characters a line takes once translated and rendered."""
    if isinstance(param, str):
        return len(param)
    if isinstance(param, Msg):
        return 40 + sum(_size(p) for p in param.params.values())
    if isinstance(param, Joined):
        return sum(_size(p) + 2 for p in param.items)
    return 40


def _prep(progress: PrepProgress) -> list[Param]:
    state: Param = (
        Msg.of("mydata.prep_done", when=When(progress.finished_at))
        if progress.finished_at
        else Msg.of("mydata.prep_busy")
    )
    lines: list[Param] = [Msg.of("mydata.prep", session=progress.session, state=state)]
    lines += [Msg.of("mydata.answer", answer=answer) for answer in progress.answers.values()]
    return lines


def _rsvp(event: Event, rsvp: Rsvp) -> Param:
    return Msg.of(
        "mydata.rsvp",
        title=event.title,
        when=When(event.starts_at),
        answer=Msg.of(f"rsvp.state.{rsvp.state}"),
        present=Msg.of("mydata.present") if rsvp.present_at else "",
    )


def _rating(event: Event | None, evaluation: Evaluation) -> list[Param]:
    title = event.title if event else "?"
    lines: list[Param] = [Msg.of("mydata.rating", title=title, rating=evaluation.rating)]
    if evaluation.comment:
        lines.append(Msg.of("mydata.comment", comment=evaluation.comment))
    return lines


def _cv(person: Person, review: CvReview, other: Person | None) -> list[Param]:
    state: Param = (
        Msg.of("mydata.cv_answered", when=When(review.answered_at))
        if review.answered_at
        else Msg.of("mydata.cv_waiting")
    )
    key = "mydata.cv_asked" if review.candidate_id == person.id else "mydata.cv_given"
    lines: list[Param] = [
        Msg.of(key, name=name_of(other), when=When(review.requested_at), state=state)
    ]
    lines += [f"   💡 {tip}" for tip in review.tips] + [f"   ⭐ {top}" for top in review.tops]
    return lines


def _pair(person: Person, facts: PairFacts) -> list[Param]:
    pair = facts.pair
    lines: list[Param] = [
        Msg.of(
            "mydata.pair",
            name=name_of(facts.other),
            programme=facts.programme.name if facts.programme else "LiftBot",
            state=Msg.of(f"pairs.state.{pair.state}"),
        )
    ]
    if pair.reason and pair.ended_by is None and pair.buddy_id == person.id:
        lines.append(Msg.of("mydata.pair_reason", reason=pair.reason))
    if pair.reason and pair.ended_by == person.id:
        lines.append(Msg.of("mydata.pair_end_reason", reason=pair.reason))
    for meeting in facts.meetings:
        lines += _meeting(person, meeting, facts)
    lines += _reach(facts)
    for agreement in facts.agreements:
        lines.append(
            Msg.of(
                "mydata.agreement",
                what=agreement.text or Msg.of(f"agreement.kind.{agreement.kind}"),
                due=When(datetime.combine(agreement.due_on, time(12), UTC), date_only=True),
                owner=Msg.of(f"mydata.owner.{agreement.owner}"),
                state=Msg.of(f"mydata.agreement_state.{agreement.state}"),
            )
        )
        for asked in facts.help_requests:
            if asked.agreement_id == agreement.id:
                note: Param = asked.note or Msg.of("mydata.help_no_note")
                lines.append(Msg.of("mydata.help", when=When(asked.asked_at), note=note))
    return lines


def _meeting(person: Person, meeting: Meeting, facts: PairFacts) -> list[Param]:
    """A meeting: its times and state, its place, their own words and answers about it."""
    moments = [meeting.starts_at] if meeting.starts_at else meeting.slots
    when = Joined(tuple(When(m) for m in moments))
    lines: list[Param] = [Msg.of(f"mydata.meeting.{meeting.state}", when=when)]
    if meeting.place is not None:
        lines.append(Msg.of("mydata.meeting_place", where=where(meeting.place)))
    if meeting.note and meeting.closed_by == person.id:
        lines.append(Msg.of("mydata.meeting_note", note=meeting.note))
    for talk in facts.talks:
        if talk.meeting_id == meeting.id:
            lines.append(Msg.of(f"mydata.talk.{talk.talked}", when=When(talk.answered_at)))
            if talk.nothing_agreed:
                lines.append(Msg.of("mydata.nothing_agreed"))
    return lines


def _reach(facts: PairFacts) -> list[Param]:
    """What they share with the other side, and that messages went between them."""
    lines: list[Param] = []
    shared, contact = facts.shared, facts.contact
    if shared is not None and shared.phone:
        lines.append(Msg.of("reach.mydata_phone", phone=shared.phone))
    if shared is not None and shared.username:
        lines.append(Msg.of("reach.mydata_username", username=shared.username))
    if contact is not None:
        last = When(contact.last_at, date_only=True)
        lines.append(Msg.plural("relay.mydata_contact", contact.messages, last=last))
    return lines


# By the family of a planned row's kind (before any ":").
SCHEDULED = {
    events.REMINDER: "mydata.scheduled.reminder",
    events.PREP_NUDGE: "mydata.scheduled.prep_nudge",
    events.EVALUATION: "mydata.scheduled.evaluation",
    events.ROUND_TWO: "mydata.scheduled.round_two",
    pairs.MEETING_REMINDER: "mydata.scheduled.meeting_reminder",
    pairs.MEETING_FOLLOWUP: "mydata.scheduled.meeting_followup",
    pairs.NUDGE: "mydata.scheduled.nudge",
}


def _scheduled(item: Scheduled, event: Event | None) -> Param:
    key = SCHEDULED.get(item.kind.split(":")[0], "mydata.scheduled.other")
    what = Msg.of(key, title=event.title if event else "")
    return Msg.of("mydata.scheduled", when=When(item.due_at), what=what)


def _broadcast(broadcast: Broadcast) -> Param:
    text = next(iter(broadcast.texts.values()), "")
    if len(text) > BROADCAST_SHOWN:
        text = text[:BROADCAST_SHOWN].rstrip() + "…"
    return Msg.of(
        "mydata.broadcast",
        when=When(broadcast.send_at or broadcast.created_at),
        state=Msg.of(f"mydata.broadcast_state.{broadcast.state}"),
        text=text,
    )
