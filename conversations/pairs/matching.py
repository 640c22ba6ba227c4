"""Pair suggestions for a programme, starting from each buddy's stated need."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Literal

from conversations.joining.fields import AVAILABILITY
from conversations.pairs.assignment import hungarian
from conversations.pairs.need_words import Bag, Word, bag_of, meaningful, shared, times_in

ReasonKind = Literal["sector", "municipality", "availability", "work", "language"]


@dataclass(frozen=True)
class Side:
    """One person as the matcher sees them: the intake answers and the chat language."""

    person_id: int
    profile: dict[str, Any]
    language: str | None


@dataclass(frozen=True)
class Reason:
    """One part of the one-line "why", rendered later in the person's language.

    `value` is a sector code (for "other": the word both typed), a municipality as the buddy
    typed it, an availability code, a word from the buddy's need, or a language code.
    """

    kind: ReasonKind
    value: str


@dataclass(frozen=True)
class Suggestion:
    buddy_id: int
    candidate_id: int
    score: float
    reasons: tuple[Reason, ...]


# Points per part, in the order reasons are listed: sector 3; kind of work 1.5 for the first
# word the need shares with what the candidate wants or is good at and 1.0 for a second (more
# words add nothing, so a long need cannot outweigh the sector); municipality 2; availability
# up to 1.5, the share of the days and parts of day named in the need that the candidate is
# free; the same chat language 0.5, since they can talk either way.
_SECTOR = 3.0
_WORK = (1.5, 1.0)
_MUNICIPALITY = 2.0
_AVAILABILITY = 1.5
_LANGUAGE = 0.5
MAX_SCORE = _SECTOR + sum(_WORK) + _MUNICIPALITY + _AVAILABILITY + _LANGUAGE


@dataclass(frozen=True)
class _Buddy:
    sector: str
    sector_other: tuple[Word, ...]
    place: str
    shown_place: str
    times: frozenset[str]
    need: tuple[Word, ...]
    language: str | None


@dataclass(frozen=True)
class _Candidate:
    sectors: frozenset[str]
    sector_other: Bag
    place: str
    availability: frozenset[str]
    work: Bag
    language: str | None


def _text(profile: dict[str, Any], key: str) -> str:
    value = profile.get(key)
    return value if isinstance(value, str) else ""


def _codes(profile: dict[str, Any], key: str) -> frozenset[str]:
    value = profile.get(key)
    return (
        frozenset(v for v in value if isinstance(v, str))
        if isinstance(value, list)
        else frozenset()
    )


def _place(text: str) -> str:
    return "".join(text.split()).casefold()


def _buddy(side: Side) -> _Buddy:
    profile = side.profile
    need = _text(profile, "need")
    return _Buddy(
        sector=_text(profile, "sector"),
        sector_other=meaningful(_text(profile, "sector_other")),
        place=_place(_text(profile, "municipality")),
        shown_place=" ".join(_text(profile, "municipality").split()),
        times=times_in(need),
        need=meaningful(need),
        language=side.language,
    )


def _candidate(side: Side) -> _Candidate:
    profile = side.profile
    wishes = f"{_text(profile, 'work_wanted')}\n{_text(profile, 'strengths')}"
    return _Candidate(
        sectors=_codes(profile, "sectors"),
        sector_other=bag_of(_text(profile, "sectors_other")),
        place=_place(_text(profile, "municipality")),
        availability=_codes(profile, "availability"),
        work=bag_of(wishes),
        language=side.language,
    )


def _score(buddy: _Buddy, candidate: _Candidate) -> tuple[float, tuple[Reason, ...]]:
    points = 0.0
    reasons: list[Reason] = []
    if buddy.sector and buddy.sector in candidate.sectors:
        if buddy.sector != "other":
            points += _SECTOR
            reasons.append(Reason("sector", buddy.sector))
        elif shared_other := shared(buddy.sector_other, candidate.sector_other):
            points += _SECTOR
            reasons.append(Reason("sector", shared_other[0]))
    for weight, word in zip(_WORK, shared(buddy.need, candidate.work), strict=False):
        points += weight
        reasons.append(Reason("work", word))
    if buddy.place and buddy.place == candidate.place:
        points += _MUNICIPALITY
        reasons.append(Reason("municipality", buddy.shown_place))
    if overlap := buddy.times & candidate.availability:
        points += _AVAILABILITY * len(overlap) / len(buddy.times)
        reasons.extend(Reason("availability", code) for code in AVAILABILITY if code in overlap)
    if buddy.language is not None and buddy.language == candidate.language:
        points += _LANGUAGE
        reasons.append(Reason("language", buddy.language))
    return points, tuple(reasons)


def score(buddy: Side, candidate: Side) -> tuple[float, tuple[Reason, ...]]:
    """How well a candidate fits a buddy's need, and why, most important reason first."""
    return _score(_buddy(buddy), _candidate(candidate))


def suggest(
    buddies: list[Side],
    candidates: list[Side],
    exclude: AbstractSet[tuple[int, int]] = frozenset(),
) -> list[Suggestion]:
    """One candidate per buddy and the other way round, for the whole programme.

    The assignment has as many pairs as the excluded (buddy_id, candidate_id) pairs allow,
    and among those the highest total score; a pair scoring 0 still beats no pair, since
    someone has to meet someone. Suggestions follow the order of `buddies`.
    """
    size = max(len(buddies), len(candidates))
    if not buddies or not candidates:
        return []
    buddy_views = [_buddy(b) for b in buddies]
    candidate_views = [_candidate(c) for c in candidates]
    # More than any total score could differ by, so one pair more always wins.
    pair_bonus = 1.0 + size * MAX_SCORE
    scored: dict[tuple[int, int], tuple[float, tuple[Reason, ...]]] = {}
    cost = [[0.0] * size for _ in range(size)]
    for i, buddy in enumerate(buddies):
        for j, candidate in enumerate(candidates):
            if (buddy.person_id, candidate.person_id) in exclude:
                continue
            scored[i, j] = _score(buddy_views[i], candidate_views[j])
            cost[i][j] = -(scored[i, j][0] + pair_bonus)
    suggestions = []
    for i, j in enumerate(hungarian(cost)[: len(buddies)]):
        if (i, j) in scored:
            points, reasons = scored[i, j]
            suggestions.append(
                Suggestion(buddies[i].person_id, candidates[j].person_id, points, reasons)
            )
    return suggestions
