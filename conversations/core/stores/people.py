"""Storage of people and the invites that bring them in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from conversations.core.records import Invite, Person
from conversations.core.types import Role


class PersonStore(Protocol):
    """People as the flows know them; people who left (/forget) are never returned."""

    async def person_by_chat(self, chat_key: str) -> Person | None: ...
    async def person(self, person_id: int) -> Person | None: ...
    async def people_by_id(self, person_ids: Iterable[int]) -> dict[int, Person]: ...
    async def create_person(
        self,
        *,
        chat_key: str,
        role: Role,
        language: str | None,
        programme: str | None,
        invited_by: int | None,
        consent_at: datetime | None,
        now: datetime,
    ) -> Person: ...
    async def save_person(self, person: Person) -> None: ...
    # Everyone of a role who can be reached and finished joining (admins need not).
    async def people_with_role(self, role: str) -> list[Person]: ...
    # Audiences: everyone who can be reached; everyone in a coach's programmes or invited by them.
    async def everyone(self) -> list[Person]: ...
    async def people_of_coach(self, coach_id: int) -> list[Person]: ...


class InviteStore(Protocol):
    """Personal invites (used once) and group invites (up to max_uses)."""

    async def create_invite(
        self,
        *,
        token_hash: str,
        role: Role,
        programme: str | None,
        programme_id: int | None,
        created_by: int | None,
        now: datetime,
        expires_at: datetime,
        max_uses: int | None = None,
    ) -> Invite: ...
    async def invite_by_hash(self, token_hash: str) -> Invite | None: ...
    async def invite(self, invite_id: int) -> Invite | None: ...
    # One use counted and checked at once: False when used up or past its end.
    async def use_invite(self, invite_id: int, person_id: int | None, now: datetime) -> bool: ...
    async def note_invite_user(self, invite_id: int, person_id: int) -> None: ...
    async def invites_created_by(self, person_id: int) -> list[Invite]: ...
