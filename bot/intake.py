"""The durable intake, for every channel: an incoming update is kept in the database before
the chat app is told it arrived, then handed to its channel's handler from there, each
chat's updates in order, no chat holding up another.

- Kept before acknowledged: a polling channel keeps a batch (and its new position, the
  cursor) in one unit of work and only then asks for the next batch, which tells the chat
  app the earlier ones arrived; a webhook answers only after `keep` returned.
- Done with its change: the handler passes the row to Core.turn, and in the unit of work of
  the change it caused the engine replaces the person's words in it by the replies; once
  they are out, the row is deleted. An update that causes no turn (a kind LiftBot does not
  handle) is deleted all the same. After a crash, `attach` hands on what was kept and not
  done, before the channel receives again: an update not handled goes to the handler, the
  replies of one handled go out (`resend`), nothing is handled twice.
- Fair: each chat with waiting updates has one worker that takes them in order; a worker
  holds one of the `slots` only while it handles an update, never while its chat's next
  update waits, so a chat sending hundreds of messages uses one slot and the others go on.
  A chat whose queue grows past `flood` hears "one moment" once (`on_flood`), until its
  queue has drained.
- Poison: an update that fails (the channel cannot read it, or handling it raises before
  it is done) is tried again a little later, at most MAX_TRIES times, then set aside with a
  log line naming its id and the reason, never its content. Too large: set aside at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from bot.clock import Clock
from bot.kept import Arrived as Arrived
from bot.kept import Kept as Kept
from bot.kept import Resend as Resend
from bot.kept import Unreadable as Unreadable
from bot.kept import UpdateHandler as UpdateHandler
from bot.storage import Backend

log = logging.getLogger(__name__)

# Updates handled at once, over all chats (each chat one at a time).
SLOTS = 32
# Updates waiting in one chat before it is told "one moment".
FLOOD = 5
MAX_TRIES = 3
# Seconds before a failed update is tried again (times the number of tries so far).
RETRY_PAUSE = 0.2
# Characters of a kept payload: a Telegram update is a few kilobytes at most.
MAX_PAYLOAD = 64 * 1024
# Rows read at a time when picking up after a restart.
RECOVER_BATCH = 500


# Tells a chat (by its chat key) that its many messages are being worked through.
FloodNotice = Callable[[str], Awaitable[None]]


class Intake:
    def __init__(
        self,
        store: Backend,
        clock: Clock,
        slots: int = SLOTS,
        flood: int = FLOOD,
        on_flood: FloodNotice | None = None,
        resend: Resend | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.flood = flood
        self.on_flood = on_flood
        self.resend = resend
        self._slots = asyncio.Semaphore(slots)
        self._handlers: dict[str, UpdateHandler] = {}
        # Per chat key: the updates waiting (not the one being handled) and its worker.
        self._queues: dict[str, deque[Kept]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        # Chats told "one moment" since their queue last drained.
        self._told: set[str] = set()
        # Workers of updates that name no chat, and flood notices on their way.
        self._loose: set[asyncio.Task[None]] = set()
        self._closing = False

    async def attach(self, channel: str, handler: UpdateHandler) -> int:
        """Hand this channel's kept updates to `handler`: first those kept and not done
        before (after a crash or a stop), in order; returns how many there were. Call it
        before the channel receives again, so they go before anything new."""
        self._handlers[channel] = handler
        found, after = 0, 0
        while True:
            async with self.store.unit_of_work() as store:
                rows = await store.pending_updates(channel, RECOVER_BATCH, after)
            for row in rows:
                self._queue(
                    Kept(
                        row["id"],
                        channel,
                        row["update_id"],
                        row["chat_key"],
                        row["payload"],
                        row["tries"],
                        row["answer"],
                        recovered=True,
                    )
                )
                after = row["id"]
            found += len(rows)
            if len(rows) < RECOVER_BATCH:
                break
        if found:
            log.info("handling %d %s updates kept before the restart", found, channel)
        return found

    async def cursor(self, channel: str) -> str | None:
        """Where a polling channel goes on from: the position it kept last."""
        async with self.store.unit_of_work() as store:
            return await store.intake_cursor(channel)

    async def keep(
        self, channel: str, updates: Sequence[Arrived], cursor: str | None = None
    ) -> int:
        """Keep updates (and the channel's new cursor) in one unit of work, then hand the
        new ones on; returns how many were new. Only after this returns may the chat app be
        told they arrived."""
        now = self.clock.now()
        new: list[Kept] = []
        too_large: list[Kept] = []
        async with self.store.unit_of_work() as store:
            for update in updates:
                large = len(update.payload) > MAX_PAYLOAD
                payload = "" if large else update.payload
                row = await store.keep_update(
                    channel, update.update_id, update.chat_key, payload, now
                )
                if row is None:
                    continue  # delivered again: kept already
                kept = Kept(row, channel, update.update_id, update.chat_key, payload)
                if large:
                    await store.set_update_aside(row, "too large", now)
                    too_large.append(kept)
                else:
                    new.append(kept)
            if cursor is not None:
                await store.save_intake_cursor(channel, cursor)
        for kept in too_large:
            log.warning("%s update %s set aside: too large", channel, kept.update_id)
        for kept in new:
            self._queue(kept)
        return len(new)

    def waiting(self) -> int:
        """Updates kept and waiting in memory (not counting those being handled)."""
        return sum(len(queue) for queue in self._queues.values())

    async def stop(self, grace: float = 5.0) -> None:
        """Let the updates being handled finish (for `grace` seconds at most); the ones
        waiting stay kept and are handled after the next start."""
        self._closing = True
        tasks = [*self._workers.values(), *self._loose]
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=grace)
            for task in late:
                task.cancel()
            for task in late:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    # -- handing on ---------------------------------------------------------------------

    def _queue(self, kept: Kept) -> None:
        if self._closing:
            return  # kept in the database: the next start hands it on
        key = kept.chat_key
        if key is None:
            self._spawn(self._handle(kept))
            return
        queue = self._queues.setdefault(key, deque())
        queue.append(kept)
        if key not in self._workers:
            self._workers[key] = asyncio.create_task(self._work(key, queue))
        elif len(queue) > self.flood and key not in self._told and self.on_flood is not None:
            self._told.add(key)
            self._spawn(self._notice(self.on_flood, key))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._loose.add(task)
        task.add_done_callback(self._loose.discard)

    async def _work(self, key: str, queue: deque[Kept]) -> None:
        """One chat's updates, one at a time, until none wait."""
        try:
            while queue and not self._closing:
                await self._handle(queue.popleft())
        finally:
            # No await between the last look at the queue and here: nothing is missed.
            del self._queues[key], self._workers[key]
            self._told.discard(key)

    async def _handle(self, kept: Kept) -> None:
        handler = self._handlers[kept.channel]
        if kept.recovered and kept.answer is None and not await self._count_try(kept):
            return
        while True:
            try:
                async with self._slots:
                    if kept.answer is None:
                        await handler(kept)
                    elif self.resend is not None:
                        # Handled before: only its replies are left to send.
                        await self.resend(kept)
                # Its replies are out, or no turn came of it (a kind LiftBot does not handle).
                async with self.store.unit_of_work() as store:
                    await store.update_done(kept.id)
                kept.done = True
                return
            except Exception as exc:
                if not await self._failed(kept, exc):
                    return
            await asyncio.sleep(RETRY_PAUSE * max(kept.tries, kept.sends))

    async def _failed(self, kept: Kept, exc: Exception) -> bool:
        """Note a failure; True when the update is to be tried again."""
        what = f"{kept.channel} update {kept.update_id}"
        # Only the kind of error: its message may quote the update.
        reason = str(exc) if isinstance(exc, Unreadable) else type(exc).__name__
        # For `liftbot -v`: where it failed, as code lines only (no values, no message).
        log.debug("%s failed at\n%s", what, "".join(traceback.format_tb(exc.__traceback__)))
        if kept.answer is not None:
            # Handled and committed; its replies did not go out. They are sent again, then
            # given up (the row goes: it holds them, about the person).
            kept.sends += 1
            if kept.sends < MAX_TRIES:
                log.warning("%s was handled; sending its replies failed: %s", what, reason)
                return True
            log.warning("%s was handled; its replies could not be sent: %s", what, reason)
            with contextlib.suppress(Exception):
                async with self.store.unit_of_work() as store:
                    await store.update_done(kept.id)
            return False
        counted, kept.counted = kept.counted, False
        if not counted:
            kept.tries += 1
        try:
            async with self.store.unit_of_work() as store:
                if not counted:
                    await store.update_tried(kept.id)
                if kept.tries >= MAX_TRIES:
                    await store.set_update_aside(kept.id, reason, self.clock.now())
        except Exception:
            log.warning("%s failed (%s); kept for the next start", what, reason)
            return False
        if kept.tries < MAX_TRIES:
            log.warning("%s failed, try %d of %d: %s", what, kept.tries, MAX_TRIES, reason)
            return True
        log.warning("%s set aside after %d tries: %s", what, kept.tries, reason)
        return False

    async def _count_try(self, kept: Kept) -> bool:
        """Before a kept update from before this start is tried: count the try; False when
        LiftBot stopped while trying it too often (it is set aside)."""
        what = f"{kept.channel} update {kept.update_id}"
        async with self.store.unit_of_work() as store:
            if kept.tries >= MAX_TRIES:
                reason = "LiftBot stopped while handling it"
                await store.set_update_aside(kept.id, reason, self.clock.now())
                log.warning("%s set aside after %d tries: %s", what, kept.tries, reason)
                return False
            await store.update_tried(kept.id)
        kept.tries += 1
        kept.counted = True
        return True

    async def _notice(self, notice: FloodNotice, key: str) -> None:
        try:
            await notice(key)
        except Exception:
            log.warning("could not tell a busy chat to wait a moment", exc_info=True)
