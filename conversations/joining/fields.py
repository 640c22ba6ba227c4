"""The intake questions per role, their limits, and validation of typed answers.

The candidate intake follows the uniform-intake idea (every job seeker is asked the
same questions) and never asks for the kind of benefit or for health.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from conversations.core.types import Msg, Role

Kind = Literal["name", "text", "single", "multi"]

SECTORS = (
    "logistics",
    "care",
    "retail",
    "hospitality",
    "construction",
    "manufacturing",
    "cleaning",
    "office",
    "ict",
    "education",
    "green",
    "transport",
    "other",
)
AVAILABILITY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "morning", "afternoon", "evening")
MEETING = ("company", "walk_along", "coffee", "call")


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    max_len: int = 0
    options: tuple[str, ...] = ()
    # Which option, when picked, asks for a typed answer too.
    other: str | None = None
    per_row: int = 2
    # Fields that share a list of options share its labels too.
    group: str = ""
    # The question, when the same field is asked differently per role.
    question: str = ""

    def option_key(self, code: str) -> str:
        return f"option.{self.group or self.name}.{code}"

    @property
    def ask_key(self) -> str:
        return self.question or f"ask.{self.name}"


NAME = Field("name", "name", max_len=40)
FIELDS: dict[Role, tuple[Field, ...]] = {
    "candidate": (
        NAME,
        Field("work_wanted", "text", max_len=200),
        Field("sectors", "multi", options=SECTORS, other="other", group="sector"),
        Field("strengths", "text", max_len=500),
        Field("availability", "multi", options=AVAILABILITY, per_row=4),
        Field("municipality", "name", max_len=60),
    ),
    "buddy": (
        NAME,
        Field("company", "text", max_len=100),
        Field("need", "text", max_len=500),
        Field("sector", "single", options=SECTORS, other="other"),
        # Where the company is, not where the employer lives: that is none of our business.
        Field("municipality", "name", max_len=60, question="ask.company_municipality"),
        Field("meeting", "single", options=MEETING, per_row=1),
    ),
    "coach": (
        NAME,
        Field("organisation", "text", max_len=100),
    ),
    "admin": (),
}
OTHER_MAX_LEN = 60


def field(role: Role, name: str) -> Field | None:
    return next((f for f in FIELDS[role] if f.name == name), None)


Problem = Literal["empty", "too_long", "not_a_name", "no_letters"]


def check_text(kind: Kind, text: str, max_len: int) -> tuple[str, Problem | None]:
    """Clean a typed answer; return it with the problem that makes it unusable, if any."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return cleaned, "empty"
    if len(cleaned) > max_len:
        return cleaned, "too_long"
    letters = [ch for ch in cleaned if unicodedata.category(ch).startswith("L")]
    if kind == "name":
        allowed = all(
            unicodedata.category(ch).startswith(("L", "M")) or ch in " -'.’" for ch in cleaned
        )
        if not letters or not allowed:
            return cleaned, "not_a_name"
    elif not letters and not any(ch.isdigit() for ch in cleaned):
        # Only emoji or punctuation says nothing a coach or buddy can use.
        return cleaned, "no_letters"
    return cleaned, None


def problem_message(problem: Problem, text: str, max_len: int) -> Msg:
    """The kind reply for a typed answer that cannot be used."""
    if problem == "too_long":
        return Msg.of("error.too_long", max=max_len, length=len(text))
    return Msg.of(f"error.{problem}")
