"""The lists of more than ten choices LiftBot showed each person, so that a 'more' row opens
the next page, and a list shown again (a multi-select after a press) opens on the page
the person was on.

Kept in memory only: after a restart a 'more' row is an old button (the person gets the
open question again, on its first page), which costs one tap and keeps the database free
of what is only display state. Every option stays reachable: the pages go round."""

from __future__ import annotations

from collections import OrderedDict

from bot.whatsapp.render import MORE_PREFIX, Paged

# Paged lists remembered per chat, and chats remembered at all (the least recent go).
PER_CHAT = 4
CHATS = 10_000


class Pages:
    def __init__(self) -> None:
        self._chats: OrderedDict[str, OrderedDict[str, tuple[Paged, int]]] = OrderedDict()

    def shown(self, address: str, paged: Paged, page: int) -> None:
        chat = self._chats.setdefault(address, OrderedDict())
        self._chats.move_to_end(address)
        chat[paged.key] = (paged, page)
        chat.move_to_end(paged.key)
        while len(chat) > PER_CHAT:
            chat.popitem(last=False)
        while len(self._chats) > CHATS:
            self._chats.popitem(last=False)

    def page_of(self, address: str, key: str) -> int:
        """The page last shown of these choices (0 when never shown)."""
        found = self._chats[address].get(key) if address in self._chats else None
        return found[1] if found else 0

    def find(self, address: str, key: str) -> Paged | None:
        found = self._chats[address].get(key) if address in self._chats else None
        return found[0] if found else None


def more_press(data: str) -> tuple[int, str] | None:
    """(page, key) when `data` is a 'more' row's id, else None."""
    if not data.startswith(MORE_PREFIX):
        return None
    page, _, key = data.removeprefix(MORE_PREFIX).partition(":")
    return (int(page), key) if page.isdigit() and key else None
