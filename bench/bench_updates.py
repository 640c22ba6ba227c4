"""Update path: updates per second and reply latency through the whole LiftBot stack
(PTB Application, routing, flow, SQLite commit of the state, reply) against a bare
python-telegram-bot echo bot, on the same fake Bot API server (127.0.0.1) in the same run.

    .venv/bin/python bench/bench_updates.py [--users 200] [--updates 2000] [--rate 200]

Prints, per bot: updates/second when updates arrive as fast as possible, and reply latency
(p50/p99) when they arrive at a steady --rate per second. The figures are ratios on this
machine: the fake server shares the process with the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "true")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import SecretStr  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.store import SqliteStore  # noqa: E402
from bot.telegram_channel import TelegramBot  # noqa: E402
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser  # noqa: E402

FIRST_USER = 100_000


class TimedApi(FakeBotApi):
    """The fake server, noting when each reply arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[int, list[float]] = defaultdict(list)

    def _record(self, chat_id: int, **fields: Any) -> SentMessage:
        self.arrivals[chat_id].append(time.perf_counter())
        return super()._record(chat_id, **fields)


async def people(path: Path, users: int) -> None:
    store = await SqliteStore.open(path)
    now = datetime.now(UTC)
    async with store.unit_of_work():
        for n in range(users):
            person = await store.create_person(
                chat_key=f"tg:{FIRST_USER + n}",
                role="candidate",
                language="en",
                programme=None,
                invited_by=None,
                consent_at=now,
                now=now,
            )
            person.name, person.onboarded_at = "Anna", now
            person.profile = {"work_wanted": "warehouse", "municipality": "Zoetermeer"}
            await store.save_person(person)
    await store.close()


async def drive(
    api: TimedApi, users: int, updates: int, rate: float | None
) -> tuple[float, list[float]]:
    """Push updates (alternating /menu and /help, many users) and wait for every reply."""
    pushed: dict[int, list[float]] = defaultdict(list)
    start = time.perf_counter()
    for i in range(updates):
        user = TgUser(FIRST_USER + i % users, "Anna", "en")
        if rate is not None:
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
        pushed[user.id].append(time.perf_counter())
        api.send_text(user, "/menu" if (i // users) % 2 == 0 else "/help")
    total = lambda: sum(len(api.arrivals[c]) for c in pushed)  # noqa: E731
    await api.wait_for(lambda: total() >= updates, timeout=300)
    elapsed = time.perf_counter() - start
    latencies = [
        arrived - sent
        for chat, sent_times in pushed.items()
        for sent, arrived in zip(sent_times, api.arrivals[chat], strict=False)
    ]
    return elapsed, sorted(latencies)


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


async def run_liftbot(users: int, updates: int, rate: float) -> dict[str, float]:
    api = TimedApi()
    await api.start()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        await people(database, users)
        settings = Settings(
            _env_file=None,
            database=database,  # type: ignore[call-arg]
            telegram_token=SecretStr(api.token),
            telegram_base_url=api.base_url,
        )
        bot = TelegramBot(settings, SystemClock(), poll_timeout=1)
        await bot.start()
        try:
            result = await measure(api, users, updates, rate)
        finally:
            await bot.stop()
            await api.stop()
    return result


async def run_echo(users: int, updates: int, rate: float) -> dict[str, float]:
    api = TimedApi()
    await api.start()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .job_queue(None)
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            result = await measure(api, users, updates, rate)
        finally:
            await app.updater.stop()
            await app.stop()
    await api.stop()
    return result


async def measure(api: TimedApi, users: int, updates: int, rate: float) -> dict[str, float]:
    elapsed, _ = await drive(api, users, updates, None)
    api.arrivals.clear()
    steady, latencies = await drive(api, users, int(rate * 5), rate)
    return {
        "ups": updates / elapsed,
        "p50": pct(latencies, 0.5),
        "p99": pct(latencies, 0.99),
        "steady_s": steady,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200.0)
    args = parser.parse_args()
    echo = await run_echo(args.users, args.updates, args.rate)
    lift = await run_liftbot(args.users, args.updates, args.rate)
    print(
        f"{args.updates} updates from {args.users} users; steady phase at {args.rate:.0f}/s for 5 s"
    )
    print(f"{'bot':<28}{'updates/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for name, row in (("bare PTB echo bot", echo), ("LiftBot (full stack)", lift)):
        print(f"{name:<28}{row['ups']:>10.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}")
    ratio = lift["ups"] / echo["ups"]
    print(f"LiftBot / echo throughput: {ratio:.2f} (target >= 0.8)")
    print(f"LiftBot p99 at {args.rate:.0f}/s: {lift['p99']:.1f} ms (target < 20 ms)")


if __name__ == "__main__":
    asyncio.run(main())
