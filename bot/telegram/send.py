"""Rendered replies onto Telegram: long texts in parts, captions that fit, keyboards last.

Telegram refuses a text over 4,096 UTF-16 units and a caption over 1,024; nothing is cut
off silently. A long text goes in parts cut at line breaks, with the buttons under the last
part; a file whose text does not fit its caption goes first, bare, with the text after it.
Half a character (a lone surrogate, which UTF-8 cannot carry) goes as U+FFFD.
"""

from __future__ import annotations

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram import Message as TgMessage

from bot.engine import Message
from bot.telegram.info import CAPTION_LIMIT, TEXT_LIMIT
from bot.well_formed import well_formed, well_formed_message
from conversations.core.message_parts import split_text, utf16_len

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def keyboard(message: Message) -> Markup | None:
    """Inline buttons; else the contact button (a reply keyboard: it sends the person's own
    number, and hides once used), or taking that keyboard away."""
    if message.contact_button and not message.buttons:
        button = KeyboardButton(message.contact_button, request_contact=True)
        return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
    if message.close_keyboard and not message.buttons:
        return ReplyKeyboardRemove()
    return inline(message)


def inline(message: Message) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in message.buttons
        ]
    )


def pressed_label(message: TgMessage, data: str) -> str | None:
    markup = message.reply_markup
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def caption_fits(text: str) -> bool:
    return utf16_len(text) <= CAPTION_LIMIT


async def send_parts(bot: Bot, chat_id: int, parts: list[str], markup: Markup | None) -> None:
    """Texts in order, the buttons under the last one."""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await bot.send_message(chat_id, part, reply_markup=markup if last else None)


async def send(bot: Bot, chat_id: int, message: Message) -> None:
    message = well_formed_message(message)
    markup = keyboard(message)
    text = message.text
    parts = split_text(text, TEXT_LIMIT)
    if message.location is not None:
        await send_parts(bot, chat_id, parts, None)
        await bot.send_location(chat_id, *message.location, reply_markup=markup)
        return
    if message.file is None and message.attachment is None:
        # An empty text is refused by Telegram: a bug to hear about, not to hide.
        await send_parts(bot, chat_id, parts or [text], markup)
        return
    caption = text if text.strip() and caption_fits(text) else None
    # With the text after the file, the buttons go under the text.
    file_markup = markup if caption is not None or not parts else None
    if message.file is not None and message.file.kind == "photo":
        await bot.send_photo(
            chat_id, message.file.file_id, caption=caption, reply_markup=file_markup
        )
    elif message.file is not None:
        await bot.send_document(
            chat_id, message.file.file_id, caption=caption, reply_markup=file_markup
        )
    elif message.attachment is not None and message.attachment.kind == "photo":
        attachment = message.attachment
        await bot.send_photo(
            chat_id,
            attachment.content,
            caption=caption,
            filename=attachment.filename,
            reply_markup=file_markup,
        )
    elif message.attachment is not None:
        attachment = message.attachment
        await bot.send_document(
            chat_id,
            attachment.content,
            filename=attachment.filename,
            caption=caption,
            reply_markup=file_markup,
        )
    if caption is None:
        await send_parts(bot, chat_id, parts, markup)


async def edit_in_place(bot: Bot, pressed: TgMessage, message: Message) -> None:
    """Show `message` in the pressed message; a text too long for one goes on in new
    messages, with the buttons under the last."""
    message = well_formed_message(message)
    parts = split_text(message.text, TEXT_LIMIT) or [message.text]
    markup = inline(message)
    await pressed.edit_text(parts[0], reply_markup=markup if len(parts) == 1 else None)
    await send_parts(bot, pressed.chat_id, parts[1:], markup)


async def retire_buttons(pressed: TgMessage, data: str, status: str) -> None:
    """Take the buttons off a pressed message, noting the choice: no second press."""
    label = pressed_label(pressed, data) if status == "ok" else None
    noted = well_formed(f"{pressed.text}\n\n✓ {label}") if label and pressed.text else None
    if noted is not None and len(split_text(noted, TEXT_LIMIT)) == 1:
        await pressed.edit_text(noted, reply_markup=None)
    elif pressed.reply_markup is not None:
        # No room for the note: the reply that follows shows the choice.
        await pressed.edit_reply_markup(reply_markup=None)
