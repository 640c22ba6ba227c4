"""The words of a buddy's need and a candidate's wishes as the matcher compares them:
Dutch and English, singular and plural alike, words glued together, and the words that say
when rather than what."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from conversations.joining.fields import AVAILABILITY

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
class Word:
    """A word as typed (shown in the reason), its stem, and the stem's long starts and ends."""

    shown: str
    stem: str
    parts: frozenset[str]


@dataclass(frozen=True)
class Bag:
    """The words of a text to look words up in: their stems and all their parts."""

    stems: frozenset[str]
    parts: frozenset[str]


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


def meaningful(text: str) -> tuple[Word, ...]:
    """The meaningful words of a text, in order, each stem once."""
    found: dict[str, Word] = {}
    for shown in _WORD.findall(text.casefold()):
        word = _fold(shown)
        stem = _stem(word)
        if len(word) < _MIN_WORD or _time_codes(word) or {word, stem} & _STOP_WORDS:
            continue
        found.setdefault(stem, Word(shown, stem, _parts(stem)))
    return tuple(found.values())


def bag_of(text: str) -> Bag:
    words = meaningful(text)
    return Bag(frozenset(w.stem for w in words), frozenset().union(*(w.parts for w in words)))


def shared(words: tuple[Word, ...], bag: Bag) -> list[str]:
    return [w.shown for w in words if w.stem in bag.parts or not w.parts.isdisjoint(bag.stems)]


def times_in(text: str) -> frozenset[str]:
    """The availability codes a text names ("maandagochtend": mon and morning)."""
    return frozenset(
        code for word in _WORD.findall(_fold(text.casefold())) for code in _time_codes(word)
    )
