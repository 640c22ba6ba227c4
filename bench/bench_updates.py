"""Update path: updates per second and reply latency through the whole LiftBot stack
(PTB Application, routing, flow, SQLite commit of the state, reply) against a bare
python-telegram-bot echo bot, on the same fake Bot API server (127.0.0.1) in the same run.

    .venv/bin/python bench/bench_updates.py [--rounds 2] [--users 200] [--updates 2000]
                                            [--rate 200] [--latency 0]

Each user sends /menu, then presses "Help" under the answer, and so on: text and button
updates, half and half. Besides the echo bot on PTB's default HTTP layer (httpx, the issue's
baseline) it runs the same echo bot on LiftBot's aiohttp layer, and a bare PTB bot that sends
exactly LiftBot's replies, so the figures show what the HTTP layer and LiftBot's own work
cost. Prints, per bot: updates/second when each user sends the next update as soon as the
last was answered, the bot process's CPU time per update, and reply latency
(p50/p99) when updates arrive at a steady --rate per second. LiftBot then meets a flood: one
user sends --flood messages at once while --others users each send one during the next
second; it prints when the flood was answered and how long the others waited. The fake
server (and the load driver) run in a process of their own, so the bot being measured has
its own event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
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
from telegram import InlineKeyboardMarkup, Message, Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench.remote_fake import RemoteFake  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.sqlite.store import SqliteStore  # noqa: E402
from bot.telegram.aiohttp_request import AiohttpRequest  # noqa: E402
from bot.telegram.channel import REPLY_CONNECTIONS, telegram_core  # noqa: E402
from bot.telegram.info import telegram_info  # noqa: E402
from bot.telegram.send import keyboard  # noqa: E402
from conversations.core.types import Incoming  # noqa: E402
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser  # noqa: E402

FIRST_USER = 100_000
LATENCY_MS = 0.0  # set from --latency
# The flood (LiftBot only): one user's messages at once, and the other users who write
# during it (set from --flood and --others).
FLOOD, FLOOD_OTHERS = 200, 20


class TimedApi(FakeBotApi):
    """The fake server and the load driver: pushes updates and notes when each reply came."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[int, list[float]] = defaultdict(list)
        self.replied: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
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
        self.replied[chat_id].set()
        return super()._record(chat_id, **fields)

    def _update(self, user: TgUser, step: int) -> None:
        """Even steps: the text /menu. Odd steps: a press on "Help" under the newest reply."""
        if step % 2 == 0:
            self.send_text(user, "/menu")
            return
        chat = self.chats.get(user.id, [])
        message = next((m for m in reversed(chat) if m.buttons()), chat[-1])
        # The echo bot's replies have no buttons; it gets the press all the same.
        data = next((d for label, d in message.buttons() if "Help" in label), "cmd:help")
        self.push_press(user, message, data)

    async def drive(
        self, users: int, updates: int, rate: float | None
    ) -> tuple[float, list[float]]:
        """Text and button updates from many users; returns the time and each reply's latency.

        Without a rate every user sends their next update as soon as the last one was
        answered (a press needs the reply it is pressed on); with a rate, updates go out at
        that pace whatever the answers do.
        """
        self.arrivals.clear()
        pushed: dict[int, list[float]] = defaultdict(list)
        people = [TgUser(FIRST_USER + n, "Anna", "en") for n in range(users)]
        start = time.perf_counter()

        async def one_user(user: TgUser, count: int) -> None:
            for step in range(count):
                pushed[user.id].append(time.perf_counter())
                self._update(user, step)
                # One event per chat: a shared wait would wake all users on every reply.
                while len(self.arrivals[user.id]) <= step:
                    self.replied[user.id].clear()
                    await asyncio.wait_for(self.replied[user.id].wait(), 60)

        if rate is None:
            await asyncio.gather(*(one_user(user, updates // users) for user in people))
        else:
            for i in range(updates):
                await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
                user = people[i % users]
                pushed[user.id].append(time.perf_counter())
                self._update(user, i // users)
            total = lambda: sum(len(self.arrivals[c]) for c in pushed)  # noqa: E731
            await self.wait_for(lambda: total() >= updates, timeout=300)
        elapsed = time.perf_counter() - start
        latencies = [
            arrived - sent
            for chat, sent_times in pushed.items()
            for sent, arrived in zip(sent_times, self.arrivals[chat], strict=False)
        ]
        return elapsed, sorted(latencies)

    async def flood(self, flood: int, others: int) -> tuple[float, list[float]]:
        """One user sends `flood` messages at once, then `others` users send one each,
        spread over the next second; returns the time until the flood was answered and each
        other user's wait for their answer."""
        self.arrivals.clear()
        flooder, people = TgUser(FIRST_USER, "Anna", "en"), [
            TgUser(FIRST_USER + 1 + n, "Anna", "en") for n in range(others)
        ]
        start = time.perf_counter()
        for _ in range(flood):
            self.send_text(flooder, "/menu")
        pushed: dict[int, float] = {}
        for user in people:
            await asyncio.sleep(1.0 / others)
            pushed[user.id] = time.perf_counter()
            self.send_text(user, "/menu")
        await self.wait_for(
            lambda: len(self.arrivals[flooder.id]) >= flood
            and all(self.arrivals[user.id] for user in people),
            timeout=300,
        )
        drained = self.arrivals[flooder.id][flood - 1] - start
        return drained, sorted(self.arrivals[u.id][0] - pushed[u.id] for u in people)


async def people(path: Path, users: int, channel: str = "tg") -> None:
    """`users` onboarded candidates on `channel`, chat ids from FIRST_USER on."""
    store = await SqliteStore.open(path)
    now = datetime.now(UTC)
    async with store.unit_of_work():
        for n in range(users):
            person = await store.create_person(
                chat_key=f"{channel}:{FIRST_USER + n}",
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


async def run_liftbot(
    users: int, updates: int, rate: float, flood: bool = True, seconds: float = 5.0
) -> dict[str, float]:
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
            bot = telegram_core(settings, SystemClock(), poll_timeout=1)
            await bot.start()
            try:
                figures = await measure(api, users, updates, rate, seconds)
                if not flood:
                    return figures
                drained, waits = await api.call("flood", FLOOD, min(FLOOD_OTHERS, users - 1))
                figures.update(
                    flood_s=drained, flood_p50=pct(waits, 0.5), flood_max=waits[-1] * 1000
                )
                return figures
            finally:
                await bot.stop()


Answer = tuple[str, InlineKeyboardMarkup | None]


async def liftbot_replies(users: int) -> tuple[Answer, str, Answer]:
    """What LiftBot answers to /menu, the pressed menu's new text, and its answer to "Help"."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "replies.sqlite3"
        await people(database, users)
        settings = Settings(_env_file=None, database=database)  # type: ignore[call-arg]
        store = await SqliteStore.open(database)
        translator = Translator(settings.zone, settings.locale)
        channels = {"tg": telegram_info("bot")}
        engine = Engine(store, SystemClock(), translator, settings, channels)
        (menu,) = (await engine.handle("tg", FIRST_USER, Incoming.from_text("/menu"))).messages
        label, data = next(
            (label, d) for row in menu.buttons for label, d in row if "Help" in label
        )
        press = Incoming("choice", choice=data)
        (help_,) = (await engine.handle("tg", FIRST_USER, press)).messages
        await store.close()
    pressed = f"{menu.text}\n\n✓ {label}"  # as the Telegram channel retires the buttons
    return (menu.text, keyboard(menu)), pressed, (help_.text, keyboard(help_))


async def run_echo(
    users: int, updates: int, rate: float, same_reply: bool = False, on_aiohttp: bool = False
) -> dict[str, float]:
    """A bare PTB bot: it echoes texts, and answers a press and sends its data back.

    With same_reply it sends LiftBot's own answers instead, with no database or routing:
    the menu for /menu; for the press it answers, takes the buttons off the menu and sends
    the help text, the same three calls LiftBot makes. With on_aiohttp it makes its HTTP calls
    through LiftBot's AiohttpRequest instead of PTB's default httpx.
    """
    menu, pressed, help_ = await liftbot_replies(users)

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        text = update.message.text or ""
        answer, markup = menu if same_reply else (text, None)
        await update.message.reply_text(answer, reply_markup=markup)

    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and isinstance(query.message, Message)
        await query.answer()
        if same_reply:
            await query.edit_message_text(pressed)
            await query.message.reply_text(help_[0], reply_markup=help_[1])
        else:
            await query.message.reply_text(query.data or "")

    async with RemoteFake(TimedApi) as api:
        builder = (
            ApplicationBuilder()
            .token(api.token)
            .base_url(api.base_url)
            .base_file_url(api.base_file_url)
            .job_queue(None)
        )
        if on_aiohttp:
            builder.request(AiohttpRequest(REPLY_CONNECTIONS))
            builder.get_updates_request(AiohttpRequest())
        app = builder.build()
        app.add_handler(MessageHandler(filters.ALL, on_text))
        app.add_handler(CallbackQueryHandler(on_press))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                return await measure(api, users, updates, rate)
            finally:
                await app.updater.stop()
                await app.stop()


async def measure(
    api: RemoteFake, users: int, updates: int, rate: float, seconds: float = 5.0
) -> dict[str, float]:
    await api.call("set_latency", LATENCY_MS / 1000)
    cpu = time.process_time()
    elapsed, _ = await api.call("drive", users, updates, None)
    cpu = time.process_time() - cpu
    steady, latencies = await api.call("drive", users, int(rate * seconds), rate)
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
    "echo_aiohttp": (
        "bare PTB echo bot, aiohttp",
        lambda a: run_echo(a.users, a.updates, a.rate, on_aiohttp=True),
    ),
    "same": (
        "PTB bot, LiftBot's replies",
        lambda a: run_echo(a.users, a.updates, a.rate, same_reply=True, on_aiohttp=True),
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
    parser.add_argument(
        "--bots", default=",".join(ROWS), help=f"which bots, of {','.join(ROWS)}"
    )
    parser.add_argument("--flood", type=int, default=200, help="messages of the flooding user")
    parser.add_argument("--others", type=int, default=20, help="users writing during the flood")
    args = parser.parse_args()
    global FLOOD, FLOOD_OTHERS
    FLOOD, FLOOD_OTHERS = args.flood, args.others
    rows = {key: ROWS[key] for key in args.bots.split(",")}
    # Under overload a press can land on an old menu; LiftBot's refusals are logged as warnings.
    logging.basicConfig(level=logging.ERROR)
    global LATENCY_MS
    LATENCY_MS = args.latency
    results: dict[str, list[dict[str, float]]] = {key: [] for key in rows}
    for _ in range(args.rounds):
        for key, (_, run) in rows.items():
            results[key].append(await run(args))
    print(
        f"{args.updates} updates from {args.users} users; steady phase at {args.rate:.0f}/s"
        f" for 5 s; {args.rounds} rounds, bots in turn (figures per round);"
        f" server latency {args.latency:g} ms"
    )
    table = {
        name: [" / ".join(f"{row[m]:.{d}f}" for row in results[key]) for m, d in MEASURES]
        for key, (name, _) in rows.items()
    }
    width = max(24, *(len(cell) + 3 for cells in table.values() for cell in cells))
    headers = ("updates/s", "CPU ms/update", "p50 ms", "p99 ms")
    print(f"{'bot':<32}" + "".join(f"{h:>{width}}" for h in headers))
    for name, cells in table.items():
        print(f"{name:<32}" + "".join(f"{cell:>{width}}" for cell in cells))
    for key in (k for k in ("echo", "echo_aiohttp", "same") if "liftbot" in rows and k in rows):
        ratios = [
            lift["ups"] / other["ups"]
            for lift, other in zip(results["liftbot"], results[key], strict=True)
        ]
        print(f"LiftBot / {ROWS[key][0]}, updates/s: " + " / ".join(f"{r:.2f}" for r in ratios))
    if "liftbot" in rows:
        flood = results["liftbot"]
        print(
            f"flood: {FLOOD} messages from one user at once, {FLOOD_OTHERS} others during it;"
            " per round: flood answered after (s) "
            + " / ".join(f"{r['flood_s']:.2f}" for r in flood)
            + "; the others' answer p50 (ms) "
            + " / ".join(f"{r['flood_p50']:.1f}" for r in flood)
            + ", max (ms) "
            + " / ".join(f"{r['flood_max']:.1f}" for r in flood)
        )
    print(
        "targets: >= 0.8 of the bare echo bot's updates/s; p99 < 20 ms at the steady rate;"
        " during a flood every other user answered within 100 ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
