"""Update path: updates per second and reply latency through the whole LiftBot stack
(PTB Application, routing, flow, SQLite commit of the state, reply) against a bare
python-telegram-bot echo bot, on the same fake Bot API server (127.0.0.1) in the same run.

    .venv/bin/python bench/bench_updates.py [--users 200] [--updates 2000] [--rate 200]

Prints, per bot: updates/second when updates arrive as fast as possible, and reply latency
(p50/p99) when they arrive at a steady --rate per second. The figures are ratios on this
machine. The fake server (and the load driver) run in a process of their own, so the bot
being measured has its own CPU and event loop.
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

from aiohttp import web  # noqa: E402
from pydantic import SecretStr  # noqa: E402
from telegram import InlineKeyboardMarkup, Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bench.remote_fake import RemoteFake  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.store import SqliteStore  # noqa: E402
from bot.telegram_channel import TelegramBot, keyboard  # noqa: E402
from conversations.types import Incoming  # noqa: E402
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser  # noqa: E402

FIRST_USER = 100_000
LATENCY_MS = 0.0  # set from --latency


class TimedApi(FakeBotApi):
    """The fake server and the load driver: pushes updates and notes when each reply came."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[int, list[float]] = defaultdict(list)
        self.latency = 0.0

    def set_latency(self, seconds: float) -> None:
        self.latency = seconds

    async def _handle(self, request: web.Request) -> web.Response:
        # A round trip to the real Telegram takes tens of milliseconds; --latency adds that.
        if self.latency:
            await asyncio.sleep(self.latency)
        return await super()._handle(request)

    def _record(self, chat_id: int, **fields: Any) -> SentMessage:
        self.arrivals[chat_id].append(time.perf_counter())
        return super()._record(chat_id, **fields)

    async def drive(
        self, users: int, updates: int, rate: float | None
    ) -> tuple[float, list[float]]:
        """Push updates (alternating /menu and /help, many users) and wait for every reply."""
        self.arrivals.clear()
        pushed: dict[int, list[float]] = defaultdict(list)
        start = time.perf_counter()
        for i in range(updates):
            user = TgUser(FIRST_USER + i % users, "Anna", "en")
            if rate is not None:
                await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            pushed[user.id].append(time.perf_counter())
            self.send_text(user, "/menu" if (i // users) % 2 == 0 else "/help")
        total = lambda: sum(len(self.arrivals[c]) for c in pushed)  # noqa: E731
        await self.wait_for(lambda: total() >= updates, timeout=300)
        elapsed = time.perf_counter() - start
        latencies = [
            arrived - sent
            for chat, sent_times in pushed.items()
            for sent, arrived in zip(sent_times, self.arrivals[chat], strict=False)
        ]
        return elapsed, sorted(latencies)


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


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


async def run_liftbot(users: int, updates: int, rate: float) -> dict[str, float]:
    async with RemoteFake(TimedApi) as api:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.sqlite3"
            await people(database, users)
            settings = Settings(
                _env_file=None,
                database=database,  # type: ignore[call-arg]
                telegram_token=SecretStr(api.token),
                telegram_base_url=api.base_url,
                telegram_base_file_url=api.base_file_url,
            )
            bot = TelegramBot(settings, SystemClock(), poll_timeout=1)
            await bot.start()
            try:
                return await measure(api, users, updates, rate)
            finally:
                await bot.stop()


async def liftbot_replies(users: int) -> dict[str, tuple[str, InlineKeyboardMarkup | None]]:
    """What LiftBot answers to /menu and /help, rendered by its own engine."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "replies.sqlite3"
        await people(database, users)
        settings = Settings(_env_file=None, database=database)  # type: ignore[call-arg]
        store = await SqliteStore.open(database)
        engine = Engine(
            store, SystemClock(), Translator(settings.zone, settings.locale), settings, "bot"
        )
        replies = {}
        for text in ("/menu", "/help"):
            outcome = await engine.handle("tg", FIRST_USER, Incoming.from_text(text), "en")
            (message,) = outcome.messages
            replies[text] = (message.text, keyboard(message))
        await store.close()
    return replies


async def run_echo(
    users: int, updates: int, rate: float, same_reply: bool = False
) -> dict[str, float]:
    """A bare PTB bot; with same_reply it answers LiftBot's own text and buttons, no database."""
    replies = await liftbot_replies(users) if same_reply else {}

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        text = update.message.text or ""
        answer, markup = replies.get(text, (text, None))
        await update.message.reply_text(answer, reply_markup=markup)

    async with RemoteFake(TimedApi) as api:
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
                return await measure(api, users, updates, rate)
            finally:
                await app.updater.stop()
                await app.stop()


async def measure(api: RemoteFake, users: int, updates: int, rate: float) -> dict[str, float]:
    await api.call("set_latency", LATENCY_MS / 1000)
    cpu = time.process_time()
    elapsed, _ = await api.call("drive", users, updates, None)
    cpu = time.process_time() - cpu
    steady, latencies = await api.call("drive", users, int(rate * 5), rate)
    return {
        "ups": updates / elapsed,
        # CPU of the bot's process (all threads) per update: steadier than wall-clock figures
        # on a shared machine. The fake server runs in its own process and is not counted.
        "cpu_ms": cpu / updates * 1000,
        "p50": pct(latencies, 0.5),
        "p99": pct(latencies, 0.99),
        "steady_s": steady,
    }


MEASURES = (("ups", 0), ("cpu_ms", 2), ("p50", 1), ("p99", 1))
ROWS = {
    "echo": ("bare PTB echo bot", lambda a: run_echo(a.users, a.updates, a.rate)),
    "same": (
        "PTB bot, LiftBot's replies",
        lambda a: run_echo(a.users, a.updates, a.rate, same_reply=True),
    ),
    "liftbot": ("LiftBot (full stack)", lambda a: run_liftbot(a.users, a.updates, a.rate)),
}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--rounds", type=int, default=2, help="each bot this many times, in turn")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="ms the fake server waits before answering"
    )
    args = parser.parse_args()
    global LATENCY_MS
    LATENCY_MS = args.latency
    results: dict[str, list[dict[str, float]]] = {key: [] for key in ROWS}
    for _ in range(args.rounds):
        for key, (_, run) in ROWS.items():
            results[key].append(await run(args))
    print(
        f"{args.updates} updates from {args.users} users; steady phase at {args.rate:.0f}/s"
        f" for 5 s; {args.rounds} rounds, bots in turn (figures per round);"
        f" server latency {args.latency:g} ms"
    )
    print(
        f"{'bot':<30}"
        + "".join(f"{h:>24}" for h in ("updates/s", "CPU ms/update", "p50 ms", "p99 ms"))
    )
    for key, (name, _) in ROWS.items():
        cells = [" / ".join(f"{row[m]:.{d}f}" for row in results[key]) for m, d in MEASURES]
        print(f"{name:<30}" + "".join(f"{cell:>24}" for cell in cells))
    for key in ("echo", "same"):
        ratios = [
            lift["ups"] / other["ups"]
            for lift, other in zip(results["liftbot"], results[key], strict=True)
        ]
        print(f"LiftBot / {ROWS[key][0]}, updates/s: " + " / ".join(f"{r:.2f}" for r in ratios))
    print("targets: >= 0.8 of the bare echo bot's updates/s; p99 < 20 ms at the steady rate")


if __name__ == "__main__":
    asyncio.run(main())
