"""Updates from one chat are handled in order; different chats do not wait for each other."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.telegram.update_order import PerChatInOrder


def update(update_id: int, chat_id: int) -> Update:
    message = {
        "message_id": update_id,
        "date": 0,
        "text": "hi",
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
    }
    found = Update.de_json({"update_id": update_id, "message": message}, None)
    assert found is not None
    return found


async def test_one_chat_in_order_other_chats_alongside() -> None:
    processor = PerChatInOrder(8)
    done: list[str] = []

    async def handle(name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        done.append(name)

    await asyncio.gather(
        processor.process_update(update(1, 10), handle("a1-slow", 0.05)),
        processor.process_update(update(2, 10), handle("a2-fast", 0.0)),
        processor.process_update(update(3, 20), handle("b1", 0.0)),
    )
    assert done.index("a1-slow") < done.index("a2-fast")  # same chat: in order
    assert done[0] == "b1"  # another chat did not wait for the slow one
    assert processor._locks == {}  # nothing left behind
