"""The `liftbot` command: run the Telegram bot, or chat with it in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # HTTP clients may log request URLs, and Telegram URLs contain the bot token.
    for name in ("aiohttp", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # PTB's debug logs print whole updates, which hold people's messages.
    logging.getLogger("telegram").setLevel(logging.WARNING)
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
        "run", help="run the Telegram bot (long polling); needs LIFTBOT_TELEGRAM_TOKEN"
    )
    demo = commands.add_parser("demo", help="chat with LiftBot in this terminal; no token needed")
    demo.add_argument(
        "--database",
        type=Path,
        default=Path("liftbot-demo.sqlite3"),
        help="SQLite file for the demo (default: liftbot-demo.sqlite3)",
    )
    demo.add_argument("--language", choices=["nl", "en"], help="language of the demo")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 0
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"liftbot: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    if args.command == "demo":
        # Only warnings in the demo: the chat itself is the output.
        logging.basicConfig(level=logging.WARNING)
        overrides: dict[str, object] = {"database": args.database}
        if args.language:
            overrides["locale"] = args.language
        from bot.console import run_demo

        asyncio.run(run_demo(settings.model_copy(update=overrides)))
        return 0
    configure_logging(args.verbose)
    if settings.telegram_token is None:
        print(
            "liftbot: set LIFTBOT_TELEGRAM_TOKEN (from @BotFather) to run the bot,"
            " or try `liftbot demo`.",
            file=sys.stderr,
        )
        return 2
    from bot.telegram_channel import run

    asyncio.run(run(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
