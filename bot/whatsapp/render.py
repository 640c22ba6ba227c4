"""A rendered Message as the Cloud API requests that show it, in order; pure, so each rule
is tested without a server (bot/whatsapp/send.py sends them through pywa).

- Text: parts of at most 4,096 characters, cut at line breaks.
- Choices: 1-3 as reply buttons (titles 20), 4-10 as a list (rows 24, with the whole label
  as the description when the title had to be shortened), more as pages of a list whose
  last row opens the next page (bot/whatsapp/pages.py keeps them). An interactive body
  holds 1,024 characters: a longer text goes first as text, its last part as the body.
- Files: an image or a document (uploaded first), the text as caption when it fits and no
  choices need a body; a calendar file is handed to the calendar hook (bot/whatsapp/send.py).
- A map pin after the text. Telegram's edits (can_edit=False) arrive as new messages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from bot.messages import Message
from bot.well_formed import well_formed_message
from bot.whatsapp.info import (
    BODY_LIMIT,
    BUTTON_ID,
    BUTTON_TITLE,
    CAPTION_LIMIT,
    LIST_BUTTON,
    MAX_REPLY_BUTTONS,
    MAX_ROWS,
    ROW_DESCRIPTION,
    ROW_ID,
    ROW_TITLE,
    TEXT_LIMIT,
)
from bot.whatsapp.labels import shorten, titles
from conversations.core.message_parts import split_text, utf16_len
from conversations.core.types import Attachment, FileRef

# A row that opens a list's next page: its id names the page and the list (see pages.py).
MORE_PREFIX = "wa-more:"
VERSION = re.compile(r"^v\d+:")
# The body of an interactive message whose text went before it, or had none.
NO_BODY = "…"


@dataclass(frozen=True)
class Words:
    """The few words the channel adds itself, in the person's language."""

    choose: str  # the button that opens a list
    more: str  # the row that opens the next page
    page: str  # its description: "{page} / {pages}"


@dataclass(frozen=True)
class Text:
    body: str


@dataclass(frozen=True)
class Buttons:
    body: str
    buttons: list[tuple[str, str]]  # (id, title)


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Rows:
    body: str
    button: str
    rows: list[Row]


@dataclass(frozen=True)
class Media:
    """An image or document: bytes to upload, or a file someone sent (a media id)."""

    kind: str  # "image" or "document"
    caption: str | None
    attachment: Attachment | None = None
    file: FileRef | None = None


@dataclass(frozen=True)
class CalendarFile:
    attachment: Attachment
    # What it is the file of ("event:12", see bot/signed_links.py): a link can serve it.
    subject: str | None = None
    # The words that come with the file ("Add it to your calendar with this file"): a link
    # comes with words of its own instead.
    caption: str | None = None


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


Request = Text | Buttons | Rows | Media | CalendarFile | Location


@dataclass
class Paged:
    """A choice of more than ten, as pages; `key` names it for its 'more' rows."""

    key: str
    body: str
    options: list[tuple[str, str]]  # (id, label)
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = -(-len(self.options) // (MAX_ROWS - 1))


def options_of(message: Message) -> list[tuple[str, str]]:
    """The message's buttons as (id, label), in order, each id once (the same action twice
    is one option)."""
    seen: set[str] = set()
    found = []
    for row in message.buttons:
        for label, data in row:
            if data not in seen:
                seen.add(data)
                found.append((data, label))
    return found


def render(message: Message, words: Words, page: int = 0) -> tuple[list[Request], Paged | None]:
    """The requests for `message`, and its pages when it has more than ten choices (then
    `page` is the one shown)."""
    message = well_formed_message(message)
    options = options_of(message)
    for data, _ in options:
        if len(data) > min(BUTTON_ID, ROW_ID):
            raise ValueError(f"button data of {len(data)} characters does not fit WhatsApp")
    requests: list[Request] = []
    text = message.text
    media = _media(message)
    if media is not None:
        fits = bool(text.strip()) and utf16_len(text) <= CAPTION_LIMIT and not options
        if isinstance(media, Media):
            media = Media(media.kind, text if fits else None, media.attachment, media.file)
            requests.append(media)
            if fits:
                text = ""
        else:
            requests.append(CalendarFile(media.attachment, media.subject, text if fits else None))
            if fits:
                text = ""
    paged = None
    if options:
        before, body = _body(text)
        requests += [Text(part) for part in before]
        if len(options) > MAX_ROWS:
            paged = Paged(_key(options), body, options)
            requests.append(page_request(paged, page % paged.pages, words))
        else:
            requests.append(_choices(body, options, words))
    else:
        requests += [Text(part) for part in split_text(text, TEXT_LIMIT)]
    if message.location is not None:
        requests.append(Location(*message.location))
    return requests, paged


def page_request(paged: Paged, page: int, words: Words) -> Rows:
    """One page: nine options and a row that opens the next page (after the last: the first)."""
    size = MAX_ROWS - 1
    chunk = paged.options[page * size : (page + 1) * size]
    rows = _rows(chunk)
    following = (page + 1) % paged.pages
    description = words.page.format(page=following + 1, pages=paged.pages)
    rows.append(
        Row(
            f"{MORE_PREFIX}{following}:{paged.key}",
            shorten(words.more, ROW_TITLE),
            shorten(description, ROW_DESCRIPTION),
        )
    )
    # "More" is the channel's own word: an option may not take its title.
    unique = titles([row.title for row in rows[:-1]] + [rows[-1].title], ROW_TITLE)
    rows = [Row(row.id, title, row.description) for row, title in zip(rows, unique, strict=True)]
    return Rows(paged.body, shorten(words.choose, LIST_BUTTON), rows)


def _choices(body: str, options: list[tuple[str, str]], words: Words) -> Buttons | Rows:
    if len(options) <= MAX_REPLY_BUTTONS:
        shown = titles([label for _, label in options], BUTTON_TITLE)
        return Buttons(
            body, [(data, title) for (data, _), title in zip(options, shown, strict=True)]
        )
    return Rows(body, shorten(words.choose, LIST_BUTTON), _rows(options))


def _rows(options: list[tuple[str, str]]) -> list[Row]:
    shown = titles([label for _, label in options], ROW_TITLE)
    rows = []
    for (data, label), title in zip(options, shown, strict=True):
        # A title that had to be shortened: the whole label below it, as far as it fits.
        whole = " ".join(label.split())
        description = shorten(whole, ROW_DESCRIPTION) if title != whole else None
        rows.append(Row(data, title, description))
    return rows


def _body(text: str) -> tuple[list[str], str]:
    """Texts to send first, and the interactive body (at most 1,024 characters): a long
    text's last part, cut at a line break, goes in the body."""
    if not text.strip():
        return [], NO_BODY
    if utf16_len(text) <= BODY_LIMIT:
        return [], text
    parts = split_text(text, BODY_LIMIT)
    body = parts[-1]
    before = text[: text.rfind(body)].rstrip()
    return split_text(before, TEXT_LIMIT), body


def _media(message: Message) -> Media | CalendarFile | None:
    attachment, file = message.attachment, message.file
    if file is not None:
        return Media("image" if file.kind == "photo" else "document", None, file=file)
    if attachment is None:
        return None
    if attachment.filename.lower().endswith(".ics"):
        return CalendarFile(attachment, message.calendar)
    kind = "image" if attachment.kind == "photo" else "document"
    return Media(kind, None, attachment=attachment)


def _key(options: list[tuple[str, str]]) -> str:
    """Short and the same for the same choices (a multi-select shown again after a press:
    its buttons' data differ only in the conversation's version, "v5:" then "v6:")."""
    values = "\n".join(VERSION.sub("", data) for data, _ in options)
    return hashlib.sha256(values.encode()).hexdigest()[:10]
