"""Wakes the bot when a scheduled message is due.

The database rows are the truth about what is due; APScheduler only holds one timer for
the earliest row (plus a slow safety tick), so a restart rebuilds everything from rows.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from bot.engine import Engine
from bot.storage import DUE_BATCH

log = logging.getLogger(__name__)
SAFETY_TICK = timedelta(minutes=1)


class Wakeups:
    def __init__(self, engine: Engine, deliver: Callable[[], Awaitable[None]]) -> None:
        self.engine = engine
        self.deliver = deliver
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        # APScheduler only kicks; one task does the work, so a timer that fires while a
        # round is still running is never skipped (a skipped job would wait for the safety tick).
        self._kicked = asyncio.Event()
        # The row time the timer is set for, so an unchanged plan is not set again.
        self._armed_for: datetime | None = None
        self._runner: asyncio.Task[None] | None = None

    async def kick(self) -> None:
        self._kicked.set()

    async def _run_when_kicked(self) -> None:
        while True:
            await self._kicked.wait()
            self._kicked.clear()
            try:
                await self.run_due()
            except Exception:
                log.exception("a round of scheduled messages failed; the next kick retries")

    async def start(self) -> None:
        self.scheduler.start()
        # A late wake-up still runs: the rows decide what is due, so nothing is dropped.
        self.scheduler.add_job(
            self.kick,
            "interval",
            seconds=SAFETY_TICK.total_seconds(),
            id="safety",
            misfire_grace_time=None,
            coalesce=True,
            max_instances=1,
        )
        # Recurring meetups get their next occurrences once a day (and at start-up), when the
        # quiet hours end: their invitations go out at once, so never at night.
        quiet = self.engine.quiet
        self.scheduler.add_job(
            self.extend_series,
            "cron",
            hour=quiet.end.hour,
            minute=quiet.end.minute,
            timezone=quiet.zone,
            id="series",
            misfire_grace_time=None,
            coalesce=True,
            max_instances=1,
        )
        await self.extend_series()
        await self.run_due()
        self._runner = asyncio.create_task(self._run_when_kicked())

    async def extend_series(self) -> None:
        made = await self.engine.extend_series()
        if made:
            log.info("%d event(s) added to recurring series", made)
            await self.deliver()

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def refresh(self) -> None:
        """Set the timer to the earliest row that is still to be sent."""
        async with self.engine.store.unit_of_work() as store:
            due = await store.next_due()
        if due == self._armed_for and due is not None and due > self.engine.clock.now():
            return
        self._armed_for = due
        if due is None:
            if self.scheduler.get_job("due"):
                self.scheduler.remove_job("due")
            return
        # Wait as long as the bot's clock says, so an injected clock never causes a busy loop.
        delay = max(due - self.engine.clock.now(), timedelta(0))
        self.scheduler.add_job(
            self.kick,
            "date",
            run_date=datetime.now(UTC) + delay,
            id="due",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
            max_instances=1,
        )

    async def run_due(self) -> int:
        """Send everything that is due, a batch at a time, then set the timer again."""
        total = 0
        while True:
            sent = await self.engine.run_due()
            total += sent
            await self.deliver()
            if sent < DUE_BATCH:
                break
        if total:
            log.info("%d scheduled message(s) sent", total)
        await self.refresh()
        return total
