"""The storage contract's machinery: the backends it runs over, how a test says which
protocol methods it checks, the recorder that holds it to that, and small builders of
records the tests share.

A contract test is a plain async function of a backend (and, for reopening, an opener), so
it runs over every entry of BACKENDS through the `backend` fixture and just as well against
a deliberately broken backend (test_broken_backends.py).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from bot.effects import Effects
from bot.sqlite.store import SqliteStore
from bot.storage import Backend
from conversations.core.records import (
    Agreement,
    Event,
    Meeting,
    Pair,
    Person,
    Programme,
)
from conversations.core.types import Role

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)

# Opens a backend in a folder of its own; opening the same folder again gives the same data.
Opener = Callable[[Path], Awaitable[Backend]]


async def open_sqlite(folder: Path) -> Backend:
    return await SqliteStore.open(folder / "contract.sqlite3")


# Every storage backend the project has. The PostgreSQL backend adds its entry here.
BACKENDS: dict[str, Opener] = {"sqlite": open_sqlite}

T = TypeVar("T", bound=Callable[..., Any])


def contract(*methods: str) -> Callable[[T], T]:
    """Declare the protocol methods a contract test checks. The `backend` fixture fails the
    test when one of them was never called, and test_coverage.py fails when a protocol
    method is declared by no test (or a declared name is no protocol method)."""

    def mark(test: T) -> T:
        test.contract_methods = frozenset(methods)  # type: ignore[attr-defined]
        return test

    return mark


def protocol_methods(protocol: type) -> set[str]:
    """The public methods a protocol class promises, its base protocols' included."""
    found: set[str] = set()
    for cls in protocol.__mro__:
        if not getattr(cls, "_is_protocol", False) or cls.__module__ == "typing":
            continue
        found.update(
            name
            for name, value in vars(cls).items()
            if not name.startswith("_") and inspect.isfunction(value)
        )
    return found


class Recorder:
    """The backend under test, noting which of its methods were called; its units of work
    hand out the recorder again, so calls inside them are noted too."""

    def __init__(self, target: Backend, called: set[str] | None = None) -> None:
        self._target = target
        self.called: set[str] = set() if called is None else called

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if name.startswith("_") or not callable(value):
            return value
        if name == "unit_of_work":
            return self._unit_of_work

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            self.called.add(name)
            return value(*args, **kwargs)

        return call

    @asynccontextmanager
    async def _unit_of_work(self, effects: Effects | None = None) -> AsyncIterator[Recorder]:
        self.called.add("unit_of_work")
        async with self._target.unit_of_work(effects):
            yield self


class Reopen(Protocol):
    async def __call__(self) -> Backend: ...


# -- builders ---------------------------------------------------------------------------


async def person(
    store: Backend,
    n: int,
    role: Role = "candidate",
    *,
    name: str | None = None,
    onboarded: bool = True,
    invited_by: int | None = None,
    language: str | None = "nl",
) -> Person:
    """Someone with chat key "tg:<n>", named (P<n> unless told) and, unless told, onboarded."""
    made = await store.create_person(
        chat_key=f"tg:{n}",
        role=role,
        language=language,
        programme=None,
        invited_by=invited_by,
        consent_at=NOW,
        now=NOW,
    )
    made.name = name or f"P{n}"
    made.onboarded_at = NOW if onboarded else None
    await store.save_person(made)
    return made


async def people(store: Backend, roles: Iterable[Role], start: int = 1) -> list[Person]:
    return [await person(store, n, role) for n, role in enumerate(roles, start=start)]


async def programme(store: Backend, coach_id: int, name: str = "Lift Zwolle") -> Programme:
    return await store.create_programme(
        kind="in_de_lift", name=name, municipality="Zwolle", coach_id=coach_id, now=NOW
    )


async def event(
    store: Backend,
    programme_id: int,
    starts_in: timedelta = timedelta(days=3),
    *,
    title: str = "Meeting",
    code: str | None = None,
    cancelled: bool = False,
) -> Event:
    starts = NOW + starts_in
    made = await store.create_event(
        Event(
            id=0,
            programme_id=programme_id,
            kind="meetup",
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue_name="Library",
            venue_address="Stationsweg 1",
            latitude=None,
            longitude=None,
            capacity=10,
            description=None,
            checkin_code=code or f"ci-{title}-{starts_in.total_seconds():.0f}",
            created_at=NOW,
        )
    )
    if cancelled:
        made.cancelled_at = NOW
        await store.save_event(made)
    return made


async def pair(
    store: Backend,
    candidate_id: int,
    buddy_id: int,
    coach_id: int,
    state: str = "accepted",
    programme_id: int | None = None,
) -> Pair:
    made = await store.create_pair(
        Pair(0, programme_id, "buddy", candidate_id, buddy_id, coach_id, state, NOW)  # type: ignore[arg-type]
    )
    assert made is not None
    return made


async def meeting(
    store: Backend, pair_id: int, state: str = "planned", starts_at: datetime | None = None
) -> Meeting:
    return await store.create_meeting(Meeting(0, pair_id, state, NOW, [], starts_at))  # type: ignore[arg-type]


async def agreement(
    store: Backend,
    pair_id: int,
    recorded_by: int,
    kind: str = "interview",
    state: str = "unconfirmed",
    due: date = TODAY,
    text: str | None = None,
) -> Agreement:
    return await store.create_agreement(
        Agreement(0, pair_id, kind, "candidate", due, recorded_by, NOW, text, state)  # type: ignore[arg-type]
    )
