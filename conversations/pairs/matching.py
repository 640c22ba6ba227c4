"""Pair suggestions for a programme, starting from each buddy's stated need."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Literal

from conversations.joining.fields import AVAILABILITY

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

_WEEKDAYS = AVAILABILITY[:5]
# Words in a need that name availability codes; they say when, not what, so they never count
# as kind of work.
_TIME_WORDS: dict[str, tuple[str, ...]] = {
    word: codes
    for words, codes in (
        (("maandag", "maandagen", "maandags", "monday", "mondays"), ("mon",)),
        (("dinsdag", "dinsdagen", "dinsdags", "tuesday", "tuesdays"), ("tue",)),
        (("woensdag", "woensdagen", "woensdags", "wednesday", "wednesdays"), ("wed",)),
        (("donderdag", "donderdagen", "donderdags", "thursday", "thursdays"), ("thu",)),
        (("vrijdag", "vrijdagen", "vrijdags", "friday", "fridays"), ("fri",)),
        (("zaterdag", "zaterdagen", "zaterdags", "saturday", "saturdays"), ("sat",)),
        (("zondag", "zondagen", "zondags", "sunday", "sundays"), ("sun",)),
        (("weekend", "weekenden", "weekends"), ("sat", "sun")),
        (("doordeweeks", "weekdagen", "werkdagen", "weekday", "weekdays"), _WEEKDAYS),
        (
            ("ochtend", "ochtenden", "ochtends", "morgens", "voormiddag", "morning", "mornings"),
            ("morning",),
        ),
        (("middag", "middagen", "middags", "namiddag", "afternoon", "afternoons"), ("afternoon",)),
        (("avond", "avonden", "avonds", "evening", "evenings"), ("evening",)),
    )
    for word in words
}
# Too common in a need or a wish to say anything about the kind of work.
_STOP_WORDS = frozenset(
    """
    voor door over naar onder tegen zonder achter boven tussen vanaf samen
    iemand mensen persoon personen collega collegas medewerker medewerkers
    zoek zoekt zoeken willen graag kunnen moet moeten mogen hebben heeft zijn wordt worden
    deze welke waar wanneer omdat maar even heel veel meer minder echt goed goede beter
    onze jouw jullie zich zelf alle alles iets niets andere ander
    werk werken baan banen functie bedrijf hulp helpen nodig ervaring
    someone people person colleague colleagues staff worker workers employee employees
    with that this these those what which when where from into about over under than then
    them they their there have would could should will want wants need needs looking like
    good great very more some also just only work working jobs company help experience
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORD = 4
# Dutch glues words together ("magazijnwerk"); a shared start or end this long is taken as
# the same word, shorter ones ("kant" in "kantoor") too often are not.
_MIN_PART = 5


@dataclass(frozen=True)
class _Word:
    shown: str
    stem: str
    parts: frozenset[str]


@dataclass(frozen=True)
class _Bag:
    stems: frozenset[str]
    parts: frozenset[str]


@dataclass(frozen=True)
class _Buddy:
    sector: str
    sector_other: tuple[_Word, ...]
    place: str
    shown_place: str
    times: frozenset[str]
    need: tuple[_Word, ...]
    language: str | None


@dataclass(frozen=True)
class _Candidate:
    sectors: frozenset[str]
    sector_other: _Bag
    place: str
    availability: frozenset[str]
    work: _Bag
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


def _fold(word: str) -> str:
    # "café" and "cafe" are the same word to whoever types without accents.
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )


def _stem(word: str) -> str:
    """Singular and plural alike: "magazijnen", "chauffeurs", "services" lose their ending."""
    for suffix in ("en", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_WORD:
            return word[: -len(suffix)]
    return word


def _parts(stem: str) -> frozenset[str]:
    starts = {stem[:k] for k in range(_MIN_PART, len(stem))}
    ends = {stem[-k:] for k in range(_MIN_PART, len(stem))}
    return frozenset({stem} | starts | ends)


def _time_codes(word: str) -> tuple[str, ...]:
    if word in _TIME_WORDS:
        return _TIME_WORDS[word]
    # "maandagochtend", "zaterdagavond": two time words written as one.
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if head in _TIME_WORDS and tail in _TIME_WORDS:
            return _TIME_WORDS[head] + _TIME_WORDS[tail]
    return ()


def _words(text: str) -> tuple[_Word, ...]:
    """The meaningful words of a text, in order, each stem once."""
    found: dict[str, _Word] = {}
    for shown in _WORD.findall(text.casefold()):
        word = _fold(shown)
        stem = _stem(word)
        if len(word) < _MIN_WORD or _time_codes(word) or {word, stem} & _STOP_WORDS:
            continue
        found.setdefault(stem, _Word(shown, stem, _parts(stem)))
    return tuple(found.values())


def _bag(text: str) -> _Bag:
    words = _words(text)
    return _Bag(frozenset(w.stem for w in words), frozenset().union(*(w.parts for w in words)))


def _shared(words: tuple[_Word, ...], bag: _Bag) -> list[str]:
    return [w.shown for w in words if w.stem in bag.parts or not w.parts.isdisjoint(bag.stems)]


def _place(text: str) -> str:
    return "".join(text.split()).casefold()


def _buddy(side: Side) -> _Buddy:
    profile = side.profile
    need = _text(profile, "need")
    times = {code for word in _WORD.findall(_fold(need.casefold())) for code in _time_codes(word)}
    return _Buddy(
        sector=_text(profile, "sector"),
        sector_other=_words(_text(profile, "sector_other")),
        place=_place(_text(profile, "municipality")),
        shown_place=" ".join(_text(profile, "municipality").split()),
        times=frozenset(times),
        need=_words(need),
        language=side.language,
    )


def _candidate(side: Side) -> _Candidate:
    profile = side.profile
    wishes = f"{_text(profile, 'work_wanted')}\n{_text(profile, 'strengths')}"
    return _Candidate(
        sectors=_codes(profile, "sectors"),
        sector_other=_bag(_text(profile, "sectors_other")),
        place=_place(_text(profile, "municipality")),
        availability=_codes(profile, "availability"),
        work=_bag(wishes),
        language=side.language,
    )


def _score(buddy: _Buddy, candidate: _Candidate) -> tuple[float, tuple[Reason, ...]]:
    points = 0.0
    reasons: list[Reason] = []
    if buddy.sector and buddy.sector in candidate.sectors:
        if buddy.sector != "other":
            points += _SECTOR
            reasons.append(Reason("sector", buddy.sector))
        elif shared_other := _shared(buddy.sector_other, candidate.sector_other):
            points += _SECTOR
            reasons.append(Reason("sector", shared_other[0]))
    for weight, word in zip(_WORK, _shared(buddy.need, candidate.work), strict=False):
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
    for i, j in enumerate(_hungarian(cost)[: len(buddies)]):
        if (i, j) in scored:
            points, reasons = scored[i, j]
            suggestions.append(
                Suggestion(buddies[i].person_id, candidates[j].person_id, points, reasons)
            )
    return suggestions


def _hungarian(cost: list[list[float]]) -> list[int]:
    """The column for each row of a square cost matrix that makes the total cost lowest.

    Kuhn–Munkres with row and column potentials, O(n³): rows join one at a time; each
    grows a tree of tight edges (reduced cost 0) from the new row, shifting the potentials by
    the smallest reduced cost to make the next edge tight, until it reaches a free column,
    then flips the path. Index 0 of the arrays is a virtual column holding the new row.
    """
    n = len(cost)
    inf = float("inf")
    row_pot = [0.0] * (n + 1)
    col_pot = [0.0] * (n + 1)
    owner = [0] * (n + 1)  # the row (1-based) holding each column, 0 when free
    for row in range(1, n + 1):
        owner[0] = row
        came_from = [0] * (n + 1)
        slack = [inf] * (n + 1)
        in_tree = [False] * (n + 1)
        col = 0
        while owner[col]:
            in_tree[col] = True
            r = owner[col]
            costs, pot_r = cost[r - 1], row_pot[r]
            delta, next_col = inf, 0
            for j in range(1, n + 1):
                if not in_tree[j]:
                    reduced = costs[j - 1] - pot_r - col_pot[j]
                    if reduced < slack[j]:
                        slack[j], came_from[j] = reduced, col
                    if slack[j] < delta:
                        delta, next_col = slack[j], j
            for j in range(n + 1):
                if in_tree[j]:
                    row_pot[owner[j]] += delta
                    col_pot[j] -= delta
                else:
                    slack[j] -= delta
            col = next_col
        while col:
            prev = came_from[col]
            owner[col] = owner[prev]
            col = prev
    assigned = [0] * n
    for j in range(1, n + 1):
        assigned[owner[j] - 1] = j - 1
    return assigned
