"""A fake Telegram Bot API server on 127.0.0.1 that a real python-telegram-bot Application uses."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from aiohttp import web

T = TypeVar("T")
JsonDict = dict[str, Any]

# Free-text parameters stay strings even when they happen to look like JSON ("42", "[draft]").
_TEXT_PARAMS = frozenset(
    "text caption callback_query_id inline_message_id data url name title description"
    " short_description parse_mode language_code".split()
)
# PTB sends every non-string value json.dumps'ed into the form: objects, arrays, ints, bools.
_JSON_LIKE = re.compile(r"[\[{].*|-?\d+|true|false", re.DOTALL)


def _load_methods() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per method served (lower case, as Telegram ignores case): required and allowed
    parameters, from the Bot API's own tables (copied into botapi_methods.json)."""
    path = Path(__file__).with_name("botapi_methods.json")
    methods = json.loads(path.read_text(encoding="utf-8"))["methods"]
    return {
        name.lower(): (frozenset(spec["required"]), frozenset(spec["required"] + spec["optional"]))
        for name, spec in methods.items()
    }


def _load_types() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per type checked or sent (reply keyboards, a contact): required and allowed fields."""
    path = Path(__file__).with_name("botapi_methods.json")
    types = json.loads(path.read_text(encoding="utf-8"))["types"]
    return {
        name: (frozenset(spec["required"]), frozenset(spec["required"] + spec["optional"]))
        for name, spec in types.items()
    }


_METHOD_PARAMS = _load_methods()
_TYPE_FIELDS = _load_types()
# A KeyboardButton does at most one of these (besides sending its text).
_BUTTON_REQUESTS = frozenset(
    "request_users request_chat request_managed_bot request_contact request_location"
    " request_poll web_app".split()
)
# Telegram's limits, in UTF-16 code units (an emoji outside the BMP counts twice) and bytes.
TEXT_LIMIT, CAPTION_LIMIT, CALLBACK_DATA_BYTES = 4096, 1024, 64
_TEXT_METHODS = {"sendmessage", "editmessagetext"}


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _ApiError(Exception):
    """Answers a request with Telegram's error shape and the matching HTTP status."""

    unless_chat: int | None = None
    only_chat: int | None = None

    def applies_to(self, chat_id: object) -> bool:
        """Whether a call to `chat_id` meets this failure (others pass, leaving it queued)."""
        if self.only_chat is not None:
            return str(self.only_chat) == str(chat_id)
        # (A method without chat_id, getUpdates say, fails too when no chat is spared.)
        return self.unless_chat is None or str(self.unless_chat) != str(chat_id)

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def response(self) -> web.Response:
        body: JsonDict = {"ok": False, "error_code": self.error_code}
        body["description"] = self.description
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        # PTB picks the exception class from the HTTP status, not from the body.
        return web.json_response(body, status=self.error_code)


@dataclass
class TgUser:
    id: int
    first_name: str = "Test"
    language_code: str | None = "nl"
    username: str | None = None

    def to_dict(self) -> JsonDict:
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code is not None:
            user["language_code"] = self.language_code
        if self.username is not None:
            user["username"] = self.username
        return user


@dataclass
class UploadedFile:
    filename: str
    content: bytes
    content_type: str | None


@dataclass
class ApiCall:
    method: str
    params: JsonDict
    files: dict[str, UploadedFile]


def _file_ids(kind: str, message_id: int) -> JsonDict:
    return {"file_id": f"{kind}-{message_id}", "file_unique_id": f"u-{kind}-{message_id}"}


@dataclass
class SentMessage:
    chat_id: int
    message_id: int
    date: int
    text: str | None = None
    caption: str | None = None
    reply_markup: JsonDict | None = None
    photo: bytes | None = None
    document: UploadedFile | None = None
    location: tuple[float, float] | None = None
    edits: list[str] = field(default_factory=list)
    chat_type: str = "private"
    # When the server recorded it (time.monotonic), to measure how long a person waited.
    at: float = 0.0

    def buttons(self) -> list[tuple[str, str]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def button(self, label_part: str) -> str:
        found = [data for text, data in self.buttons() if label_part.lower() in text.lower()]
        if len(found) != 1:
            labels = [text for text, _ in self.buttons()]
            raise AssertionError(
                f"expected one button containing {label_part!r}, found {len(found)} in {labels}"
            )
        return found[0]

    def to_message_dict(self, bot_user: JsonDict) -> JsonDict:
        msg: JsonDict = {"message_id": self.message_id, "date": self.date, "from": bot_user}
        msg["chat"] = {"id": self.chat_id, "type": self.chat_type}
        if self.text is not None:
            msg["text"] = self.text
        if self.caption is not None:
            msg["caption"] = self.caption
        # Telegram only echoes inline keyboards; reply keyboards are not part of a Message.
        if self.reply_markup is not None and "inline_keyboard" in self.reply_markup:
            msg["reply_markup"] = self.reply_markup
        if self.location is not None:
            msg["location"] = {"latitude": self.location[0], "longitude": self.location[1]}
        if self.photo is not None:
            size = {"width": 512, "height": 512, "file_size": len(self.photo)}
            msg["photo"] = [{**_file_ids("photo", self.message_id), **size}]
        if (doc := self.document) is not None:
            details = {"file_name": doc.filename, "file_size": len(doc.content)}
            msg["document"] = {**_file_ids("document", self.message_id), **details}
            if doc.content_type:
                msg["document"]["mime_type"] = doc.content_type
        return msg


_SENDS = {"sendmessage", "sendphoto", "senddocument"}
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_BOT_FLAGS = {
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Bodies for send_other(kind); file ids are added per message.
_OTHER_CONTENT: dict[str, JsonDict] = {
    "sticker": dict(type="regular", width=512, height=512, is_animated=False, is_video=False),
    "voice": {"duration": 1},
    "document": {"file_name": "file.pdf"},
}


def _member(status: str, user: JsonDict) -> JsonDict:
    """A ChatMember of the given status, with the fields the Bot API requires for it."""
    kind = {
        "member": "ChatMemberMember",
        "administrator": "ChatMemberAdministrator",
        "left": "ChatMemberLeft",
        "kicked": "ChatMemberBanned",
    }[status]
    member: JsonDict = {"status": status, "user": user}
    for name in sorted(_TYPE_FIELDS[kind][0] - set(member)):
        member[name] = 0 if name == "until_date" else False
    _check_fields(kind, member)
    return member


def _decode(key: str, raw: str) -> Any:
    if key in _TEXT_PARAMS or not _JSON_LIKE.fullmatch(raw.strip()):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def _read_params(request: web.Request) -> tuple[JsonDict, dict[str, UploadedFile]]:
    params: JsonDict = {}
    files: dict[str, UploadedFile] = {}
    # post() copes with urlencoded, multipart and an empty body (PTB's getMe has none).
    form = await request.post()
    for key, value in itertools.chain(request.query.items(), form.items()):
        if isinstance(value, web.FileField):
            files[key] = UploadedFile(value.filename, value.file.read(), value.content_type)
        else:
            params[key] = _decode(key, value if isinstance(value, str) else value.decode())
    return params, files


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def _validate(call: ApiCall) -> None:
    """Refuse what Telegram refuses: parameters the method does not have (Telegram itself
    ignores them, so a misspelt one would silently do nothing), missing ones, texts and
    captions over the limit or empty, and button data outside 1-64 bytes."""
    required, allowed = _METHOD_PARAMS[call.method.lower()]
    given = set(call.params) | set(call.files)
    if unknown := sorted(given - allowed):
        raise _bad(f"unknown parameter {unknown[0]!r} for {call.method}")
    if missing := sorted(required - given):
        raise _bad(f"parameter {missing[0]!r} is required")
    p = call.params
    if call.method.lower() in _TEXT_METHODS:
        text = str(p["text"])
        if not text.strip():
            raise _bad("message text is empty")
        if utf16_units(text) > TEXT_LIMIT:
            raise _bad("message is too long")
    if "caption" in p and utf16_units(str(p["caption"])) > CAPTION_LIMIT:
        raise _bad("message caption is too long")
    markup = p.get("reply_markup")
    if isinstance(markup, dict) and ("keyboard" in markup or "remove_keyboard" in markup):
        _check_reply_keyboard(markup)
    for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
        for button in row:
            if not str(button.get("text", "")).strip():
                raise _bad("button text is empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_BYTES:
                raise _bad("BUTTON_DATA_INVALID")


def _check_fields(kind: str, value: Any) -> None:
    required, allowed = _TYPE_FIELDS[kind]
    if not isinstance(value, dict):
        raise _bad(f"can't parse {kind}")
    if unknown := sorted(set(value) - allowed):
        raise _bad(f"unknown field {unknown[0]!r} in {kind}")
    if missing := sorted(required - set(value)):
        raise _bad(f"field {missing[0]!r} of {kind} is required")


def _check_reply_keyboard(markup: JsonDict) -> None:
    """A reply keyboard (ReplyKeyboardMarkup) or its removal (ReplyKeyboardRemove), with
    the fields the Bot API has; a button does at most one request (contact, location...)."""
    if "remove_keyboard" in markup:
        _check_fields("ReplyKeyboardRemove", markup)
        if markup["remove_keyboard"] is not True:
            raise _bad("remove_keyboard must be True")
        return
    _check_fields("ReplyKeyboardMarkup", markup)
    rows = markup["keyboard"]
    if not isinstance(rows, list) or not rows or not all(isinstance(r, list) for r in rows):
        raise _bad("keyboard must be an array of arrays of KeyboardButton")
    for button in (b for row in rows for b in row):
        if isinstance(button, str):
            button = {"text": button}
        _check_fields("KeyboardButton", button)
        if not str(button["text"]).strip():
            raise _bad("keyboard button text is empty")
        if len(_BUTTON_REQUESTS & set(button)) > 1:
            raise _bad("a keyboard button can request one thing only")


class FakeBotApi:
    def __init__(self, token: str = "123456:TEST-TOKEN", username: str = "LiftTestBot") -> None:
        self.token = token
        self.username = username
        self.calls: list[ApiCall] = []
        self.chats: dict[int, list[SentMessage]] = {}
        self._updates: deque[JsonDict] = deque()  # pushed but not yet confirmed via offset
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)  # shared by user and bot messages, like Telegram
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._failures: dict[str, deque[_ApiError]] = {}
        self._stalls: dict[str, deque[tuple[float, int | None]]] = {}
        self._read_upto: dict[int, int] = {}
        self._files: dict[str, UploadedFile] = {}
        # Groups, supergroups and channels the bot was added to (by id), and those it left.
        self._chat_types: dict[int, str] = {}
        self.left_chats: list[int] = []
        self._last_message_of: dict[int, int] = {}
        self._limits: tuple[float, float] | None = None
        self._sent_at: list[tuple[float, str]] = []
        self.too_many = 0
        # Calls refused as Telegram would refuse them (bad parameters, texts too long): a
        # test that does not expect any fails on them (see the `api` fixture).
        self.refused: list[tuple[str, str]] = []
        self.too_many_by_chat: Counter[str] = Counter()
        # When each update was pushed (time.monotonic), by update id.
        self.pushed_at: dict[int, float] = {}
        # Each getUpdates offset that confirmed updates, with the ids it confirmed.
        self.acks: list[tuple[int, list[int]]] = []
        # Called with the ids an offset confirmed, before the answer; and with each message
        # the bot sent, once recorded. Tests use them to act at those moments (a SIGKILL).
        self.on_ack: Callable[[list[int]], None] | None = None
        self.on_sent: Callable[[SentMessage], None] | None = None
        # Sees each call as it arrives; when it returns True the call is lost on the way
        # (answered 502, nothing done), as when the bot dies while sending it.
        self.on_call: Callable[[ApiCall], bool] | None = None
        # Replaced after every set(), so each waiter sleeps until the *next* change.
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._methods: dict[str, Callable[[ApiCall], Awaitable[Any]]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "sendmessage": self._send_message,
            "sendphoto": self._send_photo,
            "senddocument": self._send_document,
            "sendlocation": self._send_location,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "leavechat": self._leave_chat,
            "getfile": self._get_file,
            "setmycommands": self._ok,
            "deletemycommands": self._ok,
            "close": self._ok,
            "logout": self._ok,
        }

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        self._closing = False
        app = web.Application(client_max_size=50 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._handle_file)
        # A short shutdown_timeout: abandoned long polls must not hold up stop().
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # releases pending long polls at once
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    # -- driving the bot as a user -------------------------------------------------------------

    @property
    def unanswered_queries(self) -> set[str]:
        """Callback queries the bot has not answered: the user still sees a spinner."""
        return set(self._open_queries)

    def push_update(self, payload: JsonDict) -> int:
        """Queue an update with the next id: any payload, also one python-telegram-bot
        cannot read (Telegram's own may hold fields or kinds it does not know yet)."""
        return self.push_raw({"update_id": next(self._update_ids), **payload})

    def push_raw(self, update: JsonDict) -> int:
        """Queue an update exactly as given (its update_id too: sent again, say)."""
        self._updates.append(update)
        self.pushed_at[update["update_id"]] = time.monotonic()
        self._notify()
        return int(update["update_id"])

    def text_update(self, user: TgUser, text: str) -> JsonDict:
        """The update Telegram sends for a text, with the next update id, not queued."""
        message = self._user_message(user)
        message["text"] = text
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            # Entity offsets and lengths count UTF-16 code units.
            length = len(command.encode("utf-16-le")) // 2
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._update_ids), "message": message}

    def send_text(self, user: TgUser, text: str) -> int:
        return self.push_raw(self.text_update(user, text))

    def send_location(self, user: TgUser, latitude: float, longitude: float) -> int:
        message = self._user_message(user)
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return self.push_update({"message": message})

    def send_file(
        self, user: TgUser, upload: UploadedFile, *, as_photo: bool = False, size: int | None = None
    ) -> int:
        """A person sends a document or photo; the bot may send it on by its file_id."""
        message = self._user_message(user)
        kind = "photo" if as_photo else "document"
        ids = _file_ids(f"in-{kind}", message["message_id"])
        self._files[ids["file_id"]] = upload
        file_size = size if size is not None else len(upload.content)
        if as_photo:
            message["photo"] = [{**ids, "width": 800, "height": 1100, "file_size": file_size}]
        else:
            message["document"] = {**ids, "file_name": upload.filename, "file_size": file_size}
            if upload.content_type:
                message["document"]["mime_type"] = upload.content_type
        return self.push_update({"message": message})

    def hold_file(self, upload: UploadedFile) -> str:
        """A file as Telegram holds one someone sent: its file_id, for getFile."""
        file_id = _file_ids("held", len(self._files) + 1)["file_id"]
        self._files[file_id] = upload
        return file_id

    def send_contact(
        self, user: TgUser, phone: str, *, first_name: str | None = None, user_id: int | None = None
    ) -> int:
        """A person sends a contact card: their own by the contact button (user_id is theirs,
        the default), or someone else's from the address book (another user_id, or none)."""
        message = self._user_message(user)
        contact: JsonDict = {"phone_number": phone, "first_name": first_name or user.first_name}
        owner = user.id if user_id is None else user_id
        if owner:
            contact["user_id"] = owner
        _check_fields("Contact", contact)
        message["contact"] = contact
        return self.push_update({"message": message})

    def reply_keyboard(self, chat_id: int) -> list[JsonDict] | None:
        """The reply keyboard the person sees now (its buttons), or None: the latest message
        that set one or took it away decides, as in a Telegram client."""
        for message in reversed(self.chats.get(chat_id, [])):
            markup = message.reply_markup or {}
            if "remove_keyboard" in markup:
                return None
            if "keyboard" in markup:
                rows = markup["keyboard"]
                return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]
        return None

    def send_other(self, user: TgUser, kind: str = "sticker") -> int:
        if kind not in _OTHER_CONTENT:
            raise ValueError(f"send_other kind must be one of {sorted(_OTHER_CONTENT)}")
        message = self._user_message(user)
        ids = _file_ids(f"in-{kind}", message["message_id"])
        message[kind] = {**ids, **_OTHER_CONTENT[kind]}
        return self.push_update({"message": message})

    def press(self, user: TgUser, message: SentMessage, data: str) -> int:
        # Telegram only sends callbacks for buttons that are on screen right now.
        if data not in [d for _, d in message.buttons()]:
            raise AssertionError(f"no button with data {data!r} on {message.buttons()}")
        return self.push_press(user, message, data)

    def push_press(self, user: TgUser, message: SentMessage, data: str) -> int:
        """A callback for `message` whether or not it shows that button (press() checks)."""
        query_id = f"q{next(self._query_ids)}"
        self._open_queries.add(query_id)
        query: JsonDict = {"id": query_id, "from": user.to_dict(), "data": data}
        query["chat_instance"] = f"ci{message.chat_id}"
        query["message"] = message.to_message_dict(self._bot_user())
        return self.push_update({"callback_query": query})

    # -- groups, channels and edits -------------------------------------------------------------

    def add_bot_to(
        self,
        user: TgUser,
        chat_id: int,
        chat_type: str = "group",
        *,
        status: str = "member",
        old_status: str = "left",
    ) -> int:
        """`user` changes the bot's membership of a group, supergroup or channel (negative
        ids, as Telegram's): adds it (member, or administrator), or removes it (left, kicked)."""
        self._chat_types[chat_id] = chat_type
        chat = {"id": chat_id, "type": chat_type, "title": "Werkzoekers Zoetermeer"}
        bot = self._bot_user()
        change: JsonDict = {"chat": chat, "from": user.to_dict(), "date": int(time.time())}
        change["old_chat_member"] = _member(old_status, bot)
        change["new_chat_member"] = _member(status, bot)
        _check_fields("ChatMemberUpdated", change)
        return self.push_update({"my_chat_member": change})

    def send_group_text(self, user: TgUser, chat_id: int, text: str) -> int:
        """`user` writes in a group the bot is in (see add_bot_to), as a message or, in a
        channel, as a channel post."""
        chat_type = self._chat_types.setdefault(chat_id, "group")
        chat = {"id": chat_id, "type": chat_type, "title": "Werkzoekers Zoetermeer"}
        message = self._user_message(user, chat)
        message["text"] = text
        kind = "channel_post" if chat_type == "channel" else "message"
        return self.push_update({kind: message})

    def edit_text(self, user: TgUser, text: str) -> int:
        """`user` edits the last message they sent in their private chat to `text`."""
        original = self._last_message_of[user.id]
        message = self._user_message(user)
        message["message_id"] = self._last_message_of[user.id] = original
        message["text"], message["edit_date"] = text, message["date"]
        return self.push_update({"edited_message": message})

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        unless_chat: int | None = None,
        only_chat: int | None = None,
    ) -> None:
        """The next call of `method` fails (calls to `unless_chat`, or to any other chat
        than `only_chat`, pass and keep it queued)."""
        error = _ApiError(error_code, description, retry_after)
        error.unless_chat, error.only_chat = unless_chat, only_chat
        self._failures.setdefault(method.lower(), deque()).append(error)

    def stall_next(self, method: str, seconds: float, *, unless_chat: int | None = None) -> None:
        """The next call of `method` is answered only after `seconds`, so the client times out.

        The call still takes effect afterwards, as when Telegram delivers a message but its
        answer is lost: a retry then sends that message twice.
        """
        self._stalls.setdefault(method.lower(), deque()).append((seconds, unless_chat))

    # -- waiting ---------------------------------------------------------------------------------

    # The `timeout` parameters are the public API the tests use, hence the noqa on ASYNC109.
    async def wait_for(
        self,
        predicate: Callable[[], T | None | bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> T:
        result = await self._until(predicate, timeout)
        if not result:
            raise AssertionError(f"condition not met within {timeout}s\n{self._recent_calls()}")
        return result

    async def next_messages(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Return exactly `count` messages sent after those returned by earlier calls."""
        start = self._read_upto.get(chat_id, 0)

        def new() -> list[SentMessage]:
            return self.chats.get(chat_id, [])[start : start + count]

        found = await self._until(lambda: len(new()) == count and new(), timeout)
        if not found:
            texts = [m.text or m.caption for m in new()]
            raise AssertionError(
                f"expected {count} new message(s) in chat {chat_id} within {timeout}s, "
                f"got {texts}\n{self._recent_calls()}"
            )
        self._read_upto[chat_id] = start + count
        return found

    async def _until(self, check: Callable[[], T | None | bool], within: float) -> T | None:
        deadline = asyncio.get_running_loop().time() + within
        while True:
            changed = self._changed
            if result := check():
                return cast(T, result)
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0 or self._closing:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _recent_calls(self) -> str:
        lines = [f"  {c.method} {c.params} files={list(c.files)}" for c in self.calls[-10:]]
        return "last calls:\n" + ("\n".join(lines) or "  (none)")

    # -- HTTP ------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        params, files = await _read_params(request)
        call = ApiCall(request.match_info["method"], params, files)
        self.calls.append(call)
        self._notify()
        if self.on_call is not None and self.on_call(call):
            return web.json_response({"ok": False, "error_code": 502}, status=502)
        try:
            if request.match_info["token"] != self.token:
                raise _ApiError(401, "Unauthorized")
            chat = call.params.get("chat_id")
            stalls = self._stalls.get(call.method.lower())
            if stalls and (stalls[0][1] is None or str(stalls[0][1]) != str(chat)):
                await asyncio.sleep(stalls.popleft()[0])
            failures = self._failures.get(call.method.lower())
            if failures and failures[0].applies_to(chat):
                raise failures.popleft()
            handler = self._methods.get(call.method.lower())
            if handler is None:
                raise _ApiError(404, "Not Found: method not found")
            try:
                _validate(call)
            except _ApiError as error:
                self.refused.append((call.method, error.description))
                raise
            self._check_limits(call)
            result = await handler(call)
        except _ApiError as error:
            return error.response()
        except (KeyError, ValueError, TypeError) as error:  # missing or malformed parameter
            return _ApiError(400, f"Bad Request: {error!r}").response()
        finally:
            self._notify()  # after the state changed, so waiters see the effect of this call
        return web.json_response({"ok": True, "result": result})

    def enforce_limits(self, overall: float, per_chat: float) -> None:
        """Answer 429 like Telegram when sends go faster than these rates (per second)."""
        self._limits = (overall, per_chat)

    def _check_limits(self, call: ApiCall) -> None:
        # Sliding one-second windows, overall and per chat, as Telegram counts them.
        if self._limits is None or call.method.lower() not in _SENDS:
            return
        overall, per_chat = self._limits
        now = time.monotonic()
        chat = str(call.params.get("chat_id"))
        self._sent_at = [(t, c) for t, c in self._sent_at if now - t < 1.0]
        in_chat = sum(1 for _, c in self._sent_at if c == chat)
        if len(self._sent_at) >= overall or in_chat >= per_chat:
            self.too_many += 1
            self.too_many_by_chat[chat] += 1
            raise _ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._sent_at.append((now, chat))

    async def _handle_file(self, request: web.Request) -> web.Response:
        """Downloads, as getFile's file_path names them: the files people sent."""
        upload = self._files.get(request.match_info["path"].removeprefix("files/"))
        if request.match_info["token"] != self.token or upload is None:
            return _ApiError(404, "Not Found").response()
        return web.Response(body=upload.content)

    async def _get_file(self, call: ApiCall) -> JsonDict:
        file_id = str(call.params["file_id"])
        upload = self._files.get(file_id)
        if upload is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(upload.content),
            "file_path": f"files/{file_id}",
        }

    # -- methods ---------------------------------------------------------------------------------

    def _bot_user(self) -> JsonDict:
        bot_id = int(self.token.split(":")[0])
        user = {"id": bot_id, "is_bot": True, "first_name": "LiftBot", "username": self.username}
        return {**user, **_BOT_FLAGS}

    def _user_message(self, user: TgUser, chat: JsonDict | None = None) -> JsonDict:
        if chat is None:
            chat = {"id": user.id, "type": "private", "first_name": user.first_name}
            if user.username is not None:
                chat["username"] = user.username
        message_id, now = next(self._message_ids), int(time.time())
        self._last_message_of[user.id] = message_id
        return {"message_id": message_id, "from": user.to_dict(), "chat": chat, "date": now}

    async def _ok(self, call: ApiCall) -> bool:
        return True

    async def _get_me(self, call: ApiCall) -> JsonDict:
        return self._bot_user()

    async def _delete_webhook(self, call: ApiCall) -> bool:
        if call.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_updates(self, call: ApiCall) -> list[JsonDict]:
        offset = int(call.params.get("offset") or 0)
        # Asking from `offset` confirms (forgets) every older update; a negative offset keeps
        # only the last -offset ones, as Telegram does.
        if offset > 0:
            confirmed = []
            while self._updates and self._updates[0]["update_id"] < offset:
                confirmed.append(self._updates.popleft()["update_id"])
            if confirmed:
                self.acks.append((offset, confirmed))
                if self.on_ack is not None:
                    self.on_ack(confirmed)
        elif offset < 0:
            while len(self._updates) > -offset:
                self._updates.popleft()
        limit = min(max(int(call.params.get("limit") or 100), 1), 100)
        timeout = float(call.params.get("timeout") or 0)
        found = await self._until(lambda: list(itertools.islice(self._updates, limit)), timeout)
        return found or []

    def _record(self, chat_id: int, **fields: Any) -> SentMessage:
        if chat_id in self.left_chats:
            raise _ApiError(403, "Forbidden: bot is not a member of the group chat")
        chat_type = self._chat_types.get(chat_id, "private")
        message = SentMessage(
            chat_id, next(self._message_ids), int(time.time()), chat_type=chat_type, **fields
        )
        message.at = time.monotonic()
        self.chats.setdefault(chat_id, []).append(message)
        if self.on_sent is not None:
            self.on_sent(message)
        return message

    def _upload(self, call: ApiCall, name: str) -> UploadedFile:
        if name in call.files:
            return call.files[name]
        ref = call.params.get(name)
        if isinstance(ref, str) and ref in self._files:  # re-sending a file_id we handed out
            return self._files[ref]
        raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    async def _send_message(self, call: ApiCall) -> JsonDict:
        p = call.params
        message = self._record(
            int(p["chat_id"]), text=str(p["text"]), reply_markup=p.get("reply_markup")
        )
        return message.to_message_dict(self._bot_user())

    async def _send_photo(self, call: ApiCall) -> JsonDict:
        upload = self._upload(call, "photo")
        return self._send_file(call, "photo", upload, photo=upload.content)

    async def _send_document(self, call: ApiCall) -> JsonDict:
        upload = self._upload(call, "document")
        return self._send_file(call, "document", upload, document=upload)

    async def _send_location(self, call: ApiCall) -> JsonDict:
        p = call.params
        where = (float(p["latitude"]), float(p["longitude"]))
        message = self._record(int(p["chat_id"]), location=where)
        return message.to_message_dict(self._bot_user())

    def _send_file(self, call: ApiCall, kind: str, upload: UploadedFile, **media: Any) -> JsonDict:
        p = call.params
        message = self._record(
            int(p["chat_id"]), caption=p.get("caption"), reply_markup=p.get("reply_markup"), **media
        )
        # Remember the file_id we hand out, so the bot can send the same file again by id.
        self._files[_file_ids(kind, message.message_id)["file_id"]] = upload
        return message.to_message_dict(self._bot_user())

    def _find(self, params: JsonDict) -> SentMessage:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for message in self.chats.get(chat_id, []):
            if message.message_id == message_id:
                return message
        raise _ApiError(400, "Bad Request: message to edit not found")

    async def _edit_message_text(self, call: ApiCall) -> JsonDict:
        message, text = self._find(call.params), str(call.params["text"])
        markup = call.params.get("reply_markup")
        if message.text is None:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        # Real Telegram refuses no-op edits; bots must not rely on them succeeding.
        if (text, markup) == (message.text, message.reply_markup):
            raise _ApiError(400, "Bad Request: message is not modified")
        message.edits.append(message.text)
        message.text, message.reply_markup = text, markup
        return message.to_message_dict(self._bot_user())

    async def _edit_message_reply_markup(self, call: ApiCall) -> JsonDict:
        message, markup = self._find(call.params), call.params.get("reply_markup")
        if markup == message.reply_markup:
            raise _ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        return message.to_message_dict(self._bot_user())

    async def _leave_chat(self, call: ApiCall) -> bool:
        chat_id = int(call.params["chat_id"])
        if chat_id not in self._chat_types:
            raise _bad("chat member status can't be changed in private chats")
        if chat_id in self.left_chats:
            raise _ApiError(403, "Forbidden: bot is not a member of the group chat")
        self.left_chats.append(chat_id)
        return True

    async def _answer_callback_query(self, call: ApiCall) -> bool:
        query_id = str(call.params["callback_query_id"])
        if query_id not in self._open_queries:  # unknown, or answered already
            raise _ApiError(400, f"Bad Request: {_QUERY_TOO_OLD}")
        self._open_queries.remove(query_id)
        return True
