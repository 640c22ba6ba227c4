"""Broadcast throughput and crash safety against a fake Telegram Bot API on 127.0.0.1.

What it measures, for 5,000 recipients (people rows created directly in a temp SQLite store),
against tests/fakebotapi.FakeBotApi with ``enforce_limits(30*S, 1*S)`` (S = ``--scale``):

  (a) LiftBot's ``Broadcaster`` + ``TelegramTransport(telegram.Bot)`` at rate 30*S, per_chat 1*S;
  (b) python-telegram-bot's ``AIORateLimiter(overall_max_rate=30*S, max_retries=0)`` on an
      ``ExtBot`` from ``ApplicationBuilder``, all 5,000 sends started with ``asyncio.gather``;
  (c) with ``--with-retries``: the same with ``max_retries=3`` (off by default, to keep the
      default run under ~90 s).

Each row gets a fresh fake server and a copy of one template database. Per row it prints
messages/second (recipient messages delivered / wall time of the whole run), the fraction of
the limit (achieved / 30*S), the fake's 429 count, lost recipients (0 messages) and
duplicates (>1 message).

Then a crash test: the broadcaster runs in a child process (this script with ``--child``)
against a fresh DB; the parent (which keeps the fake server) sends it SIGKILL once half the
recipients have a message, starts it again until the broadcast is done, and prints lost and
duplicates.

The fake server runs in a process of its own (bench/remote_fake.py), so it does not share an
event loop with the sender; on a 2-core machine the two still share the CPUs.

Run from the project root:  .venv/bin/python bench/bench_broadcast.py [--scale 10]
Not part of the test run. Talks only to 127.0.0.1. Each row has a time limit (--row-timeout).
"""

from __future__ import annotations

import os

os.environ.setdefault("PTB_TIMEDELTA", "true")

import argparse
import asyncio
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Bot  # noqa: E402
from telegram.ext import AIORateLimiter, ApplicationBuilder  # noqa: E402

from bench.remote_fake import RemoteFake  # noqa: E402
from bot.broadcaster import Broadcaster  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.sqlite.store import SqliteStore  # noqa: E402
from bot.telegram.broadcast import TelegramTransport  # noqa: E402
from bot.telegram.info import telegram_info  # noqa: E402
from conversations.core.records import Broadcast, Recipient  # noqa: E402
from tests.fakebotapi import FakeBotApi  # noqa: E402

RECIPIENTS = 5_000
FIRST_CHAT = 100_000  # recipient chat ids are FIRST_CHAT .. FIRST_CHAT + RECIPIENTS - 1
SENDER_CHAT = 1
TEXT = "Beste deelnemer, de bijeenkomst van donderdag begint om 19:00."


@dataclass
class Row:
    name: str
    seconds: float
    delivered: int
    too_many: int
    lost: int
    duplicates: int
    errors: int = 0
    note: str = ""


class CountingApi(FakeBotApi):
    def tally(self, recipients: int) -> tuple[int, int, int, int]:
        """(recipients with >= 1 message, lost, duplicates, 429s) as this server saw them."""
        counts = [len(self.chats.get(FIRST_CHAT + i, [])) for i in range(recipients)]
        return (
            sum(1 for c in counts if c),
            sum(1 for c in counts if c == 0),
            sum(1 for c in counts if c > 1),
            self.too_many,
        )


async def make_db(path: Path, recipients: int) -> None:
    """A store with one sender, `recipients` people and a broadcast to all of them."""
    store = await SqliteStore.open(path)
    now = datetime.now(UTC)
    try:
        async with store.unit_of_work() as s:
            sender = await s.create_person(
                chat_key=f"tg:{SENDER_CHAT}",
                role="coach",
                language="nl",
                programme=None,
                invited_by=None,
                consent_at=now,
                now=now,
            )
            people: list[Recipient] = []
            for i in range(recipients):
                chat_key = f"tg:{FIRST_CHAT + i}"
                person = await s.create_person(
                    chat_key=chat_key,
                    role="candidate",
                    language="nl",
                    programme=None,
                    invited_by=None,
                    consent_at=now,
                    now=now,
                )
                people.append(Recipient(person.id, chat_key, "nl"))
            broadcast = Broadcast(
                id=0,
                sender_id=sender.id,
                audience="everyone",
                texts={"*": TEXT},
                state="scheduled",
                created_at=now,
                send_at=now,
            )
            await s.create_broadcast(broadcast, people)
    finally:
        await store.close()


@asynccontextmanager
async def new_fake(scale: float) -> AsyncIterator[RemoteFake]:
    """A fake server in its own process, so it does not take CPU from the sender."""
    async with RemoteFake(CountingApi) as fake:
        await fake.call("enforce_limits", 30 * scale, 1 * scale)
        yield fake


def broadcaster_for(store: SqliteStore, bot: Bot, scale: float) -> Broadcaster:
    translator = Translator(ZoneInfo("Europe/Amsterdam"), "nl")
    return Broadcaster(
        store,
        SystemClock(),
        translator,
        {"tg": TelegramTransport(bot, telegram_info("bench"))},
        rate=30 * scale,
        per_chat=1 * scale,
        backoff=1.0,
    )


async def row_liftbot(scale: float, recipients: int, limit_s: float, template: Path) -> Row:
    async with new_fake(scale) as fake:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.sqlite3"
            shutil.copy(template, path)
            store = await SqliteStore.open(path)
            bot = Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
            await bot.initialize()
            broadcaster = broadcaster_for(store, bot, scale)
            note = ""
            start = time.monotonic()
            try:
                async with asyncio.timeout(limit_s):
                    await broadcaster.run_once()
            except TimeoutError:
                note = f"stopped after {limit_s:.0f} s time limit"
            seconds = time.monotonic() - start
            await bot.shutdown()
            await store.close()
        delivered, lost, dups, too_many = await fake.call("tally", recipients)
    name = f"LiftBot Broadcaster (rate {30 * scale:g}/s, per chat {scale:g}/s)"
    return Row(name, seconds, delivered, too_many, lost, dups, note=note)


async def row_ptb(scale: float, recipients: int, retries: int, limit_s: float) -> Row:
    async with new_fake(scale) as fake:
        app = (
            ApplicationBuilder()
            .token(fake.token)
            .base_url(fake.base_url)
            .base_file_url(fake.base_file_url)
            .rate_limiter(AIORateLimiter(overall_max_rate=30 * scale, max_retries=retries))
            .job_queue(None)
            .build()
        )
        await app.initialize()
        sends = [app.bot.send_message(FIRST_CHAT + i, TEXT) for i in range(recipients)]
        note = ""
        start = time.monotonic()
        try:
            async with asyncio.timeout(limit_s):
                results = await asyncio.gather(*sends, return_exceptions=True)
            errors = sum(1 for r in results if isinstance(r, BaseException))
        except TimeoutError:
            note, errors = f"stopped after {limit_s:.0f} s time limit", -1
        seconds = time.monotonic() - start
        await app.shutdown()
        delivered, lost, dups, too_many = await fake.call("tally", recipients)
    name = f"PTB AIORateLimiter (overall {30 * scale:g}/s, max_retries={retries})"
    return Row(name, seconds, delivered, too_many, lost, dups, errors=errors, note=note)


async def crash_test(
    scale: float, recipients: int, limit_s: float, template: Path
) -> tuple[Row, int]:
    """Kill -9 the broadcaster child at about half-way, restart until done. Returns (row, runs)."""
    async with new_fake(scale) as fake:
        runs, killed = 0, False
        start = time.monotonic()
        note = ""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.sqlite3"
            shutil.copy(template, path)
            deadline = start + limit_s
            while time.monotonic() < deadline:
                runs += 1
                child = await asyncio.create_subprocess_exec(
                    sys.executable,
                    str(SCRIPT),
                    "--child",
                    "--db",
                    str(path),
                    "--base-url",
                    fake.base_url,
                    "--base-file-url",
                    fake.base_file_url,
                    "--token",
                    fake.token,
                    "--scale",
                    str(scale),
                )
                while child.returncode is None and time.monotonic() < deadline:
                    if not killed and (await fake.call("tally", recipients))[0] >= recipients // 2:
                        child.kill()  # SIGKILL: no clean-up, no commit
                        killed = True
                    try:
                        await asyncio.wait_for(child.wait(), 0.005)
                    except TimeoutError:
                        pass
                if child.returncode is None:
                    child.kill()
                    await child.wait()
                    note = f"stopped after {limit_s:.0f} s time limit"
                    break
                if child.returncode == 0:
                    break
                if child.returncode != -9:
                    note = f"child exited with {child.returncode}"
                    break
        seconds = time.monotonic() - start
        delivered, lost, dups, too_many = await fake.call("tally", recipients)
    if not killed:
        note = (note + "; " if note else "") + "finished before the kill"
    row = Row(
        f"crash test: kill -9 at ~50%, restart ({runs} runs)",
        seconds,
        delivered,
        too_many,
        lost,
        dups,
        note=note,
    )
    return row, runs


async def child_main(args: argparse.Namespace) -> None:
    """--child: run the broadcaster once over the given DB until its broadcasts are done."""
    store = await SqliteStore.open(args.db)
    bot = Bot(args.token, base_url=args.base_url, base_file_url=args.base_file_url)
    await bot.initialize()
    broadcaster = broadcaster_for(store, bot, args.scale)
    while await broadcaster.run_once():
        pass
    await bot.shutdown()
    await store.close()


def print_row(row: Row, limit: float) -> None:
    rate = row.delivered / row.seconds if row.seconds else 0.0
    extra = f"  errors={row.errors}" if row.errors else ""
    note = f"  [{row.note}]" if row.note else ""
    print(
        f"{row.name:<60} {rate:8.1f} msg/s  {rate / limit:6.1%} of limit  "
        f"{row.seconds:6.1f} s  429s={row.too_many:<5} lost={row.lost:<5} "
        f"dups={row.duplicates}{extra}{note}",
        flush=True,
    )


async def main(args: argparse.Namespace) -> None:
    scale, n, limit_s = args.scale, args.recipients, args.row_timeout
    limit = 30 * scale
    print(
        f"{n} recipients; fake Telegram limits {limit:g} msg/s overall, {scale:g}/s per chat "
        f"(scale {scale:g}); fake server in a process of its own\n",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.sqlite3"
        made = time.monotonic()
        await make_db(template, n)  # built once; each row gets a copy
        print(f"DB with {n} recipients built in {time.monotonic() - made:.1f} s\n", flush=True)
        print_row(await row_liftbot(scale, n, limit_s, template), limit)
        print_row(await row_ptb(scale, n, 0, limit_s), limit)
        if args.with_retries:
            print_row(await row_ptb(scale, n, 3, limit_s), limit)
        if not args.skip_crash:
            row, _ = await crash_test(scale, n, limit_s, template)
            print_row(row, limit)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0, help="limits are 30*S and 1*S per s")
    parser.add_argument("--recipients", type=int, default=RECIPIENTS)
    parser.add_argument("--row-timeout", type=float, default=60.0, help="seconds per row")
    parser.add_argument(
        "--with-retries",
        action="store_true",
        help="add the max_retries=3 row (about 40 s more; total then > 90 s)",
    )
    parser.add_argument("--skip-crash", action="store_true", help="no crash test")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--base-file-url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse()
    # PTB logs every rate-limit hit; the counts are printed instead.
    logging.basicConfig(level=logging.CRITICAL)
    asyncio.run(child_main(arguments) if arguments.child else main(arguments))
