"""Invites across chat apps: with two apps the coach says which one the person uses, and
the link opens LiftBot there (a coach on Telegram invites someone to WhatsApp, and the
other way round; personal and group links; an admin's coach invites too); with one app
nothing is asked. An event's check-in QR code comes once per app."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.engine import Engine, Message
from bot.i18n import Translator
from bot.sqlite.store import SqliteStore
from conversations.core.types import Incoming
from tests.helpers import (
    ADMIN_ID,
    TEST_CHANNEL,
    Chat,
    coach_with_programme,
    drop_outbox,
    plan,
    start_programme,
)

ZOETERMEER = "In de Lift Zoetermeer"
WA_LINK = "https://wa.me/31612345678?text=start%20"
TELEGRAM = dataclasses.replace(TEST_CHANNEL, title="Telegram")
# A second app, with links in WhatsApp's form (the text is the first message).
WHATSAPP = dataclasses.replace(
    TEST_CHANNEL,
    name="wa",
    title="WhatsApp",
    window=timedelta(hours=24),
    open_link=lambda payload: f"{WA_LINK}{payload}",
)


class AppChat(Chat):
    """Someone on a given app (Chat talks on "test")."""

    def __init__(self, engine: Engine, app: str, address: int) -> None:
        super().__init__(engine, address)
        self.app = app

    async def _run(self, event: Incoming) -> list[Message]:
        self.last = await self.engine.handle(self.app, self.user_id, event, self.language)
        return self.last.messages


@pytest.fixture
def two_apps(store: SqliteStore, clock: FakeClock, settings: Settings) -> Engine:
    translator = Translator(settings.zone, settings.locale)
    admins = frozenset({f"test:{ADMIN_ID}"})
    return Engine(
        store, clock, translator, settings, {"test": TELEGRAM, "wa": WHATSAPP}, admins
    )


async def coach_on(engine: Engine, app: str, address: int) -> Chat:
    """A coach the admin invited to `app`, with the programme In de Lift Zoetermeer."""
    admin = Chat(engine, ADMIN_ID)
    await admin.send("/start")
    await admin.send("/invite")
    await admin.press("WhatsApp" if app == "wa" else "Telegram")
    marker = WA_LINK if app == "wa" else "https://t.me/LiftTestBot?start="
    coach = AppChat(engine, app, address)
    await coach.send(f"/start {token_in(admin.text(), marker)}")
    await coach.press("yes")
    await coach.press("English")
    await coach.send("Carla")
    await coach.send("Werkacademie Zoetermeer")
    await coach.press("All good")
    await start_programme(coach, "In de Lift", ZOETERMEER, "Zoetermeer")
    return coach


def token_in(text: str, marker: str) -> str:
    assert marker in text, text
    return text.split(marker)[1].split()[0]


async def joins(chat: Chat, token: str) -> None:
    await chat.send(f"/start {token}")
    await chat.press("Yes")
    await chat.press("English")
    await chat.send("Anna")


async def test_a_coach_on_telegram_invites_someone_to_whatsapp(
    two_apps: Engine, store: SqliteStore
) -> None:
    coach = await coach_on(two_apps, "test", 2000)
    await coach.send("/invite")
    assert "Which app does the person use?" in coach.text()
    assert coach.labels() == ["Telegram", "WhatsApp"]
    await coach.press("WhatsApp")
    await coach.press("Job seeker")
    created = await coach.press(ZOETERMEER)
    token = token_in("\n".join(m.text for m in created), WA_LINK)
    assert "t.me" not in coach.text()
    # The QR code holds the same link.
    assert any(m.attachment and m.attachment.kind == "photo" for m in created)

    anna = AppChat(two_apps, "wa", 31699999999)
    await joins(anna, token)
    async with store.unit_of_work():
        person = await store.person_by_chat("wa:31699999999")
        # From the turn she agreed on, her messages open WhatsApp's window.
        assert await store.last_incoming("wa:31699999999") is not None
    assert person is not None and person.role == "candidate"
    await anna.send("/forget")
    await anna.press("delete")
    async with store.unit_of_work():
        assert await store.last_incoming("wa:31699999999") is None


async def test_a_coach_on_whatsapp_invites_someone_to_telegram_also_with_a_group_link(
    two_apps: Engine, store: SqliteStore
) -> None:
    coach = await coach_on(two_apps, "wa", 31611111111)
    async with store.unit_of_work():
        person = await store.person_by_chat("wa:31611111111")
    assert person is not None and person.role == "coach"

    await coach.send("/invite")
    await coach.press("Telegram")
    await coach.press("Employer")
    text = "\n".join(m.text for m in await coach.press(ZOETERMEER))
    assert "https://t.me/LiftTestBot?start=" in text and "wa.me" not in text

    await coach.send("/invite")
    await coach.press("WhatsApp")
    await coach.press("For a group")
    await coach.press("Job seekers")
    await coach.press(ZOETERMEER)
    await coach.send("10")
    text = "\n".join(m.text for m in await coach.press("Until"))
    token_in(text, WA_LINK)


async def test_an_admin_invites_a_coach_to_either_app(
    two_apps: Engine, store: SqliteStore
) -> None:
    admin = Chat(two_apps, ADMIN_ID)
    await admin.send("/start")
    await admin.send("/invite")
    assert admin.labels() == ["Telegram", "WhatsApp"]
    text = "\n".join(m.text for m in await admin.press("WhatsApp"))
    assert "Invite for: Coach" in text
    token = token_in(text, WA_LINK)
    coach = AppChat(two_apps, "wa", 31622222222)
    await coach.send(f"/start {token}")
    await coach.press("yes")
    async with store.unit_of_work():
        person = await store.person_by_chat("wa:31622222222")
    assert person is not None and person.role == "coach"


async def test_the_app_question_takes_only_its_buttons(two_apps: Engine) -> None:
    coach = await coach_on(two_apps, "test", 2000)
    await coach.send("/invite")
    await coach.send("WhatsApp please")
    assert "Which app does the person use?" in coach.text()
    await coach.press_data("app:signal")
    assert "Which app does the person use?" in coach.text()
    await coach.press("WhatsApp")
    assert "Who is the invite for?" in coach.text()


async def test_with_one_app_nothing_is_asked(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    await coach.send("/invite")
    assert "Who is the invite for?" in coach.text()
    assert "Which app" not in coach.text()


async def test_with_two_apps_the_door_gets_a_check_in_code_for_each(
    two_apps: Engine, store: SqliteStore
) -> None:
    coach = await coach_on(two_apps, "test", 2000)
    await drop_outbox(store)
    await plan(coach, "1-12 10:00", capacity="10")
    await coach.send("/events")
    await coach.press("Meet the employers")
    codes = await coach.press("Check-in QR")
    # One QR code per app: a scan opens LiftBot in the app the person has.
    assert [m.attachment.kind for m in codes if m.attachment] == ["photo", "photo"]
    telegram, whatsapp = (m.text for m in codes)
    assert telegram.startswith("For people on Telegram:") and "?start=ci_" in telegram
    assert whatsapp.startswith("For people on WhatsApp:")
    assert f"{WA_LINK}ci_" in whatsapp
