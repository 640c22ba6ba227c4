"""Each message LiftBot sends on its own says what kind it is (conversations.core.names), so
a chat app that needs a template outside its window (WhatsApp) can pick one; a message in
the outbox keeps its kind and the language it was written in."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.engine import Engine, Message
from bot.sqlite.store import SqliteStore
from conversations.core import names
from tests.helpers import (
    button,
    call_planned,
    coach_with_programme,
    joined,
    joined_buddy,
    outbox,
    pair_by_hand,
    plan,
    say_yes,
)


def kinds_of(messages: list[Message], words: str) -> list[str]:
    return [m.kind for m in messages if words in m.text]


async def test_invitation_reminder_evaluation_pair_follow_up_and_notice(
    engine: Engine, store: SqliteStore, clock: FakeClock
) -> None:
    coach = await coach_with_programme(engine)
    anna = await joined(engine, coach, 3001, "Anna")
    bert = await joined_buddy(engine, coach, 4001, "Bert", "Someone for the warehouse")
    told = await outbox(store, 2000)
    # The coach hears who joined: a notice.
    assert {m.kind for m in told} == {names.NOTICE} and told

    await plan(coach, "24-11 19:00")
    await say_yes(store, anna)
    invited = await outbox(store, 4001)
    assert kinds_of(invited, "You are invited") == [names.INVITATION]
    assert {m.language for m in invited} == {"en"}

    clock.set(datetime(2026, 11, 24, 16, 30, tzinfo=UTC))  # two hours before
    await engine.run_due()
    assert names.REMINDER in [m.kind for m in await outbox(store, 3001)]

    await coach.send("/events")
    await coach.press("Meet the employers")
    await coach.press("Mark present")
    await coach.press("Anna")
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    await engine.run_due()
    assert kinds_of(await outbox(store, 3001), "How was") == [names.EVALUATION]

    await pair_by_hand(coach, "Anna", "Bert")
    card = await outbox(store, 4001)
    assert kinds_of(card, "introduces you to Anna") == [names.PAIR]
    await bert.press_data(button(card, "Yes, gladly"))
    await outbox(store, 3001)
    await call_planned(store, bert, anna, "27-11 14:00", "Friday 27 November, 14:00")
    clock.set(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))
    await engine.run_due()
    assert kinds_of(await outbox(store, 3001), "Did you talk") == [names.FOLLOW_UP]


async def test_a_direct_reply_is_a_notice_in_the_persons_language(engine: Engine) -> None:
    coach = await coach_with_programme(engine)
    for message in await coach.send("/help"):
        assert message.kind == names.NOTICE and message.language == "en"
