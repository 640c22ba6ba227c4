"""Button and row titles that fit WhatsApp: shortened on grapheme boundaries (an emoji with
its skin tone, a letter with its combining marks, stay whole) and never the same twice in
one message (WhatsApp refuses a message with two equal titles).

Lengths are counted in UTF-16 units, the stricter of the ways the Cloud API might count."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from conversations.core.message_parts import utf16_len

GRAPHEME = regex.compile(r"\X")
ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` (blank runs and line breaks as one space) if it fits, else as many whole
    graphemes as fit with an ellipsis."""
    text = " ".join(text.split())
    if utf16_len(text) <= limit:
        return text
    kept, used = [], utf16_len(ELLIPSIS)
    for grapheme in GRAPHEME.findall(text):
        size = utf16_len(grapheme)
        if used + size > limit:
            break
        kept.append(grapheme)
        used += size
    return "".join(kept).rstrip() + ELLIPSIS


def titles(labels: Sequence[str], limit: int) -> list[str]:
    """Each label shortened to `limit`; a title already used gets " (2)", " (3)"..., so
    that all differ. An empty label becomes its number."""
    taken: set[str] = set()
    result = []
    for index, label in enumerate(labels, start=1):
        title = shorten(label, limit) or str(index)
        count = 1
        while title.casefold() in taken:
            count += 1
            suffix = f" ({count})"
            title = shorten(label, limit - len(suffix)) + suffix
        taken.add(title.casefold())
        result.append(title)
    return result
