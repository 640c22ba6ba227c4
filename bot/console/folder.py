"""The demo's folder: its database, the files people receive (.ics, QR codes, CSV, JSON),
each person's inbox, and the demo clock. Git ignores it (`liftbot-demo/` in .gitignore).

`--fresh` removes it, but only a folder the demo made itself (it holds a marker file): a
mistyped `--folder ~` must never empty someone's home.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

DEFAULT_FOLDER = Path("liftbot-demo")
MARKER = ".liftbot-demo"
DATABASE_NAME = "demo.sqlite3"
CLOCK_NAME = "clock.json"


@dataclass(frozen=True)
class DemoFolder:
    path: Path
    database: Path

    @classmethod
    def at(cls, folder: Path | None, database: Path | None) -> DemoFolder:
        path = (folder or DEFAULT_FOLDER).expanduser().resolve()
        return cls(path, (database or path / DATABASE_NAME).expanduser().resolve())

    def make(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / MARKER).touch()

    @property
    def is_new(self) -> bool:
        return not self.database.exists()

    def remove(self) -> bool:
        """Start over: the database and what the demo wrote. False when the folder is not
        the demo's own (then only the database goes)."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        if not self.path.is_dir():
            return True
        if not (self.path / MARKER).exists():
            return False
        shutil.rmtree(self.path)
        return True

    def file(self, name: str) -> Path:
        """Where a received file is saved; only its own name counts, never a path in it."""
        return self.path / (Path(name).name or "file")

    def inbox(self, address: str) -> Path:
        return self.path / f"inbox-{address}.jsonl"

    def screen(self, address: str) -> Path:
        return self.path / f"screen-{address}.jsonl"

    # -- the demo clock: real time plus an offset that /later grows -----------------------

    def load_offset(self) -> timedelta:
        try:
            data = json.loads((self.path / CLOCK_NAME).read_text(encoding="utf-8"))
            return timedelta(seconds=float(data["offset_seconds"]))
        except (OSError, ValueError, KeyError, TypeError):
            return timedelta(0)

    def save_offset(self, offset: timedelta) -> None:
        data = {"offset_seconds": offset.total_seconds()}
        (self.path / CLOCK_NAME).write_text(json.dumps(data), encoding="utf-8")


class DemoClock:
    """The demo's time: it runs on like a real clock, `/later` moves it ahead, and the
    offset is kept in the demo folder so the next run goes on at the same demo time."""

    def __init__(self, folder: DemoFolder) -> None:
        self.folder = folder
        self.offset = folder.load_offset()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, moment: datetime) -> None:
        # Never back: what was sent stays sent, as in real life.
        offset = moment.astimezone(UTC) - datetime.now(UTC)
        if offset > self.offset:
            self.offset = offset
            self.folder.save_offset(offset)
