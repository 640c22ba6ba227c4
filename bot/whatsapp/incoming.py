"""A kept WhatsApp update (one message, as bot/whatsapp/webhook.py keeps it) read with pywa's
types and turned into the flows' Incoming: text, a button or list row pressed (its id is
LiftBot's callback data, as on Telegram), a map pin, a photo or document (the CV), a
contact card; and what LiftBot cannot read (voice, sticker, video) told apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pywa_async.client import WhatsApp
from pywa_async.types.base_update import RawUpdate
from pywa_async.types.callback import CallbackButton, CallbackSelection
from pywa_async.types.message import Message as WaMessage

from bot.intake import Unreadable
from bot.well_formed import readable
from bot.whatsapp.info import CHANNEL, START_WORD
from conversations.core.types import FileRef, Incoming, SharedContact

# "start <payload>": the message a wa.me invite or check-in link types for the person.
STARTED = re.compile(rf"^\s*/?{START_WORD}\s+(\S+)\s*$", re.IGNORECASE)
# Answered with a kind "I cannot read this" (a reaction is no message to answer).
UNSUPPORTED = frozenset({"audio", "sticker", "video", "unsupported", "unknown", "order"})
IGNORED = frozenset({"reaction", "system", "request_welcome", "edit", "revoke"})


@dataclass(frozen=True)
class Read:
    """What one kept update says: who sent it (their WhatsApp id and profile name), and
    an event for the core, or a 'more' row pressed, or a kind LiftBot cannot read."""

    wa_id: str
    name: str | None
    what: Literal["event", "more", "unsupported", "ignored"]
    event: Incoming | None = None
    more: str = ""


def read(wa: WhatsApp, payload: str) -> Read:
    try:
        # Checked and kept by the webhook already: no signature or duplicate check here.
        update = RawUpdate(payload.encode(), hmac_header=None, update_hash="")
        value = update["entry"][0]["changes"][0]["value"]
        raw = value["messages"][0]
        kind = str(raw["type"])
        wa_id = str(raw["from"])
        name = value["contacts"][0].get("profile", {}).get("name")
        if kind in IGNORED:
            return Read(wa_id, name, "ignored")
        if kind in UNSUPPORTED:
            return Read(wa_id, name, "unsupported")
        if kind == "interactive" and "list_reply" in raw["interactive"]:
            data = CallbackSelection.from_update(wa, update).data
            return _pressed(wa_id, name, data)
        if kind == "interactive" and "button_reply" not in raw["interactive"]:
            return Read(wa_id, name, "unsupported")  # a flow's answer, say: not LiftBot's
        if kind in ("interactive", "button"):
            return _pressed(wa_id, name, CallbackButton.from_update(wa, update).data)
        message = WaMessage.from_update(wa, update)
    except Unreadable:
        raise
    except Exception as exc:
        # The exception's text may quote the update: only its kind is told.
        raise Unreadable(f"cannot be read ({type(exc).__name__})") from exc
    event = _event(message, wa_id)
    return Read(wa_id, name, "event" if event else "unsupported", event)


def _pressed(wa_id: str, name: str | None, data: str) -> Read:
    from bot.whatsapp.pages import more_press  # pages.py imports render.py, which is heavier

    if more_press(data) is not None:
        return Read(wa_id, name, "more", more=data)
    # Data LiftBot never sent (half a character included) is refused by the flows.
    return Read(wa_id, name, "event", readable(Incoming("choice", choice=data)))


def _event(message: WaMessage, wa_id: str) -> Incoming | None:
    if message.text is not None:
        started = STARTED.match(message.text)
        if started:
            return Incoming("command", text=message.text, command="start", args=started[1])
        return readable(Incoming.from_text(message.text))
    if message.location is not None:
        return Incoming(
            "location", location=(message.location.latitude, message.location.longitude)
        )
    if message.document is not None:
        document = message.document
        file = FileRef(
            "document", document.id, document.mime_type, None, document.filename, CHANNEL
        )
        return Incoming("file", file=file)
    if message.image is not None:
        image = message.image
        return Incoming("file", file=FileRef("photo", image.id, image.mime_type, channel=CHANNEL))
    if message.contacts:
        phones = [phone for contact in message.contacts for phone in contact.phones]
        if phones:
            phone = phones[0]
            # A card is the sender's own when WhatsApp says it is their number.
            return Incoming(
                "contact",
                contact=SharedContact(phone.phone or phone.wa_id or "", phone.wa_id == wa_id),
            )
    return None
