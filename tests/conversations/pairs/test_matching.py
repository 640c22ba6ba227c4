"""Pair suggestions: why a pair fits, and the best one-to-one assignment for a programme."""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

import pytest

from conversations.joining.fields import AVAILABILITY, SECTORS
from conversations.pairs.matching import Reason, Side, Suggestion, score, suggest

PLACES = ("Hardenberg", "Ommen", "Dalfsen", "Coevorden", "Den Ham")
# (the work as a buddy names it, as a candidate names it, its sector)
WORK = (
    ("magazijn", "magazijnwerk", "logistics"),
    ("heftruckchauffeurs", "heftruckchauffeur", "logistics"),
    ("kassa", "kassamedewerker", "retail"),
    ("verzorgenden", "verzorgende", "care"),
    ("keuken", "keukenhulp", "hospitality"),
    ("schoonmaak", "schoonmaakwerk", "cleaning"),
    ("administratie", "administratief", "office"),
    ("tuinonderhoud", "tuinonderhoud", "green"),
    ("metselaars", "metselaar", "construction"),
    ("helpdesk", "helpdeskwerk", "ict"),
)
TIMES = ("ochtenden", "middagen", "avonden", "maandag", "vrijdag", "weekend", "zaterdagavond")
STRENGTHS = ("zorgvuldig", "klantvriendelijk", "punctueel", "rustig", "sterk en handig")
OTHER = ("dierenverzorging", "bakkerij", "fietsenmaker")


def typed(rng: random.Random, place: str) -> str:
    return rng.choice((place, place.lower(), f" {place.upper()} "))


def buddy(rng: random.Random, person_id: int) -> Side:
    need, _, sector = rng.choice(WORK)
    when = " en ".join(rng.sample(TIMES, rng.randint(0, 2)))
    profile: dict[str, Any] = {
        "company": f"Bedrijf {person_id}",
        "need": f"Wij zoeken iemand voor {need}, {when}".rstrip(", "),
        "sector": sector,
        "municipality": typed(rng, rng.choice(PLACES)),
        "meeting": "coffee",
    }
    if rng.random() < 0.15:
        profile |= {"sector": "other", "sector_other": rng.choice(OTHER)}
    return Side(person_id, profile, rng.choice(("nl", "en", None)))


def candidate(rng: random.Random, person_id: int) -> Side:
    _, wanted, sector = rng.choice(WORK)
    sectors = rng.sample([s for s in SECTORS if s != "other"], rng.randint(0, 2))
    profile: dict[str, Any] = {
        "work_wanted": wanted,
        "sectors": [sector, *sectors] if rng.random() < 0.7 else sectors,
        "strengths": rng.choice(STRENGTHS),
        "availability": rng.sample(AVAILABILITY, rng.randint(1, 6)),
        "municipality": typed(rng, rng.choice(PLACES)),
    }
    if rng.random() < 0.15:
        profile |= {"sectors": [*profile["sectors"], "other"], "sectors_other": rng.choice(OTHER)}
    return Side(person_id, profile, rng.choice(("nl", "en")))


def programme(seed: int, buddies: int, candidates: int) -> tuple[list[Side], list[Side]]:
    rng = random.Random(seed)
    return (
        [buddy(rng, 100 + i) for i in range(buddies)],
        [candidate(rng, 500 + i) for i in range(candidates)],
    )


def total(suggestions: list[Suggestion]) -> float:
    return sum(s.score for s in suggestions)


def best_total(
    buddies: list[Side], candidates: list[Side], exclude: frozenset[tuple[int, int]] = frozenset()
) -> float:
    """Brute force over every full assignment that avoids the excluded pairs."""
    scores = {(b.person_id, c.person_id): score(b, c)[0] for b in buddies for c in candidates}
    best = float("-inf")
    if len(buddies) <= len(candidates):
        arrangements = [
            list(zip(buddies, chosen, strict=True))
            for chosen in itertools.permutations(candidates, len(buddies))
        ]
    else:
        arrangements = [
            list(zip(chosen, candidates, strict=True))
            for chosen in itertools.permutations(buddies, len(candidates))
        ]
    for pairs in arrangements:
        ids = [(b.person_id, c.person_id) for b, c in pairs]
        if not exclude.intersection(ids):
            best = max(best, sum(scores[pair] for pair in ids))
    return best


def assert_one_to_one(suggestions: list[Suggestion], buddies: list[Side]) -> None:
    buddy_ids = [s.buddy_id for s in suggestions]
    candidate_ids = [s.candidate_id for s in suggestions]
    assert len(set(buddy_ids)) == len(buddy_ids)
    assert len(set(candidate_ids)) == len(candidate_ids)
    order = [b.person_id for b in buddies]
    assert buddy_ids == sorted(buddy_ids, key=order.index)


def test_a_programme_of_25_gets_25_pairs_each_person_once() -> None:
    buddies, candidates = programme(7, 25, 25)
    suggestions = suggest(buddies, candidates)
    assert len(suggestions) == 25
    assert_one_to_one(suggestions, buddies)
    assert [s.buddy_id for s in suggestions] == [b.person_id for b in buddies]


def test_every_scored_pair_says_why_and_the_score_is_the_pairs_own() -> None:
    buddies, candidates = programme(7, 25, 25)
    by_id = {side.person_id: side for side in buddies + candidates}
    suggestions = suggest(buddies, candidates)
    assert any(s.score > 0 for s in suggestions)
    for s in suggestions:
        assert bool(s.reasons) == (s.score > 0)
        assert (s.score, s.reasons) == score(by_id[s.buddy_id], by_id[s.candidate_id])


def test_no_swap_of_two_candidates_would_do_better() -> None:
    buddies, candidates = programme(7, 25, 25)
    by_id = {side.person_id: side for side in buddies + candidates}
    suggestions = suggest(buddies, candidates)
    for a, b in itertools.combinations(suggestions, 2):
        swapped = (
            score(by_id[a.buddy_id], by_id[b.candidate_id])[0]
            + score(by_id[b.buddy_id], by_id[a.candidate_id])[0]
        )
        assert swapped <= a.score + b.score + 1e-9


@pytest.mark.parametrize("seed", range(7, 13))
def test_the_total_is_the_best_possible(seed: int) -> None:
    buddies, candidates = programme(seed, 6, 6)
    suggestions = suggest(buddies, candidates)
    assert len(suggestions) == 6
    assert total(suggestions) == pytest.approx(best_total(buddies, candidates))


@pytest.mark.parametrize("seed", range(7, 10))
def test_excluded_pairs_are_never_suggested(seed: int) -> None:
    buddies, candidates = programme(seed, 6, 6)
    exclude = {(s.buddy_id, s.candidate_id) for s in suggest(buddies, candidates)}
    exclude.add((buddies[0].person_id, candidates[1].person_id))
    suggestions = suggest(buddies, candidates, exclude)
    assert len(suggestions) == 6
    assert not exclude.intersection((s.buddy_id, s.candidate_id) for s in suggestions)
    assert total(suggestions) == pytest.approx(best_total(buddies, candidates, frozenset(exclude)))


def test_more_pairs_beat_a_higher_total() -> None:
    good = {"sector": "care", "need": "verzorgenden", "municipality": "Ommen"}
    liked = {"sectors": ["care"], "work_wanted": "verzorgende", "municipality": "Ommen"}
    buddies = [Side(1, {"sector": "retail"}, None), Side(2, good, None)]
    candidates = [Side(11, liked, None), Side(12, {}, None)]
    # Buddy 1 may only meet candidate 11, so buddy 2 gets the unmatched candidate 12.
    suggestions = suggest(buddies, candidates, {(1, 12)})
    assert [(s.buddy_id, s.candidate_id, s.score) for s in suggestions] == [
        (1, 11, 0.0),
        (2, 12, 0.0),
    ]


def test_everything_excluded_leaves_nobody_paired() -> None:
    buddies, candidates = programme(7, 2, 2)
    exclude = {(b.person_id, c.person_id) for b in buddies for c in candidates}
    assert suggest(buddies, candidates, exclude) == []
    assert suggest([], candidates) == suggest(buddies, []) == []


def test_more_candidates_than_buddies() -> None:
    buddies, candidates = programme(7, 3, 5)
    suggestions = suggest(buddies, candidates)
    assert [s.buddy_id for s in suggestions] == [b.person_id for b in buddies]
    assert_one_to_one(suggestions, buddies)
    assert total(suggestions) == pytest.approx(best_total(buddies, candidates))


def test_more_buddies_than_candidates() -> None:
    buddies, candidates = programme(8, 5, 3)
    suggestions = suggest(buddies, candidates)
    assert len(suggestions) == 3
    assert_one_to_one(suggestions, buddies)
    assert total(suggestions) == pytest.approx(best_total(buddies, candidates))


HARDENBERG = Side(
    1,
    {
        "company": "Vechtdal Logistiek",
        "need": "iemand voor het magazijn, ochtenden",
        "sector": "logistics",
        "municipality": "Hardenberg",
        "meeting": "company",
    },
    "nl",
)
WAREHOUSE = Side(
    2,
    {
        "work_wanted": "magazijnwerk",
        "sectors": ["logistics"],
        "strengths": "",
        "availability": ["mon", "morning"],
        "municipality": "hardenberg ",
    },
    "nl",
)


def test_a_warehouse_pair_in_hardenberg_reads_right() -> None:
    # "magazijn" in "magazijnwerk" counts: Dutch writes the kind of work into one word.
    points, reasons = score(HARDENBERG, WAREHOUSE)
    assert reasons == (
        Reason("sector", "logistics"),
        Reason("work", "magazijn"),
        Reason("municipality", "Hardenberg"),
        Reason("availability", "morning"),
        Reason("language", "nl"),
    )
    assert points == 3.0 + 1.5 + 2.0 + 1.5 + 0.5


def with_profile(side: Side, **changes: Any) -> Side:
    return Side(side.person_id, side.profile | changes, side.language)


def kinds(buddy: Side, candidate: Side) -> list[str]:
    return [reason.kind for reason in score(buddy, candidate)[1]]


def test_only_what_matches_is_a_reason() -> None:
    elsewhere = with_profile(WAREHOUSE, municipality="Ommen", sectors=["retail"])
    evenings = Side(2, elsewhere.profile | {"availability": ["evening"]}, "en")
    assert kinds(HARDENBERG, evenings) == ["work"]


def test_other_sectors_match_only_on_a_shared_word() -> None:
    bakery = with_profile(HARDENBERG, sector="other", sector_other="Bakkerij de Korenschoof")
    baker = with_profile(WAREHOUSE, sectors=["other"], sectors_other="bakkerijen")
    florist = with_profile(WAREHOUSE, sectors=["other"], sectors_other="bloemist")
    assert score(bakery, baker)[1][0] == Reason("sector", "bakkerij")
    assert "sector" not in kinds(bakery, florist)
    assert "sector" not in kinds(bakery, with_profile(baker, sectors=["logistics"]))


def test_plurals_and_singulars_are_the_same_word_and_small_talk_is_no_word() -> None:
    drivers = with_profile(HARDENBERG, need="Wij zoeken chauffeurs met goede ervaring")
    driver = with_profile(WAREHOUSE, work_wanted="chauffeur", strengths="goede ervaring")
    assert [r for r in score(drivers, driver)[1] if r.kind == "work"] == [
        Reason("work", "chauffeurs")
    ]
    short = with_profile(WAREHOUSE, work_wanted="kant", strengths="")
    office = with_profile(HARDENBERG, need="kantoor")
    assert "work" not in kinds(office, short)


def test_availability_counts_the_share_of_the_times_named() -> None:
    saturday_evenings = with_profile(
        HARDENBERG, need="vakkenvullers op zaterdagavond", sector="retail", municipality=""
    )
    half = with_profile(WAREHOUSE, availability=["sat", "morning"])
    both = with_profile(WAREHOUSE, availability=["evening", "sat"])
    assert score(saturday_evenings, half) == (
        0.75 + 0.5,
        (Reason("availability", "sat"), Reason("language", "nl")),
    )
    assert score(saturday_evenings, both)[0] == 1.5 + 0.5
    assert [r.value for r in score(saturday_evenings, both)[1]] == ["sat", "evening", "nl"]


def test_a_programme_of_100_is_quick() -> None:
    buddies, candidates = programme(7, 100, 100)
    started = time.perf_counter()
    suggestions = suggest(buddies, candidates)
    assert time.perf_counter() - started < 1.0
    assert len(suggestions) == 100
    assert_one_to_one(suggestions, buddies)
