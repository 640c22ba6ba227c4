"""The people of the demo: one console chat per seat, so a later run, or `/as`, goes on
where that person left off. The story fills every seat; without it a seat is taken by
whoever picks it first.

`/as` (`/als` in Dutch) names a seat by role, in English or Dutch, with a number for the
second of a role ("/as jobseeker 2", "/als werkgever 2"), or by first name ("/as Anna").
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.core.types import Role


@dataclass(frozen=True)
class Seat:
    address: str
    role: Role
    # 1 or 2: the first or second person of this role.
    number: int = 1


CAST: tuple[Seat, ...] = (
    Seat("1", "candidate"),
    Seat("2", "buddy"),
    Seat("3", "coach"),
    Seat("4", "admin"),
    Seat("5", "candidate", 2),
    Seat("6", "buddy", 2),
)
BY_ADDRESS = {seat.address: seat for seat in CAST}
ADMIN = BY_ADDRESS["4"]
COACH = BY_ADDRESS["3"]
# Words for a role, as people type them after /as or /als: both languages always work.
ROLE_WORDS: dict[str, Role] = {
    "jobseeker": "candidate",
    "job-seeker": "candidate",
    "seeker": "candidate",
    "candidate": "candidate",
    "werkzoekende": "candidate",
    "kandidaat": "candidate",
    "buddy": "buddy",
    "employer": "buddy",
    "werkgever": "buddy",
    "ondernemer": "buddy",
    "maatje": "buddy",
    "coach": "coach",
    "werkcoach": "coach",
    "trainer": "coach",
    "admin": "admin",
    "beheerder": "admin",
}
SWITCH_COMMANDS = ("/as", "/als")


def seat_of(role: Role, number: int = 1) -> Seat | None:
    return next((s for s in CAST if s.role == role and s.number == number), None)


def find_seat(words: str, names: dict[str, str]) -> Seat | None:
    """The seat `words` names: a role (and number), or a first name as the person gave it
    (`names`: address -> name)."""
    said = " ".join(words.lower().split())
    number = 1
    head, _, tail = said.rpartition(" ")
    if head and tail.isdigit():
        said, number = head, int(tail)
    role = ROLE_WORDS.get(said.replace("job seeker", "jobseeker"))
    if role is not None:
        return seat_of(role, number)
    for address, name in names.items():
        if name.lower() == said:
            return BY_ADDRESS[address]
    matches = [a for a, name in names.items() if name.lower().startswith(said) and said]
    return BY_ADDRESS[matches[0]] if len(matches) == 1 else None
