"""Storage of broadcasts as the coach's wizard makes and steers them; the sender reads its
recipients through bot.storage.BroadcastSending."""

from __future__ import annotations

from typing import Protocol

from conversations.core.records import Broadcast, Recipient


class BroadcastStore(Protocol):
    # The recipients are fixed at the moment the sender confirms.
    async def create_broadcast(
        self, broadcast: Broadcast, recipients: list[Recipient]
    ) -> Broadcast: ...
    async def broadcast(self, broadcast_id: int) -> Broadcast | None: ...
    async def save_broadcast(self, broadcast: Broadcast) -> None: ...
    # Recipients per delivery state ("pending", "sent", "unreachable", "failed").
    async def broadcast_counts(self, broadcast_id: int) -> dict[str, int]: ...
