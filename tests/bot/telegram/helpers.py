"""What the tests over the real Telegram stack share: LiftBot started (and restarted) as a
PTB Application against the fake Bot API, a person in a private chat seeing what Telegram
shows, and the steps those tests start from. Fixtures live in this folder's conftest.py;
helpers that do not need Telegram in tests/helpers.py."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from bot.app import Core
from bot.clock import FakeClock
from bot.config import Settings
from bot.sqlite.store import SqliteStore
from bot.telegram.channel import TelegramChannel, telegram_core
from tests.fakebotapi import FakeBotApi, SentMessage, TgUser
from tests.helpers import ADMIN_ID, invite_token


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

    async def open_store(self) -> SqliteStore:
        """The database file, opened as another process would while LiftBot is stopped."""
        return await SqliteStore.open(self.settings.database)

    def now(self) -> datetime:
        return self.clock.now()


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


def text_of(messages: list[SentMessage]) -> str:
    return "\n".join(TgChat.shown(m) for m in messages)


async def nothing_sent(api: FakeBotApi, *chat_ids: int, within: float = 0.5) -> None:
    """No message arrives in these chats for a while; send something that is answered
    after the updates in question first, so that they have been handled by then."""

    def sent() -> list[SentMessage]:
        return [m for chat_id in chat_ids for m in api.chats.get(chat_id, [])]

    try:
        await api.wait_for(sent, timeout=within)
    except AssertionError:
        return
    raise AssertionError(f"expected no messages, got {[m.text for m in sent()]}")


def commands_for_chat(api: FakeBotApi, chat_id: int) -> list[str]:
    calls = [
        c
        for c in api.calls
        if c.method == "setMyCommands" and c.params.get("scope", {}).get("chat_id") == chat_id
    ]
    assert calls, f"no command menu set for chat {chat_id}"
    return [command["command"] for command in calls[-1].params["commands"]]


def store_of(liftbot: Running) -> SqliteStore:
    assert liftbot.bot is not None and liftbot.bot.store is not None
    return liftbot.bot.store


def forged(message: SentMessage, data: str) -> SentMessage:
    markup = {"inline_keyboard": [[{"text": "x", "callback_data": data}]]}
    return SentMessage(
        message.chat_id,
        message.message_id,
        message.date,
        message.text,
        reply_markup=markup,
        chat_type=message.chat_type,
    )


async def join_as_coach(api: FakeBotApi, apps: bool = False) -> TgChat:
    """The admin invites Carla as a coach on Telegram; with `apps` (Telegram and WhatsApp
    both running) the admin first says which app she uses."""
    admin = TgChat(api, TgUser(ADMIN_ID, "Ada", "en"))
    await admin.send("/start", expect="Admin menu")
    assert commands_for_chat(api, ADMIN_ID)[:2] == ["menu", "invite"]
    if apps:
        await admin.send("/invite", expect="Which app does the person use?")
        sent = await admin.press("Telegram", expect="QR code")
    else:
        sent = await admin.send("/invite", expect="QR code")
    assert sent[-1].photo is not None and sent[-1].photo.startswith(b"\x89PNG")
    assert "https://t.me/LiftTestBot?start=" in (sent[0].text or "")

    coach = TgChat(api, TgUser(2001, "Carla", "en"))
    await coach.send(f"/start {invite_token(sent)}", expect="invited as a coach")
    await coach.press("Yes", expect="Which language")
    await coach.press("English", expect="What may I call you")
    await coach.send("Carla", expect="Which organisation")
    await coach.send("Werkacademie", expect="This is what I noted")
    await coach.press("All good", expect="Coach menu")
    assert "invite" in commands_for_chat(api, 2001)
    return coach


async def create_programme(coach: TgChat, name: str) -> None:
    await coach.send("/programme", expect="What kind of programme")
    await coach.press("In de Lift", expect="What is it called")
    await coach.send(name, expect="In which municipality")
    await coach.send("Zoetermeer", expect=f"Done: {name}")


async def invite(coach: TgChat, who: str, programme: str | None) -> str:
    if programme is not None:
        await coach.send("/programme", expect="What kind of programme")
        await coach.press("In de Lift", expect="What is it called")
        await coach.send(programme, expect="In which municipality")
        await coach.send("Zoetermeer", expect=f"Done: {programme}")
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press(who, expect="programme")
    return invite_token(await coach.press(programme or "No programme", expect="QR code"))


async def join_with(api: FakeBotApi, token: str, user_id: int, name: str) -> TgChat:
    """A job seeker opens a link, agrees, and answers the intake."""
    person = TgChat(api, TgUser(user_id, name, "en"))
    await person.send(f"/start {token}", expect="Do you want to join?")
    await person.press("Yes", expect="Which language")
    await person.press("English", expect="What may I call you")
    await person.send(name, expect="What kind of work")
    await person.send("Warehouse", expect="Which sectors")
    await person.toggle("Logistics")
    await person.press("Done", expect="What are you good at")
    await person.send("Planning", expect="When are you available")
    await person.toggle("Mon")
    await person.press("Done", expect="Which municipality")
    await person.send("Zoetermeer", expect="This is what I noted")
    await person.press("All good", expect="What would you like to do?")
    return person


async def join_candidate(api: FakeBotApi, coach: TgChat, user_id: int, name: str) -> TgChat:
    await coach.send("/invite", expect="Who is the invite for")
    await coach.press("Job seeker", expect="programme")
    sent = await coach.press("Lift Zoetermeer", expect="QR code")
    token = (sent[0].text or "").split("?start=")[1].split()[0]
    return await join_with(api, token, user_id, name)


async def add_member(
    store: SqliteStore,
    user_id: int,
    role: str,
    name: str,
    profile: dict[str, object],
    now: datetime,
) -> int:
    """Someone who already joined the programme (onboarding has its own end-to-end tests)."""
    async with store.unit_of_work():
        coach = await store.person_by_chat("tg:2001")
        assert coach is not None
        programme = (await store.programmes_of_coach(coach.id))[-1]
        person = await store.create_person(
            chat_key=f"tg:{user_id}",
            role=role,
            language="en",  # type: ignore[arg-type]
            programme=programme.name,
            invited_by=coach.id,
            consent_at=now,
            now=now,
        )
        person.name, person.profile, person.onboarded_at = name, profile, now
        await store.save_person(person)
        await store.add_member(programme.id, person.id, now)
        return person.id


async def plan_event(coach: TgChat, when: str, capacity: int) -> list:
    await coach.send("/newevent", expect="Which programme")
    await coach.press("Lift Zoetermeer", expect="What kind of meeting")
    await coach.press("main event", expect="Who is the meeting for")
    await coach.press("Keep this", expect="What is the title")
    await coach.send("In de Lift: meet the employers", expect="When does it start")
    said = await coach.send("26 oktober 10.00", expect="Is that right?")
    assert "I read: Monday 26 October, 10:00" in text_of(said)
    await coach.press("No, again", expect="When does it start")
    said = await coach.send("gisteren", expect="When does it start")
    assert "still need the time" in text_of(said) or "cannot read" in text_of(said)
    await coach.send(when, expect="Is that right?")
    await coach.press("Yes", expect="How long")
    await coach.press("2 hours", expect="Where is it")
    await coach.send("Stadhuis Zoetermeer", expect="What is the address")
    await coach.send("Markt 10, Zoetermeer", expect="Send a location")
    coach.mark = len(coach.messages)
    coach.api.send_location(coach.user, 52.0607, 4.4940)
    await coach.wait("How many people")
    said = await coach.send("0", expect="How many people")
    assert "from 1 to 1000" in text_of(said)
    await coach.send(str(capacity), expect="A short description")
    preview = await coach.send("Meet twelve entrepreneurs.", expect="Save and invite?")
    assert "Places: 12" in text_of(preview)
    return await coach.press("Save and invite", expect="Invitations sent")


async def plan_walk_and_talk(coach: TgChat) -> list[SentMessage]:
    """Walk&Talk on the last Thursday of the month from 26 November 19:00, 30 places."""
    await coach.send("/newevent", expect="Which programme")
    await coach.press("Lift Zoetermeer", expect="What kind of meeting")
    await coach.press("Meetup", expect="Who is the meeting for")
    await coach.press("Keep this", expect="What is the title")
    await coach.send("Walk&Talk", expect="When does it start")
    await coach.send("donderdag 26 november 19:00", expect="Is that right?")
    await coach.press("Yes", expect="Does this meetup repeat?")
    await coach.press("last Thursday", expect="How long")
    await coach.press("2 hours", expect="Where is it")
    await coach.send("Bibliotheek Amstelveen", expect="What is the address")
    await coach.press("Skip", expect="Send a location")
    await coach.press("Skip", expect="How many people")
    await coach.send("30", expect="A short description")
    await coach.send("45 minutes with a guest, then talk.", expect="Save and invite?")
    return await coach.press("Save and invite", expect="Also planned ahead")


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


# Broadcasts, with Telegram's limits scaled up (the `fast` fixture).
SCALE = 10  # 300 per second overall and 10 per second per chat


async def coach_with_people(api: FakeBotApi, fast: Running, clock: FakeClock, count: int) -> TgChat:
    coach = await join_as_coach(api)
    await create_programme(coach, "Buddyproject Hardenberg")
    for n in range(count):
        language = "nl" if n % 2 else "en"
        await add_member(
            store_of(fast), 30_000 + n, "candidate" if n % 3 else "buddy", "Anna", {}, clock.now()
        )
        if language == "nl":
            async with store_of(fast).unit_of_work() as store:
                person = await store.person_by_chat(f"tg:{30_000 + n}")
                assert person is not None
                person.language = "nl"
                await store.save_person(person)
    return coach


def received(api: FakeBotApi, count: int, part: str) -> Counter[int]:
    return Counter(
        {
            30_000 + n: sum(1 for m in api.chats.get(30_000 + n, []) if part in (m.text or ""))
            for n in range(count)
        }
    )


async def write(coach: TgChat, text: str, second: str | None = None) -> list[SentMessage]:
    await coach.send("/broadcast", expect="Who is the message for?")
    await coach.press("Everyone I coach", expect="Type your message")
    await coach.send(text, expect="Send as it is, or add something?")
    if second is None:
        preview = await coach.press("Send as it is", expect="Preview")
    else:
        await coach.press("Version in", expect="Now type the version")
        preview = await coach.send(second, expect="Preview")
    # From the moment of sending, the server answers 429 beyond the (scaled) limits.
    coach.api.enforce_limits(30 * SCALE, 1 * SCALE)
    return preview
