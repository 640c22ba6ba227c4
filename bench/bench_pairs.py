"""The coach's /pairs with 1,000 pairs: how long it takes, and how long another chat waits.

A temp SQLite database holds one coach with a Buddyproject of 1,000 accepted pairs
(1,000 job seekers and 1,000 buddies with a name and a small profile), about 1,500
meetings (planned, some in the past, some said to be held with a "did you talk?" answer,
some old "we will call") and 1,500 agreements in every state. A second person (a job
seeker) is there to chat at the same time.

Through the real engine (``Engine.handle``: the store's unit of work with its lock, the
router and flows, the commit, rendering in the coach's language) it measures:

  alone     the coach's ``/pairs`` (and, where offered, turning to the next page and asking
            for the CSV), each ``--rounds`` times;
  other     the other person's ``/menu`` on its own (the baseline);
  together  the other person's ``/menu`` sent right after the coach's ``/pairs`` started
            (so it finds the store's lock taken): its extra wait over the baseline is how
            long ``/pairs`` holds every other chat up; the same during the coach's CSV.

Targets: ``/pairs`` p50 and max < 100 ms; the other chat delayed by < 20 ms (p50 and max).
HTTP to Telegram is not included (one sendMessage is about 1 ms on localhost); the CPU
work of rendering is.

Run from the project root:  .venv/bin/python bench/bench_pairs.py   (about 15 s)
"""

from __future__ import annotations

import os

os.environ.setdefault("PTB_TIMEDELTA", "true")

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import FakeClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.sqlite.base import to_db  # noqa: E402
from bot.sqlite.store import SqliteStore  # noqa: E402
from bot.telegram.info import telegram_info  # noqa: E402
from conversations.core.types import Incoming  # noqa: E402

COACH, OTHER = 1, 2  # Telegram user ids: chat keys tg:1 and tg:2
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TARGET_MS, TARGET_DELAY_MS = 100.0, 20.0


async def build_db(path: Path, pairs: int) -> None:
    store = await SqliteStore.open(path)
    db = store._db  # bulk inserts: the store has no batch API for these
    stamp = to_db(NOW)
    profile = '{"sector": "logistics", "municipality": "Hardenberg", "work_wanted": "magazijn"}'
    people = [(f"tg:{COACH}", "coach", "Carla"), (f"tg:{OTHER}", "candidate", "Olga")]
    people += [(f"tg:{100_000 + i}", "candidate", f"Kandidaat {i}") for i in range(pairs)]
    people += [(f"tg:{200_000 + i}", "buddy", f"Ondernemer {i}") for i in range(pairs)]
    today = NOW.date()
    async with store.unit_of_work():
        await db.executemany(
            "INSERT INTO people (chat_key, role, language, name, profile, consent_at,"
            " onboarded_at, created_at) VALUES (?, ?, 'nl', ?, ?, ?, ?, ?)",
            [(key, role, name, profile, stamp, stamp, stamp) for key, role, name in people],
        )
        await db.execute(
            "INSERT INTO programmes (kind, name, municipality, coach_id, created_at)"
            " VALUES ('buddyproject', 'Buddyproject Hardenberg', 'Hardenberg', 1, ?)",
            (stamp,),
        )
        # ids follow insertion order: coach 1, other 2, candidates 3.., buddies after them.
        first_candidate, first_buddy = 3, 3 + pairs
        await db.executemany(
            "INSERT INTO pairs (programme_id, kind, candidate_id, buddy_id, coach_id, state,"
            " created_at) VALUES (1, 'buddy', ?, ?, 1, 'accepted', ?)",
            [(first_candidate + i, first_buddy + i, stamp) for i in range(pairs)],
        )
        meetings = []
        for i in range(pairs):
            moment = NOW + timedelta(days=(i % 20) - 10)
            # Past meetings: some said to be held (with "did you talk?" answers), some not.
            held = moment < NOW and i % 3 == 0
            meetings.append((1 + i, "held" if held else "planned", to_db(moment), stamp))
            if i % 2:
                meetings.append((1 + i, "call" if i % 4 == 1 else "cancelled", None, stamp))
        await db.executemany(
            "INSERT INTO meetings (pair_id, state, starts_at, created_at) VALUES (?, ?, ?, ?)",
            meetings,
        )
        await db.execute(
            "INSERT INTO meeting_talks (meeting_id, person_id, talked, nothing_agreed,"
            " answered_at) SELECT m.id, p.buddy_id, 'yes', m.id % 2, ? FROM meetings m"
            " JOIN pairs p ON p.id = m.pair_id WHERE m.state = 'held'",
            (stamp,),
        )
        kinds = ("internship", "interview", "introduction", "conversation", "own")
        states = ("unconfirmed", "confirmed", "confirmed", "done", "disputed")
        agreements = []
        for i in range(pairs + pairs // 2):
            due = date.fromordinal(today.toordinal() + (i % 30) - 15)
            kind = kinds[i % len(kinds)]
            agreements.append(
                (
                    1 + i % pairs,
                    kind,
                    "Samen naar de open dag" if kind == "own" else None,
                    "both" if i % 3 == 0 else "candidate",
                    due.isoformat(),
                    states[i % len(states)],
                    stamp,
                )
            )
        await db.executemany(
            "INSERT INTO agreements (pair_id, kind, text, owner, due_on, recorded_by, state,"
            " created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
            agreements,
        )
    await store.close()


def ms(seconds: float) -> float:
    return seconds * 1000


def summary(values: list[float]) -> str:
    return f"p50 {statistics.median(values):6.1f} ms, max {max(values):6.1f} ms"


async def timed(engine: Engine, user: int, event: Incoming) -> tuple[float, list[object]]:
    started = time.perf_counter()
    outcome = await engine.handle("tg", user, event, "nl")
    return ms(time.perf_counter() - started), list(outcome.messages)


def button(messages: list[object], label: str) -> str | None:
    for message in messages:
        for row in getattr(message, "buttons", []):
            for text, data in row:
                if label in text:
                    return str(data)
    return None


async def run(db: Path, rounds: int) -> dict[str, list[float]]:
    settings = Settings(_env_file=None, database=db)  # type: ignore[call-arg]
    store = await SqliteStore.open(db)
    channels = {"tg": telegram_info("Bench")}
    engine = Engine(store, FakeClock(NOW), Translator(settings.zone, "nl"), settings, channels)
    kinds = ("pairs", "next", "csv", "other", "with", "with_csv")
    figures: dict[str, list[float]] = {kind: [] for kind in kinds}
    pairs_text = Incoming.from_text("/pairs")
    menu = Incoming.from_text("/menu")
    # Warm up: catalogues, SQLite's page cache, the first query plans.
    for _ in range(3):
        await timed(engine, COACH, pairs_text)
        await timed(engine, OTHER, menu)
    sizes: list[int] = []
    for _ in range(rounds):
        took, messages = await timed(engine, COACH, pairs_text)
        figures["pairs"].append(took)
        sizes.append(sum(len(getattr(m, "text", "")) for m in messages))
        # The CSV first: its answer has no buttons, so "next" on the same page still works.
        sheet = button(messages, "CSV")
        if sheet is not None:
            took, _ = await timed(engine, COACH, Incoming("choice", choice=sheet))
            figures["csv"].append(took)
        following = button(messages, "Volgende")
        if following is not None:
            took, _ = await timed(engine, COACH, Incoming("choice", choice=following))
            figures["next"].append(took)
        took, _ = await timed(engine, OTHER, menu)
        figures["other"].append(took)
        # The other chat's message comes in while the coach's /pairs is being handled.
        coach = asyncio.create_task(timed(engine, COACH, pairs_text))
        await asyncio.sleep(0)
        took, _ = await timed(engine, OTHER, menu)
        _, messages = await coach
        figures["with"].append(took)
        sheet = button(messages, "CSV")
        if sheet is not None:
            # The same while the coach's CSV is being built (from the /pairs just answered).
            coach = asyncio.create_task(timed(engine, COACH, Incoming("choice", choice=sheet)))
            await asyncio.sleep(0)
            took, _ = await timed(engine, OTHER, menu)
            _, messages = await coach
            assert button(messages, "CSV") is None and "CSV" in str(messages[0])
            figures["with_csv"].append(took)
    await store.close()
    print(f"/pairs answer: {statistics.median(sizes):,.0f} characters", flush=True)
    return figures


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "pairs.sqlite3"
        started = time.monotonic()
        await build_db(db, args.pairs)
        print(
            f"built DB: {args.pairs:,} pairs in {time.monotonic() - started:.1f} s "
            f"({db.stat().st_size / 2**20:.1f} MB)",
            flush=True,
        )
        f = await run(db, args.rounds)

    def verdict(ok: bool) -> str:
        return "MET" if ok else "MISSED"

    print(f"coach /pairs ({args.rounds} rounds):        {summary(f['pairs'])}")
    if f["next"]:
        print(f"coach next page:                  {summary(f['next'])}")
    if f["csv"]:
        print(f"coach CSV (all {args.pairs:,} pairs):       {summary(f['csv'])}")
    print(f"other chat's /menu alone:         {summary(f['other'])}")
    print(f"other chat's /menu during /pairs: {summary(f['with'])}")
    baseline = statistics.median(f["other"])
    delays = [took - baseline for took in f["with"]]
    print(f"other chat delayed by:            {summary(delays)}")
    if f["with_csv"]:
        during_csv = [took - baseline for took in f["with_csv"]]
        print(f"other chat delayed by the CSV:    {summary(during_csv)}")
    slowest = max(max(f["pairs"]), max(f["next"] or [0.0]))
    print(f"/pairs within {TARGET_MS:g} ms: {verdict(slowest < TARGET_MS)}")
    print(f"other chat delayed < {TARGET_DELAY_MS:g} ms: {verdict(max(delays) < TARGET_DELAY_MS)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
