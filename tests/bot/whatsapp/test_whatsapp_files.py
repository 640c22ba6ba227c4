"""Files, places and broadcasts on WhatsApp: a CV someone sent passed on (fetched and
uploaded again), what a person sends read into events, broadcast pieces and the report."""

from __future__ import annotations

import json

import pytest
from pywa_async.client import WhatsApp

from bot.broadcast_parts import Piece, RetryLater, Unreachable
from bot.messages import Message
from bot.whatsapp.incoming import read
from bot.whatsapp.webhook import split
from conversations.core.types import Attachment, FileRef
from tests.bot.whatsapp.helpers import WaRunning
from tests.fakecloudapi import PHONE_ID, FakeCloudApi, WaUser

ANNA = WaUser("31612349999", "Anna")


async def test_a_cv_someone_sent_is_passed_on_as_a_document(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    media_id = cloud.add_media(b"%PDF-1.4 Anna", "application/pdf", "cv.pdf")
    cv = FileRef("document", media_id, "application/pdf", 13, "cv-anna.pdf")
    await liftbot.channel.deliver("31600009999", Message("Anna's CV", file=cv))
    (sent,) = cloud.chats["31600009999"]
    document = sent.body["document"]
    assert document["filename"] == "cv-anna.pdf" and document["caption"] == "Anna's CV"
    assert cloud.media[document["id"]][0] == b"%PDF-1.4 Anna"


async def test_our_files_are_uploaded_in_a_type_whatsapp_takes(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    csv = Attachment("document", b"naam;taal\nAnna;nl\n", "people.csv")
    await liftbot.channel.deliver("31600009999", Message("Your list", attachment=csv))
    # Without the calendar links, a calendar file still arrives (as text, not refused).
    ics = Attachment("document", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "meeting.ics")
    await liftbot.channel.deliver("31600009999", Message("", attachment=ics))
    uploads = [c.json for c in cloud.calls if c.path == "media"]
    assert [(u["type"], u["filename"]) for u in uploads if u] == [
        ("text/plain", "people.csv"),
        ("text/plain", "meeting.ics"),
    ]


def one(cloud: FakeCloudApi, kind: str, content: dict[str, object]) -> str:
    body = json.loads(cloud.messages_body(ANNA, cloud.incoming(ANNA, kind, content)))
    (arrived,), statuses = split(body, PHONE_ID)
    assert statuses == [] and arrived.chat_key == f"wa:{ANNA.wa_id}"
    return arrived.payload


@pytest.mark.usefixtures("liftbot")
async def test_what_a_person_sends_is_read_into_events(cloud: FakeCloudApi) -> None:
    wa = WhatsApp(phone_id=PHONE_ID, token=None)
    pin = read(wa, one(cloud, "location", {"latitude": 52.06, "longitude": 4.49}))
    assert pin.event is not None and pin.event.location == (52.06, 4.49)
    photo = read(wa, one(cloud, "image", {"id": "77", "mime_type": "image/jpeg", "sha256": "x"}))
    assert photo.event is not None
    assert photo.event.file == FileRef("photo", "77", "image/jpeg", channel="wa")
    pdf = {"id": "78", "mime_type": "application/pdf", "sha256": "x", "filename": "cv.pdf"}
    document = read(wa, one(cloud, "document", pdf))
    assert document.event is not None and document.event.file is not None
    assert document.event.file.name == "cv.pdf" and document.event.file.kind == "document"
    card = {
        "name": {"formatted_name": "Anna"},
        "phones": [{"phone": "+31 6 1234 9999", "wa_id": ANNA.wa_id}],
    }
    contact = read(wa, one(cloud, "contacts", [card]))  # type: ignore[arg-type]
    assert contact.event is not None and contact.event.contact is not None
    assert contact.event.contact.own
    started = read(wa, one(cloud, "text", {"body": "start AbCdEfGhIjKlMnOpQrStUvWx"}))
    assert started.event is not None and started.event.command == "start"
    assert started.event.args == "AbCdEfGhIjKlMnOpQrStUvWx"
    plain = read(wa, one(cloud, "text", {"body": "starten met werken"}))
    assert plain.event is not None and plain.event.kind == "text"
    assert read(wa, one(cloud, "video", {"id": "79"})).what == "unsupported"
    flow = {"type": "nfm_reply", "nfm_reply": {"response_json": "{}", "name": "flow"}}
    assert read(wa, one(cloud, "interactive", flow)).what == "unsupported"
    # Another phone number of the same business account: not ours.
    body = json.loads(cloud.messages_body(ANNA, cloud.incoming(ANNA, "text", {"body": "x"})))
    assert split(body, "another-phone-id") == ([], [])


async def test_broadcast_pieces_progress_and_report(
    cloud: FakeCloudApi, liftbot: WaRunning
) -> None:
    transport = liftbot.channel.broadcast_transport()
    key = "wa:31600008888"
    await transport.deliver(key, Piece("Hello all"))
    first = await transport.progress(key, None, "Sending: 1 of 3", [("⏸ Pause sending now", "b:1")])
    # No edits on WhatsApp: later progress is not sent again.
    assert await transport.progress(key, first, "Sending: 2 of 3", []) == first
    await transport.report(key, "Done: 3 sent", b"name;result\n")
    sent = cloud.chats["31600008888"]
    assert [m.type for m in sent] == ["text", "interactive", "document"]
    assert sent[1].buttons() == [("⏸ Pause sending now", "b:1")]
    cloud.fail_next(131026, to="31600008888")
    with pytest.raises(Unreachable):
        await transport.deliver(key, Piece("Hello"))
    cloud.fail_next(130429, to="31600008888")
    with pytest.raises(RetryLater):
        await transport.deliver(key, Piece("Hello"))
