"""Storage of messages planned for later: reminders, evaluations, nudges. The application
shell reads the due ones (bot.storage.DueStore)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class ScheduleStore(Protocol):
    # About an event: planned (or planned again) once; one already sent is never planned again.
    async def schedule(
        self, kind: str, person_id: int, event_id: int | None, due: datetime
    ) -> None: ...
    async def unschedule(self, person_id: int, event_id: int, kinds: list[str]) -> None: ...
    # About a pair, meeting or agreement ("agreement:4"): planning again sends it again.
    async def schedule_about(
        self, kind: str, person_id: int, subject: str, due: datetime
    ) -> None: ...
    async def unschedule_about(self, subject: str) -> None: ...
