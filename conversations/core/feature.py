"""What a feature declares it handles, and the tables the router builds from every feature.

Each package says in its own `feature.py` which commands it offers (who may use them, and
where they stand in each role's command menu), which flows it runs, which buttons bound to a
record it answers and which planned rows it writes the message for. The router puts them
together once (Routes.of) and refuses two features claiming the same name.

The names are stored: flow names in conversation rows, button prefixes in buttons already
sent, planned kinds and subjects in `scheduled` rows. They never change value; each is a
named constant in its package (its `names.py`, or NAME in a flow module).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from conversations.core.context import Context
from conversations.core.flow import Flow
from conversations.core.records import Person, Scheduled
from conversations.core.types import Reply, Role

Handler = Callable[[Context], Awaitable[list[Reply]]]
# A button bound to a record, "<prefix>:<record id>:<action>": (ctx, record id, action).
BoundHandler = Callable[[Context, int, str], Awaitable[list[Reply]]]
# The message for a planned row when it is due, or nothing when it no longer applies.
ScheduledHandler = Callable[[Context, Scheduled, Person], Awaitable[list[Reply]]]
V = TypeVar("V")

MEMBERS: tuple[Role, ...] = ("candidate", "buddy", "coach", "admin")
PREFIX = re.compile(r"[a-z][a-z0-9]{1,3}")
COMMAND = re.compile(r"[a-z][a-z0-9_]{0,23}")


def at(place: int, *roles: Role | None) -> dict[Role | None, int]:
    """The same place in the command menus of these roles (all members when none named)."""
    return dict.fromkeys(roles or MEMBERS, place)


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    # Who may use it, each with its place in that role's command menu (lower first; the
    # numbers only order, so leave gaps). None: someone LiftBot does not know yet.
    roles: Mapping[Role | None, int] = field(default_factory=dict)
    # Anyone may use it, even halfway through joining; it need not be in any menu.
    always: bool = False
    # It acts on the task in progress itself: no "Back to ..." line follows it.
    in_place: bool = False
    # What someone whose role may not use it is told; None: "not for you" and /help.
    refusal: str | None = None


@dataclass(frozen=True)
class Feature:
    commands: Sequence[Command] = ()
    # By the name stored in the conversation row.
    flows: Mapping[str, Flow] = field(default_factory=dict)
    # Those of its flows that hold typed work (wizards, edits, confirmations): another task
    # started on top leaves them waiting, and they come back ("Back to ...").
    keeps_work: frozenset[str] = frozenset()
    # By prefix; they work days later, so each handler checks who presses.
    buttons: Mapping[str, BoundHandler] = field(default_factory=dict)
    # By what a planned row is about: see scheduled_key.
    scheduled: Mapping[str, ScheduledHandler] = field(default_factory=dict)


def scheduled_key(item: Scheduled) -> str:
    """A row about a record by the record's kind ("meeting:4": "meeting"); a row about an
    event by the family of its kind ("reminder:120": "reminder")."""
    return (item.subject or item.kind).partition(":")[0]


def subject_id(item: Scheduled) -> int | None:
    """The record a planned row is about ("meeting:4": 4), if any."""
    ident = (item.subject or "").partition(":")[2]
    return int(ident) if ident.isdigit() else None


def _merge(into: dict[str, V], more: Mapping[str, V], what: str) -> None:
    for key, value in more.items():
        if key in into:
            raise ValueError(f"two features declare the {what} {key!r}")
        into[key] = value


@dataclass(frozen=True)
class Routes:
    """Every feature's declarations as the router looks them up."""

    commands: dict[str, Command]
    flows: dict[str, Flow]
    keeps_work: frozenset[str]
    buttons: dict[str, BoundHandler]
    scheduled: dict[str, ScheduledHandler]
    # The commands each role sees, in the order of its command menu.
    menus: dict[Role | None, tuple[str, ...]]
    # A bound button's data: prefix, record id, action (only declared prefixes match).
    bound: re.Pattern[str]

    @classmethod
    def of(cls, features: Iterable[Feature]) -> Routes:
        commands: dict[str, Command] = {}
        flows: dict[str, Flow] = {}
        buttons: dict[str, BoundHandler] = {}
        scheduled: dict[str, ScheduledHandler] = {}
        keeps_work: set[str] = set()
        for feature in features:
            if not feature.keeps_work <= set(feature.flows):
                raise ValueError(f"{sorted(feature.keeps_work - set(feature.flows))} not flows")
            keeps_work |= feature.keeps_work
            for command in feature.commands:
                _merge(commands, {command.name: command}, "command")
            _merge(flows, feature.flows, "flow")
            _merge(buttons, feature.buttons, "button prefix")
            _merge(scheduled, feature.scheduled, "planned kind")
        for name in commands:
            if not COMMAND.fullmatch(name):
                raise ValueError(f"command {name!r} cannot be a menu button value")
        for prefix in buttons:
            if not PREFIX.fullmatch(prefix):
                raise ValueError(f"button prefix {prefix!r} is not 2 to 4 letters and digits")
        places: dict[Role | None, dict[int, str]] = {}
        for command in commands.values():
            for role, place in command.roles.items():
                taken = places.setdefault(role, {})
                if place in taken:
                    raise ValueError(f"{command.name!r} and {taken[place]!r} share a place")
                taken[place] = command.name
        menus = {role: tuple(taken[p] for p in sorted(taken)) for role, taken in places.items()}
        alternatives = "|".join(sorted(buttons))
        bound = re.compile(rf"^({alternatives}):(\d{{1,9}}):([a-z0-9]{{1,8}})$")
        return cls(commands, flows, frozenset(keeps_work), buttons, scheduled, menus, bound)

    def may_use(self, role: Role | None, name: str) -> bool:
        command = self.commands.get(name)
        return command is not None and (command.always or role in command.roles)
