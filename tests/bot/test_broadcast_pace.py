"""A broadcast makes way for a crowd of people chatting, but a steady crowd only slows it.

Real time, kept short: the bank is a few tenths of a second here; bounds are generous."""

from __future__ import annotations

import time

from bot.activity import Activity
from bot.broadcast_pace import Pace


async def sending_time(pace: Pace, messages: int) -> float:
    started = time.monotonic()
    for n in range(messages):
        async with pace.paced(f"tg:{n}"):
            pass
    return time.monotonic() - started


async def test_a_steady_crowd_slows_a_broadcast_but_never_stops_it() -> None:
    activity = Activity()
    alone = await sending_time(Pace(100, 100, activity, yield_bank=0.3), 20)
    with activity.answering(), activity.answering():
        crowded = await sending_time(Pace(100, 100, activity, yield_bank=0.3), 20)
    assert alone < 0.5
    # It waited the whole bank at first, then about as long as it sent.
    assert crowded >= 0.3 + alone
    assert crowded < 1.8

