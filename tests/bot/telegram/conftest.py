"""End-to-end fixtures: the real LiftBot Telegram stack against the fake Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.app import Core
from bot.clock import FakeClock
from bot.config import Settings
from bot.telegram.channel import TelegramChannel, telegram_core
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser


@pytest.fixture
def tg_settings(settings: Settings, api: FakeBotApi) -> Settings:
    return settings.model_copy(
        update={"telegram_base_url": api.base_url, "telegram_token": SecretStr(api.token)}
    )


class Running:
    """Starts and restarts LiftBot: each start is a new PTB Application on the same file."""

    def __init__(self, settings: Settings, clock: FakeClock) -> None:
        self.settings = settings
        self.clock = clock
        self.bot: Core | None = None

    async def start(self) -> Core:
        self.bot = telegram_core(self.settings, self.clock, poll_timeout=1)
        await self.bot.start()
        return self.bot

    @property
    def telegram(self) -> TelegramChannel:
        assert self.bot is not None
        channel = self.bot.channels["tg"]
        assert isinstance(channel, TelegramChannel)
        return channel

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.stop()
            self.bot = None


@pytest.fixture
async def liftbot(tg_settings: Settings, clock: FakeClock) -> AsyncIterator[Running]:
    running = Running(tg_settings, clock)
    await running.start()
    yield running
    await running.stop()


class TgChat:
    """A person in a private chat with the bot, seeing what Telegram would show them."""

    def __init__(self, api: FakeBotApi, user: TgUser) -> None:
        self.api = api
        self.user = user
        self.mark = 0

    @property
    def messages(self) -> list[SentMessage]:
        return self.api.chats.get(self.user.id, [])

    @staticmethod
    def shown(message: SentMessage) -> str:
        return message.text or message.caption or ""

    async def wait(self, part: str) -> list[SentMessage]:
        """Wait for a new message containing `part`; return all new messages up to it."""

        def found() -> list[SentMessage] | None:
            new = self.messages[self.mark :]
            hits = [i for i, m in enumerate(new) if part in self.shown(m)]
            return new[: hits[-1] + 1] if hits else None

        new = await self.api.wait_for(found)
        self.mark += len(new)
        return new

    async def send(self, text: str, expect: str) -> list[SentMessage]:
        self.mark = len(self.messages)
        self.api.send_text(self.user, text)
        return await self.wait(expect)

    def with_button(self, label: str) -> SentMessage:
        for message in reversed(self.messages):
            if any(label.lower() in text.lower() for text, _ in message.buttons()):
                return message
        raise AssertionError(f"no message shows a button {label!r}")

    async def press(self, label: str, expect: str) -> list[SentMessage]:
        message = self.with_button(label)
        self.mark = len(self.messages)
        self.api.press(self.user, message, message.button(label))
        return await self.wait(expect)

    async def toggle(self, label: str) -> SentMessage:
        """Press a multi-select button; the same message is edited to show a check mark."""
        message = self.with_button(label)
        self.api.press(self.user, message, message.button(label))
        await self.api.wait_for(
            lambda: any(t.startswith("✅") and label in t for t, _ in message.buttons())
        )
        return message


async def pair_by_hand(coach: TgChat, buddy: TgChat, candidate: str) -> SentMessage:
    """The coach pairs `candidate` with `buddy` by hand in the programme "... Lift Zoetermeer";
    returns the introduction card the buddy gets."""
    name = buddy.user.first_name
    await coach.send("/pair", expect="Which programme")
    await coach.press("Lift Zoetermeer", expect="How do you want to pair?")
    await coach.press("Choose myself", expect="Choose the job seeker")
    await coach.press(candidate, expect="Choose the employer")
    await coach.press(name, expect=f"I am asking {name}")
    return (await buddy.wait(f"introduces you to {candidate}"))[-1]
