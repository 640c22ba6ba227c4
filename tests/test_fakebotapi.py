"""The fake Bot API drives a real PTB Application (a tiny echo bot) over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakebotapi import FakeBotApi, TgUser

pytestmark = pytest.mark.asyncio

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ANNA = TgUser(id=4242, first_name="Anna", username="anna")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    context.bot_data.setdefault("seen", []).append(update.update_id)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done ✓", callback_data="done")]])
    await update.message.reply_text(f"echo: {update.message.text}", reply_markup=keyboard)


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and isinstance(query.message, Message)
    await query.answer("noted")
    # No reply_markup: Telegram (and the fake) drop the keyboard.
    await query.edit_message_text(f"{query.message.text} (pressed {query.data})")


async def send_files(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_photo(PNG, caption="a picture")
    await update.message.reply_document(b"hello file", filename="report.txt")


@pytest_asyncio.fixture
async def echo_bot(api: FakeBotApi) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("files", send_files))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(on_press))
    async with app:
        assert app.updater is not None
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        yield app
        await app.updater.stop()
        await app.stop()


@pytest_asyncio.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as b:
        yield b


async def test_echo_with_button_then_press_edits_and_drops_keyboard(
    api: FakeBotApi,
    echo_bot: Application,  # type: ignore[type-arg]
) -> None:
    api.send_text(ANNA, "hello")
    [reply] = await api.next_messages(ANNA.id)
    assert reply.text == "echo: hello"
    assert reply.buttons() == [("Done ✓", "done")]

    api.press(ANNA, reply, reply.button("done"))
    await api.wait_for(lambda: reply.edits)
    assert reply.text == "echo: hello (pressed done)"
    assert reply.edits == ["echo: hello"]
    assert reply.reply_markup is None and reply.buttons() == []

    [answer] = [c for c in api.calls if c.method == "answerCallbackQuery"]
    assert answer.params["text"] == "noted"
    assert api.chats[ANNA.id] == [reply]  # the edit did not send a new message


async def test_files_command_uploads_photo_and_document(
    api: FakeBotApi,
    echo_bot: Application,  # type: ignore[type-arg]
) -> None:
    api.send_text(ANNA, "/files")
    photo, document = await api.next_messages(ANNA.id, count=2)
    assert photo.photo == PNG and photo.caption == "a picture"
    assert document.document is not None
    assert document.document.filename == "report.txt"
    assert document.document.content == b"hello file"


async def test_updates_are_delivered_exactly_once(
    api: FakeBotApi,
    echo_bot: Application,  # type: ignore[type-arg]
) -> None:
    ids = [api.send_text(ANNA, word) for word in ("one", "two", "three")]
    first = await api.next_messages(ANNA.id, count=3)
    ids.append(api.send_text(ANNA, "four"))
    [last] = await api.next_messages(ANNA.id)

    assert [m.text for m in [*first, last]] == [
        "echo: one",
        "echo: two",
        "echo: three",
        "echo: four",
    ]
    assert echo_bot.bot_data["seen"] == ids
    # PTB confirms with offset = last update_id + 1, so the next poll asks past "four".
    await api.wait_for(
        lambda: any(
            c.method == "getUpdates" and c.params.get("offset") == ids[-1] + 1 for c in api.calls
        )
    )
    offsets = [c.params.get("offset", 0) for c in api.calls if c.method == "getUpdates"]
    assert offsets == sorted(offsets)


async def test_get_updates_offset_limit_and_long_poll(api: FakeBotApi, bot: Bot) -> None:
    first, second, third = (api.send_text(ANNA, t) for t in ("a", "b", "c"))
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [first, second]
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second, third]
    # `first` was confirmed by the previous offset, so it never comes back.
    assert [u.update_id for u in await bot.get_updates()] == [second, third]

    # A long poll with nothing pending waits, and a push wakes it well before its timeout.
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(offset=third + 1, timeout=5))
    await api.wait_for(lambda: api.calls[-1].params.get("offset") == third + 1)
    fourth = api.send_text(ANNA, "/start now")
    [update] = await poll
    assert loop.time() - started < 2
    assert update.update_id == fourth
    assert update.message is not None and update.message.text == "/start now"
    assert update.message.parse_entities() == {update.message.entities[0]: "/start"}


async def test_acknowledgements_raw_updates_and_moments_are_seen(
    api: FakeBotApi, bot: Bot
) -> None:
    confirmed: list[list[int]] = []
    sent: list[str] = []
    api.on_ack = confirmed.append
    api.on_sent = lambda message: sent.append(message.text or "")
    first = api.send_text(ANNA, "a")
    # An update python-telegram-bot cannot read, then one queued exactly as given.
    broken = api.push_update({"message": "not a message"})
    last = api.push_raw(api.text_update(ANNA, "b"))
    assert api.pushed_at[first] <= api.pushed_at[broken] <= api.pushed_at[last]
    async with aiohttp.ClientSession() as http:
        url = f"{api.base_url}{api.token}/getUpdates"
        async with http.post(url, data={"offset": str(broken)}) as response:
            raw = (await response.json())["result"]
    assert raw[0] == {"update_id": broken, "message": "not a message"}
    assert [update["update_id"] for update in raw] == [broken, last]
    assert api.acks == [(broken, [first])] and confirmed == [[first]]
    await bot.send_message(ANNA.id, "hello")
    assert sent == ["hello"] and api.chats[ANNA.id][0].at >= api.pushed_at[last]


async def test_sticker_and_callback_payloads_parse_in_ptb(api: FakeBotApi, bot: Bot) -> None:
    yes, no = (
        InlineKeyboardButton("Yes", callback_data="y"),
        InlineKeyboardButton("No", callback_data="n"),
    )
    keyboard = InlineKeyboardMarkup.from_row([yes, no])
    sent = await bot.send_message(ANNA.id, "Sure?", reply_markup=keyboard)
    [stored] = await api.next_messages(ANNA.id)
    assert stored.message_id == sent.message_id and stored.button("no") == "n"
    with pytest.raises(AssertionError, match="Yes"):
        stored.button("maybe")

    api.send_other(ANNA)
    api.press(ANNA, stored, "y")
    sticker, press = await bot.get_updates()
    assert sticker.message is not None and sticker.message.sticker is not None
    assert press.callback_query is not None and press.callback_query.data == "y"
    assert isinstance(press.callback_query.message, Message)
    assert press.callback_query.message.reply_markup == keyboard


async def test_set_my_commands_records_parsed_scope(api: FakeBotApi, bot: Bot) -> None:
    commands = [BotCommand("start", "Begin"), BotCommand("privacy", "Your data")]
    assert await bot.set_my_commands(commands, scope=BotCommandScopeChat(ANNA.id))
    call = await api.wait_for(
        lambda: next((c for c in api.calls if c.method == "setMyCommands"), None)
    )
    assert call.params["scope"] == {"type": "chat", "chat_id": ANNA.id}
    assert call.params["commands"] == [
        {"command": "start", "description": "Begin"},
        {"command": "privacy", "description": "Your data"},
    ]


async def test_injected_failures_map_to_ptb_errors(
    api: FakeBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RetryAfter reads its own retry_after in __init__; without this PTB 22 warns (an error here).
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.fail_next("sendMessage", error_code=429, description="Too Many Requests", retry_after=3)
    api.fail_next("sendMessage", error_code=403, description="Forbidden: bot was blocked")
    api.fail_next("sendMessage", error_code=502, description="Bad Gateway")
    with pytest.raises(RetryAfter):
        await bot.send_message(ANNA.id, "x")
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(ANNA.id, "x")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ANNA.id, "x")
    sent = await bot.send_message(ANNA.id, "finally")
    assert [m.text for m in api.chats[ANNA.id]] == ["finally"]

    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("new", chat_id=ANNA.id, message_id=999)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("finally", chat_id=ANNA.id, message_id=sent.message_id)


async def test_raw_http_errors(api: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api.base_url}999:WRONG/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{api.base_url}{api.token}/noSuchMethod") as resp:
            assert resp.status == 404
            assert (await resp.json())["description"] == "Not Found: method not found"
        async with http.post(f"{api.base_url}{api.token}/getMe") as resp:
            me = (await resp.json())["result"]
            assert me["id"] == 123456 and me["username"] == "LiftTestBot" and me["is_bot"]


async def test_refuses_what_telegram_refuses(api: FakeBotApi, bot: Bot) -> None:
    # 2,049 emoji are 2,049 characters for Python but 4,098 UTF-16 units for Telegram.
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(ANNA.id, "😀" * 2049)
    await bot.send_message(ANNA.id, "😀" * 2048)  # exactly 4,096 units: fine
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(ANNA.id, " \n")
    with pytest.raises(BadRequest, match="(?i)caption is too long"):
        await bot.send_document(ANNA.id, b"x", filename="a.csv", caption="é" * 1025)
    too_long = InlineKeyboardMarkup.from_button(InlineKeyboardButton("Go", callback_data="ü" * 33))
    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ANNA.id, "Choose", reply_markup=too_long)
    with pytest.raises(BadRequest, match="(?i)unknown parameter 'colour'"):
        await bot.send_message(ANNA.id, "Hi", api_kwargs={"colour": "red"})
    with pytest.raises(BadRequest, match="(?i)'chat_id' is required"):
        await bot.send_message(ANNA.id, "Hi", api_kwargs={"chat_id": None})
    [sent] = api.chats[ANNA.id]  # only the one that fits arrived
    assert sent.text == "😀" * 2048
    # The `api` fixture fails a test that leaves refusals it did not expect.
    assert [description for _, description in api.refused] == [
        "Bad Request: message is too long",
        "Bad Request: message text is empty",
        "Bad Request: message caption is too long",
        "Bad Request: BUTTON_DATA_INVALID",
        "Bad Request: unknown parameter 'colour' for sendMessage",
        "Bad Request: parameter 'chat_id' is required",
    ]
    api.refused.clear()


async def test_contact_button_keyboard_and_contact_cards(api: FakeBotApi, bot: Bot) -> None:
    share = KeyboardButton("📱 Share my number", request_contact=True)
    keyboard = ReplyKeyboardMarkup([[share]], resize_keyboard=True, one_time_keyboard=True)
    await bot.send_message(ANNA.id, "Press the button", reply_markup=keyboard)
    assert api.reply_keyboard(ANNA.id) == [{"text": "📱 Share my number", "request_contact": True}]
    # Her own card (the button), then someone else's from her address book.
    api.send_contact(ANNA, "31698765432")
    api.send_contact(ANNA, "+31 20 1234567", first_name="Piet", user_id=777)
    api.send_contact(ANNA, "+31 20 7654321", first_name="Kees", user_id=0)
    own, other, bare = await bot.get_updates()
    assert own.message is not None and own.message.contact is not None
    assert own.message.contact.phone_number == "31698765432"
    assert own.message.contact.user_id == ANNA.id
    assert other.message is not None and other.message.contact is not None
    assert other.message.contact.user_id == 777
    assert bare.message is not None and bare.message.contact is not None
    assert bare.message.contact.user_id is None
    await bot.send_message(ANNA.id, "Thanks", reply_markup=ReplyKeyboardRemove())
    assert api.reply_keyboard(ANNA.id) is None

    both = KeyboardButton("x", request_contact=True, request_location=True)
    with pytest.raises(BadRequest, match="(?i)one thing only"):
        await bot.send_message(ANNA.id, "No", reply_markup=ReplyKeyboardMarkup([[both]]))
    with pytest.raises(BadRequest, match="(?i)unknown field 'colour'"):
        await bot.send_message(
            ANNA.id, "No", reply_markup=ReplyKeyboardRemove(api_kwargs={"colour": "red"})
        )
    assert len(api.refused) == 2
    api.refused.clear()
