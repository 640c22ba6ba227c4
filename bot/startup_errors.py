"""Start-up failures told in a line or two that name what to check: never a traceback, never
the bot token (python-telegram-bot puts it in InvalidToken's message, and request URLs hold it).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import urllib.parse
from pathlib import Path

from telegram.error import (
    BadRequest,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.config import Settings
from bot.sqlite.store import SqliteStore

DEFAULT_BASE_URL = str(Settings.model_fields["telegram_base_url"].default)


class StartupFailed(Exception):
    """A problem the person starting LiftBot can fix: one or two lines saying what it is and
    which setting to check."""

    def __init__(self, *lines: str) -> None:
        super().__init__(" ".join(lines))
        self.lines = lines


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """What must never be shown: the token, and its secret part (after the bot id), which is
    what remains when a URL or message splits the token."""
    found: list[str] = []
    if settings.telegram_token is not None:
        token = settings.telegram_token.get_secret_value()
        secret = token.partition(":")[2]
        found += [part for part in (token, secret) if part and (part == token or len(part) >= 8)]
    # WhatsApp's access token, app secret and verify token (bot/whatsapp/).
    for value in (
        settings.whatsapp_token,
        settings.whatsapp_signing_key,
        settings.whatsapp_verify_token,
    ):
        if value is not None and value.get_secret_value():
            found.append(value.get_secret_value())
    # As a URL writes them, should the token hold characters that must be escaped there.
    found += [urllib.parse.quote(part) for part in found if urllib.parse.quote(part) != part]
    return tuple(found)


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, "<token>")
    return text


class RedactingFormatter(logging.Formatter):
    """Takes the token out of every log line, tracebacks included (`liftbot -v run`)."""

    def __init__(self, fmt: str, secrets: tuple[str, ...]) -> None:
        super().__init__(fmt)
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


async def open_store(path: Path, hint: str) -> SqliteStore:
    """The database, or StartupFailed saying why the file cannot be used and what to check."""
    try:
        # A plain connection first: when aiosqlite's fails, its thread may outlive the loop.
        await asyncio.to_thread(_try_connect, path)
        return await SqliteStore.open(path)
    except (sqlite3.Error, OSError) as exc:
        raise StartupFailed(f"cannot open the database file {_why(path, exc)}. {hint}") from exc


def _try_connect(path: Path) -> None:
    sqlite3.connect(path).close()


def _why(path: Path, exc: sqlite3.Error | OSError) -> str:
    where = path.expanduser().absolute()
    if not where.parent.is_dir():
        return f"{where}: the folder {where.parent} does not exist"
    if where.is_dir():
        return f"{where}: that is a folder, not a file"
    reason = exc.strerror if isinstance(exc, OSError) else str(exc)
    return f"{where}: {reason or type(exc).__name__}"


def server_of(base_url: str) -> str:
    """Scheme, host and port only: a base URL may hold a path with the token in it."""
    parts = urllib.parse.urlsplit(base_url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # not a number: leave it out
        port = ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


def telegram_failure(exc: TelegramError, settings: Settings) -> StartupFailed:
    """What a failed first call to Telegram means, and what to check."""
    server = server_of(settings.telegram_base_url)
    if isinstance(exc, InvalidToken):
        lines = ["Telegram refused the bot token. Check LIFTBOT_TELEGRAM_TOKEN (from @BotFather)."]
        if not settings.telegram_base_url.startswith(DEFAULT_BASE_URL):
            # PTB reads a 404 as a refused token too: a wrong server address looks the same.
            lines.append(f"The Bot API server asked was {server}; check LIFTBOT_TELEGRAM_BASE_URL.")
        return StartupFailed(*lines)
    if isinstance(exc, RetryAfter):
        return StartupFailed("Telegram asks to wait (too many requests). Start again later.")
    if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
        reason = "no answer in time" if isinstance(exc, TimedOut) else "network error"
        return StartupFailed(
            f"cannot reach Telegram at {server} ({reason})."
            " Check your connection, HTTPS_PROXY or LIFTBOT_TELEGRAM_BASE_URL."
        )
    said = redact(exc.message, secrets_of(settings))[:200]
    return StartupFailed(
        f"Telegram refused to start the bot: {said}.",
        "Check LIFTBOT_TELEGRAM_TOKEN and LIFTBOT_TELEGRAM_BASE_URL.",
    )
