"""`liftbot run` as its own process against the fake Bot API, killed with SIGKILL at chosen
moments and started again: no message is lost and none is handled twice.

The moments, each three times over:
- at the acknowledgement: the fake kills the bot as the getUpdates that confirms the
  message arrives (Telegram forgets it then), while the message's unit of work has not
  committed: the issue's crash, which lost the answer in two of three trials;
- in the middle of the unit of work: the unit is kept busy (a trigger the test puts in the
  database runs a long query where the unit deletes the kept update, after the unit's
  other writes) and the bot is killed 0.3 s into it;
- between the commit and the reply: the fake kills the bot as its reply arrives, and
  the reply is lost on the way; after the restart it is sent, the message not handled again;
- just after the reply: the fake kills the bot as soon as it recorded the reply, before
  the bot knew it was out: that one reply goes once more, the message is not handled again
  (a crash repeats at most the one message in flight).
Each message is an admin's first /start: the unit of work creates the admin (a row in
`people`), so a message handled twice shows as a second reply and a second row, and one
lost as neither. No test code runs in the bot: the fake server and the database decide.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.fakebotapi import ApiCall, FakeBotApi, TgUser
from tests.liftbot_process import LiftBotProcess

ROUNDS = 3
ADMINS = [1000 + n for n in range(ROUNDS)]


class Bot(LiftBotProcess):
    """LiftBot on Telegram, against the fake Bot API."""

    def __init__(self, api: FakeBotApi, folder: Path) -> None:
        super().__init__(folder)
        self.api = api

    async def start(self) -> None:
        polls = self._polls()
        await self.spawn(
            {
                "LIFTBOT_TELEGRAM_TOKEN": self.api.token,
                "LIFTBOT_TELEGRAM_BASE_URL": self.api.base_url,
                "LIFTBOT_ADMIN_IDS": ",".join(map(str, ADMINS)),
                "LIFTBOT_LOCALE": "en",
            }
        )
        await self.api.wait_for(lambda: self._polls() > polls, timeout=30)

    def _polls(self) -> int:
        return sum(call.method == "getUpdates" for call in self.api.calls)


def replies(api: FakeBotApi, user: TgUser) -> list[str]:
    return [m.text or "" for m in api.chats.get(user.id, [])]


@pytest.mark.parametrize("moment", ["acknowledgement", "unit_of_work", "reply", "after"])
async def test_killed_at_a_moment_loses_nothing_and_handles_nothing_twice(
    api: FakeBotApi, tmp_path: Path, moment: str
) -> None:
    bot = Bot(api, tmp_path)
    await bot.start()
    try:
        for admin in ADMINS:
            await one_round(api, bot, TgUser(admin, "Ada", "en"), moment)
        assert bot.rows("SELECT count(*) FROM intake") == [(0,)]
    finally:
        await bot.stop()
    assert api.token not in bot.log()


async def one_round(api: FakeBotApi, bot: Bot, admin: TgUser, moment: str) -> None:
    update = api.text_update(admin, "/start")
    update_id = update["update_id"]
    acknowledged = asyncio.Event()

    def on_ack(ids: list[int]) -> None:
        if update_id in ids:
            acknowledged.set()
            if moment == "acknowledgement":
                bot.kill()

    def on_sent(message: object) -> None:
        if moment == "after" and replies(api, admin):
            bot.kill()

    def on_call(call: ApiCall) -> bool:
        if moment != "reply" or call.method != "sendMessage":
            return False
        bot.kill()
        return True

    if moment in ("acknowledgement", "unit_of_work"):
        bot.keep_busy(update_id)
    api.on_ack, api.on_sent, api.on_call = on_ack, on_sent, on_call
    api.push_raw(update)
    if moment == "unit_of_work":
        await asyncio.wait_for(acknowledged.wait(), timeout=30)
        await asyncio.sleep(0.3)
        bot.kill()
    await bot.dead()
    api.on_ack = api.on_sent = api.on_call = None
    admins = f"SELECT count(*) FROM people WHERE chat_key = 'tg:{admin.id}'"
    kept = f"SELECT count(*) FROM intake WHERE update_id = '{update_id}' AND set_aside IS NULL"
    answered = f"SELECT payload, answer NOT NULL FROM intake WHERE update_id = '{update_id}'"
    if moment in ("reply", "after"):
        # Committed with its change: the update is handled, its words gone, its reply kept
        # until it is known to be out (lost on the way, or out just before the kill).
        assert (bot.rows(admins), bot.rows(answered)) == ([(1,)], [("", 1)])
        assert len(replies(api, admin)) == (1 if moment == "after" else 0)
    else:
        # Killed before the commit: Telegram has forgotten the message, the database has it.
        assert (bot.rows(admins), bot.rows(kept)) == ([(0,)], [(1,)])
        assert replies(api, admin) == []
        bot.calm()
    await bot.start()
    # The reply that was out just before the kill goes once more (the one message in
    # flight, which Telegram cannot tell apart); the message is not handled again.
    expected = 2 if moment == "after" else 1
    said = await api.wait_for(lambda: len(replies(api, admin)) >= expected, timeout=30)
    assert said and all("Admin menu" in text for text in replies(api, admin))
    # Nothing more comes: the message is not handled again after the restart.
    await asyncio.sleep(0.5)
    assert len(replies(api, admin)) == expected
    assert (bot.rows(admins), bot.rows(kept)) == ([(1,)], [(0,)])
