"""End to end over the real Telegram stack: one person floods LiftBot with 200 messages in
a second while 20 others each send one. The others are answered within 100 ms of their
message, as measured on the fake Bot API's own clock; the flooding chat gets a calm "one
moment" once, then every answer, in the order of its messages."""

from __future__ import annotations

import asyncio
import random

from tests.bot.telegram.helpers import Running
from tests.fakebotapi import FakeBotApi, TgUser

# What a stranger (a Dutch chat app) gets for each of these; one message each.
ANSWERS = {
    "/help": "werkt met een uitnodiging",
    "/start": "Ik ben LiftBot",
    "/mydata": "Ik heb niets over je bewaard",
}
ONE_MOMENT = "Ik beantwoord ze één voor één"
FLOOD, OTHERS = 200, 20


async def test_a_flooding_chat_holds_no_one_else_up(api: FakeBotApi, liftbot: Running) -> None:
    rng = random.Random(13)
    flooder = TgUser(5000, "Flo", "nl")
    others = [TgUser(6000 + n, f"P{n}", "nl") for n in range(OTHERS)]
    texts = [rng.choice(list(ANSWERS)) for _ in range(FLOOD)]
    sent: dict[int, int] = {}  # the others' update ids, per chat

    async def the_others() -> None:
        # One every 50 ms over the second the flood is worked through.
        for user in others:
            await asyncio.sleep(0.05)
            sent[user.id] = api.send_text(user, rng.choice(list(ANSWERS)))

    # The whole flood at once (its backlog is then at its largest), the others during it.
    for text in texts:
        api.send_text(flooder, text)
    await the_others()

    def answered() -> bool:
        return len(api.chats.get(flooder.id, [])) >= FLOOD + 1 and all(
            api.chats.get(user.id) for user in others
        )

    await api.wait_for(answered, timeout=60)
    late = {
        user.id: round(api.chats[user.id][0].at - api.pushed_at[sent[user.id]], 3)
        for user in others
        if api.chats[user.id][0].at - api.pushed_at[sent[user.id]] > 0.1
    }
    assert not late, f"answered later than 100 ms (seconds): {late}"
    assert all(len(api.chats[user.id]) == 1 for user in others)

    got = [message.text or "" for message in api.chats[flooder.id]]
    assert sum(ONE_MOMENT in text for text in got) == 1
    answers = [text for text in got if ONE_MOMENT not in text]
    assert len(answers) == FLOOD
    wrong = [
        (n, text, answer[:30])
        for n, (text, answer) in enumerate(zip(texts, answers, strict=True))
        if ANSWERS[text] not in answer
    ]
    assert not wrong, f"out of order (message, sent, answered): {wrong[:5]}"
    # The one-moment came early, before most of the answers.
    assert got.index(next(t for t in got if ONE_MOMENT in t)) < FLOOD // 2


async def test_a_stranger_hears_one_moment_in_the_language_of_their_app(
    api: FakeBotApi, liftbot: Running
) -> None:
    stranger = TgUser(5001, "Sam", "en")  # the installation speaks Dutch
    for _ in range(12):
        api.send_text(stranger, "/help")
    await api.wait_for(lambda: len(api.chats.get(stranger.id, [])) >= 13, timeout=30)
    got = [message.text or "" for message in api.chats[stranger.id]]
    assert sum("One moment, please" in text for text in got) == 1
    assert not any(ONE_MOMENT in text for text in got)
