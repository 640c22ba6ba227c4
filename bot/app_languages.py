"""The chat app's language of the chats LiftBot answered lately, for someone it does not
know yet: "one moment" and the words a channel adds itself come in the language of their
app, not the installation's."""

from __future__ import annotations

# Chats remembered (a few bytes each); the one heard from longest ago goes first.
REMEMBERED = 10_000


class AppLanguages:
    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._by_chat: dict[str, str] = {}

    def note(self, chat_key: str, language: str) -> None:
        self._by_chat.pop(chat_key, None)
        self._by_chat[chat_key] = language
        if len(self._by_chat) > self.size:
            del self._by_chat[next(iter(self._by_chat))]

    def get(self, chat_key: str) -> str | None:
        return self._by_chat.get(chat_key)
