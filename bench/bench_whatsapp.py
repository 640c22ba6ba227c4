"""Webhook to reply on the WhatsApp channel, side by side with the Telegram channel: updates
per second and reply latency through LiftBot's whole stack, in the same run, in turn.

    .venv/bin/python bench/bench_whatsapp.py [--rounds 2] [--users 200] [--updates 2000]
                                             [--rate 100] [--seconds 5] [--channels wa,tg]
                                             [--profile FILE]

WhatsApp: LiftBot as `liftbot run` starts it with WhatsApp only (bot/launch.py: the core and
its web server, Starlette on uvicorn) against the fake Cloud API (tests/fakecloudapi.py) in
a process of its own, which is also the load: each user sends the text /menu in a signed
webhook, then presses "Help" under the answer (a signed webhook with the interactive
reply, as FakeCloudApi.press builds it), and so on. Latency runs from the moment the
webhook POST is sent to the moment the fake has LiftBot's last message for that update,
both on the fake's clock (the webhook answers 200 once the update is kept in the database;
the reply goes out through pywa's httpx client).

Telegram: the LiftBot row of bench_updates.py (the same users, the same /menu and "Help",
LiftBot's poller against the fake Bot API in a process of its own), without its flood.

First --updates updates as fast as answered (each user's next update once the last was
answered), then a steady --rate per second for --seconds. Prints updates/s, the bot
process's CPU ms per update (fast phase, all threads), and p50 / p99 at the steady rate.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bench.bench_updates import FIRST_USER, pct, people, run_liftbot  # noqa: E402
from bench.httpx_on_aiohttp import replies_on_aiohttp  # noqa: E402
from bench.remote_fake import RemoteFake  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.launch import LiftBot  # noqa: E402
from bot.whatsapp.webhook import PATH  # noqa: E402
from tests.fakecloudapi import (  # noqa: E402
    APP_SECRET,
    NUMBER,
    PHONE_ID,
    TOKEN,
    VERIFY_TOKEN,
    FakeCloudApi,
    Sent,
    WaUser,
)

HELP = "Help"
PER_SECOND = False  # set from --per-second
ON_AIOHTTP = False  # set from --replies-on-aiohttp


@dataclass
class TimedCloud(FakeCloudApi):
    """The fake Cloud API and the load driver: posts signed webhooks and notes, on its own
    clock, when each of LiftBot's messages came."""

    arrivals: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # Messages LiftBot sends for each kind of update (the text, the press), counted once.
    per_step: tuple[int, int] = (1, 1)
    refusals: int = 0
    # The last drive's updates: (sent, seconds after its start; latency in seconds).
    trace: list[tuple[float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self._replied: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    async def start(self) -> None:
        await super().start()
        assert self._session is not None
        await self._session.close()
        # 200 users at once: no cap on the driver's connections (aiohttp's default is 100).
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

    def set_webhook(self, url: str) -> None:
        self.webhook_url = url

    async def _message(self, request: web.Request) -> web.Response:
        answer = await super()._message(request)
        if answer.status == 200:
            to = str((await request.json()).get("to", ""))  # aiohttp keeps the body read
            self.arrivals[to].append(time.perf_counter())
            self._replied[to].set()
        return answer

    def problems(self) -> int:
        """Webhooks LiftBot did not answer with 200, and requests the fake refused."""
        return self.refusals + len(self.refused)

    def _text_body(self, user: WaUser) -> bytes:
        return self.messages_body(user, self.incoming(user, "text", {"body": "/menu"}))

    def _press_body(self, user: WaUser) -> bytes:
        """A press on "Help" under the newest message with buttons or rows."""
        sent: Sent = next(m for m in reversed(self.chats[user.wa_id]) if m.buttons())
        button_id, title = next((i, t) for t, i in sent.buttons() if HELP in t)
        context = {"from": NUMBER, "id": sent.id}
        if sent.is_list():
            reply = {"type": "list_reply", "list_reply": {"id": button_id, "title": title}}
        else:
            reply = {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
        message = self.incoming(user, "interactive", reply, context=context)
        return self.messages_body(user, message)

    async def _update(self, user: WaUser, step: int) -> None:
        """Even steps: the text /menu. Odd steps: a press on "Help" under the answer."""
        body = self._text_body(user) if step % 2 == 0 else self._press_body(user)
        if await self.post(body, self.sign(body)) != 200:
            self.refusals += 1

    def _answered(self, wa_id: str, steps: int) -> int:
        """How many messages answer the first `steps` updates of a user."""
        text, press = self.per_step
        return (steps + 1) // 2 * text + steps // 2 * press

    async def learn(self, wa_id: str) -> tuple[int, int]:
        """Send one /menu and one press as `wa_id` and count LiftBot's messages for each
        (a warm-up, before the measured users)."""
        user = WaUser(wa_id, "Anna")
        counts: list[int] = []
        for step in range(2):
            before = len(self.chats.get(wa_id, []))

            def answered(before: int = before) -> bool:
                return len(self.chats.get(wa_id, [])) > before

            await self._update(user, step)
            await self.wait_for(answered, 10)
            await asyncio.sleep(0.5)  # any further message of the same answer
            counts.append(len(self.chats[wa_id]) - before)
        self.per_step = (counts[0], counts[1])
        return self.per_step

    async def drive(
        self, users: int, updates: int, rate: float | None
    ) -> tuple[float, list[float]]:
        """As bench_updates' TimedApi.drive: the time and each update's latency (to the last
        message of its answer)."""
        self.arrivals.clear()
        pushed: dict[str, list[float]] = defaultdict(list)
        people = [WaUser(str(FIRST_USER + n), "Anna") for n in range(users)]
        start = time.perf_counter()

        async def one_user(user: WaUser, count: int) -> None:
            for step in range(count):
                pushed[user.wa_id].append(time.perf_counter())
                await self._update(user, step)
                wanted = self._answered(user.wa_id, step + 1)
                while len(self.arrivals[user.wa_id]) < wanted:
                    self._replied[user.wa_id].clear()
                    await asyncio.wait_for(self._replied[user.wa_id].wait(), 60)

        if rate is None:
            await asyncio.gather(*(one_user(user, updates // users) for user in people))
        else:
            posts: list[asyncio.Task[None]] = []
            for i in range(updates):
                await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
                user = people[i % users]
                pushed[user.wa_id].append(time.perf_counter())
                # Not waiting for the 200: the next update goes out on time whatever it does.
                posts.append(asyncio.create_task(self._update(user, i // users)))
            await asyncio.gather(*posts)
            await self.wait_for(
                lambda: all(
                    len(self.arrivals[c]) >= self._answered(c, len(s)) for c, s in pushed.items()
                ),
                timeout=300,
            )
        elapsed = time.perf_counter() - start
        self.trace = sorted(
            (sent - start, self.arrivals[chat][self._answered(chat, step + 1) - 1] - sent)
            for chat, sent_times in pushed.items()
            for step, sent in enumerate(sent_times)
        )
        return elapsed, sorted(latency for _, latency in self.trace)

    def per_second(self) -> list[tuple[float, float]]:
        """p50 and p99 (ms) of the last drive's updates, by the second they were sent in."""
        seconds: dict[int, list[float]] = defaultdict(list)
        for sent, latency in self.trace:
            seconds[int(sent)].append(latency)
        return [(pct(sorted(v), 0.5), pct(sorted(v), 0.99)) for _, v in sorted(seconds.items())]


async def run_whatsapp(
    users: int, updates: int, rate: float, seconds: float, profile: cProfile.Profile | None
) -> dict[str, float]:
    async with RemoteFake(TimedCloud) as cloud:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.sqlite3"
            # The warm-up user, then the measured ones.
            await people(database, users + 1, channel="wa")
            settings = Settings(
                _env_file=None,
                database=database,
                locale="en",
                whatsapp_token=SecretStr(TOKEN),
                whatsapp_phone_id=PHONE_ID,
                whatsapp_number=NUMBER,
                whatsapp_signing_key=SecretStr(APP_SECRET),
                whatsapp_verify_token=SecretStr(VERIFY_TOKEN),
                whatsapp_api_url=cloud.base_url,
                web_port=0,
            )
            with replies_on_aiohttp(ON_AIOHTTP):
                bot = LiftBot(settings, SystemClock())
                await bot.start()
            try:
                assert bot.web is not None
                await cloud.call("set_webhook", bot.web.url + PATH)
                # The warm-up user is FIRST_USER + users, outside the measured ones.
                per_step = await cloud.call("learn", str(FIRST_USER + users))
                if profile is not None:
                    profile.enable()
                cpu = time.process_time()
                elapsed, _ = await cloud.call("drive", users, updates, None)
                cpu = time.process_time() - cpu
                if profile is not None:
                    profile.disable()
                steady, latencies = await cloud.call("drive", users, int(rate * seconds), rate)
                problems = await cloud.call("problems")
                if PER_SECOND:
                    by_second = await cloud.call("per_second")
                    print(
                        "WhatsApp, steady phase, p50/p99 ms by second: "
                        + ", ".join(f"{p50:.0f}/{p99:.0f}" for p50, p99 in by_second)
                    )
            finally:
                await bot.stop()
    return {
        "ups": updates / elapsed,
        "cpu_ms": cpu / updates * 1000,
        "p50": pct(latencies, 0.5),
        "p99": pct(latencies, 0.99),
        "steady_s": steady,
        "messages_text": per_step[0],
        "messages_press": per_step[1],
        "problems": problems,
    }


Run = Callable[[argparse.Namespace, cProfile.Profile | None], Awaitable[dict[str, float]]]
ROWS: dict[str, tuple[str, Run]] = {
    "wa": (
        "LiftBot, WhatsApp",
        lambda a, p: run_whatsapp(a.users, a.updates, a.rate, a.seconds, p),
    ),
    "tg": (
        "LiftBot, Telegram",
        lambda a, p: run_liftbot(a.users, a.updates, a.rate, flood=False, seconds=a.seconds),
    ),
}
MEASURES = (("ups", 0), ("cpu_ms", 2), ("p50", 1), ("p99", 1), ("steady_s", 2))


def table(results: dict[str, list[dict[str, Any]]]) -> None:
    cells = {
        ROWS[key][0]: [" / ".join(f"{row[m]:.{d}f}" for row in rows) for m, d in MEASURES]
        for key, rows in results.items()
    }
    width = max(18, *(len(cell) + 3 for row in cells.values() for cell in row))
    headers = ("updates/s", "CPU ms/update", "p50 ms", "p99 ms", "steady phase s")
    print(f"{'channel':<20}" + "".join(f"{h:>{width}}" for h in headers))
    for name, row in cells.items():
        print(f"{name:<20}" + "".join(f"{cell:>{width}}" for cell in row))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=5.0, help="of the steady phase")
    parser.add_argument("--rounds", type=int, default=2, help="each channel this many times")
    parser.add_argument("--channels", default="wa,tg", help="in this order, of wa,tg")
    parser.add_argument(
        "--profile", type=Path, help="cProfile the WhatsApp bot's fast phase into this file"
    )
    parser.add_argument(
        "--per-second", action="store_true", help="WhatsApp's steady latency by second"
    )
    parser.add_argument(
        "--replies-on-aiohttp",
        action="store_true",
        help="experiment: pywa's httpx client sends through aiohttp instead of httpcore",
    )
    args = parser.parse_args()
    global PER_SECOND, ON_AIOHTTP
    PER_SECOND, ON_AIOHTTP = args.per_second, args.replies_on_aiohttp
    # Under overload a press can land on an old menu; LiftBot's refusals are logged as warnings.
    logging.basicConfig(level=logging.ERROR)
    keys = args.channels.split(",")
    profile = cProfile.Profile() if args.profile else None
    results: dict[str, list[dict[str, Any]]] = {key: [] for key in keys}
    for n in range(args.rounds):
        # Alternating which channel goes first, so neither always meets the same moment.
        for key in keys if n % 2 == 0 else keys[::-1]:
            results[key].append(await ROWS[key][1](args, profile))
    print(
        f"{args.updates} updates from {args.users} users (/menu, then 'Help' under it), as"
        f" fast as answered; then a steady {args.rate:.0f}/s for {args.seconds:g} s;"
        f" {args.rounds} rounds, channels alternating (figures per round)"
    )
    if ON_AIOHTTP:
        print("experiment: WhatsApp's replies through aiohttp instead of httpcore")
    table(results)
    if "wa" in results:
        wa = results["wa"]
        print(
            f"WhatsApp: {wa[0]['messages_text']} message(s) per /menu,"
            f" {wa[0]['messages_press']} per press (latency to the last one);"
            f" webhooks refused or messages the fake refused: {sum(r['problems'] for r in wa)}"
        )
    if profile is not None:
        profile.dump_stats(args.profile)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    asyncio.run(main())
