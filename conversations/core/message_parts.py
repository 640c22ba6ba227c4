"""Long texts cut into messages that fit a chat app's limit.

Telegram counts a text's length in UTF-16 code units: an emoji outside the Basic
Multilingual Plane counts twice. Counting the same way everywhere is safe for any channel
(a UTF-16 count is never below the count of characters).
"""

from __future__ import annotations

import unicodedata

# Characters that belong to the one before them: a cut just before one would split what
# people see as one sign (an emoji with a skin tone or variation selector, an accent).
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}


def utf16_len(text: str) -> int:
    """The length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units (never half a pair)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def _joined_to_previous(char: str) -> bool:
    return (
        char in _JOINERS
        or unicodedata.combining(char) != 0
        or 0x1F3FB <= ord(char) <= 0x1F3FF  # skin tones
    )


def _cut(text: str, limit: int) -> int:
    """Where to end the first part: the last line break, else the last space, that leaves
    the part at least half full; else as much as fits, not inside a sign."""
    end = _fitting(text, limit)
    for separator in ("\n", " "):
        at = text.rfind(separator, 0, end + 1)
        if at > end // 2:
            return at
    cut = end
    while 0 < cut < len(text) and (_joined_to_previous(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    # A single sign wider than the limit still moves on (limits are far wider in practice).
    return max(cut if cut > end // 2 else end, 1)


def split_text(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` UTF-16 units, cut at line breaks, then spaces, then hard.

    The separator at a cut is dropped (and blank lines around it); a text that fits is
    returned whole; a text of only white space gives no parts."""
    parts: list[str] = []
    while utf16_len(text) > limit:
        cut = _cut(text, limit)
        head, text = text[:cut].rstrip(), text[cut:].lstrip("\n ")
        if head:
            parts.append(head)
    if text.strip():
        parts.append(text)
    return parts
