"""A fake WhatsApp Cloud API server on 127.0.0.1 (aiohttp): LiftBot's real pywa client sends
to it, it checks every request against the Cloud API's limits (tests/cloudapi_rules.py),
records it, answers message ids, takes media uploads and serves them back, answers scripted
errors; and it sends signed webhooks (messages, presses, statuses) to LiftBot's own web
server, as Meta does. Given a clock, it keeps WhatsApp's 24-hour window: only a template
goes to someone whose last message is older (131047 for anything else)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

import aiohttp
from aiohttp import web

from tests.cloudapi_rules import check_message, check_upload

T = TypeVar("T")
VERSION = "v23.0"
PHONE_ID = "1099887766"
NUMBER = "31850001234"
WABA_ID = "2200334455"
TOKEN = "EAAtest-token-for-the-fake"
APP_SECRET = "fake-app-secret-0123456789"
VERIFY_TOKEN = "verify-me-please"
WINDOW = timedelta(hours=24)
# How the fake shows a template's quick-reply button (Meta shows the approved text).
QUICK_REPLY = "[quick reply]"


@dataclass(frozen=True)
class WaUser:
    wa_id: str
    name: str


@dataclass
class Sent:
    """A message LiftBot sent, as WhatsApp shows it to the person."""

    id: str
    to: str
    body: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.body["type"])

    @property
    def text(self) -> str:
        content = self.body[self.type]
        if self.type == "text":
            return str(content["body"])
        if self.type == "interactive":
            return str(content["body"]["text"])
        if self.type == "template":
            # Meta fills its approved text with {{1}}; the fake shows the name and {{1}}.
            body = next(c for c in content["components"] if c["type"] == "body")
            return f"[{content['name']}] {body['parameters'][0]['text']}"
        return str(content.get("caption", ""))

    def buttons(self) -> list[tuple[str, str]]:
        """(title, id) of the reply buttons or list rows; a template's quick reply as
        (QUICK_REPLY, its payload)."""
        if self.type == "template":
            return [
                (QUICK_REPLY, p["payload"])
                for c in self.body["template"]["components"]
                if c.get("sub_type") == "quick_reply"
                for p in c["parameters"]
            ]
        if self.type != "interactive":
            return []
        action = self.body["interactive"]["action"]
        if "buttons" in action:
            return [(b["reply"]["title"], b["reply"]["id"]) for b in action["buttons"]]
        return [(r["title"], r["id"]) for s in action["sections"] for r in s["rows"]]

    def is_list(self) -> bool:
        return self.type == "interactive" and self.body["interactive"]["type"] == "list"


@dataclass
class Failure:
    code: int
    status: int
    to: str | None
    times: int
    skip: int = 0


@dataclass
class Call:
    path: str
    json: dict[str, Any] | None


@dataclass
class FakeCloudApi:
    host: str = "127.0.0.1"
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    chats: dict[str, list[Sent]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    media: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)
    # Where LiftBot's webhook is (set by the test once LiftBot's web server listens).
    webhook_url: str = ""
    # With a clock: WhatsApp's 24-hour window, kept on it (131047 for anything but a
    # template to someone whose last message is older).
    clock: Callable[[], datetime] | None = None
    last_incoming: dict[str, datetime] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._failures: list[Failure] = []
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    # -- the server -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/{VERSION}"

    async def start(self) -> None:
        app = web.Application(client_max_size=200 * 1024 * 1024)
        app.router.add_post(f"/{VERSION}/{{phone}}/messages", self._message)
        app.router.add_post(f"/{VERSION}/{{phone}}/media", self._upload)
        app.router.add_get(f"/{VERSION}/{{media_id}}", self._media_url)
        app.router.add_get("/download/{media_id}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {TOKEN}"

    def _record(self, path: str, body: dict[str, Any] | None) -> None:
        self.calls.append(Call(path, body))
        self._changed.set()

    def fail_next(
        self, code: int, status: int = 400, to: str | None = None, times: int = 1, skip: int = 0
    ) -> None:
        """The next `times` messages (to `to`, or to anyone) are refused with this error,
        after `skip` that go through."""
        self._failures.append(Failure(code, status, to, times, skip))

    def _failure(self, to: str) -> web.Response | None:
        for failure in self._failures:
            if failure.to in (None, to) and failure.times > 0:
                if failure.skip > 0:
                    failure.skip -= 1
                    return None
                failure.times -= 1
                error = {
                    "message": f"(#{failure.code}) scripted",
                    "code": failure.code,
                    "type": "OAuthException",
                    "fbtrace_id": "fake",
                }
                return web.json_response({"error": error}, status=failure.status)
        return None

    async def _message(self, request: web.Request) -> web.Response:
        if not self._authorised(request) or request.match_info["phone"] != PHONE_ID:
            return web.json_response({"error": {"message": "auth", "code": 190}}, status=401)
        body = await request.json()
        self._record("messages", body)
        to = str(body.get("to", ""))
        scripted = self._failure(to)
        if scripted is not None:
            return scripted
        problems = check_message(body)
        if not problems and self._outside_window(to, body):
            return self._error(131047, "Re-engagement message", status=400)
        if problems:
            self.refused += problems
            error = {"message": "; ".join(problems), "code": 100, "type": "OAuthException"}
            return web.json_response({"error": error}, status=400)
        for kind in ("image", "document"):
            media_id = body.get(kind, {}).get("id")
            if media_id is not None and media_id not in self.media:
                self.refused.append(f"{kind} id {media_id} was never uploaded")
        sent = Sent(f"wamid.out.{next(self._ids)}", to, body)
        self.chats.setdefault(to, []).append(sent)
        self._changed.set()
        return web.json_response(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": sent.id}],
            }
        )

    def _outside_window(self, to: str, body: dict[str, Any]) -> bool:
        if self.clock is None or body.get("type") == "template":
            return False
        last = self.last_incoming.get(to)
        return last is None or self.clock() - last >= WINDOW

    @staticmethod
    def _error(code: int, message: str, status: int) -> web.Response:
        error = {"message": message, "code": code, "type": "OAuthException", "fbtrace_id": "fake"}
        return web.json_response({"error": error}, status=status)

    async def _upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return web.json_response({"error": {"message": "file", "code": 100}}, status=400)
        content = upload.file.read()
        mime = str(form.get("type") or upload.content_type)
        self._record("media", {"type": mime, "filename": upload.filename, "size": len(content)})
        problems = check_upload(mime, len(content))
        if problems:
            self.refused += problems
            return web.json_response({"error": {"message": problems[0], "code": 100}}, status=400)
        media_id = str(900_000_000 + next(self._ids))
        self.media[media_id] = (content, mime, upload.filename)
        return web.json_response({"id": media_id})

    def add_media(self, content: bytes, mime: str, filename: str) -> str:
        """A file a person sends (a CV): kept as WhatsApp keeps it, by its media id."""
        media_id = str(800_000_000 + next(self._ids))
        self.media[media_id] = (content, mime, filename)
        return media_id

    async def _media_url(self, request: web.Request) -> web.Response:
        media_id = request.match_info["media_id"]
        if media_id not in self.media:
            return web.json_response({"error": {"message": "no media", "code": 100}}, status=404)
        content, mime, _ = self.media[media_id]
        return web.json_response(
            {
                "messaging_product": "whatsapp",
                "url": f"http://{self.host}:{self.port}/download/{media_id}",
                "mime_type": mime,
                "sha256": hashlib.sha256(content).hexdigest(),
                "file_size": len(content),
                "id": media_id,
            }
        )

    async def _download(self, request: web.Request) -> web.Response:
        content, mime, _ = self.media[request.match_info["media_id"]]
        return web.Response(body=content, content_type=mime)

    # -- waiting ----------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], T | None | bool], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result  # type: ignore[return-value]
            left = deadline - time.monotonic()
            if left <= 0:
                recent = [(c.path, c.json) for c in self.calls[-5:]]
                raise AssertionError(f"condition not met within {timeout}s; last calls {recent}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(left, 0.05))
            except TimeoutError:
                pass

    # -- webhooks to LiftBot ----------------------------------------------------------

    def sign(self, body: bytes, secret: str = APP_SECRET) -> str:
        return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    async def post(self, body: bytes, signature: str | None) -> int:
        """POST a raw body to LiftBot's webhook; the HTTP status it answered."""
        assert self._session is not None and self.webhook_url
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = signature
        data = io.BytesIO(body)  # aiohttp warns about large bodies given as bytes
        async with self._session.post(self.webhook_url, data=data, headers=headers) as answer:
            return answer.status

    def envelope(self, value: dict[str, Any]) -> bytes:
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": NUMBER, "phone_number_id": PHONE_ID},
            **value,
        }
        body = {
            "object": "whatsapp_business_account",
            "entry": [{"id": WABA_ID, "changes": [{"value": value, "field": "messages"}]}],
        }
        return json.dumps(body).encode()

    def incoming(
        self, user: WaUser, kind: str, content: dict[str, Any], **extra: Any
    ) -> dict[str, Any]:
        return {
            "from": user.wa_id,
            "id": f"wamid.in.{next(self._ids)}",
            "timestamp": str(int(time.time())),
            "type": kind,
            kind: content,
            **extra,
        }

    def messages_body(self, user: WaUser, *messages: dict[str, Any]) -> bytes:
        # Meta's documented contact: no business-scoped user id (pywa 4.5 expects one).
        contact = {"profile": {"name": user.name}, "wa_id": user.wa_id}
        return self.envelope({"contacts": [contact], "messages": list(messages)})

    async def deliver(self, user: WaUser, *messages: dict[str, Any]) -> int:
        if self.clock is not None:
            self.last_incoming[user.wa_id] = self.clock()
        body = self.messages_body(user, *messages)
        return await self.post(body, self.sign(body))

    async def send_text(self, user: WaUser, text: str) -> dict[str, Any]:
        message = self.incoming(user, "text", {"body": text})
        assert await self.deliver(user, message) == 200
        return message

    async def press(self, user: WaUser, sent: Sent, button_id: str) -> dict[str, Any]:
        """Tap a reply button or a list row of a message LiftBot sent."""
        title = next(t for t, i in sent.buttons() if i == button_id)
        context = {"from": NUMBER, "id": sent.id}
        if sent.type == "template":
            # A template's quick reply comes back as a message of type "button".
            button = {"payload": button_id, "text": title}
            message = self.incoming(user, "button", button, context=context)
            assert await self.deliver(user, message) == 200
            return message
        if sent.is_list():
            reply = {"type": "list_reply", "list_reply": {"id": button_id, "title": title}}
        else:
            reply = {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
        message = self.incoming(user, "interactive", reply, context=context)
        assert await self.deliver(user, message) == 200
        return message

    async def send_location(self, user: WaUser, latitude: float, longitude: float) -> None:
        message = self.incoming(user, "location", {"latitude": latitude, "longitude": longitude})
        assert await self.deliver(user, message) == 200

    async def send_kind(self, user: WaUser, kind: str, content: dict[str, Any]) -> None:
        """A sticker, a voice note, an image, a document..."""
        assert await self.deliver(user, self.incoming(user, kind, content)) == 200

    async def send_status(self, sent_id: str, to: str, status: str, **extra: Any) -> int:
        item = {
            "id": sent_id,
            "status": status,
            "timestamp": str(int(time.time())),
            "recipient_id": to,
            **extra,
        }
        body = self.envelope({"statuses": [item]})
        return await self.post(body, self.sign(body))
