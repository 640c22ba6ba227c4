"""/mydata as a JSON file: the same parts as the chat, each under a plain key, with every
stored value."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from conversations.core.context import Context
from conversations.core.records import Meeting, Person
from conversations.privacy.mydata_facts import Facts, PairFacts


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_json(ctx: Context, facts: Facts) -> bytes:
    """The same parts as the chat, each under a plain key, with every stored value."""
    person = ctx.person
    assert person is not None

    def title(event_id: int | None) -> str | None:
        event = facts.events.get(event_id) if event_id is not None else None
        return event.title if event else None

    data: dict[str, Any] = {
        "role": person.role,
        "language": person.language,
        "name": person.name,
        "profile": person.profile,
        "programme": person.programme,
        "consent_given_at": _moment(person.consent_at),
        "intake_finished_at": _moment(person.onboarded_at),
        "joined_at": person.created_at.isoformat(),
        "last_seen_on": person.last_seen_on.isoformat() if person.last_seen_on else None,
        "invited_by": _name(facts.invited_by),
        "invited_by_person_id": person.invited_by,
        "invites_made": len(facts.invites),
        "group_invites_made": [
            {
                "programme": invite.programme,
                "role": invite.role,
                "max_uses": invite.max_uses,
                "uses": invite.uses,
                "until": invite.expires_at.isoformat(),
            }
            for invite in facts.invites
            if invite.is_group
        ],
        "programmes": [
            {"name": p.name, "kind": p.kind, "municipality": p.municipality}
            for p in facts.programmes
        ],
        "preparation": [
            {
                "session": p.session,
                "step": p.step,
                "answers": p.answers,
                "finished_at": _moment(p.finished_at),
            }
            for p in facts.prep.values()
        ],
        "invitations": [
            {
                "event": event.title,
                "starts_at": event.starts_at.isoformat(),
                "answer": rsvp.state,
                "answered_at": _moment(rsvp.answered_at),
                "waitlisted_at": _moment(rsvp.waitlisted_at),
                "present_at": _moment(rsvp.present_at),
            }
            for event, rsvp in facts.rsvps
        ],
        "ratings": [
            {"event": title(e.event_id), "rating": e.rating, "comment": e.comment}
            for _, e in facts.ratings
        ],
        "cv_checks_asked": [
            {
                "reviewer": _name(other),
                "file_kind": review.file_kind,
                "file": review.file_id,
                "requested_at": review.requested_at.isoformat(),
                "answered_at": _moment(review.answered_at),
                "tips": review.tips,
                "tops": review.tops,
            }
            for review, other in facts.cv
            if review.candidate_id == person.id
        ],
        "cv_checks_given": [
            {
                "for": _name(other),
                "requested_at": review.requested_at.isoformat(),
                "answered_at": _moment(review.answered_at),
                "tips": review.tips,
                "tops": review.tops,
            }
            for review, other in facts.cv
            if review.reviewer_id == person.id
        ],
        "pairs": [_pair_json(person, p) for p in facts.pairs],
        "scheduled_messages": [
            {"kind": item.kind, "event": title(item.event_id), "due_at": item.due_at.isoformat()}
            for item, _ in facts.scheduled
        ],
        "programmes_coached": [
            {"name": p.name, "kind": p.kind, "municipality": p.municipality}
            for p in facts.coached
        ],
        "broadcasts_sent": [
            {
                "audience": b.audience,
                "texts": b.texts,
                "file_kind": b.file_kind,
                "state": b.state,
                "send_at": _moment(b.send_at),
                "created_at": b.created_at.isoformat(),
                "finished_at": _moment(b.finished_at),
            }
            for b in facts.broadcasts
        ],
        "conversation": {"flow": ctx.conv.flow, "step": ctx.conv.step},
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _name(person: Person | None) -> str | None:
    return person.name if person else None


def _pair_json(person: Person, facts: PairFacts) -> dict[str, Any]:
    pair = facts.pair
    return {
        "with": _name(facts.other),
        "programme": facts.programme.name if facts.programme else None,
        "kind": pair.kind,
        "state": pair.state,
        "decline_reason": (
            pair.reason if pair.ended_by is None and pair.buddy_id == person.id else None
        ),
        "end_reason": pair.reason if pair.ended_by == person.id else None,
        "created_at": pair.created_at.isoformat(),
        "answered_at": _moment(pair.answered_at),
        "shared_phone": facts.shared.phone if facts.shared else None,
        "shared_username": facts.shared.username if facts.shared else None,
        "shared_at": _moment(facts.shared.shared_at) if facts.shared else None,
        "messages_through_liftbot": facts.contact.messages if facts.contact else 0,
        "last_message_at": _moment(facts.contact.last_at) if facts.contact else None,
        "meetings": [_meeting_json(person, m, facts) for m in facts.meetings],
        "agreements": [
            {
                "kind": a.kind,
                "text": a.text,
                "owner": a.owner,
                "due_on": a.due_on.isoformat(),
                "state": a.state,
                "done_at": _moment(a.done_at),
                "help_asked": [
                    {"at": h.asked_at.isoformat(), "note": h.note}
                    for h in facts.help_requests
                    if h.agreement_id == a.id
                ],
            }
            for a in facts.agreements
        ],
    }


def _meeting_json(person: Person, meeting: Meeting, facts: PairFacts) -> dict[str, Any]:
    place = meeting.place
    mine = meeting.closed_by == person.id
    return {
        "state": meeting.state,
        "starts_at": _moment(meeting.starts_at),
        "proposed_times": [s.isoformat() for s in meeting.slots],
        "place": None
        if place is None
        else {
            "kind": place.kind,
            "text": place.text,
            "link": place.link,
            "pin": list(place.pin) if place.pin else None,
        },
        "your_note": meeting.note if mine else None,
        "did_you_talk": [
            {
                "answer": t.talked,
                "at": t.answered_at.isoformat(),
                "nothing_agreed": t.nothing_agreed,
            }
            for t in facts.talks
            if t.meeting_id == meeting.id
        ],
    }
