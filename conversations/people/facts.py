"""What the people list, a person's card and the CSV say alike about a member: the order
they come in, the day they were last seen and the pair to name for them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from conversations.core.overview_records import PairSummary
from conversations.core.people_records import Member
from conversations.core.types import Msg, When

# Job seekers first, then employers, each by name: "apart" also when everyone is shown.
ROLE_ORDER = {"candidate": 0, "buddy": 1}
# A pair that is still going says more about someone than one that ended.
LIVE = ("proposed", "accepted")


def sorted_members(members: list[Member]) -> list[Member]:
    return sorted(
        members, key=lambda m: (ROLE_ORDER.get(m.role, 2), (m.name or "").casefold(), m.id)
    )


def day(on: date) -> When:
    """A day as people read it; noon UTC is the same day in Europe."""
    return When(datetime.combine(on, time(12), UTC), date_only=True)


def seen(member: Member) -> Msg:
    if not member.onboarded:
        return Msg.of("people.joining")
    if member.last_seen_on is None:
        return Msg.of("people.not_seen")
    return Msg.of("people.seen", when=day(member.last_seen_on))


def current_pair(person_id: int, pairs: list[PairSummary]) -> PairSummary | None:
    """The pair to name in one line: the newest still going, else the newest."""
    own = [p for p in pairs if person_id in (p.candidate_id, p.buddy_id)]
    live = [p for p in own if p.state in LIVE]
    return max(live or own, key=lambda p: p.id, default=None)
