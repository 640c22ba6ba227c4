"""The WhatsApp webhook at /whatsapp/webhook: the subscription handshake (GET) and the
updates (POST), each message kept in the core's durable intake before the 200.

- The signature (X-Hub-Signature-256: HMAC-SHA256 of the app secret over the raw body) is
  checked before anything is read from the body: missing 401, wrong 403; too large 413.
- Each message is kept on its own, as a webhook body of one message with its sender's
  contact, under its message id: the same message delivered again (Meta retries until it
  gets a 200, also with other bytes) is kept once. Only then the 200.
- Status updates (sent, delivered, read, failed) never reach the flows (answering them
  would make the bot talk to itself): read here (a 'failed' one in Meta's documented shape
  has no contacts, which pywa 4.5 cannot read), they go to `on_status`, which records them
  per broadcast message (bot/delivery.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.delivery import Status
from bot.intake import Arrived
from bot.whatsapp.info import CHANNEL

log = logging.getLogger(__name__)

PATH = "/whatsapp/webhook"
# Meta's webhook bodies are a few kilobytes; a body this large is no webhook of theirs.
MAX_BODY = 512 * 1024

# Keeps updates in the core's intake: the channel's name, the updates; how many were new.
Keep = Callable[[str, Sequence[Arrived]], Awaitable[int]]
# Takes status updates, for the delivery report.
StatusHook = Callable[[list[Status]], Awaitable[None]]


class TooLarge(Exception):
    pass


class Webhook:
    def __init__(
        self,
        app_secret: str,
        verify_token: str | None,
        phone_id: str | None,
        on_status: StatusHook | None = None,
    ) -> None:
        self._secret = app_secret.encode()
        self._verify_token = verify_token
        self.phone_id = phone_id
        self.on_status = on_status
        # Set by the channel's start(): before that, Meta is asked to come back later.
        self.keep: Keep | None = None

    def routes(self) -> list[Route]:
        return [
            Route(PATH, self.handshake, methods=["GET"]),
            Route(PATH, self.updates, methods=["POST"]),
        ]

    async def handshake(self, request: Request) -> Response:
        query = request.query_params
        token = query.get("hub.verify_token", "")
        expected = self._verify_token or ""
        if (
            query.get("hub.mode") == "subscribe"
            and expected
            and hmac.compare_digest(token.encode(), expected.encode())
        ):
            return PlainTextResponse(query.get("hub.challenge", ""))
        return PlainTextResponse("forbidden", status_code=403)

    async def updates(self, request: Request) -> Response:
        signature = request.headers.get("x-hub-signature-256")
        if not signature:
            return PlainTextResponse("signature missing", status_code=401)
        try:
            body = await _body(request)
        except TooLarge:
            log.warning("refused a WhatsApp webhook body over %d bytes", MAX_BODY)
            return PlainTextResponse("too large", status_code=413)
        except ClientDisconnect:
            return PlainTextResponse("", status_code=400)
        expected = "sha256=" + hmac.new(self._secret, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            log.warning("refused a WhatsApp webhook with a wrong signature")
            return PlainTextResponse("wrong signature", status_code=403)
        if self.keep is None:
            return PlainTextResponse("starting", status_code=503)
        try:
            messages, statuses = split(json.loads(body), self.phone_id)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            log.warning("a signed WhatsApp webhook body could not be read")
            return PlainTextResponse("unreadable", status_code=400)
        if messages:
            await self.keep(CHANNEL, messages)
        read = statuses_of(statuses)
        if read and self.on_status is not None:
            await self.on_status(read)
        return PlainTextResponse("ok")


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise TooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def statuses_of(items: list[dict[str, Any]]) -> list[Status]:
    """Meta's status objects as Status; a failure's code is its first error's. Items that
    are not status objects are left out."""
    found = []
    for item in items:
        if not isinstance(item, dict) or not item.get("id") or not item.get("status"):
            continue
        errors = item.get("errors")
        first = errors[0] if isinstance(errors, list) and errors else None
        code = first.get("code") if isinstance(first, dict) else None
        error = int(code) if isinstance(code, int | str) and str(code).isdigit() else None
        found.append(Status(str(item["id"]), str(item["status"]), error))
    return found


def split(body: dict[str, Any], phone_id: str | None) -> tuple[list[Arrived], list[dict[str, Any]]]:
    """The body's messages (each as a body of its own, see the module's docstring) and its
    status updates. Updates for another phone number of the same account are left out."""
    messages: list[Arrived] = []
    statuses: list[dict[str, Any]] = []
    for entry in body.get("entry", []):
        for change in entry.get("changes", []):
            value = change.get("value", {})
            if change.get("field") != "messages":
                continue
            metadata = value.get("metadata", {})
            if phone_id is not None and str(metadata.get("phone_number_id")) != phone_id:
                continue
            statuses += value.get("statuses", [])
            contacts = {c.get("wa_id"): c for c in value.get("contacts", [])}
            for message in value.get("messages", []):
                sender = str(message["from"])
                contact = dict(contacts.get(sender) or {"wa_id": sender, "profile": {}})
                # pywa 4.5 reads the sender from the contact's business-scoped user id,
                # which Meta's documented payloads leave out: the WhatsApp id stands in.
                contact.setdefault("user_id", contact.get("wa_id") or sender)
                one = {
                    "object": body.get("object"),
                    "entry": [
                        {
                            "id": entry.get("id"),
                            "changes": [
                                {
                                    "field": "messages",
                                    "value": {
                                        "messaging_product": "whatsapp",
                                        "metadata": metadata,
                                        "contacts": [contact],
                                        "messages": [message],
                                    },
                                }
                            ],
                        }
                    ],
                }
                payload = json.dumps(one, ensure_ascii=False)
                messages.append(Arrived(str(message["id"]), f"{CHANNEL}:{sender}", payload))
    return messages, statuses
