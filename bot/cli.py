"""The `liftbot` command: run the Telegram bot, or chat with it in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from telegram.error import TelegramError

from bot.config import Settings
from bot.settings_check import load_settings
from bot.startup_errors import (
    RedactingFormatter,
    StartupFailed,
    redact,
    secrets_of,
    telegram_failure,
)

log = logging.getLogger("liftbot")
ENV_FILE = Path(".env")


def configure_logging(verbose: bool, secrets: tuple[str, ...] = ()) -> None:
    handler = logging.StreamHandler()
    # The token never reaches the log, not even inside a traceback or a request URL.
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler])
    # HTTP clients may log request URLs, and Telegram URLs contain the bot token.
    for name in ("aiohttp", "httpx", "httpcore", "uvicorn"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # PTB's debug logs print whole updates, which hold people's messages.
    logging.getLogger("telegram").setLevel(logging.WARNING)
    # pywa's debug logs print request bodies and webhook updates: people's messages.
    logging.getLogger("pywa").setLevel(logging.WARNING)
    logging.getLogger("pywa_async").setLevel(logging.WARNING)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="liftbot",
        description="LiftBot: a chat assistant for job-seeker networking programmes.",
        epilog="Settings come from LIFTBOT_* environment variables or a .env file; see README.md.",
    )
    root.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "run",
        help="run the bot on every configured channel: Telegram (LIFTBOT_TELEGRAM_TOKEN), "
        "WhatsApp (LIFTBOT_WHATSAPP_*) or both",
    )
    demo = commands.add_parser("demo", help="chat with LiftBot in this terminal; no token needed")
    demo.add_argument(
        "--folder",
        type=Path,
        help="folder for the demo's database, files, inboxes and clock (default: liftbot-demo)",
    )
    demo.add_argument(
        "--database",
        type=Path,
        help="SQLite file for the demo (default: demo.sqlite3 in the demo folder)",
    )
    demo.add_argument("--language", choices=["nl", "en"], help="language of the demo")
    demo.add_argument(
        "--fresh", action="store_true", help="start over: remove the demo's database and files"
    )
    demo.add_argument(
        "--story",
        action="store_true",
        help="play the ready-made story by itself, from invite to done (starts over)",
    )
    whatsapp = commands.add_parser("whatsapp", help="WhatsApp: the message templates")
    wa_commands = whatsapp.add_subparsers(dest="whatsapp_command", metavar="COMMAND", required=True)
    templates = wa_commands.add_parser(
        "templates", help="list the templates LiftBot needs on WhatsApp (--submit: to Meta)"
    )
    templates.add_argument(
        "--submit",
        action="store_true",
        help="submit them for approval; needs LIFTBOT_WHATSAPP_TOKEN and _ACCOUNT_ID",
    )
    return root


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """`liftbot ...`; the environment is passed in (os.environ when not), so tests need not
    change the process's own."""
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 0
    try:
        settings = load_settings(os.environ if environ is None else environ, ENV_FILE, say)
    except StartupFailed as failed:
        say(*failed.lines)
        return 2
    try:
        if args.command == "demo":
            return demo(settings, args)
        if args.command == "whatsapp":
            from bot.whatsapp.template_submit import templates_command

            return templates_command(settings, args.submit, print)
        return run(settings, args.verbose)
    except StartupFailed as failed:
        say(*(redact(line, secrets_of(settings)) for line in failed.lines))
        return 1


def say(*lines: str) -> None:
    for line in lines:
        print(f"liftbot: {line}", file=sys.stderr)


def demo(settings: Settings, args: argparse.Namespace) -> int:
    # Only warnings in the demo: the chat itself is the output.
    logging.basicConfig(level=logging.WARNING)
    from bot.console.demo import run_demo
    from bot.console.folder import DemoFolder

    folder = DemoFolder.at(args.folder, args.database)
    if args.fresh or args.story:
        if not folder.remove():
            say(f"{folder.path} was not made by the demo: only its database was removed.")
    if args.language:
        settings = settings.model_copy(update={"locale": args.language})
    try:
        return 0 if asyncio.run(run_demo(settings, folder, play_story=args.story)) else 1
    except KeyboardInterrupt:
        # Ctrl+C is a way to stop the demo too; what was done is saved.
        print()
        return 130


def run(settings: Settings, verbose: bool) -> int:
    if not settings.telegram_configured and not settings.whatsapp_configured:
        say(
            "set LIFTBOT_TELEGRAM_TOKEN (from @BotFather) or the LIFTBOT_WHATSAPP_* settings "
            "to run the bot, or try `liftbot demo`."
        )
        return 2
    secrets = secrets_of(settings)
    configure_logging(verbose, secrets)
    try:
        asyncio.run(serve(settings))
    except StartupFailed:
        raise
    except TelegramError as exc:
        log.debug("start-up failed at Telegram", exc_info=True)  # `liftbot -v run` only
        raise telegram_failure(exc, settings) from exc
    except Exception as exc:
        log.debug("start-up failed", exc_info=True)
        said = redact(str(exc), secrets)[:200]
        raise StartupFailed(
            f"could not start: {type(exc).__name__}: {said}",
            "`liftbot -v run` logs the details.",
        ) from exc
    return 0


async def serve(settings: Settings) -> None:
    """Run every configured channel (and the web server) until Ctrl+C or SIGTERM."""
    from bot.launch import LiftBot

    bot = LiftBot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Installed before start-up, so a stop request during start-up is not lost.
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await bot.start()
        await stop.wait()
    finally:
        await bot.stop()


if __name__ == "__main__":
    sys.exit(main())
