"""A file someone sent in one app, for a person in the other (a CV sent on WhatsApp for a
coach on Telegram, and the other way round): the outbox fetches its bytes from the app that
holds it and sends them as a file of LiftBot's own. A file that cannot be fetched holds up
only its own chat. A broadcast's photo from a coach on Telegram reaches WhatsApp the same
way."""

from __future__ import annotations

from bot.messages import Message
from conversations.core.records import Broadcast, Recipient
from conversations.core.types import FileRef
from tests.bot.whatsapp.helpers import WaRunning
from tests.fakebotapi import FakeBotApi, UploadedFile
from tests.fakecloudapi import FakeCloudApi

COACH_TG, COACH_WA, OTHER_TG = 2001, "31600002001", 2002


async def queue(both: WaRunning, chat_key: str, message: Message) -> None:
    async with both.store.unit_of_work() as store:
        await store.enqueue(chat_key, message.to_row()[0], None, both.clock.now())


async def left(both: WaRunning) -> list[str]:
    async with both.store.unit_of_work() as store:
        rows = [*await store.pending_outbox("tg"), *await store.pending_outbox("wa")]
    return [row["chat_key"] for row in rows]


async def test_a_file_goes_across_apps_as_its_bytes(
    api: FakeBotApi, cloud: FakeCloudApi, both: WaRunning
) -> None:
    assert both.bot is not None
    async with both.store.unit_of_work() as store:
        await store.note_incoming(f"wa:{COACH_WA}", both.clock.now())  # wrote just now
    media_id = cloud.add_media(b"%PDF-1.4 Anna", "application/pdf", "cv.pdf")
    from_whatsapp = FileRef("document", media_id, "application/pdf", 13, "cv-anna.pdf", "wa")
    held = api.hold_file(UploadedFile("cv-bert.jpg", b"\xff\xd8\xff Bert", "image/jpeg"))
    from_telegram = FileRef("photo", held, "image/jpeg", None, None, "tg")
    await queue(both, f"tg:{COACH_TG}", Message("Anna's CV", file=from_whatsapp))
    await queue(both, f"wa:{COACH_WA}", Message("Bert's CV", file=from_telegram))
    await both.bot.core.outbox.pump()

    (on_telegram,) = api.chats[COACH_TG]
    assert on_telegram.document is not None
    assert on_telegram.document.content == b"%PDF-1.4 Anna"
    assert on_telegram.document.filename == "cv-anna.pdf"
    (on_whatsapp,) = cloud.chats[COACH_WA]
    assert on_whatsapp.type == "image" and on_whatsapp.text == "Bert's CV"
    assert cloud.media[on_whatsapp.body["image"]["id"]][0] == b"\xff\xd8\xff Bert"
    assert await left(both) == []


async def test_a_file_that_cannot_be_fetched_holds_up_only_its_chat(
    api: FakeBotApi, cloud: FakeCloudApi, both: WaRunning
) -> None:
    assert both.bot is not None
    gone = FileRef("document", "999999", "application/pdf", 10, "cv.pdf", "wa")
    await queue(both, f"tg:{COACH_TG}", Message("Anna's CV", file=gone))
    await queue(both, f"tg:{COACH_TG}", Message("After the CV"))
    await queue(both, f"tg:{OTHER_TG}", Message("For someone else"))
    await both.bot.core.outbox.pump()
    # The other chat's message went; the coach's two wait, in order, for the next round.
    assert [m.text for m in api.chats[OTHER_TG]] == ["For someone else"]
    assert COACH_TG not in api.chats
    assert await left(both) == [f"tg:{COACH_TG}", f"tg:{COACH_TG}"]


async def test_a_broadcast_photo_from_telegram_reaches_whatsapp_as_its_bytes(
    api: FakeBotApi, cloud: FakeCloudApi, both: WaRunning
) -> None:
    assert both.bot is not None
    now = both.clock.now()
    held = api.hold_file(UploadedFile("flyer.jpg", b"\xff\xd8\xff flyer", "image/jpeg"))
    async with both.store.unit_of_work() as store:
        coach = await store.create_person(
            chat_key=f"tg:{COACH_TG}",
            role="coach",
            language="en",
            programme=None,
            invited_by=None,
            consent_at=now,
            now=now,
        )
        people = []
        for chat_key in (f"tg:{OTHER_TG}", f"wa:{COACH_WA}"):
            people.append(
                await store.create_person(
                    chat_key=chat_key,
                    role="candidate",
                    language="en",
                    programme=None,
                    invited_by=coach.id,
                    consent_at=now,
                    now=now,
                )
            )
        await store.note_incoming(f"wa:{COACH_WA}", now)  # wrote just now: the window is open
        await store.create_broadcast(
            Broadcast(
                id=0,
                sender_id=coach.id,
                audience="all",
                texts={"*": "See you at the library!"},
                state="sending",
                created_at=now,
                file_kind="photo",
                file_id=held,
            ),
            [Recipient(p.id, p.chat_key or "", p.language) for p in people],
        )
    await both.bot.core.broadcaster.run_once()
    await both.bot.core.outbox.pump()
    # On Telegram, the coach's own app: the photo by its id. On WhatsApp: its bytes.
    (on_telegram,) = api.chats[OTHER_TG]
    assert on_telegram.photo is not None and on_telegram.caption == "See you at the library!"
    (on_whatsapp,) = await cloud.wait_for(lambda: cloud.chats.get(COACH_WA))
    assert on_whatsapp.type == "image" and on_whatsapp.text == "See you at the library!"
    assert cloud.media[on_whatsapp.body["image"]["id"]][0] == b"\xff\xd8\xff flyer"
