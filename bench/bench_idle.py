"""Resident memory of a started, idle LiftBot with 10,000 people in its database.

The parent process creates a temp SQLite database with 10,000 people (role candidate, a name
and a small profile, made with the store's own methods) and starts a FakeBotApi on 127.0.0.1.
A child process (this script with ``--child``) then starts the whole stack,
``telegram_core(settings, poll_timeout=1)`` (PTB Application with long polling, engine,
scheduler, broadcaster), stays idle for ``--idle`` seconds while polling the fake server, and
reports its own VmRSS (sampled every 0.5 s; the highest sample is reported) and VmHWM from
/proc/self/status. The fake server lives in the parent, so its memory does not count; nothing
is subtracted. The child also reports its RSS before ``start()`` (interpreter plus imports).

Target: idle RSS < 80 MB.

Run from the project root:  .venv/bin/python bench/bench_idle.py [--people 10000 --idle 10]
Not part of the test run. Talks only to 127.0.0.1; takes roughly 15-30 s.
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
from datetime import UTC, datetime
from pathlib import Path

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MB = 80.0


def status_mb(field: str) -> float:
    """A memory line of /proc/self/status (VmRSS, VmHWM) in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


async def make_people(path: Path, count: int) -> None:
    from bot.sqlite.store import SqliteStore

    store = await SqliteStore.open(path)
    now = datetime.now(UTC)
    try:
        async with store.unit_of_work() as s:
            for i in range(count):
                person = await s.create_person(
                    chat_key=f"tg:{200_000 + i}",
                    role="candidate",
                    language="nl",
                    programme="in_de_lift",
                    invited_by=None,
                    consent_at=now,
                    now=now,
                )
                person.name = f"Deelnemer {i}"
                person.profile = {"municipality": "Utrecht", "sector": "zorg", "hours": "24"}
                person.onboarded_at = now
                await s.save_person(person)
    finally:
        await store.close()


async def child_main(args: argparse.Namespace) -> None:
    before_imports = status_mb("VmRSS")
    from bot.config import Settings
    from bot.telegram.channel import telegram_core

    settings = Settings(
        _env_file=None,
        database=args.db,
        telegram_token=args.token,
        telegram_base_url=args.base_url,
    )
    bot = telegram_core(settings, poll_timeout=1)
    before_start = status_mb("VmRSS")
    started = time.monotonic()
    await bot.start()
    start_seconds = time.monotonic() - started
    peak = status_mb("VmRSS")
    deadline = time.monotonic() + args.idle
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        peak = max(peak, status_mb("VmRSS"))
    result = {
        "rss_interpreter": before_imports,
        "rss_before_start": before_start,
        "rss_idle_max": peak,
        "rss_idle_end": status_mb("VmRSS"),
        "hwm": status_mb("VmHWM"),
        "start_seconds": start_seconds,
    }
    await bot.stop()
    print(json.dumps(result), flush=True)


async def main(args: argparse.Namespace) -> None:
    from tests.fakebotapi import FakeBotApi

    fake = FakeBotApi()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "idle.sqlite3"
        made = time.monotonic()
        await make_people(db, args.people)
        print(f"{args.people} people created in {time.monotonic() - made:.1f} s", flush=True)
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            str(SCRIPT),
            "--child",
            "--db",
            str(db),
            "--token",
            fake.token,
            "--base-url",
            fake.base_url,
            "--idle",
            str(args.idle),
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            out, _ = await asyncio.wait_for(child.communicate(), args.idle + 60)
        except TimeoutError:
            child.kill()
            await child.wait()
            raise SystemExit("child did not finish in time") from None
    await fake.stop()
    lines = [line for line in out.decode().splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        raise SystemExit(f"child failed (exit {child.returncode})")
    r = json.loads(lines[-1])
    verdict = "MET" if r["rss_idle_max"] < TARGET_MB else "MISSED"
    polls = sum(1 for c in fake.calls if c.method.lower() == "getupdates")
    print(
        f"child process (fake server in the parent, not counted), {args.idle:g} s idle, "
        f"{polls} getUpdates long polls"
    )
    print(f"  RSS before bot imports     : {r['rss_interpreter']:6.1f} MB")
    print(f"  RSS after imports           : {r['rss_before_start']:6.1f} MB")
    print(f"  Core.start() took       : {r['start_seconds']:6.2f} s")
    print(f"  RSS idle (max of samples)   : {r['rss_idle_max']:6.1f} MB")
    print(f"  RSS idle (at the end)       : {r['rss_idle_end']:6.1f} MB")
    print(f"  VmHWM (peak RSS)            : {r['hwm']:6.1f} MB")
    print(f"  target                      : < {TARGET_MB:.0f} MB idle -> {verdict}")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds idle before measuring")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    asyncio.run(child_main(arguments) if arguments.child else main(arguments))
