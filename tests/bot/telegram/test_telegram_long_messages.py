"""Long texts over the real PTB stack, against a fake server that refuses what Telegram
refuses: a text over 4,096 UTF-16 units, a caption over 1,024."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.engine import Message
from conversations.core.types import Attachment
from tests.bot.telegram.helpers import Running, store_of
from tests.fakebotapi import CAPTION_LIMIT, TEXT_LIMIT, FakeBotApi, TgUser, utf16_units

ANNA = TgUser(8101, "Anna", "en")
BUTTONS = [[("✅ Done", "ng:1:done"), ("🆘 Help", "ng:1:help")]]


def overview_lines(count: int) -> list[str]:
    # Each line has emoji (two UTF-16 units each), so Python's length undercounts Telegram's.
    return [f"🤝 Pair {n:03}: Anna ↔ Bert 🎉, open 1, done 2, overdue 0 ⏰" for n in range(count)]


async def queue_for(liftbot: Running, clock: FakeClock, user: TgUser, message: Message) -> None:
    """A message for someone, written to the outbox as flows do; then delivered."""
    store = store_of(liftbot)
    data, content = message.to_row()
    async with store.unit_of_work():
        await store.enqueue(f"tg:{user.id}", data, content, clock.now())
    assert liftbot.bot is not None
    await liftbot.bot.outbox.pump()


async def test_a_long_text_with_emoji_goes_in_parts_cut_at_line_breaks(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    lines = overview_lines(100)
    text = "\n".join(lines)
    assert len(text) > 5000 and utf16_units(text) > len(text)
    await queue_for(liftbot, clock, ANNA, Message(text, buttons=BUTTONS))

    parts = api.chats[ANNA.id]
    assert len(parts) == 2
    assert all(utf16_units(m.text or "") <= TEXT_LIMIT for m in parts)
    # Whole lines only, none lost or doubled, in order.
    assert [line for m in parts for line in (m.text or "").split("\n")] == lines
    assert parts[0].buttons() == [] and parts[1].buttons() == [
        ("✅ Done", "ng:1:done"),
        ("🆘 Help", "ng:1:help"),
    ]


async def test_a_caption_that_does_not_fit_comes_as_text_after_the_file(
    api: FakeBotApi, liftbot: Running, clock: FakeClock
) -> None:
    text = "\n".join(overview_lines(30))  # about 1,500 units: too long for a caption
    assert utf16_units(text) > CAPTION_LIMIT
    sheet = Attachment("document", b"a;b\r\n", "pairs.csv")
    await queue_for(liftbot, clock, ANNA, Message(text, buttons=BUTTONS, attachment=sheet))

    file, words = api.chats[ANNA.id]
    assert file.document is not None and file.document.filename == "pairs.csv"
    assert file.caption is None and file.buttons() == []
    assert words.text == text and [d for _, d in words.buttons()] == ["ng:1:done", "ng:1:help"]

    # A text that fits stays the file's caption, with the buttons under it.
    await queue_for(liftbot, clock, ANNA, Message("Your list 🎉", BUTTONS, attachment=sheet))
    [captioned] = api.chats[ANNA.id][2:]
    assert captioned.caption == "Your list 🎉" and len(captioned.buttons()) == 2
