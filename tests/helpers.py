"""What the tests share, in one place: the test channel and its constants, a person talking
to the engine directly (Chat), the outbox as a person receives it, and the steps many flow
tests start from (a coach, a programme, people who joined, a meeting, a pair). Fixtures live
in conftest.py; helpers for the real Telegram stack in tests/bot/telegram/helpers.py."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.broadcast_parts import Piece
from bot.channel import ChatBusy
from bot.clock import FakeClock
from bot.engine import Engine, Message, Outcome
from bot.outbox import OutboxPump
from bot.sqlite.store import SqliteStore
from conversations.core.channel import ChannelInfo
from conversations.core.types import FileRef, Incoming, SharedContact
from tests.fakebotapi import SentMessage

# The test channel: the admin's chat id, the channel's limits, and the fake clock's start.
ADMIN_ID = 1000
# The channel the engine tests talk through: Telegram's limits, and links in Telegram's form
# so tests read tokens from them as from a real invite.
TEST_CHANNEL = ChannelInfo(
    name="test",
    text_limit=4096,
    caption_limit=1024,
    max_buttons=100,
    can_edit=True,
    files=True,
    locations=True,
    open_link=lambda payload: f"https://t.me/LiftTestBot?start={payload}",
)
TEST_CHANNELS = {"test": TEST_CHANNEL}
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


# A person talking to the engine, the buttons and links they are shown, and what waits for
# them in the outbox.
class Chat:
    """One person talking to the engine directly, as a channel would."""

    def __init__(self, engine: Engine, user_id: int, language: str | None = "en") -> None:
        self.engine = engine
        self.user_id = user_id
        self.language = language
        self.last: Outcome | None = None

    async def _run(self, event: Incoming) -> list[Message]:
        self.last = await self.engine.handle("test", self.user_id, event, self.language)
        return self.last.messages

    async def send(self, text: str) -> list[Message]:
        return await self._run(Incoming.from_text(text))

    async def press_data(self, data: str) -> list[Message]:
        return await self._run(Incoming("choice", choice=data))

    def button(self, label_part: str) -> str:
        assert self.last is not None
        found = [
            data
            for message in self.last.messages
            for row in message.buttons
            for label, data in row
            if label_part.lower() in label.lower()
        ]
        assert len(found) == 1, f"{label_part!r} matches {len(found)} buttons: {self.labels()}"
        return found[0]

    def labels(self) -> list[str]:
        assert self.last is not None
        return [label for m in self.last.messages for row in m.buttons for label, _ in row]

    async def press(self, label_part: str) -> list[Message]:
        return await self.press_data(self.button(label_part))

    def text(self) -> str:
        assert self.last is not None
        return "\n".join(m.text for m in self.last.messages)


def button(messages: list[Message], label: str) -> str:
    found = [d for m in messages for row in m.buttons for text, d in row if label in text]
    assert len(found) == 1, [t for m in messages for row in m.buttons for t, _ in row]
    return found[0]


def invite_token(messages: Sequence[Message] | Sequence[SentMessage]) -> str:
    """The token of the first invite link ("...?start=<token>") in the messages, as the engine
    returns them or as Telegram shows them."""
    for message in messages:
        text = message.text or ""
        if "?start=" in text:
            return text.split("?start=")[1].split()[0]
    raise AssertionError(f"no invite link in {[m.text for m in messages]}")


class Delivered:
    """The test channel's end of the one outbox pump (bot/outbox.py). A person's messages
    are taken when a test looks at that person: until then their chat is busy and the rows
    wait in the outbox, as for someone whose phone is off."""

    name = "test"

    def __init__(self) -> None:
        self.taking: str | None = None
        self.received: list[Message] = []

    async def deliver(self, address: str, message: Message) -> None:
        if self.taking is not None and address != self.taking:
            raise ChatBusy()
        self.received.append(message)


async def _take(store: SqliteStore, address: str | None) -> list[Message]:
    delivered = Delivered()
    delivered.taking = address
    await OutboxPump(store, {"test": delivered}).pump()  # type: ignore[dict-item]
    return delivered.received


async def outbox(store: SqliteStore, user_id: int) -> list[Message]:
    """Messages queued for one person, oldest first, delivered through the outbox pump
    (which deletes each row once delivered, as for every channel)."""
    return await _take(store, str(user_id))


async def drop_outbox(store: SqliteStore) -> None:
    """Deliver everything queued so far: what came before is not under test."""
    await _take(store, None)


# The bytes a test searches for what must be gone.
def stored(database: Path) -> bytes:
    """The raw bytes of the database file, its WAL and its shared-memory file."""
    found = database.read_bytes()
    for suffix in ("-wal", "-shm"):
        extra = database.with_name(database.name + suffix)
        found += extra.read_bytes() if extra.exists() else b""
    return found


# People joining: a coach, a programme, job seekers and employers.
async def coach_invite(engine: Engine) -> str:
    admin = Chat(engine, ADMIN_ID)
    await admin.send("/start")
    return invite_token(await admin.send("/invite"))


async def onboarded_coach(engine: Engine, user_id: int = 2000) -> Chat:
    coach = Chat(engine, user_id)
    await coach.send(f"/start {await coach_invite(engine)}")
    await coach.press("yes")
    await coach.press("English")
    await coach.send("Carla")
    await coach.send("Werkacademie Zoetermeer")
    await coach.press("All good")
    return coach


async def start_programme(coach: Chat, kind: str, name: str, municipality: str) -> None:
    await coach.send("/programme")
    await coach.press(kind)
    await coach.send(name)
    await coach.send(municipality)
    assert f"Done: {name}" in coach.text()


async def coach_with_programme(engine: Engine, user_id: int = 2000) -> Chat:
    coach = await onboarded_coach(engine, user_id)
    await coach.send("/programme")
    await coach.press("In de Lift")
    await coach.send("In de Lift Zoetermeer")
    await coach.send("Zoetermeer")
    return coach


async def candidate_invite(coach: Chat, programme: str | None = "In de Lift Zoetermeer") -> str:
    await coach.send("/invite")
    await coach.press("Job seeker")
    if programme is not None and programme not in " ".join(coach.labels()):
        await start_programme(coach, "In de Lift", programme, "Zoetermeer")
        await coach.send("/invite")
        await coach.press("Job seeker")
    if programme is None:
        return invite_token(await coach.press("No programme"))
    return invite_token(await coach.press(programme))


async def consenting_candidate(engine: Engine, user_id: int) -> Chat:
    """A job seeker who opened a coach's invite, agreed and picked English."""
    anna = Chat(engine, user_id)
    await anna.send(f"/start {await candidate_invite(await onboarded_coach(engine))}")
    await anna.press("Yes")
    await anna.press("English")
    return anna


async def joined(engine: Engine, coach: Chat, user_id: int, name: str) -> Chat:
    person = Chat(engine, user_id)
    await person.send(f"/start {await candidate_invite(coach)}")
    await person.press("Yes")
    await person.press("English")
    for answer in (name, "Warehouse"):
        await person.send(answer)
    await person.press("Logistics")
    await person.press("Done")
    await person.send("Planning")
    await person.press("Mon")
    await person.press("Done")
    await person.send("Zoetermeer")
    await person.press("All good")
    return person


async def joined_buddy(
    engine: Engine,
    coach: Chat,
    user_id: int,
    name: str,
    need: str,
    sector: str = "Logistics",
    town: str = "Zoetermeer",
) -> Chat:
    await coach.send("/invite")
    await coach.press("Employer")
    token = invite_token(await coach.press("In de Lift Zoetermeer"))
    buddy = Chat(engine, user_id)
    await buddy.send(f"/start {token}")
    await buddy.press("Yes")
    await buddy.press("English")
    await buddy.send(name)
    await buddy.send(f"{name} BV")
    await buddy.send(need)
    await buddy.press(sector)
    await buddy.send(town)
    await buddy.press("Coffee")
    await buddy.press("All good")
    return buddy


# Meetings and pairs, planned the way a coach does it.
WHEN = "When does it start?"


async def new_event_up_to_the_date(coach: Chat, title: str = "Meet the employers") -> None:
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("main event")
    await coach.press("Keep this")
    await coach.send(title)
    assert WHEN in coach.text()


async def plan(
    coach: Chat,
    when: str,
    kind: str = "main event",
    repeat: str | None = None,
    capacity: str = "2",
    audience: str = "Keep this",
) -> None:
    await coach.send("/newevent")
    await coach.press("In de Lift Zoetermeer")
    await coach.press(kind)
    await coach.press(audience)
    await coach.send("Walk&Talk" if repeat else "Meet the employers")
    await coach.send(when)
    await coach.press("Yes")
    if repeat:
        assert "Does this meetup repeat?" in coach.text()
        await coach.press(repeat)
    await coach.press("2 hours")
    await coach.send("Library")
    await coach.press("Skip")
    await coach.press("Skip")
    await coach.send(capacity)
    await coach.press("Skip")
    await coach.press("Save and invite")


async def say_yes(store: SqliteStore, person: Chat) -> None:
    invitation = [m for m in await outbox(store, person.user_id) if "Meet the employers" in m.text]
    await person.press_data(
        next(data for row in invitation[0].buttons for label, data in row if "Yes" in label)
    )
    assert "Great that you are coming" in person.text(), person.text()


async def pair_by_hand(coach: Chat, candidate: str, buddy: str) -> None:
    await coach.send("/pair")
    await coach.press("In de Lift Zoetermeer")
    await coach.press("Choose myself")
    await coach.press(candidate)
    await coach.press(buddy)


async def call_planned(
    store: SqliteStore, buddy: Chat, candidate: Chat, typed: str, shown: str
) -> None:
    """The buddy plans a phone call at a time (typed), the job seeker picks it (as shown)."""
    await buddy.send("/pairs")
    await buddy.press("Plan a meeting")
    await buddy.press("By phone")
    await buddy.send(typed)
    await buddy.press("Send")
    pick = [m for m in await outbox(store, candidate.user_id) if "proposes to meet" in m.text]
    await candidate.press_data(button(pick, shown))
    assert "📞 by phone" in candidate.text()


# One job seeker's whole journey, for /forget and /mydata.
# Words only the job seeker typed (or a file name only they had): after /forget, none of
# them may be left anywhere in the database file, its WAL or its shared-memory file.
WORDS = {
    "name": "Zyxwanna",
    "work": "Quokkapicker",
    "strengths": "Flibbertigibbet",
    "town": "Vrooplingen",
    "prep": "Xylophonic",
    "comment": "Snorkelberry",
    "agreement": "Wombatcraft",
    "file": "Quibblefrost",
    # Shared with her buddy by her own press: the contact button, and her @username.
    "phone": "+31 6 98765432",
    "username": "zyxquokka_tg",
    "none": "Snuffelpaadje",  # her note when none of the times suited
    "cancel": "Ploffertje",  # her reason to cancel a meeting
    "help": "Knorrepotje",  # her note when she asked for help
    # Where they met, typed by Bert: a place names where she was, and goes with the pair.
    "place": "Zwanenburcht",
}


async def distinctive_candidate(
    engine: Engine, coach: Chat, user_id: int, name: str = WORDS["name"]
) -> Chat:
    person = Chat(engine, user_id)
    await person.send(f"/start {await candidate_invite(coach)}")
    await person.press("Yes")
    await person.press("English")
    await person.send(name)
    await person.send(f"{WORDS['work']} in a warehouse")
    await person.press("Logistics")
    await person.press("Done")
    await person.send(f"Very {WORDS['strengths']} and precise")
    await person.press("Mon")
    await person.press("Done")
    await person.send(WORDS["town"])
    await person.press("All good")
    return person


@dataclass
class Journey:
    coach: Chat
    seeker: Chat
    bert: Chat
    dirk: Chat


async def journey(engine: Engine, store: SqliteStore, clock: FakeClock) -> Journey:
    """A job seeker's whole journey: intake, preparation, a meeting with a rating and a
    comment, a declined and an accepted pair, two meetings with the buddy, an agreement
    done, and a CV check waiting at the coach. Some messages about her wait in the outbox."""
    coach = await onboarded_coach(engine)
    seeker = await distinctive_candidate(engine, coach, 3001)
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    dirk = await joined_buddy(engine, coach, 4002, "Dirk", "Someone for the shop")

    await seeker.send("/prepare")
    for _ in range(3):
        await seeker.press("Next")
    await seeker.send(f"Hello neighbour, I am {WORDS['prep']} about warehouses.")
    assert "Session 1 done" in seeker.text()

    await plan(coach, "24-11 19:00", capacity="2")
    invitation = [m for m in await outbox(store, 3001) if "You are invited" in m.text]
    await seeker.press_data(button(invitation, "Yes"))
    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Mark present")
    await coach.press(WORDS["name"])
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))  # the next morning, 10:00
    await engine.run_due()
    rate = [m for m in await outbox(store, 3001) if "How was" in m.text]
    await seeker.press_data(button(rate, "4"))
    await seeker.send(f"Lovely, very {WORDS['comment']}")

    await drop_outbox(store)
    await pair_by_hand(coach, WORDS["name"], "Dirk")
    await dirk.press_data(button(await outbox(store, 4002), "No, not this time"))
    await dirk.send(f"No room for {WORDS['name']} before spring")
    await pair_by_hand(coach, WORDS["name"], "Bert")
    card = await outbox(store, 4001)
    assert f"introduces you to {WORDS['name']}" in card[0].text and WORDS["work"] in card[0].text
    await bert.press_data(button(card, "Yes, gladly"))
    question = [m for m in await outbox(store, 3001) if "How may Bert reach you?" in m.text]
    await seeker.press_data(button(question, "Share my phone number"))
    shared = SharedContact(WORDS["phone"], own=True)
    seeker.last = await engine.handle("test", 3001, Incoming("contact", contact=shared), "en")
    assert "Bert now has your phone number" in seeker.text()
    share = Incoming("choice", choice=button(question, "Share my @username"))
    seeker.last = await engine.handle("test", 3001, share, "en", WORDS["username"])
    assert "Bert now has your @username" in seeker.text()
    await bert.press("Plan a meeting")
    await bert.send(f"{WORDS['place']} café, Dorpsstraat 1")
    await bert.send("26-11 10:00")
    await bert.press("Send")
    await seeker.press_data(button(await outbox(store, 3001), "None of these suit me"))
    await seeker.send(f"{WORDS['none']} mornings are hard for me")
    await bert.press_data(button(await outbox(store, 4001), "Propose new times"))
    await bert.press("By phone")
    await bert.send("27-11 14:00")
    await bert.press("Send")
    await seeker.press_data(button(await outbox(store, 3001), "Friday 27 November, 14:00"))

    clock.set(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))  # a few days later: did you talk?
    await engine.run_due()
    followup = [m for m in await outbox(store, 3001) if "Did you talk" in m.text]
    await seeker.press_data(button(followup, "Yes, we talked"))
    await seeker.press("own words")
    await seeker.send(f"{WORDS['agreement']} internship at Bert's")
    await seeker.press("Both")
    await seeker.press("In two weeks")
    ask = [m for m in await outbox(store, 4001) if m.buttons]
    await bert.press_data(button(ask, "That's right"))
    agreement = button(ask, "That's right").split(":")[1]
    await seeker.press_data(f"ng:{agreement}:help")
    await seeker.send(f"{WORDS['help']} forms are hard")
    assert "asked your coach" in seeker.text()
    await seeker.press_data(f"ng:{agreement}:done")
    assert "noted as done" in seeker.text()
    # "Zyxwanna reports: done!" now waits in Bert's and the coach's outbox.

    for _ in range(2):  # a meeting she cancels (with a reason), then the one that stays
        await bert.send("/pairs")
        await bert.press("Plan a meeting")
        await bert.press("Same as last time")
        await bert.send("9-12 15:00")
        await bert.press("Send")
        await seeker.press_data(button(await outbox(store, 3001), "Wednesday 9 December, 15:00"))
        assert "Agreed with Bert" in seeker.text()
        if _ == 0:
            await seeker.send("/pairs")
            await seeker.press("Cancel")
            await seeker.send(f"{WORDS['cancel']} at the dentist")
            await seeker.press("Yes, I am sure")
            assert "The meeting is cancelled" in seeker.text()
    # Bert's calendar file, titled with her name, waits in the outbox too.

    await seeker.send("/cv")
    await seeker.press("your coach")
    cv = FileRef("document", f"console:{WORDS['file']}-cv.pdf", "application/pdf", 1000)
    seeker.last = await engine.handle("test", 3001, Incoming("file", file=cv), "en")
    assert "sent to Carla" in seeker.text()
    return Journey(coach, seeker, bert, dirk)


# The broadcaster's side of a channel.
class Recording:
    """A broadcast transport that notes every call, and when it came."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, float, str, Piece]] = []
        self.progress_shown: list[tuple[int | None, str]] = []
        self.info = TEST_CHANNEL

    async def deliver(self, chat_key: str, piece: Piece) -> None:
        started = time.monotonic()
        self.calls.append((started, time.monotonic(), chat_key, piece))

    async def progress(
        self, chat_key: str, message_id: int | None, text: str, buttons: list[tuple[str, str]]
    ) -> int | None:
        self.progress_shown.append((message_id, text))
        return message_id or 77  # the first one is sent, later ones edit it

    async def report(self, chat_key: str, text: str | None, csv_bytes: bytes) -> None:
        """Not looked at here."""
