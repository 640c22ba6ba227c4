"""Scheduler start-up restore, memory and firing lateness with 100,000 pending scheduled rows.

The parent process builds a temp SQLite database (bulk ``executemany`` INSERTs through the
store's connection): 12,001 people (10,000 candidates, 2,000 buddies, 1 coach), 2,000
accepted pairs with one confirmed agreement each, and 100,000 pending ``scheduled`` rows
(kind "nudge:due", subject "agreement:N", real person ids) due over the next 30 days.

A child process (this script with ``--child``, so the database building does not count in
its memory) then measures, through the real code path:

  restore   time of ``SqliteStore.open()`` + ``Engine(...)`` + ``Wakeups(engine, deliver).start()``
            (APScheduler start, series extension, ``engine.run_due()``, ``store.next_due()``);
  memory    VmRSS of the child after the restore (/proc/self/status);
  lateness  2,000 nudges (one per confirmed agreement) are planned with
            ``store.schedule_about`` due 2 s .. 12 s from now, then ``wakeups.refresh()`` is
            called as the channel does after handling an update. The real APScheduler timer
            fires ``engine.run_due()``; ``deliver`` (standing in for the Telegram outbox sender,
            no network) marks outbox rows sent. Lateness per outbox row = created_at - due_at
            of its nudge (and sent_at - due_at for the stand-in delivery).

Targets: restore < 2 s, RSS < 150 MB, p99 lateness < 1 s.

Run from the project root:  .venv/bin/python bench/bench_scheduler.py
Not part of the test run. No network at all; takes roughly 20-40 s.
"""

from __future__ import annotations

import os

os.environ.setdefault("PTB_TIMEDELTA", "true")

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
sys.path.insert(0, str(ROOT))

from bot.sqlite.base import to_db  # noqa: E402
from bot.sqlite.store import SqliteStore  # noqa: E402
from bot.telegram.info import telegram_info  # noqa: E402

CANDIDATES, BUDDIES = 10_000, 2_000
FIRING = 2_000  # one per pair/agreement
FIRE_AFTER, FIRE_SPREAD = 2.0, 10.0  # seconds from "now" to the first nudge; spread of all
TARGET_RESTORE_S, TARGET_RSS_MB, TARGET_P99_S = 2.0, 150.0, 1.0


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def build_db(path: Path, backlog: int) -> None:
    store = await SqliteStore.open(path)
    db = store._db  # bulk inserts: the store has no batch API for these
    now = datetime.now(UTC)
    stamp = to_db(now)
    people = [
        (f"tg:{300_000 + i}", "candidate", "nl", f"Kandidaat {i}", stamp) for i in range(CANDIDATES)
    ]
    people += [(f"tg:{400_000 + i}", "buddy", "nl", f"Buddy {i}", stamp) for i in range(BUDDIES)]
    people.append(("tg:1", "coach", "nl", "Coach", stamp))
    async with store.unit_of_work():
        await db.executemany(
            "INSERT INTO people (chat_key, role, language, name, profile, consent_at,"
            ' onboarded_at, created_at) VALUES (?, ?, ?, ?, \'{"sector":"zorg"}\', ?, ?, ?)',
            [(c, r, lang, n, s, s, s) for c, r, lang, n, s in people],
        )
        # ids follow insertion order from 1: candidates, buddies, coach.
        coach = CANDIDATES + BUDDIES + 1
        await db.executemany(
            "INSERT INTO pairs (kind, candidate_id, buddy_id, coach_id, state, created_at)"
            " VALUES ('buddy', ?, ?, ?, 'accepted', ?)",
            [(1 + i, CANDIDATES + 1 + i, coach, stamp) for i in range(FIRING)],
        )
        due_on = (date.today() + timedelta(days=7)).isoformat()
        await db.executemany(
            "INSERT INTO agreements (pair_id, kind, text, owner, due_on, recorded_by, state,"
            " created_at) VALUES (?, 'interview', 'Sollicitatie', 'candidate', ?, ?,"
            " 'confirmed', ?)",
            [(1 + i, due_on, coach, stamp) for i in range(FIRING)],
        )
        month = 30 * 24 * 3600
        await db.executemany(
            "INSERT INTO scheduled (kind, person_id, subject, due_at) VALUES (?, ?, ?, ?)",
            [
                (
                    "nudge:due",
                    1 + k % CANDIDATES,
                    f"agreement:{FIRING + 1 + k}",
                    to_db(now + timedelta(hours=1, seconds=k * month / backlog)),
                )
                for k in range(backlog)
            ],
        )
    await store.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def child_main(args: argparse.Namespace) -> None:
    from datetime import time as datetime_time
    from zoneinfo import ZoneInfo

    from bot.clock import SystemClock
    from bot.config import Settings
    from bot.engine import Engine
    from bot.i18n import Translator
    from bot.scheduler import Wakeups

    # No quiet hours (start == end) and no quiet Sunday: the benchmark runs at any hour and
    # measures how late nudges fire, not when they are allowed to.
    midnight = datetime_time(0, 0)
    settings = Settings(
        _env_file=None,
        database=args.db,
        quiet_start=midnight,
        quiet_end=midnight,
        quiet_sunday=False,
    )
    translator = Translator(ZoneInfo(settings.timezone), settings.locale)
    rss_before = rss_mb()
    clock = SystemClock()

    started = time.monotonic()
    store = await SqliteStore.open(args.db)
    engine = Engine(store, clock, translator, settings, {"tg": telegram_info("LiftBenchBot")})
    delivered: list[tuple[str, datetime, datetime]] = []  # chat_key, created_at, sent_at

    async def deliver() -> None:
        """Stands in for the outbox pump: takes each pending row as sent, no network."""
        while True:
            async with store.unit_of_work() as s:
                rows = await s.pending_outbox("tg")
            if not rows:
                return
            for row in rows:
                sent = clock.now()
                async with store.unit_of_work() as s:
                    await s.delete_outbox(row["id"])
                delivered.append((row["chat_key"], datetime.fromisoformat(row["created_at"]), sent))

    from apscheduler.events import EVENT_JOB_MAX_INSTANCES  # type: ignore[import-untyped]

    wakeups = Wakeups(engine, deliver)
    skipped: list[str] = []
    wakeups.scheduler.add_listener(lambda e: skipped.append(e.job_id), EVENT_JOB_MAX_INSTANCES)
    await wakeups.start()
    restore_s = time.monotonic() - started
    rss_restore = rss_mb()
    async with store.unit_of_work() as s:
        next_due = await s.next_due()

    async def plan() -> dict[str, datetime]:
        """Plan the nudges as a flow would (re-planning resets sent_at); due per chat key."""
        planned_at = clock.now()
        due_by_chat: dict[str, datetime] = {}
        async with store.unit_of_work() as s:
            for i in range(FIRING):
                due = planned_at + timedelta(seconds=FIRE_AFTER + i * FIRE_SPREAD / FIRING)
                await s.schedule_about("nudge:due", 1 + i, f"agreement:{1 + i}", due)
                due_by_chat[f"tg:{300_000 + i}"] = due
        return due_by_chat

    def lateness(due_by_chat: dict[str, datetime], end: datetime) -> dict[str, object]:
        """Per nudge: created_at - due_at; for nudges never fired, end - due_at (a lower bound)."""
        fired = {k: (c, t) for k, c, t in delivered if k in due_by_chat}
        created = [
            (fired[k][0] - d).total_seconds() if k in fired else (end - d).total_seconds()
            for k, d in due_by_chat.items()
        ]
        sent = [(fired[k][1] - d).total_seconds() for k, d in due_by_chat.items() if k in fired]
        return {"fired": len(fired), "created": created, "sent": sent}

    # The real Wakeups path. Poke the timer as the channel does after an update.
    due_by_chat = await plan()
    await wakeups.refresh()
    deadline = time.monotonic() + FIRE_AFTER + FIRE_SPREAD + args.grace
    while len(delivered) < FIRING and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    fired = lateness(due_by_chat, clock.now())
    rss_end = rss_mb()
    wakeups.stop()

    await store.close()

    print(
        json.dumps(
            {
                "rss_before": rss_before,
                "restore_s": restore_s,
                "rss_restore": rss_restore,
                "rss_end": rss_end,
                "next_due": str(next_due),
                "skipped": len(skipped),
                "fired": fired,
            }
        ),
        flush=True,
    )


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sched.sqlite3"
        t = time.monotonic()
        await build_db(db, args.backlog)
        print(
            f"built DB: {CANDIDATES + BUDDIES + 1} people, {FIRING} agreements, "
            f"{args.backlog} pending scheduled rows in {time.monotonic() - t:.1f} s "
            f"({db.stat().st_size / 2**20:.1f} MB file)",
            flush=True,
        )
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            str(SCRIPT),
            "--child",
            "--db",
            str(db),
            "--grace",
            str(args.grace),
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            out, _ = await asyncio.wait_for(child.communicate(), 90)
        except TimeoutError:
            child.kill()
            await child.wait()
            raise SystemExit("child did not finish within 90 s") from None
    lines = [line for line in out.decode().splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        raise SystemExit(f"child failed (exit {child.returncode})")
    r = json.loads(lines[-1])

    def verdict(ok: bool) -> str:
        return "MET" if ok else "MISSED"

    print(
        f"restore (open + Engine + Wakeups.start): {r['restore_s']:.3f} s   "
        f"target < {TARGET_RESTORE_S:g} s -> {verdict(r['restore_s'] < TARGET_RESTORE_S)}"
    )
    print(
        f"RSS after imports {r['rss_before']:.1f} MB, after restore {r['rss_restore']:.1f} MB,"
        f" after firing {r['rss_end']:.1f} MB   target < {TARGET_RSS_MB:g} MB -> "
        f"{verdict(max(r['rss_restore'], r['rss_end']) < TARGET_RSS_MB)}"
    )
    print(f"next_due after restore: {r['next_due']}")
    print(f"APScheduler 'maximum number of running instances' skips: {r['skipped']}")
    name, res = "real Wakeups timer (APScheduler)", r["fired"]
    created, sent = res["created"], res["sent"]
    p50, p99, worst = percentile(created, 50), percentile(created, 99), max(created)
    ok = p99 < TARGET_P99_S and res["fired"] == FIRING
    bound = "" if res["fired"] == FIRING else " (lower bounds: unfired nudges count as end - due)"
    print(f"{name}: fired {res['fired']}/{FIRING} nudges due over {FIRE_SPREAD:g} s")
    print(
        f"  lateness outbox.created_at - due_at: p50 {p50 * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms, max {worst * 1000:.0f} ms{bound}"
        f"   target p99 < {TARGET_P99_S:g} s -> {verdict(ok)}"
    )
    if sent:
        s50, s99 = percentile(sent, 50) * 1000, percentile(sent, 99) * 1000
        print(
            f"  lateness outbox.sent_at - due_at (stand-in delivery, no network),"
            f" fired only: p50 {s50:.0f} ms, p99 {s99:.0f} ms"
        )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=100_000, help="pending future rows")
    parser.add_argument(
        "--grace",
        type=float,
        default=10.0,
        help="seconds to wait for stragglers after the last nudge is due",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    asyncio.run(child_main(arguments) if arguments.child else main(arguments))
