"""`liftbot` as its own process, started wrongly: a line or two that name the problem and the
LIFTBOT_* variable to check, a non-zero exit, no traceback and never the token."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakebotapi import FakeBotApi

# Distinctive, so that any trace of it in the output is found; the part after the colon is
# what a URL or message would show of it.
WRONG_TOKEN = "987654:WRONG-token-do-not-print-9f8e7d6c"
SECRET = WRONG_TOKEN.partition(":")[2]
UNKNOWN = "is not a LiftBot setting"


@dataclass
class Finished:
    code: int | None
    out: str
    err: str

    def told(self) -> list[str]:
        """The lines on stderr, apart from warnings about unknown variables."""
        return [line for line in self.err.splitlines() if line.strip() and UNKNOWN not in line]


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without any LIFTBOT_* of its own, plus the given settings;
    Python's warnings are shown, so an unclosed session or socket would show up too."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("LIFTBOT_")}
    return {**env, "PYTHONWARNINGS": "default", **settings}


async def liftbot(cwd: Path, *args: str, **settings: str) -> Finished:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        cwd=cwd,
        env=environment(**settings),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:  # hung: stop it, and fail below
            process.kill()
            await process.wait()
    return Finished(process.returncode, out.decode(), err.decode())


def assert_told(finished: Finished, *parts: str, code: int = 1) -> None:
    shown = finished.out + finished.err
    assert finished.code == code, shown
    assert 1 <= len(finished.told()) <= 2, shown
    assert all(line.startswith("liftbot: ") for line in finished.told()), shown
    for part in parts:
        assert part in finished.err, shown
    assert "Traceback" not in shown
    assert WRONG_TOKEN not in shown and SECRET not in shown


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_rejected_token(api: FakeBotApi, tmp_path: Path) -> None:
    finished = await liftbot(
        tmp_path,
        "run",
        LIFTBOT_TELEGRAM_TOKEN=WRONG_TOKEN,
        LIFTBOT_TELEGRAM_BASE_URL=api.base_url,
    )
    assert_told(finished, "Telegram refused the bot token", "LIFTBOT_TELEGRAM_TOKEN")
    assert any(call.method == "getMe" for call in api.calls)  # it did ask, and was refused


async def test_verbose_logs_more_but_never_the_token(api: FakeBotApi, tmp_path: Path) -> None:
    finished = await liftbot(
        tmp_path,
        "-v",
        "run",
        LIFTBOT_TELEGRAM_TOKEN=WRONG_TOKEN,
        LIFTBOT_TELEGRAM_BASE_URL=api.base_url,
    )
    assert finished.code == 1
    assert "Traceback" in finished.err  # for developers: what PTB raised, token taken out
    assert "liftbot: Telegram refused the bot token" in finished.err
    assert WRONG_TOKEN not in finished.err and SECRET not in finished.err


async def test_telegram_unreachable(tmp_path: Path) -> None:
    port = closed_port()
    finished = await liftbot(
        tmp_path,
        "run",
        LIFTBOT_TELEGRAM_TOKEN=WRONG_TOKEN,
        LIFTBOT_TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot",
    )
    assert_told(
        finished, f"cannot reach Telegram at http://127.0.0.1:{port}", "LIFTBOT_TELEGRAM_BASE_URL"
    )


@pytest.mark.parametrize(
    "variable, value, expected, in_dotenv",
    [
        ("LIFTBOT_INVITE_DAYS", "abc", "must be a whole number from 1 to 365 (got 'abc')", False),
        ("LIFTBOT_TIMEZONE", "Mars/Base", "must be a time zone name such as Europe", True),
        ("LIFTBOT_ADMIN_IDS", "abc", "must be Telegram user ids", False),
        ("LIFTBOT_BROADCAST_RATE", "0", "must be a number above 0 (got '0')", True),
    ],
)
async def test_a_bad_setting_is_named_by_its_variable(
    tmp_path: Path, variable: str, value: str, expected: str, in_dotenv: bool
) -> None:
    settings = {"LIFTBOT_TELEGRAM_TOKEN": WRONG_TOKEN}
    if in_dotenv:
        (tmp_path / ".env").write_text(f"{variable}={value}\n")
    else:
        settings[variable] = value
    finished = await liftbot(tmp_path, "run", **settings)
    assert_told(finished, f"liftbot: {variable}: {expected}", code=2)
    assert "validation error" not in finished.err and "pydantic" not in finished.err


async def test_a_bad_setting_in_the_demo(tmp_path: Path) -> None:
    finished = await liftbot(tmp_path, "demo", LIFTBOT_LOCALE="de")
    assert_told(finished, "LIFTBOT_LOCALE: must be one of nl, en (got 'de')", code=2)


@pytest.mark.parametrize("kind", ["missing folder", "not a database"])
async def test_a_database_file_that_cannot_be_opened(tmp_path: Path, kind: str) -> None:
    if kind == "missing folder":
        database, reason = tmp_path / "gone" / "liftbot.sqlite3", "does not exist"
    else:
        database, reason = tmp_path / "notes.txt", "file is not a database"
        database.write_text("These are notes, not a database. " * 100)
    finished = await liftbot(
        tmp_path, "run", LIFTBOT_TELEGRAM_TOKEN=WRONG_TOKEN, LIFTBOT_DATABASE=str(database)
    )
    assert_told(finished, f"cannot open the database file {database}", reason, "LIFTBOT_DATABASE")
    assert not (tmp_path / "gone").exists()


async def test_a_demo_database_that_cannot_be_opened(tmp_path: Path) -> None:
    database = tmp_path / "gone" / "demo.sqlite3"
    finished = await liftbot(tmp_path, "demo", "--database", str(database))
    assert_told(finished, f"cannot open the database file {database}", "--database")


async def test_an_unknown_variable_is_warned_about_and_the_bot_still_starts(
    api: FakeBotApi, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("LIFTBOT_TIMEZONES=Europe/Amsterdam\n")
    env = environment(
        LIFTBOT_TELEGRAM_TOKEN=api.token,
        LIFTBOT_TELEGRAM_BASE_URL=api.base_url,
        LIFTBOT_DATABASE=str(tmp_path / "run.sqlite3"),
        LIFTBOT_ADMIN_ID="1000",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_for(lambda: any(c.method == "getUpdates" for c in api.calls), timeout=20)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    logged = stderr.decode()
    assert process.returncode == 0, logged
    assert (
        "liftbot: LIFTBOT_ADMIN_ID (in the environment) is not a LiftBot setting and is ignored;"
        " did you mean LIFTBOT_ADMIN_IDS?" in logged.splitlines()
    )
    assert (
        "liftbot: LIFTBOT_TIMEZONES (in .env) is not a LiftBot setting and is ignored;"
        " did you mean LIFTBOT_TIMEZONE?" in logged.splitlines()
    )
    assert "LiftBot is running as @LiftTestBot" in logged
    assert api.token not in logged
