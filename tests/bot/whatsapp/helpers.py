"""What the tests over the real WhatsApp stack share: LiftBot started (and restarted) with
its web server against the fake Cloud API, and a person on WhatsApp seeing what WhatsApp
shows them. Fixtures live in this folder's conftest.py."""

from __future__ import annotations

from pydantic import SecretStr

from bot.clock import FakeClock
from bot.config import Settings
from bot.launch import LiftBot
from bot.sqlite.store import SqliteStore
from bot.whatsapp.channel import WhatsAppChannel
from bot.whatsapp.webhook import PATH
from tests.fakecloudapi import (
    APP_SECRET,
    NUMBER,
    PHONE_ID,
    TOKEN,
    VERIFY_TOKEN,
    FakeCloudApi,
    Sent,
    WaUser,
)

WA_ADMIN = WaUser("31600001000", "Ada")
MORE = "More choices"
MEER = "Meer keuzes"


def whatsapp_settings(settings: Settings, cloud: FakeCloudApi) -> Settings:
    return settings.model_copy(
        update={
            "whatsapp_token": SecretStr(TOKEN),
            "whatsapp_phone_id": PHONE_ID,
            "whatsapp_number": NUMBER,
            "whatsapp_signing_key": SecretStr(APP_SECRET),
            "whatsapp_verify_token": SecretStr(VERIFY_TOKEN),
            "whatsapp_api_url": cloud.base_url,
            "admin_whatsapp": frozenset({WA_ADMIN.wa_id}),
            "web_port": 0,
        }
    )


class WaRunning:
    """Starts and restarts LiftBot on the same database file; each start a new web server
    (on a free port, told to the fake Cloud API)."""

    def __init__(self, settings: Settings, clock: FakeClock, cloud: FakeCloudApi) -> None:
        self.settings = settings
        self.clock = clock
        self.cloud = cloud
        self.bot: LiftBot | None = None

    async def start(self) -> LiftBot:
        self.bot = LiftBot(self.settings, self.clock, poll_timeout=1)
        await self.bot.start()
        assert self.bot.web is not None
        self.cloud.webhook_url = self.bot.web.url + PATH
        self.channel.reply_backoff = 0.01
        return self.bot

    @property
    def channel(self) -> WhatsAppChannel:
        assert self.bot is not None
        channel = self.bot.core.channels["wa"]
        assert isinstance(channel, WhatsAppChannel)
        return channel

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.stop()
            self.bot = None

    @property
    def store(self) -> SqliteStore:
        assert self.bot is not None and isinstance(self.bot.core.store, SqliteStore)
        return self.bot.core.store


class WaChat:
    """One person on WhatsApp, seeing what WhatsApp shows them."""

    def __init__(self, cloud: FakeCloudApi, user: WaUser) -> None:
        self.cloud = cloud
        self.user = user
        self.mark = 0

    @property
    def messages(self) -> list[Sent]:
        return self.cloud.chats.get(self.user.wa_id, [])

    async def wait(self, part: str) -> list[Sent]:
        """Wait for a new message containing `part`; all new messages up to it."""

        def found() -> list[Sent] | None:
            new = self.messages[self.mark :]
            hits = [i for i, m in enumerate(new) if part in m.text]
            return new[: hits[-1] + 1] if hits else None

        new = await self.cloud.wait_for(found)
        self.mark += len(new)
        return new

    async def send(self, text: str, expect: str) -> list[Sent]:
        self.mark = len(self.messages)
        await self.cloud.send_text(self.user, text)
        return await self.wait(expect)

    def with_button(self, label: str) -> tuple[Sent, str]:
        """The latest message with a button or row whose title holds `label`, and its id."""
        for message in reversed(self.messages):
            for title, button_id in message.buttons():
                if shows(title, label):
                    return message, button_id
        raise AssertionError(f"no message shows a button {label!r}")

    async def press(self, label: str, expect: str) -> list[Sent]:
        message, button_id = self.with_button(label)
        self.mark = len(self.messages)
        await self.cloud.press(self.user, message, button_id)
        return await self.wait(expect)

    async def find(self, label: str) -> tuple[Sent, str]:
        """`label` on the latest list, turning its pages ('More choices') until it shows."""
        latest = next(m for m in reversed(self.messages) if m.buttons())
        for _ in range(5):
            for title, button_id in latest.buttons():
                if shows(title, label):
                    return latest, button_id
            more = [i for t, i in latest.buttons() if t in (MORE, MEER)]
            assert more, f"{label!r} not among {latest.buttons()}"
            count = len(self.messages)
            await self.cloud.press(self.user, latest, more[0])
            await self.cloud.wait_for(lambda count=count: len(self.messages) > count)
            latest = self.messages[-1]
        raise AssertionError(f"{label!r} on no page")

    async def choose(self, label: str, expect: str) -> list[Sent]:
        """Press `label`, on whichever page of the list it is."""
        message, button_id = await self.find(label)
        self.mark = len(self.messages)
        await self.cloud.press(self.user, message, button_id)
        return await self.wait(expect)

    async def toggle(self, label: str) -> Sent:
        """Press a multi-select option: the list comes again, the option checked."""
        message, button_id = await self.find(label)
        count = len(self.messages)
        await self.cloud.press(self.user, message, button_id)

        def checked() -> Sent | None:
            for sent in self.messages[count:]:
                if any(t.startswith("✅") and label in t for t, _ in sent.buttons()):
                    return sent
            return None

        return await self.cloud.wait_for(checked)


def shows(title: str, label: str) -> bool:
    """A title shows `label`: whole, or shortened with an ellipsis."""
    title, label = title.lower(), label.lower()
    return label in title or (title.endswith("…") and label.startswith(title[:-1]))


def text_of(messages: list[Sent]) -> str:
    return "\n".join(m.text for m in messages)


def wa_token(messages: list[Sent]) -> str:
    """The payload of the first wa.me link in the messages ("?text=start%20<token>")."""
    for message in messages:
        if "wa.me/" in message.text and "?text=start%20" in message.text:
            return message.text.split("?text=start%20")[1].split()[0]
    raise AssertionError(f"no wa.me link in {[m.text for m in messages]}")
