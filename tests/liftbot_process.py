"""`liftbot run` as a process of its own, for the crash tests: started with its settings
in the environment, killed with SIGKILL at a chosen moment, started again on the same
database, which the test reads and can slow down at one chosen moment."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

# The trigger's query: 300³ rows looked at, a few seconds of work at least.
SPIN_ROWS = 300


class LiftBotProcess:
    """`python -m bot.cli run` in `folder`, its log in liftbot.log there."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.database = folder / "crash.sqlite3"
        self.process: asyncio.subprocess.Process | None = None

    async def spawn(self, settings: dict[str, str]) -> None:
        env = {**os.environ, **settings, "LIFTBOT_DATABASE": str(self.database)}
        for name in ("LIFTBOT_TELEGRAM_TOKEN", "LIFTBOT_WHATSAPP_TOKEN"):
            if name not in settings:
                env.pop(name, None)
        with (self.folder / "liftbot.log").open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "run",
                cwd=self.folder,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )

    def log(self) -> str:
        return (self.folder / "liftbot.log").read_text()

    def kill(self) -> None:
        """SIGKILL, at once: may be called from a fake server's own handlers."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)

    async def dead(self) -> None:
        assert self.process is not None
        await asyncio.wait_for(self.process.wait(), timeout=30)
        assert self.process.returncode == -signal.SIGKILL

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), timeout=30)
            assert self.process.returncode == 0, self.log()

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database) as db:
            return db.execute(sql).fetchall()

    def keep_busy(self, update_id: str | int) -> None:
        """The unit of work that handles this update runs a long query just before it keeps
        the replies with the update, after its other writes."""
        with sqlite3.connect(self.database) as db:
            db.execute("CREATE TABLE spin (x INTEGER)")
            db.executemany("INSERT INTO spin VALUES (?)", [(n,) for n in range(SPIN_ROWS)])
            db.execute(
                "CREATE TRIGGER busy BEFORE UPDATE OF answer ON intake"
                f" WHEN old.update_id = '{update_id}' BEGIN"
                " SELECT count(*) FROM spin a, spin b, spin c WHERE a.x + b.x + c.x >= 0;"
                " END"
            )

    def calm(self) -> None:
        with sqlite3.connect(self.database) as db:
            db.execute("DROP TRIGGER IF EXISTS busy")
            db.execute("DROP TABLE IF EXISTS spin")
