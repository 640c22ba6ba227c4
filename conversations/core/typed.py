"""Typed answers that match a button count as pressing it, and the words that stop or go back.

The engine remembers the buttons of the latest turn (`remember`, with each label as the
person saw it); a typed message then matches a button when it is

- the label itself, with case, accents, emoji and punctuation ignored;
- a leading part of exactly one label, in whole words ("In de Lift Zoetermeer" for the
  button "In de Lift Zoetermeer (In de Lift)"), else whole words inside exactly one label
  ("main event" for "The main event");
- a yes or no word (ja, nee, yes, no, j, n, oké, ...) where exactly one button says yes or no;
- another word for Skip, Next or Done ("sla over", "volgende", "klaar") where there is one.

Only the latest turn's buttons count: a turn without buttons forgets them, so a title typed
after a choice is never taken for that choice.

Labels are kept as keyed hashes (a fresh key per turn), never as text: a button may carry
someone's name, and a conversation row must not hold another person's name once they
asked to be forgotten.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from typing import Any, Literal

from conversations.core.records import Conversation

# What people type to say yes or no, and the first words of buttons that mean yes or no.
YES = frozenset(
    {"ja", "j", "jawel", "jazeker", "ja hoor", "ja graag", "graag", "zeker", "prima", "goed"}
    | {"oke", "ok", "okay", "okido", "akkoord", "yes", "y", "yep", "yeah", "sure", "agree"}
    | {"yes please", "doe maar"}
)
NO = frozenset(
    {"nee", "n", "neen", "nee hoor", "nee dank je", "nee bedankt", "liever niet", "niet nu"}
    | {"no", "nope", "no thanks", "not now"}
)
YES_BUTTONS = frozenset({"ja", "yes", "ok", "oke", "okay", "akkoord", "agree"})
NO_BUTTONS = frozenset({"nee", "no", "niet", "not"})
# Buttons a typed "ja" presses: All good (ok), Save and invite, Pair them (take). Never a
# broadcast's Send: reaching many people takes the button itself.
YES_VALUES = frozenset({"yes", "agree", "ok", "save", "take"})
NO_VALUES = frozenset({"no", "decline"})
# Other words for the buttons that move a question along, by the button's value.
WORDS_FOR = {
    "skip": frozenset(
        {"sla over", "overslaan", "geen", "niks", "niets", "hoeft niet", "weet ik niet"}
        | {"skip", "none", "nothing", "no need", "pass"}
    ),
    "next": frozenset(
        {"volgende", "verder", "door", "ga door", "ga verder", "doorgaan", "next", "continue"}
    ),
    "done": frozenset({"klaar", "ik ben klaar", "dat was het", "done", "ready", "finished"}),
}
# Words that stop the current task, and words that go one step back (or stop, where there is
# no step before). They are never read as an answer.
CANCEL = frozenset(
    {"stop", "stoppen", "stop maar", "stop ermee", "ophouden", "afbreken", "breek af"}
    | {"annuleer", "annuleren", "cancel", "quit", "exit", "abort"}
)
BACK = frozenset(
    {"terug", "ga terug", "stap terug", "een stap terug", "vorige", "vorige vraag"}
    | {"back", "go back", "previous", "undo"}
)
# A leading part needs this many letters, so "a" or "de" alone presses nothing.
MIN_PART = 3

Pressed = tuple[str, bool]  # the button's value, and whether it is bound to a record


def words(text: str) -> list[str]:
    """The words of a text with case, accents, emoji and punctuation taken out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        ch if unicodedata.category(ch)[0] in "LN" else " "
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    return kept.split()


def stop_word(text: str) -> Literal["cancel", "back"] | None:
    phrase = " ".join(words(text))
    if phrase in CANCEL:
        return "cancel"
    if phrase in BACK:
        return "back"
    return None


def _digest(key: str, phrase: str) -> str:
    return hashlib.blake2b(phrase.encode(), key=bytes.fromhex(key), digest_size=8).hexdigest()


def _kind(label: list[str], value: str) -> str:
    last = value.rpartition(":")[2]
    if (label and label[0] in YES_BUTTONS) or last in YES_VALUES:
        return "yes"
    if (label and label[0] in NO_BUTTONS) or last in NO_VALUES:
        return "no"
    return last if last in WORDS_FOR else ""


def remember(conv: Conversation, buttons: list[tuple[str, str, bool]]) -> None:
    """Keep this turn's buttons (label as shown, value, bound) for typed answers; a turn
    without buttons forgets the ones before."""
    if not buttons:
        conv.choices = {}
        return
    key = secrets.token_hex(16)
    kept: list[list[Any]] = []
    for label, value, bound in buttons:
        said = words(label)
        starts = [" ".join(said[:n]) for n in range(1, len(said))]
        inside = {
            " ".join(said[i:j]) for i in range(1, len(said)) for j in range(i + 1, len(said) + 1)
        }
        kept.append(
            [
                value,
                bound,
                _kind(said, value),
                _digest(key, " ".join(said)),
                [_digest(key, part) for part in starts if _long_enough(part)],
                sorted(_digest(key, part) for part in inside if _long_enough(part)),
            ]
        )
    conv.choices = {"key": key, "buttons": kept}


def _long_enough(part: str) -> bool:
    return len(part.replace(" ", "")) >= MIN_PART


def _buttons(conv: Conversation) -> tuple[str, list[list[Any]]] | None:
    choices = conv.choices
    key, buttons = choices.get("key"), choices.get("buttons")
    if not isinstance(key, str) or not isinstance(buttons, list):
        return None
    # Rows written before words inside a label counted hold five fields: none inside.
    kept = [b if len(b) == 6 else [*b, []] for b in buttons if isinstance(b, list)]
    return key, [b for b in kept if len(b) == 6]


def _one(hits: list[list[Any]]) -> Pressed | None:
    """The button when exactly one matched (two buttons with the same value count once)."""
    found = {(str(b[0]), bool(b[1])) for b in hits}
    return found.pop() if len(found) == 1 else None


def exact(conv: Conversation, text: str) -> Pressed | None:
    """The button whose whole label was typed."""
    known, phrase = _buttons(conv), " ".join(words(text))
    if known is None or not phrase:
        return None
    key, buttons = known
    wanted = _digest(key, phrase)
    return _one([b for b in buttons if b[3] == wanted])


def loose(conv: Conversation, text: str) -> Pressed | None:
    """The button whose label starts with what was typed, or that says yes or no (asked
    after `exact`, so a whole label wins over the start of another)."""
    known, phrase = _buttons(conv), " ".join(words(text))
    if known is None or not phrase:
        return None
    key, buttons = known
    if len(phrase.replace(" ", "")) >= MIN_PART:
        wanted = _digest(key, phrase)
        # The start of a label first ("In de Lift Zoetermeer"), then words inside one
        # ("main event" for "The main event").
        for parts in (4, 5):
            found = _one([b for b in buttons if wanted in b[parts]])
            if found is not None:
                return found
    for kind in _meant(phrase):
        found = _one([b for b in buttons if b[2] == kind])
        if found is not None:
            return found
    return None


def _meant(phrase: str) -> list[str]:
    """The kinds of button a typed phrase may press, most likely first: "nee" at "Anything
    to add? Type it, or choose Skip" means skip."""
    if phrase in YES:
        return ["yes"]
    if phrase in NO:
        return ["no", "skip"]
    return [kind for kind, said in WORDS_FOR.items() if phrase in said]
