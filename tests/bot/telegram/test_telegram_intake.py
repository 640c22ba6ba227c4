"""End to end over the real Telegram stack: updates come in through LiftBot's own polling
and the durable intake. A malformed update does not stop the others, a "retry after" holds
only its own chat, and what was kept before a restart is handled once, first."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from bot.intake import MAX_TRIES
from bot.telegram.info import CHANNEL
from tests.bot.telegram.helpers import Running, TgChat, store_of
from tests.fakebotapi import FakeBotApi, TgUser

STRANGER_HELP = "works with an invite"


async def intake_rows(liftbot: Running) -> list[tuple[str, str | None, int]]:
    """(update id, set aside reason, tries) of every row the intake still holds."""
    store = store_of(liftbot)
    async with store.unit_of_work():
        rows = await store._rows("SELECT update_id, set_aside, tries FROM intake ORDER BY id")
    return [(row["update_id"], row["set_aside"], row["tries"]) for row in rows]


async def test_a_malformed_update_is_set_aside_and_the_rest_go_on(
    api: FakeBotApi, liftbot: Running, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.cli import configure_logging

    configure_logging(verbose=True)
    caplog.set_level(logging.DEBUG)
    anna = TgChat(api, TgUser(3001, "Anna", "en"))
    bert = TgChat(api, TgUser(3002, "Bert", "en"))
    anna.mark = bert.mark = 0
    # One batch: Anna, then an update python-telegram-bot cannot read (from Anna, holding
    # words of hers), then Bert, then Anna again.
    api.send_text(anna.user, "/help")
    broken = api.push_update(
        {
            "message": {
                "message_id": 99,
                "date": "gisteren",
                "chat": {"id": anna.user.id, "type": "private"},
                "from": anna.user.to_dict(),
                "text": "Mijn adres is Dorpsstraat 7",
            }
        }
    )
    api.send_text(bert.user, "/help")
    # A kind of update LiftBot does not handle (a newer Bot API's, say): done, no reply.
    api.push_update({"future_kind": {"from": bert.user.to_dict(), "note": "Bert's words"}})
    api.send_text(anna.user, "/mydata")
    await bert.wait(STRANGER_HELP)
    await anna.wait(STRANGER_HELP)
    # Anna's next message waited for the broken one to be set aside (her order is kept).
    await anna.wait("not stored anything")
    # The offset that came after acknowledged the broken update with the others.
    assert any(broken in ids for _, ids in api.acks)
    assert await intake_rows(liftbot) == [
        (str(broken), "cannot be read (TypeError)", MAX_TRIES)
    ]
    # Polling goes on; the unknown kind was answered with nothing.
    await bert.send("/mydata", expect="not stored anything")
    assert len(bert.messages) == 2
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"tg update {broken} set aside after {MAX_TRIES} tries" in logged
    assert "Dorpsstraat" not in logged and "gisteren" not in logged and "Bert's" not in logged
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_retry_after_holds_only_its_own_chat(api: FakeBotApi, liftbot: Running) -> None:
    anna = TgChat(api, TgUser(3001, "Anna", "en"))
    bert = TgChat(api, TgUser(3002, "Bert", "en"))
    # Telegram asks LiftBot to wait two seconds before the next message to Anna.
    api.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 2",
        retry_after=2,
        unless_chat=bert.user.id,
    )
    api.send_text(anna.user, "/help")
    await api.wait_for(lambda: api.calls[-1].method == "sendMessage")
    sent = api.send_text(bert.user, "/help")
    [to_bert] = await bert.wait(STRANGER_HELP)
    assert to_bert.at - api.pushed_at[sent] < 0.5
    assert not anna.messages  # still waiting out its two seconds
    [to_anna] = await anna.wait(STRANGER_HELP)
    assert to_anna.at - to_bert.at > 1.0


async def test_updates_kept_before_a_restart_are_handled_once_first(
    api: FakeBotApi, liftbot: Running
) -> None:
    anna = TgChat(api, TgUser(3001, "Anna", "en"))
    await anna.send("/help", expect=STRANGER_HELP)
    await liftbot.stop()
    # Kept and acknowledged, then the process died before handling them: Telegram has
    # forgotten them, only the database has them.
    store = await liftbot.open_store()
    kept = [api.text_update(anna.user, text) for text in ("/mydata", "/help")]
    async with store.unit_of_work() as unit:
        cursor = await unit.intake_cursor(CHANNEL)
        for update in kept:
            await unit.keep_update(
                CHANNEL, str(update["update_id"]), "tg:3001", json.dumps(update), liftbot.now()
            )
        await unit.save_intake_cursor(CHANNEL, str(kept[-1]["update_id"] + 1))
    await store.close()
    assert cursor is not None and int(cursor) <= kept[0]["update_id"]
    await liftbot.start()
    anna.mark = len(anna.messages)
    api.send_text(anna.user, "/start")
    said = await anna.wait("I am LiftBot")
    assert [m.text and m.text[:20] for m in said] == [
        "I have not stored an",
        "LiftBot works with a",
        "Hi! I am LiftBot. 👋\n",
    ]
    await liftbot.stop()
    await liftbot.start()  # nothing is handled twice
    await anna.send("/mydata", expect="not stored anything")
    assert len(anna.messages) == 5
    assert await intake_rows(liftbot) == []
    # The first poll of each start went on from the kept cursor.
    offsets = [c.params.get("offset") for c in api.calls if c.method == "getUpdates"]
    assert kept[-1]["update_id"] + 1 in offsets


async def test_stop_lets_the_turn_at_hand_finish(api: FakeBotApi, liftbot: Running) -> None:
    anna = TgChat(api, TgUser(3001, "Anna", "en"))
    api.stall_next("sendMessage", 0.3)
    api.send_text(anna.user, "/help")
    await api.wait_for(lambda: any(c.method == "sendMessage" for c in api.calls))
    await liftbot.stop()
    await anna.wait(STRANGER_HELP)
    await liftbot.start()
    await asyncio.sleep(0.2)
    assert len(anna.messages) == 1


async def test_polling_goes_on_after_telegram_fails(api: FakeBotApi, liftbot: Running) -> None:
    anna = TgChat(api, TgUser(3001, "Anna", "en"))
    await anna.send("/help", expect=STRANGER_HELP)
    # The next poll gets a gateway error: LiftBot waits a moment and asks again.
    api.fail_next("getUpdates", error_code=502, description="Bad Gateway")
    await api.wait_for(lambda: not api._failures["getupdates"], timeout=5)
    await anna.send("/mydata", expect="not stored anything")
    assert await intake_rows(liftbot) == []
